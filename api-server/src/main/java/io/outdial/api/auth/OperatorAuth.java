package io.outdial.api.auth;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.CachingAuthenticator;
import io.outdial.store.OperatorStore;
import java.time.Duration;
import java.util.List;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The sign-in of the API: the bearer token filter over the operator table and the shared token,
 * {@code @RolesAllowed} checks, and {@code @Auth Operator} parameters. A token found is remembered
 * for {@link #REMEMBERED} so that a console polling the API costs no lookup per request; a token
 * not found is looked up again each time (an operator just created signs in at once), and deleting
 * an operator forgets every remembered sign-in, so a deleted operator's token stops working at
 * once.
 */
public final class OperatorAuth {
  static final Duration REMEMBERED = Duration.ofSeconds(10);

  private final CachingAuthenticator<String, Operator> authenticator;

  public OperatorAuth(BearerToken shared, OperatorStore operators, MetricRegistry metrics) {
    this.authenticator =
        new CachingAuthenticator<>(
            metrics,
            new OperatorAuthenticator(shared, operators),
            Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(10_000),
            false);
  }

  /** What to register with Jersey: the filter, the role checks, the {@code @Auth} binder. */
  public List<Object> providers() {
    return List.of(
        BearerTokenFilter.over(authenticator),
        new RolesAllowedDynamicFeature(),
        new AuthValueFactoryProvider.Binder<>(Operator.class));
  }

  /** Forgets every remembered sign-in (after an operator is deleted). */
  public void forgetSignIns() {
    authenticator.invalidateAll();
  }
}
