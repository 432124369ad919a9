package io.outdial.e2e.restart;

import static org.assertj.core.api.Assertions.fail;

import io.outdial.e2e.Stack;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Temporal dev server or a MariaDB of one test's own, on free ports with its data under {@code
 * e2e/target/restart-services/<name>}, started with the same scripts developers use ({@code
 * temporal-dev/temporal.sh start}, {@code temporal-dev/mariadb.sh start}, pointed elsewhere through
 * OUTDIAL_DATA, TEMPORAL_ADDRESS, TEMPORAL_UI_PORT and OUTDIAL_DB_PORT) and killed with SIGKILL
 * through the pid file the scripts keep in {@code $OUTDIAL_DATA/run}. The shared services on
 * 7233/8233/3306 are never touched.
 */
final class PrivateService implements AutoCloseable {
  private final String name;
  private final Path root;
  private final Path data;
  private final Path scriptLog;

  /** gRPC port (Temporal) or TCP port (MariaDB). */
  final int port;

  /** The Web UI's port (Temporal only). */
  final int uiPort;

  private PrivateService(String name, Path root, int port, int uiPort) throws IOException {
    this.name = name;
    this.root = root;
    this.port = port;
    this.uiPort = uiPort;
    this.data = root.resolve("e2e/target/restart-services/" + name);
    Path logs = root.resolve("e2e/target/e2e-logs");
    Files.createDirectories(logs);
    this.scriptLog = logs.resolve("restart-" + name + "-scripts.log");
  }

  /** A Temporal dev server of its own; its SQLite file starts empty. */
  static PrivateService temporal(Path root) throws Exception {
    PrivateService s = new PrivateService("temporal", root, freePort(), freePort());
    s.stopLeftover();
    Path dir = s.data.resolve("temporal");
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
    }
    return s;
  }

  /**
   * A MariaDB of its own. The datadir is kept between runs (initialising one takes a while); each
   * {@link Stack} creates and drops its own database in it.
   */
  static PrivateService mariadb(Path root) throws Exception {
    PrivateService s = new PrivateService("mariadb", root, freePort(), 0);
    s.stopLeftover();
    return s;
  }

  String temporalAddress() {
    return "127.0.0.1:" + port;
  }

  /** What temporal.sh/mariadb.sh read: this instance's data dir and ports. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OUTDIAL_DATA", data.toString());
    env.put("TEMPORAL_NAMESPACE", "default");
    if (name.equals("temporal")) {
      env.put("TEMPORAL_ADDRESS", temporalAddress());
      env.put("TEMPORAL_UI_PORT", String.valueOf(uiPort));
    } else {
      env.put("OUTDIAL_DB_HOST", "127.0.0.1");
      env.put("OUTDIAL_DB_PORT", String.valueOf(port));
      env.put("OUTDIAL_DB_NAME", "outdial");
      env.put("OUTDIAL_DB_USER", Stack.dbUser());
      env.put("OUTDIAL_DB_PASSWORD", Stack.dbPassword());
    }
    return env;
  }

  /**
   * Runs {@code temporal-dev/<name>.sh start}: returns once the service serves (Temporal: the
   * namespace answers and the search attributes exist; MariaDB: the user can log in).
   */
  void start() throws Exception {
    int rc = script("start", Duration.ofSeconds(180));
    if (rc != 0) {
      fail(
          "temporal-dev/"
              + name
              + ".sh start exited with "
              + rc
              + "; see "
              + scriptLog
              + " and "
              + data.resolve("logs/" + name + ".log")
              + ":\n"
              + tail(scriptLog));
    }
  }

  /** The pid the script recorded for the running service. */
  long pid() throws IOException {
    Path file = data.resolve("run/" + name + ".pid");
    if (!Files.exists(file)) {
      fail("no pid file " + file + ": is the private " + name + " running?");
    }
    return Long.parseLong(Files.readString(file).trim());
  }

  /**
   * SIGKILLs the service, as a crash would, and waits until it is gone and its port is closed.
   * Returns when that was.
   */
  Instant sigkill() throws Exception {
    long pid = pid();
    Process kill = new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      fail("kill -KILL " + pid + " (private " + name + ") failed");
    }
    Stack.waitUntil(
        "the private " + name + " (pid " + pid + ") to die",
        Duration.ofSeconds(30),
        () -> !alive(pid) && !portOpen(port));
    return Instant.now();
  }

  /** Whether the process runs (a zombie counts as dead, as in lib.sh's is_running). */
  static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return !state.equals("Z") && !state.equals("X");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void stopLeftover() throws Exception {
    if (Files.exists(data.resolve("run/" + name + ".pid"))) {
      script("stop", Duration.ofSeconds(90));
    }
  }

  private int script(String command, Duration timeout) throws Exception {
    Files.writeString(
        scriptLog,
        "\n===== " + Instant.now() + " " + name + ".sh " + command + " " + env() + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of("bash", root.resolve("temporal-dev/" + name + ".sh").toString(), command))
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(scriptLog.toFile()));
    pb.environment().putAll(env());
    Process p = pb.start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail(
          "temporal-dev/"
              + name
              + ".sh "
              + command
              + " took over "
              + timeout.toSeconds()
              + " s; see "
              + scriptLog
              + ":\n"
              + tail(scriptLog));
    }
    return p.exitValue();
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  static boolean portOpen(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the service the scripts' way (a clean shutdown, KILL after a timeout). */
  @Override
  public void close() throws Exception {
    script("stop", Duration.ofSeconds(90));
  }
}
