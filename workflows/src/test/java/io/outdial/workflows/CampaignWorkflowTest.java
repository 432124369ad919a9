package io.outdial.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.workflows.window.CallingWindow;
import io.outdial.workflows.window.Schedule;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The campaign workflow's statuses, transitions and calling windows, against in-memory activities
 * with time skipping.
 */
@Timeout(120)
class CampaignWorkflowTest {
  private static final String ID = "c1";
  private TestWorkflowEnvironment env;
  private FakeCampaign fake;
  private CampaignControl control;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    env.registerSearchAttribute("CampaignId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute("CampaignStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    fake = new FakeCampaign();
    Worker worker = env.newWorker(CampaignWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        CampaignWorkflowImpl.class, DialLaneWorkflowImpl.class, DialAttemptWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    for (String name : List.of("default", "b")) {
      Worker pbx = env.newWorker(DialLaneWorkflow.pbxTaskQueue(CampaignWorkflow.TASK_QUEUE, name));
      pbx.registerWorkflowImplementationTypes(DialLaneWorkflowImpl.class);
      pbx.registerActivitiesImplementations(fake);
    }
    env.start();
    fake.client = env.getWorkflowClient();
    control = new CampaignControl(env.getWorkflowClient(), CampaignWorkflow.TASK_QUEUE);
  }

  @AfterEach
  void tearDown(org.junit.jupiter.api.TestInfo info) throws Exception {
    // -Doutdial.recordHistories=<dir> writes each test's campaign history for ReplayTest.
    String dir = System.getProperty("outdial.recordHistories");
    if (dir != null) {
      String json =
          env.getWorkflowClient().fetchHistory(CampaignWorkflow.workflowId(ID)).toJson(true);
      java.nio.file.Files.writeString(
          java.nio.file.Path.of(
              dir, "campaign-" + info.getTestMethod().orElseThrow().getName() + ".json"),
          json);
      if (!fake.batches.isEmpty()) {
        java.nio.file.Files.writeString(
            java.nio.file.Path.of(
                dir, "lane-" + info.getTestMethod().orElseThrow().getName() + ".json"),
            env.getWorkflowClient().fetchHistory(fake.lanes.iterator().next()).toJson(true));
      }
    }
    env.close();
  }

  private void create() {
    control.ensureRunning(ID, "test", by("api"));
  }

  private static OperatorAction by(String who) {
    return new OperatorAction(who, 0, null);
  }

  private CampaignView view() {
    return env.getWorkflowClient()
        .newWorkflowStub(CampaignWorkflow.class, CampaignWorkflow.workflowId(ID))
        .view();
  }

  private void waitFor(String what, BooleanSupplier condition) {
    waitFor(what, Duration.ofMillis(500), condition);
  }

  /** Waits in steps of test-server time; long steps skip hours of calling windows quickly. */
  private void waitFor(String what, Duration step, BooleanSupplier condition) {
    for (int i = 0; i < 5_000 && !condition.getAsBoolean(); i++) {
      env.sleep(step);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  private boolean lastStatusIs(CampaignStatus s) {
    return !fake.statuses.isEmpty()
        && fake.statuses.get(fake.statuses.size() - 1) == s.code()
        && view().status() == s.code();
  }

  private String lastReason() {
    return fake.reasons.get(fake.reasons.size() - 1);
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  /** A daily window in UTC opening {@code in} from now and lasting {@code length}. */
  private Map<String, Object> windowIn(Duration in, Duration length) {
    LocalTime start = LocalTime.ofInstant(now().plus(in), ZoneOffset.UTC).withNano(0);
    LocalTime end = start.plus(length);
    return Map.of(
        "mode",
        0,
        "timeStart",
        start.toString().length() == 5 ? start + ":00" : start.toString(),
        "timeEnd",
        end.toString().length() == 5 ? end + ":00" : end.toString());
  }

  @Test
  void dialsEveryEntryAndStopsWhenTheListIsDone() {
    fake.addEntry("e1", 4, 1); // answered at once
    fake.addEntry("e2", 5, 3); // busy, three tries allowed
    fake.addEntry("e3", 3, 2); // no answer, two tries
    create();
    ControlResult started = control.start(ID, by("alice")).result();
    assertThat(started.statusName()).isEqualTo("STARTING");

    waitFor(
        "STOP after the list",
        () -> fake.statuses.size() >= 4 && lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.statuses).containsExactly(11, 1, 10, 0);
    assertThat(fake.reasons.get(0)).contains("alice");
    assertThat(lastReason()).isEqualTo("dial list finished");
    assertThat(fake.attemptsOf("e1")).isEqualTo(1);
    assertThat(fake.attemptsOf("e2")).isEqualTo(3);
    assertThat(fake.attemptsOf("e3")).isEqualTo(2);
    assertThat(fake.recorded).hasSize(6);
    // The retry delay (60 s) waited on a timer between tries of one entry.
    assertThat(fake.originateTimes.get(fake.originateTimes.size() - 1) - fake.originateTimes.get(0))
        .isGreaterThanOrEqualTo(2 * 60_000L);
  }

  @Test
  void theNextCampaignStartsWhenTheListIsFinished() {
    fake.addEntry("e1", 4, 1);
    fake.nextCampaign = "c2";
    create();
    control.start(ID, by("alice"));
    waitFor("next campaign started", () -> fake.started.contains("c2"));
    assertThat(lastStatusIs(CampaignStatus.STOP)).isTrue();
  }

  @Test
  void aNewRunsActivitiesTakeNamedRecordsWithTheNamesOfTheirCodes() {
    fake.addEntry("e1", 4, 1);
    fake.nextCampaign = "c2";
    create();
    control.start(ID, by("alice"));
    waitFor("next campaign started", () -> fake.started.contains("c2"));
    waitFor(
        "result recorded by the lane", () -> activityTypes(firstLane()).contains("RecordResults"));
    assertThat(activityTypes(firstLane())).startsWith("OriginateBatch", "RecordResults");
    assertThat(activityTypes(CampaignWorkflow.workflowId(ID)))
        .contains("RecordCampaignStatus", "ReserveAttemptBatch", "StartNextCampaign")
        .doesNotContain("SetCampaignStatus", "ReserveAttempts", "StartCampaign");
    String history =
        env.getWorkflowClient().fetchHistory(CampaignWorkflow.workflowId(ID)).toJson(false);
    assertThat(decodedPayloads(history))
        .contains("\"statusName\":\"STARTING\"")
        .contains("\"dialingStatusName\":\"HANGUP\"");
  }

  private static String firstLane() {
    return DialLaneWorkflow.workflowId(ID, DialLaneWorkflow.DEFAULT_LANE, 1);
  }

  private List<String> activityTypes(String workflowId) {
    return env.getWorkflowClient().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.hasActivityTaskScheduledEventAttributes())
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  /** The history's JSON payloads, decoded from the base64 its JSON form keeps them in. */
  private static String decodedPayloads(String historyJson) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"data\": ?\"([A-Za-z0-9+/=]+)\"").matcher(historyJson);
    StringBuilder all = new StringBuilder();
    while (m.find()) {
      all.append(
              new String(
                  java.util.Base64.getDecoder().decode(m.group(1)),
                  java.nio.charset.StandardCharsets.UTF_8))
          .append('\n');
    }
    return all.toString();
  }

  @Test
  void aRefusedOriginateIsARecordedFailedAttemptNotARetryLoop() {
    fake.addEntry("e1", 0, 3);
    fake.refuse = true;
    create();
    control.start(ID, by("alice"));
    waitFor("STOP", () -> fake.statuses.size() >= 4 && lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.recorded)
        .hasSize(3)
        .allSatisfy(
            o -> {
              assertThat(o.dialingStatus()).isEqualTo(10);
              assertThat(o.detail()).contains("Extension does not exist.");
            });
  }

  @Test
  void startingWithoutItsPlanGoesBackToStopWithTheReason() {
    fake.checkOk = false;
    create();
    control.start(ID, by("alice"));
    waitFor("STOP", () -> fake.statuses.size() >= 2 && lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.statuses).containsExactly(11, 0);
    assertThat(lastReason()).contains("plan");
  }

  @Test
  void illegalTransitionsAreRefusedWithTheCurrentStatus() {
    fake.addEntry("e1", 5, 100);
    create();
    CampaignControl.Outcome stop = control.stop(ID, by("bob"));
    assertThat(stop.accepted()).isFalse();
    assertThat(stop.result().statusName()).isEqualTo("STOP");
    assertThat(control.pause(ID, by("bob")).accepted()).isFalse();
    assertThat(control.forceStop(ID, by("bob")).accepted()).isFalse();

    fake.hold = new CountDownLatch(1);
    assertThat(control.start(ID, by("bob")).accepted()).isTrue();
    waitFor("START", () -> lastStatusIs(CampaignStatus.START));
    CampaignControl.Outcome again = control.start(ID, by("bob"));
    assertThat(again.accepted()).isFalse();
    assertThat(again.result().statusName()).isEqualTo("START");
    fake.hold.countDown();
  }

  @Test
  void aStopWaitsForTheCallsInFlightAndNothingIsDialedAfterIt() {
    for (int i = 0; i < 300; i++) {
      fake.addEntry("e" + i, 5, 5);
    }
    fake.hold = new CountDownLatch(1);
    create();
    control.start(ID, by("alice"));
    waitFor("calls in flight", () -> fake.originateTimes.size() >= 50);
    int dialedBeforeStop = fake.attempts.size();
    CampaignControl.Outcome stop = control.stop(ID, new OperatorAction("operator", 0, "lunch"));
    assertThat(stop.accepted()).isTrue();
    assertThat(stop.result().statusName()).isEqualTo("STOPPING");
    assertThat(view().statusName()).isEqualTo("STOPPING");
    fake.hold.countDown();
    waitFor("STOP", () -> lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.attempts.size()).isLessThanOrEqualTo(dialedBeforeStop);
    assertThat(fake.recorded).hasSize(fake.originateTimes.size());
    assertThat(lastReason()).contains("operator").contains("lunch");
  }

  @Test
  void pauseDrainsThenStartResumes() {
    for (int i = 0; i < 20; i++) {
      fake.addEntry("e" + i, 4, 1);
    }
    fake.maxConcurrent = 5;
    fake.hold = new CountDownLatch(1);
    create();
    control.start(ID, by("alice"));
    waitFor("5 calls in flight", () -> fake.originateTimes.size() == 5);
    assertThat(control.pause(ID, by("alice")).result().statusName()).isEqualTo("PAUSING");
    fake.hold.countDown();
    fake.hold = null;
    waitFor("PAUSE", () -> lastStatusIs(CampaignStatus.PAUSE));
    assertThat(fake.recorded).hasSize(5);
    assertThat(control.start(ID, by("alice")).accepted()).isTrue();
    waitFor("finished", () -> fake.recorded.size() == 20 && lastStatusIs(CampaignStatus.STOP));
  }

  @Test
  void forceStopHangsUpEveryCallInFlightThenStops() {
    for (int i = 0; i < 10; i++) {
      fake.addEntry("e" + i, 4, 1);
    }
    fake.hold = new CountDownLatch(1);
    create();
    control.start(ID, by("alice"));
    waitFor("10 calls in flight", () -> fake.originateTimes.size() == 10);
    CampaignControl.Outcome forced = control.forceStop(ID, by("supervisor"));
    assertThat(forced.result().statusName()).isEqualTo("STOPPING_FORCEDLY");
    waitFor("STOP", () -> lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.hangups.get(0)).hasSize(10);
    assertThat(fake.recorded).hasSize(10);
    assertThat(lastReason()).contains("supervisor");
  }

  @Test
  void aCampaignDialsThroughALaneOnItsPlansPbxAndMovesWhenThePlanDoes() {
    fake.pbx = "b";
    fake.addEntry("e1", 4, 1);
    create();
    control.start(ID, by("alice"));
    waitFor("STOP after the list", () -> lastStatusIs(CampaignStatus.STOP));
    String laneB = DialLaneWorkflow.workflowId(ID, "b", 1);
    assertThat(fake.lanes).containsExactly(laneB);
    assertThat(fake.queues).containsOnly("OriginateBatch@outdial-campaigns/pbx-b");
    // The lane asked how many workers serve its PBX (change lane-spreads), on its PBX's queue.
    assertThat(fake.laneWorkersAsked).isNotEmpty().containsOnly("outdial-campaigns/pbx-b");
    // The lane itself runs on PBX b's queue, and its results are recorded there.
    String history = env.getWorkflowClient().fetchHistory(laneB).toJson(true);
    assertThat(history).contains("\"name\": \"outdial-campaigns/pbx-b\"");
    assertThat(activityTypes(laneB)).contains("OriginateBatch", "RecordResults");

    // The plan now dials through the default PBX: the next calls go through a lane there, and a
    // force stop hangs up through it.
    fake.pbx = "default";
    fake.addEntry("e2", 4, 1);
    fake.hold = new CountDownLatch(1);
    control.start(ID, by("alice"));
    waitFor("the second call in flight", () -> fake.originateTimes.size() == 2);
    control.forceStop(ID, by("supervisor"));
    waitFor("STOP", () -> lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.lanes).containsExactly(laneB, DialLaneWorkflow.workflowId(ID, "default", 2));
    assertThat(fake.queues)
        .containsExactly(
            "OriginateBatch@outdial-campaigns/pbx-b",
            "OriginateBatch@outdial-campaigns/pbx-default",
            "HangupCalls@outdial-campaigns/pbx-default");
  }

  @Test
  void aCallsEndFreesItsSlotBeforeItsResultIsRecorded() {
    for (int i = 0; i < 6; i++) {
      fake.addEntry("e" + i, 4, 1);
    }
    fake.maxConcurrent = 2;
    fake.holdRecords = new CountDownLatch(1);
    create();
    control.start(ID, by("alice"));
    // No result is written, yet the lane reports the calls' ends and the campaign dials on.
    waitFor("6 originates with no result recorded", () -> fake.originateTimes.size() == 6);
    assertThat(fake.recorded).isEmpty();
    waitFor("every end reported", () -> view().callsUp() == 0);
    assertThat(view().attemptsInFlight()).hasSize(6);
    assertThat(view().statusName()).isEqualTo("START");

    fake.holdRecords.countDown();
    waitFor("STOP after the list", () -> lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.recorded).hasSize(6);
    assertThat(view().attemptsInFlight()).isEmpty();
    // The lane's reports went by its local activity through the client (change
    // lane-reports-by-activity), not by a signal command: no workflow lock is held across the
    // lane and the campaign while one is delivered.
    assertThat(fake.reportedTo).isNotEmpty().containsOnly(CampaignWorkflow.workflowId(ID));
    List<io.temporal.api.history.v1.HistoryEvent> laneEvents =
        env.getWorkflowClient().fetchHistory(firstLane()).getEvents();
    assertThat(laneEvents)
        .noneMatch(e -> e.hasSignalExternalWorkflowExecutionInitiatedEventAttributes());
    assertThat(laneEvents)
        .filteredOn(e -> e.hasMarkerRecordedEventAttributes())
        .extracting(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().toString())
        .anyMatch(d -> d.contains("ReportToCampaign"));

    // Readable in the Temporal UI (change children-carry-campaign-id): the lane was started with
    // the campaign's id as its CampaignId and a summary naming the campaign; the campaign's own
    // summary and current details name it and say its status.
    List<io.temporal.api.history.v1.HistoryEvent> campaignEvents =
        env.getWorkflowClient().fetchHistory(CampaignWorkflow.workflowId(ID)).getEvents();
    io.temporal.api.history.v1.HistoryEvent laneStart =
        env.getWorkflowClient().fetchHistory(firstLane()).getEvents().get(0);
    assertThat(
            laneStart
                .getWorkflowExecutionStartedEventAttributes()
                .getSearchAttributes()
                .getIndexedFieldsMap()
                .get("CampaignId")
                .getData()
                .toStringUtf8())
        .isEqualTo("\"" + ID + "\"");
    assertThat(laneStart.getUserMetadata().getSummary().getData().toStringUtf8())
        .isEqualTo("\"Dialing lane of campaign test on PBX default\"");
    assertThat(campaignEvents.get(0).getUserMetadata().getSummary().getData().toStringUtf8())
        .isEqualTo("\"Campaign test\"");
    io.temporal.api.sdk.v1.WorkflowMetadata metadata =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(CampaignWorkflow.workflowId(ID))
            .query("__temporal_workflow_metadata", io.temporal.api.sdk.v1.WorkflowMetadata.class);
    assertThat(metadata.getCurrentDetails()).isEqualTo("**test**: STOP (dial list finished)");
  }

  @Test
  void pacingFollowsQueueAvailabilityAndServiceLevel() {
    for (int i = 0; i < 10; i++) {
      fake.addEntry("e" + i, 4, 1);
    }
    fake.availability = 2;
    fake.serviceLevel = 1;
    fake.hold = new CountDownLatch(1);
    create();
    control.start(ID, by("alice"));
    waitFor("3 calls in flight", () -> fake.originateTimes.size() == 3);
    env.sleep(Duration.ofSeconds(10));
    assertThat(fake.originateTimes).hasSize(3); // 2 available - 0 in flight + 1
    fake.hold.countDown();
  }

  @Test
  void anOriginateThatGivesUpReleasesTheAttemptAndTheEntryIsDialedLater() {
    // AMI down through the first attempt's whole retry schedule (12 tries): the attempt is
    // given back to its entry instead of failing with its row reserved for ever.
    fake.addEntry("e0", 4, 1);
    fake.failOriginates.set(12);
    create();
    control.start(ID, by("alice"));
    waitFor(
        "STOP with the list done", Duration.ofSeconds(5), () -> lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.recorded).hasSize(1);
    assertThat(fake.recorded.get(0).resDial()).isEqualTo(4);
    assertThat(fake.entries.get("e0").tries().get())
        .as("the released try is given back")
        .isEqualTo(1);
    assertThat(fake.failOriginates.get()).isNegative();
  }

  @Test
  void aReportReachingANewRunBeforeItsWorkflowMethodIsNotLost() {
    // A run that continued as new carried one call in flight; that call's AttemptFinished
    // reached the new run in its first task, which the SDK hands to the signal handler before
    // the workflow method has taken over the carried calls (seen on the dev server: the
    // campaign then waited for ever on a call that had ended).
    AttemptInput carried = new AttemptInput(ID, "carried-1", "e0", 1, 1, 1000);
    io.temporal.client.WorkflowStub stub =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(
                "CampaignWorkflow",
                WorkflowOptions.newBuilder()
                    .setWorkflowId(CampaignWorkflow.workflowId(ID))
                    .setTaskQueue(CampaignWorkflow.TASK_QUEUE)
                    .build());
    stub.signalWithStart(
        "AttemptFinished",
        new Object[] {new AttemptOutcome("carried-1", 6, 4, 16, null, true)},
        new Object[] {
          new CampaignInput(
              ID,
              null,
              new CampaignState(
                  CampaignStatus.START.code(), null, Map.of("carried-1", carried), false, false, 1))
        });

    // The list has nothing left: with the call's report taken, the campaign stops by itself.
    waitFor("STOP with the list done", () -> lastStatusIs(CampaignStatus.STOP));
    assertThat(view().attemptsInFlight()).isEmpty();
    assertThat(fake.reasons).contains("dial list finished");
  }

  @Test
  void aWindowOpeningLaterStartsTheCampaignAtTheOpeningAndClosesIt() {
    for (int i = 0; i < 5; i++) {
      fake.addEntry("e" + i, 5, 1000);
    }
    fake.retryDelayMs = 10 * 60_000;
    fake.schedule = windowIn(Duration.ofHours(1), Duration.ofHours(2));
    Schedule schedule = Schedule.fromMap(fake.schedule);
    Instant opening = CallingWindow.nextOpening(schedule, now()).orElseThrow();
    Instant closing = CallingWindow.nextClosing(schedule, opening).orElseThrow();
    create();

    // A manual start outside the window is refused with the time the window opens.
    CampaignControl.Outcome early = control.start(ID, by("alice"));
    assertThat(early.accepted()).isFalse();
    assertThat(early.result().nextOpeningMs()).isEqualTo(opening.toEpochMilli());

    waitFor("auto start", Duration.ofSeconds(30), () -> lastStatusIs(CampaignStatus.START));
    waitFor(
        "graceful stop at the closing",
        Duration.ofSeconds(30),
        () -> fake.statuses.size() >= 4 && lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.statuses).containsExactly(11, 1, 10, 0);
    assertThat(fake.reasons).contains("calling window opened", "calling window closed");
    assertThat(fake.originateTimes)
        .isNotEmpty()
        .allSatisfy(
            t -> {
              assertThat(t).isGreaterThanOrEqualTo(opening.toEpochMilli());
              assertThat(t).isLessThan(closing.toEpochMilli());
            });
    // The next day's window starts it again by itself.
    waitFor("auto start next day", Duration.ofMinutes(5), () -> fake.statuses.size() >= 6);
    assertThat(fake.statuses.get(5)).isEqualTo(1);
  }

  @Test
  void aManualStopInsideAWindowHoldsUntilTheNextWindow() {
    for (int i = 0; i < 5; i++) {
      fake.addEntry("e" + i, 5, 1000);
    }
    fake.retryDelayMs = 10 * 60_000;
    fake.schedule = windowIn(Duration.ofMinutes(-30), Duration.ofHours(3));
    create();
    waitFor("auto start", () -> lastStatusIs(CampaignStatus.START));
    control.stop(ID, by("bob"));
    waitFor("STOP", () -> lastStatusIs(CampaignStatus.STOP));
    int statusesAtStop = fake.statuses.size();
    env.sleep(Duration.ofHours(2));
    assertThat(fake.statuses).hasSize(statusesAtStop);
    assertThat(view().statusName()).isEqualTo("STOP");
    env.sleep(Duration.ofHours(22));
    waitFor(
        "restarted by the next window",
        Duration.ofMinutes(1),
        () -> lastStatusIs(CampaignStatus.START));
  }

  @Test
  void aFinishedListIsNotRestartedByItsWindows() {
    fake.addEntry("e1", 4, 1);
    fake.schedule = windowIn(Duration.ofMinutes(-30), Duration.ofHours(3));
    create();
    waitFor("finished", () -> fake.recorded.size() == 1 && lastStatusIs(CampaignStatus.STOP));
    int statuses = fake.statuses.size();
    env.sleep(Duration.ofDays(2));
    assertThat(fake.statuses).hasSize(statuses);
    assertThat(view().listFinished()).isTrue();
  }

  @Test
  void recipientsAreDialedOnlyInsideTheirOwnLocalWindow() {
    fake.addEntry("berlin", 5, 1, "Europe/Berlin");
    fake.addEntry("la", 5, 1, "America/Los_Angeles");
    fake.addEntry("tokyo", 5, 1, "Asia/Tokyo");
    fake.addEntry("nozone", 5, 1);
    fake.schedule =
        Map.of("mode", 0, "timeStart", "08:00:00", "timeEnd", "20:00:00", "timezone", "UTC");
    Schedule schedule = Schedule.fromMap(fake.schedule);
    create();
    waitFor("all four dialed", Duration.ofMinutes(5), () -> fake.recorded.size() == 4);
    // Each was dialed inside the campaign's window and its own local window, and the campaign
    // woke by itself for each zone's opening (they open hours apart).
    fake.originatedAt.forEach(
        (entryId, t) -> {
          Instant at = Instant.ofEpochMilli(t);
          assertThat(CallingWindow.isOpen(schedule, at)).as(entryId).isTrue();
          String zone = fake.entries.get(entryId).zone();
          if (zone != null) {
            assertThat(CallingWindow.isOpenForRecipient(schedule, ZoneId.of(zone), at))
                .as(entryId + " at " + at)
                .isTrue();
          }
        });
    assertThat(fake.originatedAt.get("la")).isNotEqualTo(fake.originatedAt.get("tokyo"));
    assertThat(fake.zonesAsked).allSatisfy(z -> assertThat(z).isNotNull());
  }

  // ---- permanent failures (issue #10: no accepted input may wedge a campaign) ----------------

  @Test
  void anOriginateThatCanNeverBeSentIsSettledAsAnErrorThatCountsAsATry() {
    // Before, such an attempt was released, reserved again and failed again, for ever.
    fake.addEntry("e1", 4, 2);
    fake.invalidOriginate = "destination priority 'start' is not a whole number";
    create();
    control.start(ID, by("alice"));
    waitFor(
        "STOP with the list done", Duration.ofSeconds(5), () -> lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.recorded)
        .hasSize(2)
        .allSatisfy(
            o -> {
              assertThat(o.dialingStatus()).isEqualTo(10);
              assertThat(o.detail()).startsWith("Originate failed: destination priority 'start'");
            });
    assertThat(fake.attemptsOf("e1")).isEqualTo(2);
    assertThat(lastReason()).isEqualTo("dial list finished");
  }

  @Test
  void aStatusReasonTheDatabaseRefusesDoesNotHoldTheCampaign() {
    // The row's column refuses the reason for good; the status is written without it and the
    // campaign pauses and resumes as asked.
    fake.addEntry("e1", 3, 1000);
    fake.retryDelayMs = 1000;
    fake.statusReasonMax = 1024;
    create();
    control.start(ID, by("alice"));
    waitFor("START", () -> lastStatusIs(CampaignStatus.START));
    String reason = "x".repeat(1010);
    ControlResult paused = control.pause(ID, new OperatorAction("alice", 0, reason)).result();
    assertThat(paused.statusName()).isEqualTo("PAUSING");
    waitFor("PAUSE", () -> lastStatusIs(CampaignStatus.PAUSE));
    assertThat(lastReason()).isEqualTo("(the reason for this status could not be stored)");
    control.start(ID, by("alice"));
    waitFor("START again", () -> lastStatusIs(CampaignStatus.START));
    control.stop(ID, by("alice"));
    waitFor("STOP", () -> lastStatusIs(CampaignStatus.STOP));
  }

  @Test
  void aResultTheDatabaseRefusesIsSettledAsAnErrorSoTheCampaignHearsOfIt() {
    fake.addEntry("e1", 4, 1);
    fake.refuseResultsWithChannel = true;
    create();
    control.start(ID, by("alice"));
    waitFor(
        "STOP with the list done", Duration.ofSeconds(5), () -> lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.recorded)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.dialingStatus()).isEqualTo(10);
              assertThat(o.detail()).startsWith("result could not be recorded: Data too long");
            });
  }

  @Test
  void aCallsPerSecondNoTimerCanTakeIsBoundedInsteadOfFailingEveryTask() {
    // 1 / 5e-324 s is no valid timer: every workflow task failed on it before.
    fake.addEntry("e1", 4, 1);
    fake.addEntry("e2", 4, 1);
    fake.callsPerSecond = 5e-324;
    create();
    control.start(ID, by("alice"));
    waitFor(
        "STOP with the list done", Duration.ofSeconds(10), () -> lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.recorded).hasSize(2);
    // The pause starts after the first originate was scheduled, so the two scheduled times lie a
    // little less than the pause apart (by the workflow task's own time), never much less.
    assertThat(fake.originateTimes.get(1) - fake.originateTimes.get(0))
        .isBetween(
            PlanBounds.MAX_PACING_PAUSE.toMillis() - 1000,
            PlanBounds.MAX_PACING_PAUSE.toMillis() + 10_000);
  }

  @Test
  void aPacedCampaignHandsItsCallsOverAheadEachWithItsMomentAtThePlansRate() {
    for (int i = 0; i < 45; i++) {
      fake.addEntry("e" + i, 4, 1);
    }
    fake.callsPerSecond = 10;
    fake.maxConcurrent = 1000;
    create();
    control.start(ID, by("alice"));
    waitFor(
        "STOP with the list done", Duration.ofSeconds(30), () -> lastStatusIs(CampaignStatus.STOP));
    assertThat(fake.recorded).hasSize(45);
    // Every call carried its moment, and the moments follow one another 100 ms apart across the
    // campaign's decisions: the rate is the plan's whatever the campaign's timers did.
    assertThat(fake.notBefore).hasSize(45).doesNotContainNull();
    List<Long> moments = fake.notBefore.stream().sorted().toList();
    for (int i = 1; i < moments.size(); i++) {
      assertThat(moments.get(i) - moments.get(i - 1)).as("gap before call %d", i).isEqualTo(100);
    }
    // More than one decision handed them over (at most 2 s of calls, 20, at a time).
    assertThat(fake.batches.size()).isGreaterThan(2);
    // None left before its moment.
    List<Long> left = fake.originateTimes.stream().sorted().toList();
    for (int i = 0; i < left.size(); i++) {
      assertThat(left.get(i)).isGreaterThanOrEqualTo(moments.get(i));
    }
  }
}
