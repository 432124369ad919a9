package io.outdial.e2e;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real stack for one test class: a fresh MariaDB database, its own Temporal task queue, and the
 * PBX simulator, worker and api-server each as its own process, started the way {@code
 * temporal-dev/stack.sh} starts them. MariaDB and the Temporal dev server must be running ({@code
 * temporal-dev/test.sh} starts them); a missing one is a failure that says so. By default they are
 * the shared ones (127.0.0.1:7233 and {@code OUTDIAL_DB_PORT}, default 3306); {@link #Stack(String,
 * int)} points the stack at others, e.g. private instances a test may kill.
 */
public final class Stack implements AutoCloseable {
  public static final String TOKEN = "it-token-" + UUID.randomUUID();
  public static final ObjectMapper JSON = new ObjectMapper();

  /** The shared Temporal dev server's frontend. */
  public static final String DEFAULT_TEMPORAL_ADDRESS = "127.0.0.1:7233";

  public final Path root = findRoot();
  public final Path logs = root.resolve("e2e/target/e2e-logs");
  public final String dbName =
      "outdial_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  public final String taskQueue = "it-" + UUID.randomUUID();
  public final int amiPort = freePort();
  public final int apiPort = freePort();
  public final int adminPort = freePort();

  /** The simulator's control port, opened only by {@link #startSimulatorWithControlPort}. */
  public final int controlPort = freePort();

  /** The health port of each worker process, by name (OUTDIAL_WORKER_ADMIN_PORT). */
  private final Map<String, Integer> workerAdminPorts =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The health port of the worker process {@code name}. */
  public int workerAdminPort(String name) {
    Integer port = workerAdminPorts.get(name);
    if (port == null) {
      throw new IllegalStateException("no worker " + name + " was started");
    }
    return port;
  }

  public final Path originateLog;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, Path> logFiles = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The Temporal frontend (host:port) the worker and the api-server use. */
  public final String temporalAddress;

  /** The MariaDB port on 127.0.0.1 holding this stack's database. */
  public final int databasePort;

  private int starts;

  /** On the shared Temporal dev server (127.0.0.1:7233) and MariaDB ({@code OUTDIAL_DB_PORT}). */
  public Stack() throws Exception {
    this(DEFAULT_TEMPORAL_ADDRESS, dbPort());
  }

  /**
   * On the Temporal dev server at {@code temporalAddress} (host:port, namespace default, with the
   * search attributes CampaignId and CampaignStatus) and the MariaDB on 127.0.0.1:{@code
   * databasePort} (user {@code OUTDIAL_DB_USER}, allowed to create databases outdial_it_*).
   */
  public Stack(String temporalAddress, int databasePort) throws Exception {
    this.temporalAddress = temporalAddress;
    this.databasePort = databasePort;
    Files.createDirectories(logs);
    originateLog = logs.resolve(dbName + "-originates.log");
    requirePort("MariaDB", "127.0.0.1", databasePort, "temporal-dev/mariadb.sh start");
    int colon = temporalAddress.lastIndexOf(':');
    requirePort(
        "the Temporal dev server",
        temporalAddress.substring(0, colon),
        Integer.parseInt(temporalAddress.substring(colon + 1)),
        "temporal-dev/temporal.sh start");
    try (Connection c = DriverManager.getConnection(jdbcUrl(""), dbUser(), dbPassword());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + dbName + " CHARACTER SET utf8mb4");
    }
  }

  /** The shared MariaDB's port: {@code OUTDIAL_DB_PORT}, default 3306. */
  public static int dbPort() {
    return Integer.parseInt(System.getenv().getOrDefault("OUTDIAL_DB_PORT", "3306"));
  }

  public static String dbUser() {
    return System.getenv().getOrDefault("OUTDIAL_DB_USER", "outdial");
  }

  public static String dbPassword() {
    return System.getenv().getOrDefault("OUTDIAL_DB_PASSWORD", "outdial");
  }

  String jdbcUrl(String db) {
    return "jdbc:mysql://127.0.0.1:"
        + databasePort
        + "/"
        + db
        + "?useSSL=false&allowPublicKeyRetrieval=true&connectionTimeZone=UTC";
  }

  public Connection db() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(dbName), dbUser(), dbPassword());
  }

  /** Rows of a query as maps of column label to value. */
  public List<Map<String, Object>> query(String sql, Object... args) throws SQLException {
    try (Connection c = db();
        var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= n; i++) {
            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  /** Runs one INSERT, UPDATE or DELETE on this stack's database; returns the rows changed. */
  public int update(String sql, Object... args) throws SQLException {
    try (Connection c = db();
        var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  private static Path findRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("temporal-dev"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the project root (a folder with temporal-dev/)");
    }
    return p;
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("OUTDIAL_DB_HOST", "127.0.0.1");
    env.put("OUTDIAL_DB_PORT", String.valueOf(databasePort));
    env.put("OUTDIAL_DB_NAME", dbName);
    env.put("OUTDIAL_DB_USER", dbUser());
    env.put("OUTDIAL_DB_PASSWORD", dbPassword());
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    env.put("TEMPORAL_NAMESPACE", "default");
    env.put("OUTDIAL_TASK_QUEUE", taskQueue);
    env.put("AMI_HOST", "127.0.0.1");
    env.put("AMI_PORT", String.valueOf(amiPort));
    env.put("AMI_USERNAME", "dialer");
    env.put("AMI_SECRET", "s3cret");
    env.put("OUTDIAL_API_PORT", String.valueOf(apiPort));
    env.put("OUTDIAL_ADMIN_PORT", String.valueOf(adminPort));
    env.put("OUTDIAL_API_TOKEN", TOKEN);
    return env;
  }

  private Process start(
      String name, String module, String mainClass, Map<String, String> extra, String... args)
      throws IOException {
    return startBuilt(root, name, module, mainClass, extra, args);
  }

  /** Starts a module of the build in {@code buildRoot} (this project's, or an older commit's). */
  private Process startBuilt(
      Path buildRoot,
      String name,
      String module,
      String mainClass,
      Map<String, String> extra,
      String... args)
      throws IOException {
    Path cpFile = buildRoot.resolve(module + "/target/classpath.txt");
    if (!Files.exists(cpFile)) {
      fail(cpFile + " is missing: build the project first (mvn verify builds it)");
    }
    String cp =
        Files.readString(cpFile).trim() + ":" + buildRoot.resolve(module + "/target/classes");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    // OUTDIAL_STACK_JAVA_OPTS_<NAME> (NAME: PBX_SIM, WORKER, API_SERVER) adds JVM options to one
    // process, e.g. a flight recording of the worker in a bench.
    String extraOpts =
        System.getenv(
            "OUTDIAL_STACK_JAVA_OPTS_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    if (extraOpts != null && !extraOpts.isBlank()) {
      cmd.addAll(List.of(extraOpts.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", cp, mainClass));
    cmd.addAll(List.of(args));
    Path logFile = logs.resolve(dbName + "-" + name + "-" + (++starts) + ".log");
    logFiles.put(name, logFile);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile());
    pb.environment().putAll(env());
    if (module.equals("worker")) {
      // Each worker its own health port, the same across its restarts.
      pb.environment()
          .put(
              "OUTDIAL_WORKER_ADMIN_PORT",
              String.valueOf(workerAdminPorts.computeIfAbsent(name, n -> freePort())));
    }
    pb.environment().putAll(extra);
    Process p = pb.start();
    processes.put(name, p);
    return p;
  }

  public void startSimulator(String rules) throws Exception {
    startSimulator(rules, Map.of());
  }

  /** {@link #startSimulator(String)} with more of the simulator's settings (PBXSIM_*). */
  public void startSimulator(String rules, Map<String, String> settings) throws Exception {
    Map<String, String> env = new HashMap<>(settings);
    env.put("PBXSIM_PORT", String.valueOf(amiPort));
    env.put("PBXSIM_RULES", rules);
    env.put("PBXSIM_ORIGINATE_LOG", originateLog.toString());
    start("pbx-sim", "pbx-sim", "io.outdial.pbxsim.PbxSimulatorMain", env);
    waitForPort("pbx-sim", amiPort, Duration.ofSeconds(30));
  }

  /**
   * Another simulator beside this stack's own, as the process {@code name} on {@code port}, logging
   * its originates to {@code originates}: a second PBX.
   */
  public void startSimulatorAs(String name, int port, Path originates, String rules)
      throws Exception {
    start(
        name,
        "pbx-sim",
        "io.outdial.pbxsim.PbxSimulatorMain",
        Map.of(
            "PBXSIM_PORT", String.valueOf(port),
            "PBXSIM_RULES", rules,
            "PBXSIM_ORIGINATE_LOG", originates.toString()));
    waitForPort(name, port, Duration.ofSeconds(30));
  }

  /** A free TCP port on this machine, e.g. for {@link #startSimulatorAs}. */
  public static int aFreePort() {
    return freePort();
  }

  /**
   * {@link #startSimulator} with the simulator's plain-text control port open on {@link
   * #controlPort} (for {@code drop <seconds>}, see {@link #simulatorControl}).
   */
  public void startSimulatorWithControlPort(String rules) throws Exception {
    start(
        "pbx-sim",
        "pbx-sim",
        "io.outdial.pbxsim.PbxSimulatorMain",
        Map.of(
            "PBXSIM_PORT", String.valueOf(amiPort),
            "PBXSIM_RULES", rules,
            "PBXSIM_ORIGINATE_LOG", originateLog.toString(),
            "PBXSIM_CONTROL_PORT", String.valueOf(controlPort)));
    waitForPort("pbx-sim", amiPort, Duration.ofSeconds(30));
    waitForPort("pbx-sim", controlPort, Duration.ofSeconds(30));
  }

  /** Sends one command to the simulator's control port and returns its answer. */
  public String simulatorControl(String command) throws IOException {
    try (Socket s = new Socket("127.0.0.1", controlPort)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write((command + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Whether the process of that name was started and is still running. */
  public boolean isRunning(String name) {
    Process p = processes.get(name);
    return p != null && p.isAlive();
  }

  /** The process id of the running process of that name (for its CPU time, heap and threads). */
  public long pid(String name) {
    Process p = processes.get(name);
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    return p.pid();
  }

  /** The log file of the latest start of the process of that name. */
  public Path logOf(String name) {
    return logFiles.get(name);
  }

  /** Lines of the originate log (one per Originate the simulator received). */
  public int originateCount() throws IOException {
    if (!Files.exists(originateLog)) {
      return 0;
    }
    try (var lines = Files.lines(originateLog)) {
      return (int) lines.filter(l -> !l.isBlank()).count();
    }
  }

  /** POSTs without judging the status: for tests that check it themselves. */
  public HttpResponse<String> postForResponse(String path, Object body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + TOKEN)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** DELETEs with the shared token; fails unless the answer is 2xx. */
  public void delete(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      fail("DELETE " + path + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  public Process startWorker() throws Exception {
    return start("worker", "worker", "io.outdial.worker.WorkerMain", Map.of());
  }

  /** Another worker, as the process {@code name}, with {@code extra} in its environment. */
  public Process startWorkerAs(String name, Map<String, String> extra) throws Exception {
    return start(name, "worker", "io.outdial.worker.WorkerMain", extra);
  }

  /**
   * Starts the worker of an older build (temporal-dev/old-worker.sh), as the process "worker": the
   * upgrade test's worker from before a change.
   */
  public Process startWorkerOf(Path buildRoot) throws Exception {
    return startBuilt(buildRoot, "worker", "worker", "io.outdial.worker.WorkerMain", Map.of());
  }

  public void startApi() throws Exception {
    start(
        "api-server",
        "api-server",
        "io.outdial.api.ApiServerApplication",
        Map.of(),
        "server",
        root.resolve("api-server/config.yml").toString());
    waitForPort("api-server", apiPort, Duration.ofSeconds(60));
  }

  /** Kills a process the hard way (SIGKILL), as a crash would. */
  public void kill(String name) throws InterruptedException {
    Process p = processes.remove(name);
    p.destroyForcibly();
    p.waitFor();
  }

  /** ChannelIds the simulator was asked to originate, with how often. */
  public Map<String, Integer> originatesByChannelId() throws IOException {
    return originatesByChannelId(originateLog);
  }

  /** ChannelIds in a simulator's originate log, with how often. */
  public static Map<String, Integer> originatesByChannelId(Path originateLog) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    if (!Files.exists(originateLog)) {
      return counts;
    }
    for (String line : Files.readAllLines(originateLog)) {
      String[] f = line.split("\t");
      if (f.length >= 2) {
        counts.merge(f[1], 1, Integer::sum);
      }
    }
    return counts;
  }

  public JsonNode post(String path, Object body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  /**
   * PUTs with the shared token; fails unless the answer is 2xx (an empty body reads as missing).
   */
  public JsonNode put(String path, Object body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  /** {@link #get} for use inside conditions. */
  public JsonNode get0(String path) {
    try {
      return get(path);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public JsonNode get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).GET());
  }

  private JsonNode send(HttpRequest.Builder b) throws Exception {
    HttpResponse<String> r =
        http.send(
            b.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      fail(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /**
   * Waits until {@code condition} holds, checking at once and then every 200 ms on the calling
   * thread (conditions call the stack's clients, which are not meant to be shared); fails naming
   * {@code what} after {@code timeout}. An exception thrown by the condition ends the wait.
   */
  public static void waitUntil(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    try {
      Awaitility.await(what)
          .atMost(timeout)
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      fail("timed out after " + timeout.toSeconds() + " s waiting for " + what, e);
    }
  }

  private void waitForPort(String name, int port, Duration timeout) throws InterruptedException {
    Process p = processes.get(name);
    waitUntil(
        name + " on port " + port + " (log in " + logs + ")",
        timeout,
        () -> {
          if (p != null && !p.isAlive()) {
            fail(name + " exited with " + p.exitValue() + "; see its log in " + logs);
          }
          return portOpen("127.0.0.1", port);
        });
  }

  private static void requirePort(String what, String host, int port, String howToStart) {
    if (!portOpen(host, port)) {
      fail(
          what
              + " is not reachable on "
              + host
              + ":"
              + port
              + ". Start it with `"
              + howToStart
              + "` (or run the tests with temporal-dev/test.sh, which starts everything).");
    }
  }

  static boolean portOpen(String host, int port) {
    try (Socket s = new Socket(host, port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    List<String> names = new ArrayList<>(processes.keySet());
    java.util.Collections.reverse(names);
    for (String name : names) {
      Process p = processes.get(name);
      p.destroy();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl(""), dbUser(), dbPassword());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + dbName);
    }
  }
}
