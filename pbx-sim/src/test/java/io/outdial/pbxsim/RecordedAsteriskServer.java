package io.outdial.pbxsim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A one-connection fake Asterisk that sends what a recording shows, byte for byte, to a real
 * client.
 *
 * <p>The recordings were made with a plain-secret Login, while asterisk-java logs in with an MD5
 * Challenge, a Login with the key and a CoreSettings. Those three are answered with the responses
 * of {@code asterisk-java-session.ami} (the recorded session of this very client) for Challenge and
 * CoreSettings, and with the scenario's own recorded Login reply (including its FullyBooted and
 * SuccessfulAuth events); in each only the ActionID line is changed to the one the client sent, as
 * Asterisk would. After the login every recorded server message is streamed unchanged, without
 * waiting for the recorded client's actions (asterisk-java ignores responses to actions it did not
 * send). The recorded Logoff reply is sent when the client logs off, then the connection closes.
 * Further connections (reconnect attempts) are closed at once.
 */
final class RecordedAsteriskServer implements AutoCloseable {

  private final AmiTranscript recording;
  private final AmiTranscript clientSession = AmiTranscript.load("asterisk-java-session");
  private final ServerSocket serverSocket;
  private final List<AmiMessage> actionsReceived = new CopyOnWriteArrayList<>();
  private final List<AmiMessage> sentEvents = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> streamed = new CompletableFuture<>();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();

  RecordedAsteriskServer(AmiTranscript recording) throws IOException {
    this.recording = recording;
    this.serverSocket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread thread = new Thread(this::run, "recorded-asterisk-" + recording.scenario());
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  /** The actions the client sent, in order. */
  List<AmiMessage> actionsReceived() {
    return actionsReceived;
  }

  /** Completes when the recording has been served (or exceptionally if serving it failed). */
  CompletableFuture<Void> finished() {
    return finished;
  }

  /** Completes when every recorded message before the Logoff has been sent. */
  CompletableFuture<Void> streamed() {
    return streamed;
  }

  /** The recorded events sent so far, in order. */
  List<AmiMessage> sentEvents() {
    return sentEvents;
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
  }

  private void run() {
    try (Socket client = serverSocket.accept()) {
      serve(client);
      streamed.complete(null);
      finished.complete(null);
    } catch (Throwable e) {
      streamed.completeExceptionally(e);
      finished.completeExceptionally(e);
    }
    while (!serverSocket.isClosed()) {
      try (Socket reconnect = serverSocket.accept()) {
        // A reconnect attempt after the recorded session: refuse it.
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) throws IOException {
    AmiMessageReader in = new AmiMessageReader(client.getInputStream());
    OutputStream out = client.getOutputStream();
    List<AmiTranscript.Entry> entries = recording.entries();
    out.write(recording.banner().raw());
    out.flush();

    AmiMessage challenge = expectAction(in, "Challenge");
    write(out, withActionId(firstReplyTo(clientSession, "Challenge"), challenge.actionId()));
    AmiMessage login = expectAction(in, "Login");

    int recordedLogin = recording.indexOfAction("Login", 0);
    int index = recordedLogin + 1;
    boolean first = true;
    boolean loginAccepted = false;
    for (;
        index < entries.size() && entries.get(index) instanceof AmiTranscript.ServerMessage reply;
        index++) {
      if (first) {
        loginAccepted = "Success".equals(reply.message().get("Response"));
        write(out, withActionId(reply, login.actionId()));
        first = false;
      } else {
        writeRecorded(out, reply);
      }
    }
    if (!loginAccepted) {
      return;
    }
    AmiMessage coreSettings = expectAction(in, "CoreSettings");
    write(out, withActionId(firstReplyTo(clientSession, "CoreSettings"), coreSettings.actionId()));

    String skipRepliesTo = null;
    for (; index < entries.size(); index++) {
      AmiTranscript.Entry entry = entries.get(index);
      if (entry instanceof AmiTranscript.ClientAction action) {
        String name = action.action().actionName();
        skipRepliesTo = null;
        if ("CoreSettings".equalsIgnoreCase(name)) {
          // asterisk-java-session.ami itself: its CoreSettings reply was served above.
          skipRepliesTo = action.action().actionId();
        } else if ("Logoff".equalsIgnoreCase(name)) {
          streamed.complete(null);
          AmiMessage logoff = expectAction(in, "Logoff");
          AmiTranscript.ServerMessage goodbye =
              (AmiTranscript.ServerMessage) entries.get(index + 1);
          write(out, withActionId(goodbye, logoff.actionId()));
          return;
        }
      } else if (entry instanceof AmiTranscript.ServerMessage message) {
        if (skipRepliesTo != null && skipRepliesTo.equals(message.message().actionId())) {
          continue;
        }
        writeRecorded(out, message);
      } else if (entry instanceof AmiTranscript.ConnectionClosed) {
        return;
      }
    }
  }

  private void writeRecorded(OutputStream out, AmiTranscript.ServerMessage message)
      throws IOException {
    write(out, message.raw());
    if (message.message().has("Event")) {
      sentEvents.add(message.message());
    }
  }

  private AmiMessage expectAction(AmiMessageReader in, String name) throws IOException {
    AmiMessage action = in.readMessage();
    if (action == null) {
      throw new IOException("client closed the connection while " + name + " was expected");
    }
    actionsReceived.add(action);
    if (!name.equalsIgnoreCase(action.actionName())) {
      throw new IOException("expected " + name + " from the client, got " + action);
    }
    return action;
  }

  private static AmiTranscript.ServerMessage firstReplyTo(
      AmiTranscript transcript, String actionName) {
    int index = transcript.indexOfAction(actionName, 0);
    return (AmiTranscript.ServerMessage) transcript.entries().get(index + 1);
  }

  /** The recorded bytes with only the ActionID line changed. */
  private static byte[] withActionId(AmiTranscript.ServerMessage recorded, String actionId) {
    String raw = recorded.rawText();
    String recordedId = recorded.message().actionId();
    String replaced =
        raw.replace("ActionID: " + recordedId + "\r\n", "ActionID: " + actionId + "\r\n");
    if (replaced.equals(raw)) {
      throw new IllegalStateException("no ActionID line in " + raw);
    }
    return replaced.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void write(OutputStream out, byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }
}
