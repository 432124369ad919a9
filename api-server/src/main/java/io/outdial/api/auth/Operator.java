package io.outdial.api.auth;

import java.security.Principal;

/**
 * Who sent a request: an operator signed in with their own token, or {@link #SHARED}, the one who
 * holds the deployment's shared token ({@value BearerTokenFilter#TOKEN_VARIABLE}): scripts and
 * integrations, a supervisor named {@value #SHARED_NAME}, who may name who asks with {@code
 * X-Operator}.
 */
public record Operator(String name, Role role, boolean sharedToken) implements Principal {
  public static final String SHARED_NAME = "api";

  public static final Operator SHARED = new Operator(SHARED_NAME, Role.SUPERVISOR, true);

  @Override
  public String getName() {
    return name;
  }
}
