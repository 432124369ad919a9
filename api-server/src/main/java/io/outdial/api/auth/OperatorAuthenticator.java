package io.outdial.api.auth;

import io.dropwizard.auth.Authenticator;
import io.outdial.store.OperatorStore;
import java.util.Optional;

/**
 * A bearer token to who holds it: the shared token is {@link Operator#SHARED}; any other is looked
 * up by its SHA-256 digest in the operator table (tokens themselves are never stored).
 */
public final class OperatorAuthenticator implements Authenticator<String, Operator> {
  private final BearerToken shared;
  private final OperatorStore operators;

  public OperatorAuthenticator(BearerToken shared, OperatorStore operators) {
    this.shared = shared;
    this.operators = operators;
  }

  @Override
  public Optional<Operator> authenticate(String token) {
    if (shared.matches(token)) {
      return Optional.of(Operator.SHARED);
    }
    return operators
        .byTokenDigest(BearerToken.sha256(token))
        .flatMap(o -> Role.of(o.role()).map(r -> new Operator(o.name(), r, false)));
  }
}
