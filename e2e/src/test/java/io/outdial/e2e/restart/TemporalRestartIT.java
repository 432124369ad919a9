package io.outdial.e2e.restart;

import io.outdial.e2e.Stack;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The Temporal dev server is SIGKILLed while calls are up and started again on the same SQLite file
 * ({@code --db-filename}): the campaign carries on and finishes by itself, every entry has its one
 * result, and nobody is dialed twice. The server is a private one on free ports (its data under
 * e2e/target/restart-services/temporal); the shared one on 7233 is not touched.
 */
class TemporalRestartIT {
  @Test
  void aCampaignFinishesAfterTheTemporalServerIsKilledMidCampaign() throws Exception {
    try (PrivateService temporal = PrivateService.temporal(RestartScenario.root())) {
      temporal.start();
      try (Stack stack = new Stack(temporal.temporalAddress(), Stack.dbPort())) {
        RestartScenario s = new RestartScenario(stack, "temporal restart");
        s.startProcesses();
        s.createAndStart();
        int up = s.awaitCallsUp(40, 20);
        Instant down = temporal.sigkill();
        System.out.printf(
            "[temporal restart] SIGKILLed the Temporal server with %d calls in flight" + "%n", up);
        // Calls go on (and some end) while nobody can record their progress in Temporal.
        Thread.sleep(RestartScenario.DOWN_SECONDS * 1000L);
        temporal.start();
        Instant back = Instant.now();
        s.finish(back, up, Duration.between(down, back).toMillis());
      }
    }
  }
}
