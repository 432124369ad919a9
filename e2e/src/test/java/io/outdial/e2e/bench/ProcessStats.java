package io.outdial.e2e.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** What the kernel and the JVM say about a process: CPU time, threads, heap. Linux only. */
final class ProcessStats {
  private static final double CLOCK_TICKS_PER_SECOND = 100.0;

  private ProcessStats() {}

  /** User plus system CPU seconds the process has used so far (its threads included). */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name, in parentheses, may hold spaces: fields count from after it.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
    }
  }

  static int threads(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.substring(8).trim());
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The heap a JVM uses (survivors, eden and old generation, garbage included), from one {@code
   * jstat -gc <pid> 1000} that runs beside it: one attach, not one JVM per sample.
   */
  static final class Heap implements AutoCloseable {
    private final Process jstat;
    private final AtomicLong usedKb = new AtomicLong(-1);
    private final AtomicLong peakKb = new AtomicLong(-1);
    private final AtomicLong oldPeakKb = new AtomicLong(-1);

    Heap(long pid) throws IOException {
      Path jstatBin = Path.of(System.getProperty("java.home"), "bin", "jstat");
      jstat =
          new ProcessBuilder(jstatBin.toString(), "-gc", String.valueOf(pid), "1000")
              .redirectErrorStream(true)
              .start();
      Thread reader = new Thread(this::read, "jstat-" + pid);
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
        String[] header = null;
        String line;
        while ((line = r.readLine()) != null) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 0 && f[0].equals("S0C")) {
            header = f;
            continue;
          }
          if (header == null || f.length != header.length) {
            continue;
          }
          double used = 0;
          double old = 0;
          for (int i = 0; i < header.length; i++) {
            switch (header[i]) {
              case "S0U", "S1U", "EU" -> used += Double.parseDouble(f[i]);
              case "OU" -> {
                old = Double.parseDouble(f[i]);
                used += old;
              }
              default -> {}
            }
          }
          usedKb.set((long) used);
          peakKb.accumulateAndGet((long) used, Math::max);
          oldPeakKb.accumulateAndGet((long) old, Math::max);
        }
      } catch (IOException | NumberFormatException e) {
        // jstat ended with the JVM it watched.
      }
    }

    double usedMb() {
      return usedKb.get() / 1024.0;
    }

    double peakMb() {
      return peakKb.get() / 1024.0;
    }

    double oldPeakMb() {
      return oldPeakKb.get() / 1024.0;
    }

    @Override
    public void close() {
      jstat.destroy();
    }
  }
}
