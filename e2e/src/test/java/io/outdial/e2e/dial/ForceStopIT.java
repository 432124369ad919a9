package io.outdial.e2e.dial;

import static io.outdial.e2e.dial.DialHarness.intOf;
import static io.outdial.e2e.dial.DialHarness.trailStatuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.junit.jupiter.api.Test;

/**
 * Force stop with 200 answered calls in flight: every call is hung up through AMI (Hangup by
 * ChannelId) and recorded as answered and hung up normally (resDial 4, resHangup 16), the campaign
 * ends in STOP, nobody was dialed twice, and the PBX has no call of ours left.
 */
class ForceStopIT {
  private static final int CALLS = Integer.getInteger("forceStop.calls", 200);

  @Test
  void forceStopHangsUpAndRecordsEveryCallInFlight() throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      // Answered after 100 ms, and would last two minutes: all are up when force stop comes.
      stack.startSimulator("long*=answer:100:120000");
      stack.startWorker();
      stack.startApi();
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        numbers.add(String.format("long%03d", i));
      }
      String plan =
          h.plan("200 at once", Map.of("maxConcurrentCalls", CALLS, "dialTimeout", 20_000));
      String dest = h.extensionDestination("sales queue", "agents", "sales", "1");
      String campaign = h.campaign("force stop 200", plan, dest, h.dlma("200 long", numbers));

      long startAt = System.nanoTime();
      h.start(campaign);
      Stack.waitUntil(
          CALLS + " originates in the simulator's log and " + CALLS + " attempts ORIGINATE_SENT",
          Duration.ofSeconds(120),
          () ->
              h.originatesNow() >= CALLS
                  && h.countNow(
                          "SELECT COUNT(*) FROM attempt WHERE"
                              + " campaign_id = ? AND state = 'ORIGINATE_SENT'",
                          campaign)
                      == CALLS);
      Stack.waitUntil(
          CALLS + " calls answered",
          Duration.ofSeconds(60),
          () ->
              h.countNow(
                      "SELECT COUNT(*) FROM attempt WHERE campaign_id = ? AND state ="
                          + " 'ORIGINATE_SENT' AND progress LIKE '%\"response\":\"Success\"%'",
                      campaign)
                  == CALLS);
      System.out.printf(
          "force stop: %d calls up %.1f s after the start%n",
          CALLS, (System.nanoTime() - startAt) / 1e9);
      Set<String> attemptIds = new HashSet<>();
      h.attempts(campaign).forEach(a -> attemptIds.add((String) a.get("id")));
      int legsBefore = ourLiveLegs(stack, attemptIds);
      assertThat(legsBefore)
          .as("legs of our calls live in the PBX before force stop")
          .isGreaterThanOrEqualTo(CALLS);

      long t0 = System.nanoTime();
      h.forceStop(campaign);
      long accepted = System.nanoTime();
      Stack.waitUntil(
          "STOP after force stop",
          Duration.ofSeconds(120),
          () ->
              h.countNow("SELECT COUNT(*) FROM campaign WHERE id = ? AND status = 0", campaign)
                  == 1);
      long stopped = System.nanoTime();
      System.out.printf(
          "force stop of %d calls: accepted after %d ms, STOP after %d ms%n",
          CALLS, (accepted - t0) / 1_000_000, (stopped - t0) / 1_000_000);

      assertThat(h.statusName(campaign)).isEqualTo("STOP");
      List<Map<String, Object>> attempts = h.attempts(campaign);
      List<Map<String, Object>> results = h.results(campaign);
      assertThat(attempts)
          .hasSize(CALLS)
          .allSatisfy(
              a -> assertThat(a.get("state")).as(a.get("id").toString()).isEqualTo("SETTLED"));
      assertThat(results).hasSize(CALLS);
      assertThat(results.stream().map(r -> r.get("attempt_id")).distinct()).hasSize(CALLS);
      for (Map<String, Object> r : results) {
        String what =
            r.get("attempt_id")
                + " "
                + r.get("number")
                + " trail "
                + trailStatuses(r)
                + " "
                + r.get("detail");
        assertThat(intOf(r, "res_dial")).as("resDial of " + what).isEqualTo(4);
        assertThat(intOf(r, "res_hangup")).as("resHangup of " + what).isEqualTo(16);
        assertThat(intOf(r, "dialing_status")).as("dialing status of " + what).isEqualTo(6);
      }
      Map<String, Integer> originates = stack.originatesByChannelId();
      assertThat(originates)
          .hasSize(CALLS)
          .allSatisfy((id, n) -> assertThat(n).as("originates of ChannelId " + id).isEqualTo(1));
      assertThat(originates.keySet()).isEqualTo(attemptIds);
      assertThat(ourLiveLegs(stack, attemptIds)).as("legs of our calls left in the PBX").isZero();
      // Results the REST API shows as well.
      assertThat(stack.get("/v1/campaigns/" + campaign).get("counts").get("answered").asInt())
          .isEqualTo(CALLS);
      try {
        h.assertChildEventsPerAttemptAtMost(
            List.of(campaign),
            Double.MAX_VALUE,
            "force stop attempts (bound checked in RecordedScenariosIT)");
      } catch (RuntimeException e) {
        System.out.println("could not measure histories: " + e);
      }
    }
  }

  /** Legs the PBX lists (CoreShowChannels) whose Linkedid or Uniqueid is one of our attempts. */
  static int ourLiveLegs(Stack stack, Set<String> attemptIds) throws Exception {
    ManagerConnection ami =
        new ManagerConnectionFactory("127.0.0.1", stack.amiPort, "dialer", "s3cret")
            .createManagerConnection();
    ami.login();
    try {
      ResponseEvents events = ami.sendEventGeneratingAction(new CoreShowChannelsAction(), 20_000);
      assertThat(events.getResponse()).isNotInstanceOf(ManagerError.class);
      int n = 0;
      for (var e : events.getEvents()) {
        if (e instanceof CoreShowChannelEvent c
            && (attemptIds.contains(c.getLinkedid())
                || (c.getUniqueid() != null
                    && attemptIds.contains(c.getUniqueid().split(";")[0])))) {
          n++;
        }
      }
      return n;
    } finally {
      ami.logoff();
    }
  }
}
