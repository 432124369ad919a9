package io.outdial.e2e.restart;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MariaDB is SIGKILLed while calls are up and started again (InnoDB recovers its datadir): the
 * campaign carries on and finishes by itself, every entry has its one result, and nobody is dialed
 * twice. The server is a private one on a free port (datadir under
 * e2e/target/restart-services/mariadb); the shared one on 3306 is not touched.
 */
class MariaDbRestartIT {
  @Test
  void aCampaignFinishesAfterMariaDbIsKilledMidCampaign() throws Exception {
    try (PrivateService mariadb = PrivateService.mariadb(RestartScenario.root())) {
      mariadb.start();
      try (Stack stack = new Stack(Stack.DEFAULT_TEMPORAL_ADDRESS, mariadb.port)) {
        RestartScenario s = new RestartScenario(stack, "mariadb restart");
        s.startProcesses();
        s.createAndStart();
        int up = s.awaitCallsUp(40, 20);
        Instant down = mariadb.sigkill();
        System.out.printf("[mariadb restart] SIGKILLed MariaDB with %d calls in flight%n", up);
        // Calls go on (and some end) while nothing can be written; 20 s at least, so that the
        // worker's 15 s sweep of live channels runs during the outage.
        Thread.sleep(Math.max(RestartScenario.DOWN_SECONDS, 20) * 1000L);
        mariadb.start();
        Instant back = Instant.now();
        Map<String, Object> report = s.finish(back, up, Duration.between(down, back).toMillis());
        // The AMI events went on arriving: no call that ended during the outage is taken for a
        // lost one (dialing status 10); every one is recorded as it ended.
        assertThat(report.get("results by dialing status"))
            .as("results by dialing status")
            .isEqualTo(Map.of(6, RestartScenario.ENTRIES));
      }
    }
  }
}
