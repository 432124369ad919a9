package io.outdial.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outdial.activities.TestDatabase.Dialing;
import io.outdial.activities.ami.AmiClient;
import io.outdial.activities.ami.AmiConfig;
import io.outdial.activities.ami.CallRegistry;
import io.outdial.pbxsim.PbxSimulator;
import io.outdial.pbxsim.PbxSimulatorConfig;
import io.outdial.store.Rows.AttemptState;
import io.outdial.store.ScratchDatabase;
import io.outdial.workflows.AttemptInput;
import io.outdial.workflows.AttemptOutcome;
import io.outdial.workflows.DialLaneWorkflow.EndedCall;
import io.outdial.workflows.LaneActivities;
import io.outdial.workflows.LaneActivities.FollowCalls;
import io.outdial.workflows.LaneActivities.OriginateBatch;
import io.outdial.workflows.LaneActivities.Originated;
import io.outdial.workflows.LaneActivities.ResultBatch;
import io.outdial.workflows.ResultToRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dialing lane's batch steps on MariaDB and the simulator: every attempt of a batch is sent at
 * most once, the calls' ends reach the lane by the registry's reports (no activity waits), every
 * attempt gets exactly one result row however often its batch is recorded, and a call the worker
 * did not know is followed once the lane asks for it.
 */
class LaneActivitiesIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String LANE = "campaign-x/lane-default-1";

  private static TestDatabase db;
  private static PbxSimulator pbx;
  private static CallRegistry registry;
  private static AmiClient ami;
  private static LaneActivitiesImpl lane;

  /** What the registry reported, by lane and attempt. */
  private static final Map<String, Map<String, EndedCall>> reports = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("outdial_it_lane");
    pbx =
        PbxSimulator.start(
            PbxSimulatorConfig.builder().rules("55508*=answer:0:5000;*=answer:0:300").build());
    registry = new CallRegistry(db.database().attempts());
    ami =
        new AmiClient(
            new AmiConfig("127.0.0.1", pbx.port(), "dialer", "s3cret"), registry::onEvent);
    registry.attach(ami);
    ami.start();
    registry.reportEndsTo(
        (laneId, ended) ->
            ended.forEach(
                c ->
                    reports
                        .computeIfAbsent(laneId, l -> new ConcurrentHashMap<>())
                        .put(c.attemptId(), c)));
    DialActivitiesImpl single = new DialActivitiesImpl(db.database(), registry, ami);
    lane =
        new LaneActivitiesImpl(
            db.database(),
            registry,
            single,
            queue -> 1,
            (campaign, finished) -> {
              throw new IllegalStateException("these tests report nothing to a campaign");
            });
    await("AMI login").atMost(WAIT).until(ami::isConnected);
  }

  @AfterAll
  static void stop() throws Exception {
    ami.close();
    registry.close();
    pbx.close();
    db.close();
  }

  private static List<AttemptInput> reserveAll(String campaign, int n) {
    List<AttemptInput> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestDatabase.input(campaign, db.reserve(campaign), 20_000));
    }
    return out;
  }

  private static AttemptState state(String attemptId) {
    return db.database().attempts().findAttempt(attemptId).orElseThrow().state();
  }

  private static long results(String attemptId) {
    return db.database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM result WHERE attempt_id = :a")
                    .bind("a", attemptId)
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void aBatchIsSentOnceItsEndsAreReportedAndEachGetsOneResult() throws Exception {
    String[] numbers = new String[30];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = "55501" + String.format("%02d", i);
    }
    String campaign = db.campaign(Dialing.local(20_000), numbers);
    List<AttemptInput> batch = reserveAll(campaign, numbers.length);

    List<Originated> sent = lane.originateBatch(new OriginateBatch(LANE, batch));
    assertThat(sent)
        .hasSize(30)
        .allSatisfy(o -> assertThat(o.kind()).isEqualTo(Originated.Kind.SENT));
    // A retry of the batch (its worker died before it answered) sends nothing again.
    assertThat(lane.originateBatch(new OriginateBatch(LANE, batch)))
        .allSatisfy(o -> assertThat(o.kind()).isEqualTo(Originated.Kind.ALREADY_SENT));
    batch.forEach(
        a ->
            assertThat(pbx.originateCountsByChannelId().get(a.attemptId()))
                .as("originates of " + a.attemptId())
                .isEqualTo(1L));

    // Answered, up 300 ms, hung up: every end reaches the lane with what AMI said.
    await("30 ends reported")
        .atMost(WAIT)
        .until(
            () ->
                reports
                    .getOrDefault(LANE, Map.of())
                    .keySet()
                    .containsAll(batch.stream().map(AttemptInput::attemptId).toList()));
    List<ResultToRecord> toRecord =
        batch.stream()
            .map(a -> new ResultToRecord(a, reports.get(LANE).get(a.attemptId()).outcome()))
            .toList();
    assertThat(toRecord)
        .allSatisfy(
            r -> {
              assertThat(r.call().finalDialingStatus()).isEqualTo(6);
              assertThat(r.call().resDial()).isEqualTo(4);
            });

    List<AttemptOutcome> recorded = lane.recordResults(new ResultBatch(toRecord));
    assertThat(recorded).hasSize(30).allSatisfy(o -> assertThat(o.resDial()).isEqualTo(4));
    // Recording the same batch again (a retry) writes nothing more.
    lane.recordResults(new ResultBatch(toRecord));
    for (AttemptInput a : batch) {
      assertThat(state(a.attemptId())).isEqualTo(AttemptState.SETTLED);
      assertThat(results(a.attemptId())).isEqualTo(1);
      assertThat(registry.isTracked(a.attemptId())).as("forgotten once recorded").isFalse();
    }
    assertThat(lane.originateBatch(new OriginateBatch(LANE, batch)))
        .allSatisfy(o -> assertThat(o.kind()).isEqualTo(Originated.Kind.ALREADY_SETTLED));
  }

  @Test
  void aCampaignThatStoppedDialingSendsNothingAndGetsItsAttemptsBack() {
    String campaign = db.campaign(Dialing.local(20_000), "5550201", "5550202");
    List<AttemptInput> batch = reserveAll(campaign, 2);
    db.database().campaigns().updateCampaignStatus(campaign, 10, "stopped by test");

    assertThat(lane.originateBatch(new OriginateBatch(LANE, batch)))
        .allSatisfy(o -> assertThat(o.kind()).isEqualTo(Originated.Kind.CANCELLED));
    batch.forEach(
        a -> {
          assertThat(pbx.originateCountsByChannelId()).doesNotContainKey(a.attemptId());
          assertThat(db.database().attempts().findAttempt(a.attemptId())).as("released").isEmpty();
        });
  }

  @Test
  void pacedCallsLeaveEachAtItsMomentAndAStopMeanwhileKeepsTheRestFromLeaving() throws Exception {
    String[] numbers = {"5550501", "5550502", "5550503", "5550504", "5550505", "5550506"};
    String campaign = db.campaign(Dialing.local(20_000), numbers);
    List<AttemptInput> reserved = reserveAll(campaign, numbers.length);
    long first = System.currentTimeMillis() + 300;
    List<AttemptInput> batch = new ArrayList<>();
    for (int i = 0; i < reserved.size(); i++) {
      batch.add(reserved.get(i).notBefore(first + 400L * i));
    }
    // The campaign stops while the fourth call waits for its moment.
    var stopper =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor()
            .schedule(
                () -> db.database().campaigns().updateCampaignStatus(campaign, 10, "stopped"),
                first + 1000 - System.currentTimeMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);

    List<Originated> out = lane.originateBatch(new OriginateBatch(LANE, batch));
    long returned = System.currentTimeMillis();
    stopper.get();
    // The calls held after the stop were given back once it was seen, not at their moments (the
    // last at first + 2,000 ms).
    assertThat(returned).isLessThan(first + 1700);
    assertThat(out.stream().map(Originated::kind).toList())
        .containsExactly(
            Originated.Kind.SENT,
            Originated.Kind.SENT,
            Originated.Kind.SENT,
            Originated.Kind.CANCELLED,
            Originated.Kind.CANCELLED,
            Originated.Kind.CANCELLED);
    Map<String, java.time.Instant> received = new java.util.HashMap<>();
    pbx.originates().forEach(r -> received.put(r.channelId(), r.receivedAt()));
    for (int i = 0; i < 3; i++) {
      AttemptInput a = batch.get(i);
      assertThat(received.get(a.attemptId()).toEpochMilli())
          .as("call %d reached the PBX at or after its moment", i)
          .isGreaterThanOrEqualTo(a.notBeforeMs())
          .isLessThan(a.notBeforeMs() + 1000);
    }
    for (int i = 3; i < batch.size(); i++) {
      AttemptInput a = batch.get(i);
      assertThat(received).doesNotContainKey(a.attemptId());
      assertThat(db.database().attempts().findAttempt(a.attemptId())).as("released").isEmpty();
    }
  }

  @Test
  void aPacedBatchsSendersKeepTheRunThatSentEachCallForItsResultsLink() {
    String campaign = db.campaign(Dialing.local(20_000), "5550601", "5550602", "5550603");
    long first = System.currentTimeMillis() + 100;
    List<AttemptInput> reserved = reserveAll(campaign, 3);
    List<AttemptInput> batch = new ArrayList<>();
    for (int i = 0; i < reserved.size(); i++) {
      batch.add(reserved.get(i).notBefore(first + 50L * i));
    }
    // Run as an activity (its context names the run); the senders have no such context.
    var env = io.temporal.testing.TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(lane);
      LaneActivities stub =
          env.newActivityStub(
              LaneActivities.class,
              io.temporal.activity.ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .build());
      assertThat(stub.originateBatch(new OriginateBatch(LANE, batch)))
          .allSatisfy(o -> assertThat(o.kind()).isEqualTo(Originated.Kind.SENT));
    } finally {
      env.close();
    }
    for (AttemptInput a : batch) {
      Map<String, Object> row =
          db.database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT workflow_id, originate_run_id FROM attempt WHERE id = :a")
                          .bind("a", a.attemptId())
                          .mapToMap()
                          .one());
      assertThat(row.get("workflow_id")).as("workflow of " + a.attemptId()).isNotNull();
      assertThat(row.get("originate_run_id")).as("run of " + a.attemptId()).isNotNull();
    }
  }

  @Test
  void anOriginateAsteriskWouldMangleIsInvalidForItselfAndNothingIsSent() {
    String campaign =
        db.campaign(new Dialing("Local/", "targets", 20_000, "start", Map.of()), "5550301");
    List<AttemptInput> batch = reserveAll(campaign, 1);
    assertThat(lane.originateBatch(new OriginateBatch(LANE, batch)))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(Originated.Kind.INVALID);
              assertThat(o.message()).contains("priority labels are not supported");
            });
    assertThat(pbx.originateCountsByChannelId()).doesNotContainKey(batch.get(0).attemptId());
    assertThat(state(batch.get(0).attemptId())).isEqualTo(AttemptState.RESERVED);
  }

  @Test
  void aCallTheWorkerDidNotKnowIsFollowedOnceTheLaneAsks() throws Exception {
    String campaign = db.campaign(Dialing.local(20_000), "5550401");
    List<AttemptInput> batch = reserveAll(campaign, 1);
    String id = batch.get(0).attemptId();
    String otherLane = "campaign-y/lane-default-1";
    // Sent by a worker that died before the call ended; this one never heard of it.
    lane.originateBatch(new OriginateBatch(otherLane, batch));
    registry.forget(id);
    await("the call ended in Asterisk")
        .atMost(WAIT)
        .until(() -> pbx.liveChannelNames().stream().noneMatch(c -> c.contains("5550401")));
    assertThat(reports.getOrDefault(otherLane, Map.of())).doesNotContainKey(id);

    assertThat(lane.followCalls(new FollowCalls(otherLane, List.of(id)))).isEmpty();
    // Asterisk has no channel of it any more: settled as lost and reported to the lane.
    await("the lost call reported")
        .atMost(WAIT)
        .until(() -> reports.getOrDefault(otherLane, Map.of()).containsKey(id));
    assertThat(reports.get(otherLane).get(id).outcome().finalDialingStatus()).isEqualTo(10);

    lane.recordResults(
        new ResultBatch(
            List.of(new ResultToRecord(batch.get(0), reports.get(otherLane).get(id).outcome()))));
    assertThat(lane.followCalls(new FollowCalls(otherLane, List.of(id))))
        .as("settled: the lane stops waiting for it")
        .containsExactly(id);
  }

  /** Puts campaign {@code campaign}'s plan on a new trunk of these limits; answers its id. */
  private static String onTrunk(String campaign, Integer channels, Double cps) {
    String trunk = ScratchDatabase.newTrunk(db.database(), pbx.port(), channels, cps);
    ScratchDatabase.putOnTrunk(db.database(), campaign, trunk);
    return trunk;
  }

  @Test
  void aBatchOnATrunkOfTwoChannelsSendsItsCallsTwoAtATimeAsTheirResultsAreRecorded()
      throws Exception {
    String[] numbers = new String[6];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = "55507" + String.format("%02d", i);
    }
    String campaign = db.campaign(Dialing.local(20_000), numbers);
    onTrunk(campaign, 2, null);
    List<AttemptInput> batch = reserveAll(campaign, numbers.length);
    String laneId = "campaign-t/lane-default-1";
    // What the lane does: records each call as its end is reported, which frees its channel.
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger mostUp =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread recorder =
        new Thread(
            () -> {
              java.util.Set<String> recorded = new java.util.HashSet<>();
              while (!done.get()) {
                // This test's calls only (other tests' may still be up): one ;1 leg each.
                int up =
                    (int)
                        pbx.liveChannelNames().stream()
                            .filter(c -> c.contains("55507") && c.endsWith(";1"))
                            .count();
                mostUp.accumulateAndGet(up, Math::max);
                List<ResultToRecord> ended = new ArrayList<>();
                for (AttemptInput a : batch) {
                  EndedCall e = reports.getOrDefault(laneId, Map.of()).get(a.attemptId());
                  if (e != null && recorded.add(a.attemptId())) {
                    ended.add(new ResultToRecord(a, e.outcome()));
                  }
                }
                if (!ended.isEmpty()) {
                  lane.recordResults(new ResultBatch(ended));
                }
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    recorder.start();
    List<Originated> sent;
    try {
      sent = lane.originateBatch(new OriginateBatch(laneId, batch));
      await("every call recorded")
          .atMost(WAIT)
          .until(() -> batch.stream().allMatch(a -> state(a.attemptId()) == AttemptState.SETTLED));
    } finally {
      done.set(true);
      recorder.join();
    }
    assertThat(sent).allSatisfy(o -> assertThat(o.kind()).isEqualTo(Originated.Kind.SENT));
    assertThat(mostUp.get()).as("calls up at once on the simulator").isBetween(1, 2);
    // Each call after the first two left only once an earlier one was recorded.
    List<java.time.Instant> sentAt =
        batch.stream()
            .map(a -> db.database().attempts().findAttempt(a.attemptId()).orElseThrow())
            .map(io.outdial.store.Rows.AttemptRow::originateAt)
            .sorted()
            .toList();
    assertThat(Duration.between(sentAt.get(0), sentAt.get(5)))
        .as("six calls of 300 ms two at a time")
        .isGreaterThan(Duration.ofMillis(600));
  }

  @Test
  void callsWaitingForAFullTrunkAreGivenBackAtOnceWhenTheCampaignStops() throws Exception {
    String campaign = db.campaign(Dialing.local(20_000), "5550801", "5550802", "5550803");
    onTrunk(campaign, 1, null);
    List<AttemptInput> batch = reserveAll(campaign, 3);
    java.util.concurrent.CompletableFuture<List<Originated>> sending =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> lane.originateBatch(new OriginateBatch("campaign-u/lane-default-1", batch)));
    // The first call holds the trunk's one channel (up for 5 s); the others wait.
    await("the first call sent")
        .atMost(WAIT)
        .until(() -> state(batch.get(0).attemptId()) == AttemptState.ORIGINATE_SENT);
    Thread.sleep(500);
    assertThat(sending).isNotDone();
    long stoppedAt = System.nanoTime();
    db.database()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE campaign SET status = 0 WHERE id = :c")
                    .bind("c", campaign)
                    .execute());
    List<Originated> out = sending.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(2));
    assertThat(out)
        .extracting(Originated::kind)
        .containsExactly(
            Originated.Kind.SENT, Originated.Kind.CANCELLED, Originated.Kind.CANCELLED);
    assertThat(out.get(1).message())
        .isEqualTo("campaign stopped dialing before this originate left");
    // Never sent: given back to their entries, and never reached the PBX.
    for (AttemptInput a : batch.subList(1, 3)) {
      assertThat(db.database().attempts().findAttempt(a.attemptId())).isEmpty();
      assertThat(pbx.originateCountsByChannelId()).doesNotContainKey(a.attemptId());
    }
  }
}
