package io.outdial.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories recorded from this code (src/test/resources/histories) against the current
 * workflow implementations: a change that would break running campaigns or attempts fails here
 * unless it is guarded by {@code Workflow.getVersion}. Record new ones with {@code mvn -pl
 * workflows test -Dtest=CampaignWorkflowTest
 * -Doutdial.recordHistories=$PWD/workflows/src/test/resources/histories}.
 */
class ReplayTest {
  static Stream<Path> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(ReplayTest.class.getResource("/histories").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("recorded histories").hasSizeGreaterThanOrEqualTo(10);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysWithoutNonDeterminism(Path history) throws Exception {
    // The workers' own deadlock detection (10 s): on a loaded machine the first replay loads the
    // classes of the SDK and the workflows, and took more than the default second in CI once.
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      io.temporal.worker.Worker worker =
          env.newWorker(
              "replay",
              io.temporal.worker.WorkerOptions.newBuilder()
                  .setDefaultDeadlockDetectionTimeout(10_000)
                  .build());
      worker.registerWorkflowImplementationTypes(
          CampaignWorkflowImpl.class, DialLaneWorkflowImpl.class, DialAttemptWorkflowImpl.class);
      WorkflowReplayer.replayWorkflowExecution(
          io.temporal.internal.common.WorkflowExecutionHistory.fromJson(Files.readString(history)),
          worker);
    }
  }
}
