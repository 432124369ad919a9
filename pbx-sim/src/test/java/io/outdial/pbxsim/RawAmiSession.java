package io.outdial.pbxsim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A manager connection over a plain socket that keeps every message the server sent as its exact
 * text, for byte-for-byte comparisons with the recordings. A reader thread splits the stream at the
 * empty lines; the first line is the banner.
 */
final class RawAmiSession implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private final Socket socket;
  private final OutputStream out;
  private final List<String> messages = new ArrayList<>();
  private String banner;
  private boolean closed;

  private RawAmiSession(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    Thread reader = new Thread(this::read, "raw-ami-" + socket.getLocalPort());
    reader.setDaemon(true);
    reader.start();
  }

  static RawAmiSession connect(int port) throws IOException {
    return new RawAmiSession(new Socket("127.0.0.1", port));
  }

  /** Connects and logs in as the simulator's default user; returns once the login is answered. */
  static RawAmiSession login(int port, String actionId) throws Exception {
    RawAmiSession session = connect(port);
    session.send(
        AmiMessage.of(
            "Action", "Login", "Username", "dialer", "Secret", "s3cret", "ActionID", actionId));
    session.awaitMessage(
        message -> message.startsWith("Event: SuccessfulAuth\r\n"), Duration.ofSeconds(5));
    return session;
  }

  void send(AmiMessage action) throws IOException {
    out.write(action.toWire().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Sends an action and returns the first message that carries its ActionID. */
  String request(AmiMessage action) throws Exception {
    String actionId = action.actionId();
    int before = messages().size();
    send(action);
    return awaitMessage(
        before, message -> actionId.equals(AmiMessage.parse(message).actionId()), WAIT);
  }

  synchronized String banner() {
    return banner;
  }

  /** Every message so far, each with its closing empty line. */
  synchronized List<String> messages() {
    return List.copyOf(messages);
  }

  /** The parsed events so far. */
  List<AmiMessage> events() {
    return messages().stream().map(AmiMessage::parse).filter(m -> m.eventName() != null).toList();
  }

  String awaitMessage(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    return awaitMessage(0, wanted, timeout);
  }

  synchronized String awaitMessage(int from, Predicate<String> wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = from; i < messages.size(); i++) {
        if (wanted.test(messages.get(i))) {
          return messages.get(i);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || closed) {
        throw new AssertionError("no such message within " + timeout + "; got " + messages);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Waits until the server closes the connection (after a Logoff). */
  synchronized void awaitClosed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("the server did not close the connection within " + timeout);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void read() {
    StringBuilder pending = new StringBuilder();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = socket.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        pending.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
        synchronized (this) {
          if (banner == null) {
            int end = pending.indexOf("\r\n");
            if (end < 0) {
              continue;
            }
            banner = pending.substring(0, end);
            pending.delete(0, end + 2);
          }
          int end;
          while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
            messages.add(pending.substring(0, end + 4));
            pending.delete(0, end + 4);
          }
          notifyAll();
        }
      }
    } catch (IOException e) {
      // closed by either side: what was read is kept
    } finally {
      synchronized (this) {
        closed = true;
        notifyAll();
      }
    }
  }
}
