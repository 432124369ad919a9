package io.outdial.api.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What an operator may do. A viewer reads everything; a supervisor also creates, changes and
 * deletes, imports dial lists, starts, stops, pauses and force-stops campaigns and manages
 * operators. {@code @RolesAllowed} names them by {@link #SUPERVISOR_NAME} and {@link #VIEWER_NAME}.
 */
public enum Role {
  VIEWER,
  SUPERVISOR;

  public static final String VIEWER_NAME = "viewer";
  public static final String SUPERVISOR_NAME = "supervisor";

  /** The role's name, as the API and the operator table spell it. */
  public String wire() {
    return this == VIEWER ? VIEWER_NAME : SUPERVISOR_NAME;
  }

  /** Whether an operator of this role may do what {@code needed} may. */
  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The role named {@code name} (as {@link #wire()} spells it), if it is one. */
  public static Optional<Role> of(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case VIEWER_NAME -> Optional.of(VIEWER);
      case SUPERVISOR_NAME -> Optional.of(SUPERVISOR);
      default -> Optional.empty();
    };
  }
}
