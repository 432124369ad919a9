package io.outdial.activities;

import java.util.concurrent.ThreadFactory;

/** Threads of the worker's own executors: named for thread dumps, and never holding up its exit. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads, each named {@code name}. */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
