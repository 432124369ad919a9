package io.outdial.e2e.restart;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outdial.e2e.Stack;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Headless Chromium driven over the DevTools protocol: open a page, read what it renders, take a
 * screenshot. {@code --dump-dom} is not enough for the Temporal UI's history page: the page keeps
 * long-polling a running workflow's history, so a virtual-time budget never runs out; here the test
 * reads the live page until what it looks for is there.
 *
 * <p>The browser is {@code $CHROMIUM} or {@code chromium} on the PATH, as for
 * temporal-dev/ui-check.sh; temporal-dev/install.sh installs it.
 */
final class HeadlessChromium implements AutoCloseable {
  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** The browser executable, or a failure that says how to install it. */
  static String browser() {
    String name = System.getenv().getOrDefault("CHROMIUM", "chromium");
    if (name.contains("/")) {
      if (Files.isExecutable(Path.of(name))) {
        return name;
      }
    } else {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    fail(
        name
            + " (headless Chromium) was not found; run temporal-dev/install.sh, which installs "
            + "Debian's chromium package (or set CHROMIUM to a Chromium or Chrome binary)");
    return null;
  }

  static HeadlessChromium launch(Path logFile) throws Exception {
    String browser = browser();
    Path profile = Files.createTempDirectory("outdial-chromium-");
    Files.createDirectories(logFile.getParent());
    Process p =
        new ProcessBuilder(
                List.of(
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--hide-scrollbars",
                    "--window-size=1400,1000",
                    "--remote-debugging-address=127.0.0.1",
                    "--remote-debugging-port=0",
                    "--remote-allow-origins=*",
                    "--user-data-dir=" + profile,
                    "about:blank"))
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    // Chromium writes the port it chose to <profile>/DevToolsActivePort.
    Path portFile = profile.resolve("DevToolsActivePort");
    try {
      Stack.waitUntil(
          "Chromium's DevTools port (log " + logFile + ")",
          Duration.ofSeconds(60),
          () -> {
            if (!p.isAlive()) {
              fail("Chromium exited with " + p.exitValue() + "; see " + logFile);
            }
            try {
              return Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2;
            } catch (IOException e) {
              return false;
            }
          });
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      JsonNode targets =
          Stack.JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      String ws = null;
      for (JsonNode t : targets) {
        if ("page".equals(t.path("type").asText())) {
          ws = t.get("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (ws == null) {
        fail("Chromium lists no page target: " + targets);
      }
      HeadlessChromium[] self = new HeadlessChromium[1];
      WebSocket socket =
          http.newWebSocketBuilder()
              .buildAsync(
                  URI.create(ws),
                  new WebSocket.Listener() {
                    private final StringBuilder buffer = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                      buffer.append(data);
                      if (last) {
                        String message = buffer.toString();
                        buffer.setLength(0);
                        self[0].received(message);
                      }
                      w.request(1);
                      return null;
                    }
                  })
              .get(30, TimeUnit.SECONDS);
      self[0] = new HeadlessChromium(p, profile, socket);
      self[0].call("Page.enable", Map.of());
      return self[0];
    } catch (Exception | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private void received(String message) {
    try {
      JsonNode m = Stack.JSON.readTree(message);
      if (m.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
        if (f != null) {
          f.complete(m);
        }
      }
    } catch (IOException e) {
      // Not JSON: nothing waits for it.
    }
  }

  /** One DevTools command; returns its {@code result}, fails on an error answer. */
  JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode msg = Stack.JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", Stack.JSON.valueToTree(params));
    socket.sendText(Stack.JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
    JsonNode m = answer.get(60, TimeUnit.SECONDS);
    if (m.has("error")) {
      fail("DevTools " + method + " failed: " + m.get("error"));
    }
    return m.get("result");
  }

  void navigate(String url) throws Exception {
    call("Page.navigate", Map.of("url", url));
  }

  /** Evaluates a JavaScript expression in the page; its value as text ("" for none). */
  String eval(String expression) throws Exception {
    JsonNode r =
        call(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    JsonNode v = r.path("result").path("value");
    return v.isMissingNode() || v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
  }

  /** The page's rendered text. */
  String text() throws Exception {
    return eval("document.body ? document.body.innerText : ''");
  }

  /** The page's DOM as HTML. */
  String html() throws Exception {
    return eval("document.documentElement ? document.documentElement.outerHTML : ''");
  }

  /**
   * Polls {@code read} (e.g. {@link #text}) until {@code done} holds; returns what it read last.
   * Fails after the timeout with the last read saved next to {@code evidence}.
   */
  String waitFor(String what, Duration timeout, Reader read, Predicate<String> done, Path evidence)
      throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < until) {
      last = read.read();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(500);
    }
    Files.writeString(evidence, last);
    screenshot(Path.of(evidence + ".png"));
    fail(
        "the Temporal Web UI did not show "
            + what
            + " within "
            + timeout.toSeconds()
            + " s; what the page showed last is in "
            + evidence
            + " (and "
            + evidence
            + ".png)");
    return last;
  }

  /** What {@link #waitFor} reads. */
  interface Reader {
    String read() throws Exception;
  }

  /** Saves a PNG of the whole page. */
  void screenshot(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    JsonNode r =
        call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
  }

  @Override
  public void close() throws Exception {
    socket.abort();
    // Chromium's renderer and GPU processes outlive it for a moment and still write its profile.
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    for (ProcessHandle child : children) {
      child.destroyForcibly();
      try {
        child.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // deleted below as far as it can be
      }
    }
    for (int tries = 1; ; tries++) {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        return;
      } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
        // A file went away while the profile was walked: walk what is left again.
        if (tries >= 5) {
          return;
        }
        Thread.sleep(200);
      }
    }
  }
}
