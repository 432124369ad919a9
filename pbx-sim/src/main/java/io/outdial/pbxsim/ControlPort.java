package io.outdial.pbxsim;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain-text port on 127.0.0.1 for scripts: one command per connection, answered, then the
 * connection is closed (so {@code echo 'drop 5' | nc 127.0.0.1 PORT} returns by itself).
 *
 * <ul>
 *   <li>{@code drop <seconds>}: {@link PbxSimulator#dropConnections} for that long (decimals
 *       allowed);
 *   <li>{@code originates}: one {@code <ChannelId>\t<count>} line per ChannelId, then {@code
 *       total\t<n>};
 *   <li>{@code calls}: {@code up\t<n>} and {@code peak\t<n>}, the calls with channels now and the
 *       most there ever were at once;
 *   <li>{@code help}: the commands.
 * </ul>
 */
public final class ControlPort implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(ControlPort.class);

  private static final String COMMANDS = "drop <seconds> | originates | calls | help";

  private final PbxSimulator simulator;
  private final ServerSocket serverSocket;
  private volatile boolean closed;

  private ControlPort(PbxSimulator simulator, ServerSocket serverSocket) {
    this.simulator = simulator;
    this.serverSocket = serverSocket;
  }

  /** Listens on 127.0.0.1 at that port (0 = any free port). */
  public static ControlPort start(PbxSimulator simulator, int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    ControlPort control = new ControlPort(simulator, socket);
    Thread acceptor = new Thread(control::acceptLoop, "pbxsim-control-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    log.info(
        "control port listening on 127.0.0.1:{} (commands: {})", socket.getLocalPort(), COMMANDS);
    return control;
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    serverSocket.close();
  }

  private void acceptLoop() {
    while (!closed) {
      try (Socket client = serverSocket.accept()) {
        client.setSoTimeout(10_000);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8);
        String line = in.readLine();
        if (line != null) {
          out.print(answer(line.trim()));
          out.flush();
        }
      } catch (SocketException e) {
        if (!closed) {
          log.debug("control connection failed: {}", e.toString());
        }
      } catch (IOException | RuntimeException e) {
        log.warn("control connection failed", e);
      }
    }
  }

  /** The reply to one command, every line ended by a newline. */
  String answer(String command) {
    String[] words = command.split("\\s+");
    switch (words[0].toLowerCase(Locale.ROOT)) {
      case "drop" -> {
        if (words.length != 2) {
          return "error: usage: drop <seconds>\n";
        }
        double seconds;
        try {
          seconds = Double.parseDouble(words[1]);
        } catch (NumberFormatException e) {
          return "error: not a number of seconds: " + words[1] + "\n";
        }
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
          return "error: seconds must be zero or more\n";
        }
        int dropped = simulator.dropConnections(Duration.ofMillis(Math.round(seconds * 1000)));
        return "ok dropped "
            + dropped
            + " connection(s), refusing new ones for "
            + words[1]
            + " s\n";
      }
      case "originates" -> {
        StringBuilder reply = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> count : simulator.originateCountsByChannelId().entrySet()) {
          reply.append(count.getKey()).append('\t').append(count.getValue()).append('\n');
          total += count.getValue();
        }
        return reply.append("total\t").append(total).append('\n').toString();
      }
      case "calls" -> {
        return "up\t"
            + simulator.callsWithChannels()
            + "\npeak\t"
            + simulator.peakCallsWithChannels()
            + "\n";
      }
      case "help", "" -> {
        return "commands: " + COMMANDS + "\n";
      }
      default -> {
        return "error: unknown command '" + words[0] + "' (" + COMMANDS + ")\n";
      }
    }
  }
}
