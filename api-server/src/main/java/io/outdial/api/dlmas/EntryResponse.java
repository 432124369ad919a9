package io.outdial.api.dlmas;

import io.outdial.api.codes.Codes;
import io.outdial.store.Rows.EntryRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One dial list entry with its server-kept fields. {@code numbers} and {@code tryCounts} keep the
 * slot positions (slot n is number n, as results' numberIndex counts from 1) up to the last number
 * given.
 */
public record EntryResponse(
    String id,
    String dlma,
    String name,
    String detail,
    List<String> numbers,
    String email,
    String ukey,
    Map<String, String> variables,
    String timezone,
    int status,
    String statusName,
    List<Integer> tryCounts,
    Integer resDial,
    String resDialName,
    Integer resHangup,
    String resHangupName,
    Instant lastDialAt,
    Instant lastHangupAt) {

  public static EntryResponse of(EntryRow e) {
    int used = 0;
    for (int i = 0; i < e.numbers().size(); i++) {
      if (!e.numbers().get(i).isEmpty()) {
        used = i + 1;
      }
    }
    return new EntryResponse(
        e.id(),
        e.dlmaId(),
        e.name(),
        e.detail(),
        e.numbers().subList(0, used),
        e.email(),
        e.ukey(),
        e.variables(),
        e.timezone(),
        e.status(),
        Codes.ENTRY_STATUS.name(e.status()),
        e.tryCounts().subList(0, used),
        e.resDial(),
        Codes.DIAL_RESULT.nameOrNull(e.resDial()),
        e.resHangup(),
        Codes.HANGUP_CAUSE.nameOrNull(e.resHangup()),
        e.lastDialAt(),
        e.lastHangupAt());
  }
}
