package io.outdial.pbxsim;

/**
 * A queue as QueueSummary reports it. {@code available} is the number of idle members when no call
 * is with an agent; while a simulated call is connected to an agent of this queue it counts one
 * less, as the recording taken during a call shows ({@code Available: 0} with one member).
 */
public record QueueConfig(String name, int loggedIn, int available) {

  public QueueConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("queue name missing");
    }
    if (loggedIn < 0 || available < 0) {
      throw new IllegalArgumentException("queue " + name + ": negative member count");
    }
  }

  /** The recorded PBX's queue: {@code sales} with one member, logged in and available. */
  public static QueueConfig defaultSales() {
    return new QueueConfig("sales", 1, 1);
  }
}
