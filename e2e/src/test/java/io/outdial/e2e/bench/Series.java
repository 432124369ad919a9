package io.outdial.e2e.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A run over time, second by second from its first originate: originates in each second and calls
 * in flight at its end (originated, not yet hung up).
 */
record Series(long originMs, List<Integer> originatesPerSecond, List<Integer> callsInFlight) {
  static Series of(List<Long> originates, List<Long> ends) {
    List<Long> sent = sorted(originates);
    List<Long> ended = sorted(ends);
    long origin = sent.isEmpty() ? 0 : sent.get(0);
    long last =
        Math.max(
            sent.isEmpty() ? origin : sent.get(sent.size() - 1),
            ended.isEmpty() ? origin : ended.get(ended.size() - 1));
    int seconds = (int) ((last - origin) / 1000) + 1;
    List<Integer> perSecond = new ArrayList<>();
    List<Integer> inFlight = new ArrayList<>();
    int s = 0;
    int e = 0;
    for (int i = 0; i < seconds; i++) {
      long end = origin + (i + 1) * 1000L;
      int before = s;
      while (s < sent.size() && sent.get(s) < end) {
        s++;
      }
      while (e < ended.size() && ended.get(e) < end) {
        e++;
      }
      perSecond.add(s - before);
      inFlight.add(s - e);
    }
    return new Series(origin, perSecond, inFlight);
  }

  /** Samples {@code (epoch ms, value)} as a series of one value per second from {@code origin}. */
  static Series sampled(List<long[]> samples, long originMs) {
    List<Integer> values = new ArrayList<>();
    for (long[] sample : samples) {
      int second = (int) ((sample[0] - originMs) / 1000);
      if (second < 0) {
        continue;
      }
      while (values.size() <= second) {
        values.add(values.isEmpty() ? 0 : values.get(values.size() - 1));
      }
      values.set(second, (int) sample[1]);
    }
    return new Series(originMs, List.of(), values);
  }

  int peakAlive() {
    return callsInFlight.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static List<Long> sorted(List<Long> times) {
    List<Long> out = new ArrayList<>(times);
    out.removeIf(t -> t == null || t < 0);
    out.sort(null);
    return out;
  }
}
