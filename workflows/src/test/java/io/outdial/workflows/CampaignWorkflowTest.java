package io.outdial.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The campaign and attempt workflows against in-memory activities, with time skipping: every
 * entry is dialed up to its retries, the retry delay waits on a timer, and the campaign stops
 * when its list is done.
 */
class CampaignWorkflowTest {
  private TestWorkflowEnvironment env;
  private FakeList list;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    env.registerSearchAttribute("CampaignId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute("CampaignStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    list = new FakeList();
    Worker worker = env.newWorker(CampaignWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(CampaignWorkflowImpl.class,
        DialAttemptWorkflowImpl.class);
    worker.registerActivitiesImplementations(list, list.dialer);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private CampaignStatus runCampaign() {
    CampaignWorkflow wf = env.getWorkflowClient().newWorkflowStub(CampaignWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(CampaignWorkflow.workflowId("c1"))
            .setTaskQueue(CampaignWorkflow.TASK_QUEUE)
            .build());
    return wf.run(new CampaignInput("c1", new OperatorAction("test", 0, null)));
  }

  @Test
  void dialsEveryEntryAndStopsWhenTheListIsDone() {
    list.addEntry("e1", 4, 1); // answered at once
    list.addEntry("e2", 5, 3); // busy, three tries allowed
    list.addEntry("e3", 3, 2); // no answer, two tries

    assertThat(runCampaign()).isEqualTo(CampaignStatus.STOP);

    assertThat(list.attemptsOf("e1")).isEqualTo(1);
    assertThat(list.attemptsOf("e2")).isEqualTo(3);
    assertThat(list.attemptsOf("e3")).isEqualTo(2);
    assertThat(list.statuses).containsExactly(11, 1, 10, 0);
    assertThat(list.recorded).hasSize(6);
  }

  @Test
  void aRefusedOriginateIsARecordedFailedAttemptNotARetryLoop() {
    list.addEntry("e1", 0, 3);
    list.dialer.refuse = true;

    assertThat(runCampaign()).isEqualTo(CampaignStatus.STOP);

    assertThat(list.recorded).hasSize(3).allSatisfy(o -> {
      assertThat(o.dialingStatus()).isEqualTo(10);
      assertThat(o.detail()).contains("Extension does not exist.");
    });
  }

  @Test
  void aCampaignWithoutItsPlanGoesBackToStopWithTheReason() {
    list.checkOk = false;
    assertThat(runCampaign()).isEqualTo(CampaignStatus.STOP);
    assertThat(list.statuses).containsExactly(11, 0);
    assertThat(list.reasons.get(list.reasons.size() - 1)).contains("plan");
  }

  @Test
  void aStopSignalEndsTheCampaignAfterItsCallsInFlight() {
    for (int i = 0; i < 200; i++) {
      list.addEntry("e" + i, 5, 5);
    }
    list.dialer.hold = new java.util.concurrent.CountDownLatch(1);
    WorkflowClient client = env.getWorkflowClient();
    CampaignWorkflow wf = client.newWorkflowStub(CampaignWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(CampaignWorkflow.workflowId("c1"))
            .setTaskQueue(CampaignWorkflow.TASK_QUEUE)
            .build());
    WorkflowClient.start(wf::run, new CampaignInput("c1", new OperatorAction("test", 0, null)));
    env.sleep(Duration.ofSeconds(30));
    wf.stop(new OperatorAction("operator", 0, "lunch"));
    // The calls in flight end only after the stop was accepted.
    assertThat(wf.status()).isEqualTo(CampaignStatus.STOPPING);
    list.dialer.hold.countDown();
    CampaignStatus end = client.newUntypedWorkflowStub(CampaignWorkflow.workflowId("c1"))
        .getResult(CampaignStatus.class);
    assertThat(end).isEqualTo(CampaignStatus.STOP);
    // Only the first window of calls was dialed; all of them were recorded.
    assertThat(list.recorded).hasSize(CampaignWorkflowImpl.DEFAULT_MAX_IN_FLIGHT);
    assertThat(list.reasons.get(list.reasons.size() - 1)).contains("operator");
  }

  /** An in-memory dial list with the reservation rules of the store, and a fake dialer. */
  static final class FakeList implements CampaignActivities {
    record Entry(String id, int resDial, int maxTries, AtomicInteger tries) {}

    final Map<String, Entry> entries = new LinkedHashMap<>();
    final Map<String, Long> nextTryAt = new ConcurrentHashMap<>();
    final Map<String, String> attemptEntry = new ConcurrentHashMap<>();
    final List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    final List<String> reasons = Collections.synchronizedList(new ArrayList<>());
    final List<AttemptOutcome> recorded = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<AttemptInput>> reservations = new ConcurrentHashMap<>();
    final FakeDialer dialer = new FakeDialer(this);
    final java.util.Set<String> inFlight = ConcurrentHashMap.newKeySet();
    volatile boolean checkOk = true;
    volatile long now;

    void addEntry(String id, int resDial, int maxTries) {
      entries.put(id, new Entry(id, resDial, maxTries, new AtomicInteger()));
    }

    int attemptsOf(String id) {
      return entries.get(id).tries().get();
    }

    private boolean open(Entry e) {
      return e.tries().get() < e.maxTries() && !answered(e);
    }

    private boolean answered(Entry e) {
      return e.tries().get() > 0 && e.resDial() == 4;
    }

    @Override
    public CampaignCheck checkCampaign(String campaignId) {
      return checkOk ? new CampaignCheck(true, null, "test", 1, 0, 1000)
          : new CampaignCheck(false, "plan is missing or deleted", null, 1, 0, 0);
    }

    @Override
    public void setStatus(String campaignId, int status, String reason) {
      statuses.add(status);
      reasons.add(reason);
    }

    @Override
    public synchronized List<AttemptInput> reserveAttempts(String campaignId, String key,
        int limit) {
      if (reservations.containsKey(key)) {
        return reservations.get(key);
      }
      long t = dialer.clock();
      List<AttemptInput> out = new ArrayList<>();
      for (Entry e : entries.values()) {
        if (out.size() >= limit) {
          break;
        }
        if (open(e) && !inFlight.contains(e.id()) && nextTryAt.getOrDefault(e.id(), 0L) <= t) {
          int tries = e.tries().incrementAndGet();
          String attemptId = UUID.randomUUID().toString();
          attemptEntry.put(attemptId, e.id());
          inFlight.add(e.id());
          out.add(new AttemptInput(campaignId, attemptId, e.id(), 1, tries, 1000));
        }
      }
      reservations.put(key, out);
      return out;
    }

    @Override
    public synchronized ListProgress listProgress(String campaignId) {
      long t = dialer.clock();
      long eligible = 0;
      long waiting = 0;
      Long next = null;
      for (Entry e : entries.values()) {
        if (!open(e) || inFlight.contains(e.id())) {
          continue;
        }
        long at = nextTryAt.getOrDefault(e.id(), 0L);
        if (at <= t) {
          eligible++;
        } else {
          waiting++;
          next = next == null ? at : Math.min(next, at);
        }
      }
      return new ListProgress(eligible, waiting, next, inFlight.size());
    }

    synchronized void settle(AttemptInput in, AttemptOutcome outcome) {
      recorded.add(outcome);
      inFlight.remove(in.entryId());
      nextTryAt.put(in.entryId(), dialer.clock() + 60_000);
    }
  }

  /** Answers every originate with the entry's outcome after {@code callLength}. */
  static final class FakeDialer implements DialActivities {
    private final FakeList list;
    volatile boolean refuse;
    volatile Duration callLength = Duration.ofSeconds(5);
    volatile java.util.concurrent.CountDownLatch hold;

    FakeDialer(FakeList list) {
      this.list = list;
    }

    long clock() {
      return io.temporal.activity.Activity.getExecutionContext().getInfo().getScheduledTimestamp();
    }

    @Override
    public OriginateResult originate(AttemptInput attempt) {
      return refuse
          ? new OriginateResult(OriginateResult.Kind.REFUSED, "Extension does not exist.", clock())
          : new OriginateResult(OriginateResult.Kind.SENT, "queued", clock());
    }

    @Override
    public CallOutcome awaitCallEnd(AttemptInput attempt) {
      if (hold != null) {
        try {
          hold.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      int resDial = list.entries.get(attempt.entryId()).resDial();
      long start = clock();
      long end = start + callLength.toMillis();
      return new CallOutcome(List.of(new StatusChange(1, start, null),
          new StatusChange(6, end, "cause 16")), 6, resDial, resDial == 5 ? 17 : 16, "x",
          "Local/x", start, end, null);
    }

    @Override
    public AttemptOutcome recordResult(AttemptInput attempt, CallOutcome outcome) {
      AttemptOutcome o = new AttemptOutcome(attempt.attemptId(), outcome.finalDialingStatus(),
          outcome.resDial(), outcome.resHangup(), outcome.detail());
      list.settle(attempt, o);
      return o;
    }
  }
}
