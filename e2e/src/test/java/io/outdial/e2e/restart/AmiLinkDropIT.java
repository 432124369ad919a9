package io.outdial.e2e.restart;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The PBX drops the worker's AMI link and refuses it for 10 s while calls are up; the calls go on
 * and end (they last 5 s) with nobody listening. Once the worker is connected again it reconciles
 * them with the PBX: the campaign finishes by itself, every entry has its one result, and nobody is
 * dialed twice.
 */
class AmiLinkDropIT {
  private static final int DROP_SECONDS = 10;

  @Test
  void aCampaignFinishesAfterTheAmiLinkIsDownForTenSeconds() throws Exception {
    try (Stack stack = new Stack()) {
      RestartScenario s = new RestartScenario(stack, "AMI link drop");
      s.startProcesses();
      s.createAndStart();
      int up = s.awaitCallsUp(40, 20);
      // The worker logs "AMI link up" on every login, the first one and each after a drop.
      long connectedBefore = s.workerLogLines("AMI link up");
      String answer = stack.simulatorControl("drop " + DROP_SECONDS);
      Instant down = Instant.now();
      System.out.printf("[AMI link drop] %s, with %d calls in flight%n", answer.trim(), up);
      assertThat(answer).as("the simulator's answer to drop").startsWith("ok dropped 1 ");
      Stack.waitUntil(
          "the worker to connect to AMI again",
          Duration.ofSeconds(60),
          () -> s.workerLogLines("AMI link up") > connectedBefore);
      Instant back = Instant.now();
      assertThat(Duration.between(down, back).toMillis())
          .as("ms the link was down")
          .isGreaterThanOrEqualTo(DROP_SECONDS * 1000L - 500);
      s.finish(back, up, Duration.between(down, back).toMillis());
    }
  }
}
