package io.outdial.api.campaigns;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.outdial.api.codes.CodeTable;
import io.outdial.api.codes.Codes;
import io.outdial.api.errors.Violations;
import io.outdial.store.Json;
import io.outdial.workflows.window.Schedule;
import io.outdial.workflows.window.ScheduleException;
import io.outdial.workflows.window.ScheduleProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A campaign's {@code schedule} (PRODUCT.md 5), checked by the same {@link Schedule} the workflow
 * uses. Each field is any JSON value here so that a wrong one is a 422 naming {@code
 * schedule.<field>} and the rule {@link Schedule#fromMap} gives; an unknown field is a 400 like
 * anywhere else. {@code mode} takes 0/1 or ON/OFF, {@code dayList} weekday numbers 0-6 or names
 * (SUNDAY ... SATURDAY). The read-only names shown beside them are ignored.
 */
@JsonIgnoreProperties({"modeName", "dayListNames"})
public record ScheduleRequest(
    JsonNode mode,
    JsonNode timeStart,
    JsonNode timeEnd,
    JsonNode dateStart,
    JsonNode dateEnd,
    JsonNode dateList,
    JsonNode dateListExcept,
    JsonNode dayList,
    JsonNode timezone) {

  public static final Set<String> READ_ONLY = Set.of("modeName", "dayListNames");

  /**
   * The schedule in its canonical JSON (as {@link Schedule#toMap()}, without unset fields), or null
   * after recording every problem under {@code schedule.}.
   */
  public String canonicalJson(Violations v) {
    Map<String, Object> map = new LinkedHashMap<>();
    put(map, "mode", codeOrName(mode, Codes.SCHEDULE_MODE));
    put(map, "timeStart", plain(timeStart));
    put(map, "timeEnd", plain(timeEnd));
    put(map, "dateStart", plain(dateStart));
    put(map, "dateEnd", plain(dateEnd));
    put(map, "dateList", plain(dateList));
    put(map, "dateListExcept", plain(dateListExcept));
    put(map, "dayList", weekdays(dayList));
    put(map, "timezone", plain(timezone));
    try {
      return canonical(Schedule.fromMap(map));
    } catch (ScheduleException e) {
      for (ScheduleProblem p : e.problems()) {
        v.add("schedule." + p.field(), p.rule());
      }
      return null;
    }
  }

  /** The default schedule of a campaign: mode off. */
  public static String defaultJson() {
    return canonical(Schedule.off());
  }

  static String canonical(Schedule s) {
    Map<String, Object> out = new LinkedHashMap<>();
    s.toMap()
        .forEach(
            (k, val) -> {
              if (val != null && !(val instanceof List<?> l && l.isEmpty())) {
                out.put(k, val);
              }
            });
    return Json.write(out);
  }

  /** A stored schedule, parsed (null when the stored text is not a valid one). */
  public static Schedule parse(String json) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = Json.read(json, Map.class);
      return Schedule.fromMap(map);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The stored schedule as shown: its fields plus the names of its codes. */
  public static Map<String, Object> show(String json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = new LinkedHashMap<>(Json.read(json, Map.class));
    Schedule s = parse(json);
    if (s != null) {
      map.put("modeName", Codes.SCHEDULE_MODE.name(s.mode()));
      map.put("dayListNames", s.dayList().stream().map(Codes.WEEKDAY::name).toList());
    }
    return map;
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static Object plain(JsonNode node) {
    return node == null || node.isNull() ? null : Json.MAPPER.convertValue(node, Object.class);
  }

  /** A code given by name becomes its number; anything else goes to Schedule as given. */
  private static Object codeOrName(JsonNode node, CodeTable table) {
    if (node != null && node.isTextual()) {
      return table.code(node.textValue()).<Object>map(c -> c).orElse(node.textValue());
    }
    return plain(node);
  }

  /** Weekday names become their numbers, in an array or in one comma-separated string. */
  private static Object weekdays(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isArray()) {
      List<Object> days = new ArrayList<>();
      node.forEach(d -> days.add(codeOrName(d, Codes.WEEKDAY)));
      return days;
    }
    if (node.isTextual() && !node.textValue().isBlank()) {
      return Arrays.stream(node.textValue().split(","))
          .map(String::strip)
          .map(d -> Codes.WEEKDAY.code(d).map(String::valueOf).orElse(d))
          .collect(Collectors.joining(","));
    }
    return plain(node);
  }
}
