package io.outdial.pbxsim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A recording of a real Asterisk 22.10.1 manager session, loaded from the classpath at {@code
 * /ami-transcripts/<scenario>.ami} (with its {@code .timeline} when there is one).
 *
 * <p>The {@code .ami} file holds the exact bytes Asterisk sent, with the client's actions inserted
 * between {@code ;;;;;;;; >>> SENT BY CLIENT (t=...) >>> ;;;;;;;;} and {@code ;;;;;;;; <<< END SENT
 * <<< ;;;;;;;;} marker lines, and a marker where the server closed the connection. This class
 * separates the two sides again and keeps the server's bytes unchanged, so that tests can replay
 * them byte for byte and the simulator can use them as templates. Each server message gets the time
 * it arrived from the {@code .timeline} file (one RECV line per message, same order); client
 * actions get theirs from the marker.
 */
public final class AmiTranscript {

  /** Where the recordings live on the classpath. */
  public static final String RESOURCE_DIRECTORY = "/ami-transcripts/";

  static final String CLIENT_BLOCK_START = ";;;;;;;; >>> SENT BY CLIENT";
  static final String CLIENT_BLOCK_END = ";;;;;;;; <<< END SENT <<< ;;;;;;;;";
  static final String CONNECTION_CLOSED_MARKER = ";;;;;;;; <connection closed by server> ;;;;;;;;";

  private static final Pattern CLIENT_TIME = Pattern.compile("\\(t=([0-9.]+)s\\)");
  private static final Pattern TIMELINE_LINE =
      Pattern.compile("^\\s*([0-9]+\\.[0-9]+) (BANNER|SENT|RECV|<connection closed by server>)");

  /**
   * One part of a recording, in the order it happened. Offsets are milliseconds from the connect.
   */
  public sealed interface Entry permits Banner, ClientAction, ServerMessage, ConnectionClosed {
    /** Milliseconds since the connection was opened; -1 when the recording has no timeline. */
    long offsetMs();
  }

  /**
   * The greeting line, e.g. {@code Asterisk Call Manager/11.0.0}; {@code raw} includes its CRLF.
   */
  public record Banner(String text, byte[] raw, long offsetMs) implements Entry {}

  /** An action the recorded client sent. */
  public record ClientAction(AmiMessage action, long offsetMs) implements Entry {}

  /** One message Asterisk sent; {@code raw} is its exact bytes including the closing empty line. */
  public record ServerMessage(AmiMessage message, byte[] raw, long offsetMs) implements Entry {
    public String rawText() {
      return new String(raw, StandardCharsets.ISO_8859_1);
    }
  }

  /** Asterisk closed the connection here. */
  public record ConnectionClosed(long offsetMs) implements Entry {}

  private final String scenario;
  private final List<Entry> entries;

  private AmiTranscript(String scenario, List<Entry> entries) {
    this.scenario = scenario;
    this.entries = List.copyOf(entries);
  }

  /** Loads {@code /ami-transcripts/<scenario>.ami} and, if present, its timeline. */
  public static AmiTranscript load(String scenario) {
    byte[] ami = readResource(scenario + ".ami");
    if (ami == null) {
      throw new IllegalArgumentException(
          "no recording " + RESOURCE_DIRECTORY + scenario + ".ami on the classpath");
    }
    byte[] timeline = readResource(scenario + ".timeline");
    return parse(
        scenario, ami, timeline == null ? null : new String(timeline, StandardCharsets.UTF_8));
  }

  /**
   * Parses a recording. The file is read as ISO-8859-1 so that every byte maps to one char and
   * back, which keeps the server's bytes exact whatever they contain.
   */
  public static AmiTranscript parse(String scenario, byte[] amiBytes, String timeline) {
    String text = new String(amiBytes, StandardCharsets.ISO_8859_1);
    List<Long> recvTimes = new ArrayList<>();
    long bannerTime = -1;
    long closedTime = -1;
    if (timeline != null) {
      for (String line : timeline.split("\r?\n")) {
        Matcher matcher = TIMELINE_LINE.matcher(line);
        if (!matcher.find()) {
          continue;
        }
        long millis = Math.round(Double.parseDouble(matcher.group(1)) * 1000);
        switch (matcher.group(2)) {
          case "BANNER" -> bannerTime = millis;
          case "RECV" -> recvTimes.add(millis);
          case "<connection closed by server>" -> closedTime = millis;
          default -> {
            // SENT lines: the marker in the .ami file carries the same time.
          }
        }
      }
    }

    List<Entry> entries = new ArrayList<>();
    List<String> lines = splitKeepingLineEnds(text);
    int index = 0;
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(scenario + ": empty recording");
    }
    String bannerLine = lines.get(index++);
    entries.add(
        new Banner(
            stripLineEnd(bannerLine),
            bannerLine.getBytes(StandardCharsets.ISO_8859_1),
            bannerTime));

    StringBuilder serverMessage = new StringBuilder();
    int recvIndex = 0;
    while (index < lines.size()) {
      String line = lines.get(index++);
      String bare = stripLineEnd(line);
      if (bare.startsWith(CLIENT_BLOCK_START)) {
        requireNoPartialMessage(scenario, serverMessage);
        Matcher time = CLIENT_TIME.matcher(bare);
        long sentAt = time.find() ? Math.round(Double.parseDouble(time.group(1)) * 1000) : -1;
        List<String> actionLines = new ArrayList<>();
        while (index < lines.size() && !stripLineEnd(lines.get(index)).equals(CLIENT_BLOCK_END)) {
          String actionLine = stripLineEnd(lines.get(index++));
          if (!actionLine.isEmpty()) {
            actionLines.add(actionLine);
          }
        }
        if (index >= lines.size()) {
          throw new IllegalArgumentException(scenario + ": client block without end marker");
        }
        index++;
        entries.add(new ClientAction(AmiMessage.parseLines(actionLines), sentAt));
      } else if (bare.equals(CONNECTION_CLOSED_MARKER)) {
        requireNoPartialMessage(scenario, serverMessage);
        entries.add(new ConnectionClosed(closedTime));
      } else {
        serverMessage.append(line);
        if (bare.isEmpty()) {
          String raw = serverMessage.toString();
          serverMessage.setLength(0);
          long arrivedAt = recvIndex < recvTimes.size() ? recvTimes.get(recvIndex) : -1;
          recvIndex++;
          entries.add(
              new ServerMessage(
                  AmiMessage.parse(raw), raw.getBytes(StandardCharsets.ISO_8859_1), arrivedAt));
        }
      }
    }
    requireNoPartialMessage(scenario, serverMessage);
    if (timeline != null && recvIndex != recvTimes.size()) {
      throw new IllegalArgumentException(
          scenario
              + ": "
              + recvIndex
              + " server messages but "
              + recvTimes.size()
              + " RECV lines in the timeline");
    }
    return new AmiTranscript(scenario, entries);
  }

  private static void requireNoPartialMessage(String scenario, StringBuilder serverMessage) {
    if (serverMessage.length() > 0) {
      throw new IllegalArgumentException(
          scenario + ": a marker interrupts a server message: " + serverMessage);
    }
  }

  public String scenario() {
    return scenario;
  }

  public List<Entry> entries() {
    return entries;
  }

  public Banner banner() {
    return (Banner) entries.get(0);
  }

  public List<ServerMessage> serverMessages() {
    List<ServerMessage> messages = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry instanceof ServerMessage message) {
        messages.add(message);
      }
    }
    return messages;
  }

  public List<ClientAction> clientActions() {
    List<ClientAction> actions = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry instanceof ClientAction action) {
        actions.add(action);
      }
    }
    return actions;
  }

  /**
   * Index in {@link #entries()} of the first client action with that name at or after {@code from};
   * -1 if none.
   */
  public int indexOfAction(String actionName, int from) {
    for (int i = Math.max(0, from); i < entries.size(); i++) {
      if (entries.get(i) instanceof ClientAction action
          && actionName.equalsIgnoreCase(action.action().actionName())) {
        return i;
      }
    }
    return -1;
  }

  /** Every byte the server sent: the banner and all messages, without the inserted markers. */
  public byte[] serverBytes() {
    int size = 0;
    for (Entry entry : entries) {
      if (entry instanceof Banner banner) {
        size += banner.raw().length;
      } else if (entry instanceof ServerMessage message) {
        size += message.raw().length;
      }
    }
    byte[] bytes = new byte[size];
    int at = 0;
    for (Entry entry : entries) {
      byte[] raw =
          entry instanceof Banner banner
              ? banner.raw()
              : entry instanceof ServerMessage message ? message.raw() : null;
      if (raw != null) {
        System.arraycopy(raw, 0, bytes, at, raw.length);
        at += raw.length;
      }
    }
    return bytes;
  }

  /**
   * The names of all recordings on the classpath (without {@code .ami}), sorted. Works whether the
   * resources are a directory (this module's tests) or inside the pbx-sim jar (other modules).
   */
  public static List<String> scenarioNames() {
    URL directory = AmiTranscript.class.getResource(RESOURCE_DIRECTORY);
    if (directory == null) {
      throw new IllegalStateException("no " + RESOURCE_DIRECTORY + " on the classpath");
    }
    try {
      URI uri = directory.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem jar;
        boolean opened = false;
        try {
          jar = FileSystems.newFileSystem(uri, Map.of());
          opened = true;
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
          jar = FileSystems.getFileSystem(uri);
        }
        try {
          return listAmiFiles(jar.getPath(RESOURCE_DIRECTORY));
        } finally {
          if (opened) {
            jar.close();
          }
        }
      }
      return listAmiFiles(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> listAmiFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<String> names = new ArrayList<>();
      files
          .map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".ami"))
          .forEach(name -> names.add(name.substring(0, name.length() - ".ami".length())));
      Collections.sort(names);
      return names;
    }
  }

  private static byte[] readResource(String fileName) {
    try (InputStream in = AmiTranscript.class.getResourceAsStream(RESOURCE_DIRECTORY + fileName)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE_DIRECTORY + fileName, e);
    }
  }

  private static List<String> splitKeepingLineEnds(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? text.length() : newline + 1;
      lines.add(text.substring(start, end));
      start = end;
    }
    return lines;
  }

  private static String stripLineEnd(String line) {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\n') {
      end--;
    }
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    return line.substring(0, end);
  }
}
