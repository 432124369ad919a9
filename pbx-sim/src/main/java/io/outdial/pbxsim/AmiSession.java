package io.outdial.pbxsim;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One manager connection. A reader thread parses actions and hands them to {@link AmiActions}; a
 * writer thread drains a queue of outgoing messages, so that broadcasting an event never blocks on
 * a slow client. A client that lets its queue fill up is disconnected, as Asterisk disconnects a
 * session that stops reading (its {@code writetimeout}).
 */
final class AmiSession {

  private static final Logger log = LoggerFactory.getLogger(AmiSession.class);
  private static final int MAX_QUEUED_MESSAGES = 100_000;
  private static final byte[] CLOSE_AFTER_WRITES = new byte[0];

  private final int id;
  private final Socket socket;
  private final AmiActions actions;
  private final Consumer<AmiSession> onClosed;
  private final Instant connectedAt = Instant.now();
  private final BlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>(MAX_QUEUED_MESSAGES);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean authenticated;
  private volatile boolean eventsOn = true;
  private volatile String challenge;
  private volatile EventFilters filters = EventFilters.NONE;
  private Thread writerThread;

  AmiSession(int id, Socket socket, AmiActions actions, Consumer<AmiSession> onClosed) {
    this.id = id;
    this.socket = socket;
    this.actions = actions;
    this.onClosed = onClosed;
  }

  int id() {
    return id;
  }

  /** Asterisk-style session id, as SuccessfulAuth shows it ({@code 0x7f472c002650}). */
  String sessionIdText() {
    return "0x" + Long.toHexString(0x7f4700000000L + id);
  }

  Instant connectedAt() {
    return connectedAt;
  }

  /** {@code IPV4/TCP/<ip>/<port>} of the client, as security events show it. */
  String remoteAddressText() {
    return addressText(socket.getRemoteSocketAddress());
  }

  /** {@code IPV4/TCP/<ip>/<port>} of the server side. */
  String localAddressText() {
    return addressText(socket.getLocalSocketAddress());
  }

  private static String addressText(java.net.SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      String family = inet.getAddress() instanceof java.net.Inet6Address ? "IPV6" : "IPV4";
      return family + "/TCP/" + inet.getAddress().getHostAddress() + "/" + inet.getPort();
    }
    return String.valueOf(address);
  }

  boolean authenticated() {
    return authenticated;
  }

  void authenticated(boolean authenticated) {
    this.authenticated = authenticated;
  }

  boolean eventsOn() {
    return eventsOn;
  }

  void eventsOn(boolean eventsOn) {
    this.eventsOn = eventsOn;
  }

  String challenge() {
    return challenge;
  }

  void challenge(String challenge) {
    this.challenge = challenge;
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Sends the banner and starts reading actions. */
  void start(String banner) {
    writerThread = new Thread(this::writeLoop, "pbxsim-session-" + id + "-writer");
    writerThread.setDaemon(true);
    enqueue((banner + "\r\n").getBytes(StandardCharsets.UTF_8));
    writerThread.start();
    Thread reader = new Thread(this::readLoop, "pbxsim-session-" + id + "-reader");
    reader.setDaemon(true);
    reader.start();
  }

  void send(AmiMessage message) {
    enqueue(message.toWire().getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a filter for the events broadcast from now on (the Filter action). */
  void addFilter(EventFilter filter) {
    // Only this session's reader thread adds filters, so a read-modify-write is safe here.
    filters = filters.with(filter);
  }

  /**
   * Sends a broadcast event if this session receives events and its filters let it through. The
   * answers to its own actions (CoreShowChannel, QueueSummary ...) go through {@link #send} and are
   * never filtered, as in Asterisk.
   */
  void sendEvent(BroadcastEvent event) {
    if (!authenticated || !eventsOn) {
      return;
    }
    EventFilters current = filters;
    if (current.isEmpty() || current.accepts(event)) {
      enqueue(event.wire());
    }
  }

  /**
   * Closes the connection once everything queued before has been written (Logoff, failed login).
   */
  void closeAfterPendingOutput() {
    if (!closed.get() && !outbound.offer(CLOSE_AFTER_WRITES)) {
      close();
    }
  }

  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("session {}: closing the socket failed", id, e);
    }
    if (writerThread != null) {
      writerThread.interrupt();
    }
    onClosed.accept(this);
  }

  private void enqueue(byte[] wire) {
    if (closed.get()) {
      return;
    }
    if (!outbound.offer(wire)) {
      log.warn(
          "session {} ({}) does not read its events; disconnecting it", id, remoteAddressText());
      close();
    }
  }

  private void readLoop() {
    try {
      AmiMessageReader reader = new AmiMessageReader(socket.getInputStream());
      AmiMessage message;
      while (!closed.get() && (message = reader.readMessage()) != null) {
        actions.handle(this, message);
      }
    } catch (AmiMessageReader.MalformedAmiInputException e) {
      log.warn(
          "session {} ({}) sent unusable input ({}); closing that connection",
          id,
          remoteAddressText(),
          e.getMessage());
    } catch (IOException e) {
      if (!closed.get()) {
        log.debug("session {}: read failed: {}", id, e.toString());
      }
    } catch (RuntimeException e) {
      log.error("session {}: unexpected failure; closing that connection", id, e);
    } finally {
      close();
    }
  }

  private void writeLoop() {
    try (OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024)) {
      while (!closed.get()) {
        byte[] next = outbound.take();
        if (next == CLOSE_AFTER_WRITES) {
          out.flush();
          close();
          return;
        }
        out.write(next);
        if (outbound.isEmpty()) {
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      if (!closed.get()) {
        log.debug("session {}: write failed: {}", id, e.toString());
      }
    } finally {
      close();
    }
  }
}
