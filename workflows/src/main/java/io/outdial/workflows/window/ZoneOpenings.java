package io.outdial.workflows.window;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which of a dial list's time zones may be dialed at an instant, and when the next closed one opens
 * (PRODUCT.md 5): the campaign's window read in each recipient's zone.
 *
 * @param open the zones open now, in the order given; null when scheduling is off (no zone counts)
 * @param nextOpening the earliest opening of a zone closed now, or null
 */
public record ZoneOpenings(List<String> open, Instant nextOpening) {
  public static ZoneOpenings at(Schedule schedule, List<String> zones, Instant now) {
    if (!schedule.modeOn()) {
      return new ZoneOpenings(null, null);
    }
    List<String> open = new ArrayList<>();
    Instant next = null;
    for (String zone : zones) {
      ZoneId z = ZoneId.of(zone);
      if (CallingWindow.isOpenForRecipient(schedule, z, now)) {
        open.add(zone);
      } else {
        Optional<Instant> o = CallingWindow.nextOpeningForRecipient(schedule, z, now);
        if (o.isPresent() && (next == null || o.get().isBefore(next))) {
          next = o.get();
        }
      }
    }
    return new ZoneOpenings(open, next);
  }
}
