package io.outdial.pbxsim;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Originate received, in memory and, when a path is configured, appended to a file one line
 * each ({@link OriginateRecord#toLogLine()}) and flushed at once, so a benchmark or an end-to-end
 * script can count originates per ChannelId even if the simulator is killed.
 */
final class OriginateLog implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(OriginateLog.class);

  private final List<OriginateRecord> records = new ArrayList<>();
  private final Path path;
  private BufferedWriter writer;
  private boolean writeFailureLogged;

  OriginateLog(Path path) throws IOException {
    this.path = path;
    if (path != null) {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      writer =
          Files.newBufferedWriter(
              path,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE);
    }
  }

  synchronized void append(OriginateRecord record) {
    records.add(record);
    if (writer == null) {
      return;
    }
    try {
      writer.write(record.toLogLine());
      writer.newLine();
      writer.flush();
    } catch (IOException e) {
      // Keep serving calls: the in-memory list still has the record. Say it once, not per call.
      if (!writeFailureLogged) {
        writeFailureLogged = true;
        log.error(
            "cannot append to originate log {}; originates are kept in memory only from now on",
            path,
            e);
      }
    }
  }

  synchronized List<OriginateRecord> records() {
    return List.copyOf(records);
  }

  /** Originates per ChannelId, in the order each ChannelId was first seen. */
  synchronized Map<String, Long> countsByChannelId() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (OriginateRecord record : records) {
      counts.merge(record.channelId(), 1L, Long::sum);
    }
    return counts;
  }

  @Override
  public synchronized void close() throws IOException {
    if (writer != null) {
      writer.close();
      writer = null;
    }
  }
}
