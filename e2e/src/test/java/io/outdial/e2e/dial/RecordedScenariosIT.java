package io.outdial.e2e.dial;

import static io.outdial.e2e.dial.DialHarness.intOf;
import static io.outdial.e2e.dial.DialHarness.trailStatuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outdial.e2e.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every recorded Asterisk scenario (shared/reference/ami-transcripts) end to end: REST → Temporal →
 * worker → AMI → PBX simulator replaying the recording → one result row. Each test checks the
 * dialing status trail, resDial and resHangup that its recording implies. All campaigns share one
 * stack and run at the same time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordedScenariosIT {
  /** PRODUCT.md 3.2. */
  static final int SENT = 1,
      DIAL_BEGIN = 2,
      CREATE = 3,
      DIAL_END = 4,
      RESPONSE = 5,
      HANGUP = 6,
      ERROR = 10;

  private Stack stack;
  private DialHarness h;

  /** Campaign id by scenario group. */
  private final Map<String, String> campaigns = new LinkedHashMap<>();

  /** The one result row per scenario. */
  private final Map<String, Map<String, Object>> results = new HashMap<>();

  private final List<String> problems = new ArrayList<>();

  @BeforeAll
  void runEveryScenario() throws Exception {
    long t0 = System.nanoTime();
    stack = new Stack();
    h = new DialHarness(stack);
    stack.startSimulator("", simulatorSettings());
    stack.startWorker();
    stack.startApi();

    // Local/<number>@targets; noanswer ends at the plan's dial timeout (3 s).
    String plan = h.plan("local targets", Map.of("dialTimeout", 3000));
    // Local/answer@nosuchcontext: the Local channel's context does not exist.
    String planBadContext =
        h.plan("local nosuchcontext", Map.of("dialTimeout", 3000, "trunkName", "nosuchcontext"));
    // Foo/123: an unknown channel technology.
    Map<String, Object> badTech = new HashMap<>();
    badTech.put("techName", "Foo/");
    badTech.put("dialTimeout", 3000);
    badTech.put("trunkName", null);
    String planBadTech = h.plan("bad tech", badTech);
    String queue = h.extensionDestination("sales queue", "agents", "sales", "1");
    String app = h.applicationDestination("wait app", "Wait", "1");
    String refused = h.extensionDestination("no such context", "nosuchcontext", "s", "1");

    campaigns.put(
        "outcomes",
        h.campaign(
            "outcomes",
            plan,
            queue,
            h.dlma(
                "outcomes",
                List.of("answer", "busy", "congestion", "noanswer", "unallocated", "reject"))));
    campaigns.put(
        "app", h.campaign("answer to application", plan, app, h.dlma("app", List.of("answer"))));
    campaigns.put(
        "baddialcontext",
        h.campaign(
            "bad dial context",
            planBadContext,
            queue,
            h.dlma("bad dial context", List.of("answer"))));
    campaigns.put(
        "badtech", h.campaign("bad tech", planBadTech, queue, h.dlma("bad tech", List.of("123"))));
    campaigns.put(
        "refused",
        h.campaign("refused context", plan, refused, h.dlma("refused", List.of("answer"))));
    campaigns.put(
        "midcall",
        h.campaign("hangup mid-call", plan, queue, h.dlma("midcall", List.of("answer-long"))));

    for (String id : campaigns.values()) {
      h.start(id);
    }
    // Hangup mid-call: once the long call is answered, force stop hangs it up by ChannelId.
    String midcall = campaigns.get("midcall");
    Stack.waitUntil(
        "the answer-long call to be answered",
        Duration.ofSeconds(60),
        () ->
            h.countNow(
                    "SELECT COUNT(*) FROM attempt WHERE campaign_id = ?"
                        + " AND state = 'ORIGINATE_SENT' AND progress LIKE '%\"response\":\"Success\"%'",
                    midcall)
                == 1);
    h.forceStop(midcall);
    for (String id : campaigns.values()) {
      h.awaitStop(id, Duration.ofSeconds(90));
    }

    // Every campaign: one attempt per entry, each SETTLED with exactly one result row.
    for (Map.Entry<String, String> c : campaigns.entrySet()) {
      List<Map<String, Object>> attempts = h.attempts(c.getValue());
      List<Map<String, Object>> rows = h.results(c.getValue());
      int entries =
          h.count(
              "SELECT COUNT(*) FROM dl_entry e JOIN campaign c ON c.dlma_id ="
                  + " e.dlma_id WHERE c.id = ?",
              c.getValue());
      if (attempts.size() != entries) {
        problems.add(c.getKey() + ": " + attempts.size() + " attempts for " + entries + " entries");
      }
      for (Map<String, Object> a : attempts) {
        if (!"SETTLED".equals(a.get("state"))) {
          problems.add(c.getKey() + ": attempt " + a.get("id") + " is " + a.get("state"));
        }
        long n = rows.stream().filter(r -> a.get("id").equals(r.get("attempt_id"))).count();
        if (n != 1) {
          problems.add(c.getKey() + ": attempt " + a.get("id") + " has " + n + " result rows");
        }
      }
      for (Map<String, Object> r : rows) {
        String key = c.getKey().equals("outcomes") ? (String) r.get("number") : c.getKey();
        results.put(key, r);
        System.out.printf(
            "scenario %-15s resDial %s resHangup %s (%s) status %s trail %s"
                + " channel %s detail %s%n",
            key,
            r.get("res_dial"),
            r.get("res_hangup"),
            r.get("res_hangup_text"),
            r.get("dialing_status"),
            trailStatuses(r),
            r.get("channel"),
            r.get("detail"));
      }
    }
    System.out.printf(
        "recorded scenarios: all campaigns done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  /** The simulator's settings beyond its rules: none, the events come as recorded. */
  Map<String, String> simulatorSettings() {
    return Map.of();
  }

  @AfterAll
  void close() throws Exception {
    if (h != null) {
      h.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  /** What one recording implies for the result row. */
  private record Expect(
      int finalStatus,
      int resDial,
      int resHangup,
      String hangupText,
      List<Integer> trailHas,
      List<Integer> trailHasNot,
      String dialEnd) {}

  private Map<String, Object> check(String scenario, Expect e) throws Exception {
    Map<String, Object> r = results.get(scenario);
    assertThat(r).as("result row of scenario " + scenario).isNotNull();
    String what = scenario + " " + r;
    assertThat(intOf(r, "res_dial")).as("resDial of " + what).isEqualTo(e.resDial());
    assertThat(intOf(r, "res_hangup")).as("resHangup of " + what).isEqualTo(e.resHangup());
    if (e.hangupText() != null) {
      assertThat(r.get("res_hangup_text")).as("hangup text of " + what).isEqualTo(e.hangupText());
    }
    assertThat(intOf(r, "dialing_status"))
        .as("final dialing status of " + what)
        .isEqualTo(e.finalStatus());
    List<Integer> trail = trailStatuses(r);
    assertThat(trail)
        .as("trail of " + what)
        .containsAll(e.trailHas())
        .doesNotContainAnyElementsOf(e.trailHasNot());
    assertThat(trail.get(0)).as("trail of " + what + " starts with originate sent").isEqualTo(SENT);
    // Each change keeps its time; the trail is in the order the events arrived.
    long last = 0;
    for (JsonNode step : Stack.JSON.readTree((String) r.get("status_trail"))) {
      long at = step.get("atMs").asLong();
      assertThat(at)
          .as("time of step " + step + " in " + what)
          .isPositive()
          .isGreaterThanOrEqualTo(last);
      last = at;
    }
    if (e.dialEnd() != null) {
      assertThat(stepDetails(r, DIAL_END))
          .as("DialEnd status in trail of " + what)
          .containsExactly(e.dialEnd());
    }
    assertThat((String) r.get("snapshot"))
        .as("snapshot of " + what)
        .contains("\"plan\"")
        .contains("\"destination\"")
        .contains("\"entry\"")
        .contains("\"campaign\"");
    return r;
  }

  private static List<String> stepDetails(Map<String, Object> r, int status) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode step : Stack.JSON.readTree((String) r.get("status_trail"))) {
      if (step.get("status").asInt() == status) {
        out.add(step.path("detail").isNull() ? null : step.path("detail").asText());
      }
    }
    return out;
  }

  private static final List<Integer> FULL_CALL =
      List.of(SENT, CREATE, DIAL_BEGIN, DIAL_END, RESPONSE, HANGUP);

  @Test
  void everyAttemptSettledOnceAndOriginatedOnce() throws Exception {
    assertThat(problems).as("attempts without exactly one result, or not settled").isEmpty();
    Map<String, Integer> originates = stack.originatesByChannelId();
    assertThat(originates)
        .as("originates per ChannelId")
        .allSatisfy((id, n) -> assertThat(n).as("originates of " + id).isEqualTo(1));
    Set<String> attemptIds = new TreeSet<>();
    for (String c : campaigns.values()) {
      h.attempts(c).forEach(a -> attemptIds.add((String) a.get("id")));
    }
    // Every attempt's Originate reached the PBX exactly once, refused and bad-tech ones too.
    assertThat(new TreeSet<>(originates.keySet())).isEqualTo(attemptIds);
    assertThat(results).hasSize(11);
  }

  /**
   * Each result's two links open the lane run that sent its Originate, at the OriginateBatch event
   * that carried its attempt, and the run that recorded it, at its RecordResults event.
   */
  @Test
  void everyResultLinksToTheEventsThatOriginatedAndRecordedIt() throws Exception {
    int checked = 0;
    for (String c : campaigns.values()) {
      for (JsonNode r : stack.get("/v1/results?campaign=" + c).path("items")) {
        String attempt = r.path("attemptId").asText();
        String lane = r.path("workflowId").asText();
        assertThat(lane).as("workflow of " + attempt).startsWith("campaign-" + c + "/lane-");
        assertThat(eventAt(r.path("temporalUiUrl").asText(), lane, "OriginateBatch"))
            .as("the event temporalUiUrl opens sent the Originate of " + attempt)
            .contains(attempt);
        assertThat(eventAt(r.path("temporalUiRecordedUrl").asText(), lane, "RecordResults"))
            .as("the event temporalUiRecordedUrl opens recorded " + attempt)
            .contains(attempt);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(11);
  }

  /**
   * The input of the event a Temporal UI link opens ({@code .../namespaces/default/workflows/<
   * workflow id, encoded>/<run id>/history/events/<event id>}), which must schedule an activity of
   * type {@code type}.
   */
  private String eventAt(String url, String workflowId, String type) {
    String prefix =
        "/namespaces/default/workflows/"
            + java.net.URLEncoder.encode(workflowId, java.nio.charset.StandardCharsets.UTF_8)
            + "/";
    assertThat(url).contains(prefix).contains("/history/events/");
    String[] rest = url.substring(url.indexOf(prefix) + prefix.length()).split("/");
    String runId = rest[0];
    long eventId = Long.parseLong(rest[3]);
    for (var e :
        h.history(
            io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                .setWorkflowId(workflowId)
                .setRunId(runId)
                .build())) {
      if (e.getEventId() == eventId) {
        assertThat(e.hasActivityTaskScheduledEventAttributes()).as(url).isTrue();
        assertThat(e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
            .as(url)
            .isEqualTo(type);
        StringBuilder input = new StringBuilder();
        e.getActivityTaskScheduledEventAttributes()
            .getInput()
            .getPayloadsList()
            .forEach(p -> input.append(p.getData().toStringUtf8()));
        return input.toString();
      }
    }
    throw new AssertionError("no event " + eventId + " in " + url);
  }

  @Test
  void answerToQueue() throws Exception {
    Map<String, Object> r =
        check(
            "answer",
            new Expect(HANGUP, 4, 16, "Normal Clearing", FULL_CALL, List.of(ERROR), "ANSWER"));
    assertThat((String) r.get("channel")).startsWith("Local/answer@targets-").endsWith(";1");
  }

  @Test
  void answerToApplication() throws Exception {
    // answer-app.ami: Success, Reason 4, then Hangup with Cause 0 (Unknown) on both legs.
    Map<String, Object> r =
        check("app", new Expect(HANGUP, 4, 0, "Unknown", FULL_CALL, List.of(ERROR), "ANSWER"));
    assertThat((String) r.get("channel")).startsWith("Local/answer@targets-");
    assertThat((String) r.get("snapshot")).contains("Wait");
  }

  @Test
  void busy() throws Exception {
    Map<String, Object> r =
        check("busy", new Expect(HANGUP, 5, 17, "User busy", FULL_CALL, List.of(ERROR), "BUSY"));
    // The originated leg (;1) hung up with cause 0, as recorded; 17 is the ;2 leg's.
    assertThat(stepDetails(r, HANGUP)).containsExactly("cause 0");
  }

  @Test
  void congestion() throws Exception {
    Map<String, Object> r =
        check(
            "congestion",
            new Expect(
                HANGUP,
                8,
                34,
                "Circuit/channel congestion",
                FULL_CALL,
                List.of(ERROR),
                "CONGESTION"));
    assertThat(stepDetails(r, HANGUP)).containsExactly("cause 0");
  }

  @Test
  void noAnswer() throws Exception {
    // noanswer.ami: Reason 3 at the originate's Timeout, cause 19, and no DialEnd.
    Map<String, Object> r =
        check(
            "noanswer",
            new Expect(
                HANGUP,
                3,
                19,
                "User alerting, no answer",
                List.of(SENT, CREATE, DIAL_BEGIN, RESPONSE, HANGUP),
                List.of(DIAL_END, ERROR),
                null));
    List<Integer> trail = trailStatuses(r);
    JsonNode steps = Stack.JSON.readTree((String) r.get("status_trail"));
    long sent = steps.get(0).get("atMs").asLong();
    long response = 0;
    for (JsonNode s : steps) {
      if (s.get("status").asInt() == RESPONSE) {
        response = s.get("atMs").asLong();
      }
    }
    assertThat(response - sent)
        .as("no answer comes at the plan's 3 s dial timeout; trail " + trail)
        .isBetween(2500L, 8000L);
  }

  @Test
  void unallocated() throws Exception {
    check(
        "unallocated",
        new Expect(
            HANGUP,
            0,
            1,
            "Unallocated (unassigned) number",
            FULL_CALL,
            List.of(ERROR),
            "NOANSWER"));
  }

  @Test
  void reject() throws Exception {
    check(
        "reject",
        new Expect(HANGUP, 0, 21, "Call Rejected", FULL_CALL, List.of(ERROR), "NOANSWER"));
  }

  @Test
  void badDialContext() throws Exception {
    // nonexistent-context.ami (Local/answer@nosuchcontext): Failure, Reason 0; both legs are
    // created and hang up with Cause 0 (Unknown); no dial events.
    Map<String, Object> r =
        check(
            "baddialcontext",
            new Expect(
                HANGUP,
                0,
                0,
                "Unknown",
                List.of(SENT, CREATE, RESPONSE, HANGUP),
                List.of(DIAL_BEGIN, DIAL_END, ERROR),
                null));
    assertThat((String) r.get("channel")).startsWith("Local/answer@nosuchcontext-");
    assertThat(stepDetails(r, HANGUP)).containsExactly("cause 0");
  }

  @Test
  void badTech() throws Exception {
    // badtech.ami: only the OriginateResponse (Failure, Reason 0, Channel = the dial string).
    Map<String, Object> r =
        check(
            "badtech",
            new Expect(
                RESPONSE,
                0,
                0,
                null,
                List.of(SENT, RESPONSE),
                List.of(CREATE, DIAL_BEGIN, DIAL_END, HANGUP, ERROR),
                null));
    assertThat(trailStatuses(r)).containsExactly(SENT, RESPONSE);
    assertThat(r.get("channel")).isEqualTo("Foo/123");
  }

  @Test
  void refusedContext() throws Exception {
    // nonexistent-dest-context.ami: the Originate action itself answers Response: Error.
    Map<String, Object> r =
        check(
            "refused",
            new Expect(
                ERROR,
                0,
                0,
                null,
                List.of(SENT, ERROR),
                List.of(CREATE, DIAL_BEGIN, DIAL_END, RESPONSE, HANGUP),
                null));
    assertThat(trailStatuses(r)).containsExactly(SENT, ERROR);
    assertThat((String) r.get("detail")).contains("Extension does not exist.");
    assertThat(r.get("channel")).isNull();
  }

  @Test
  void hangupMidCall() throws Exception {
    // hangup-by-uniqueid.ami: Hangup by ChannelId during an answered call, cause 16 everywhere.
    Map<String, Object> r =
        check(
            "midcall",
            new Expect(HANGUP, 4, 16, "Normal Clearing", FULL_CALL, List.of(ERROR), "ANSWER"));
    assertThat((String) r.get("channel")).startsWith("Local/answer-long@targets-");
    long dialed =
        ((java.time.LocalDateTime) r.get("dialed_at"))
            .toInstant(java.time.ZoneOffset.UTC)
            .toEpochMilli();
    long hungUp =
        ((java.time.LocalDateTime) r.get("hangup_at"))
            .toInstant(java.time.ZoneOffset.UTC)
            .toEpochMilli();
    assertThat(hungUp - dialed)
        .as("hung up by force stop, long before answer-long's 30 s")
        .isLessThan(25_000L);
    assertThat(
            h.stack.get("/v1/campaigns/" + campaigns.get("midcall")).get("statusReason").asText())
        .contains("force stopped");
  }

  @Test
  void attemptHistoriesStaySmall() throws Exception {
    // An attempt run as its own workflow wrote 23 events; in a dialing lane it shares batches.
    // These campaigns have one entry each, so their lanes' fixed cost counts whole: since the
    // change lane-spreads, a lane run begins with two markers more (the version, and LaneWorkers,
    // a local activity): 24.0 to 26.4 per attempt in the runs measured. A campaign of many entries
    // writes under one event per attempt (EventsPerAttemptIT, docs/performance.md).
    h.assertChildEventsPerAttemptAtMost(
        new ArrayList<>(campaigns.values()), 27, "recorded scenarios");
  }
}
