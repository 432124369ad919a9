package io.outdial.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.outdial.workflows.AttemptOutcome;
import io.outdial.workflows.FinishedAttempts;
import io.outdial.workflows.LaneActivities.CampaignReport;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A lane's report to its campaign (ReportToCampaign): delivered, gone, refused, or tried again. */
class LaneReportsTest {
  private final List<String> delivered = new ArrayList<>();
  private volatile LaneActivitiesImpl.CampaignReports deliver =
      (campaign, finished) -> {
        delivered.add(campaign + ":" + finished.outcomes().get(0).attemptId());
        return true;
      };
  private final LaneActivitiesImpl lane =
      new LaneActivitiesImpl(null, null, null, q -> 1, (c, f) -> deliver.deliver(c, f));

  private static final CampaignReport REPORT =
      new CampaignReport(
          "campaign-c",
          new FinishedAttempts(
              List.of(new AttemptOutcome("a-1", 4, 16, 6, null, true)), List.of()));

  private static WorkflowServiceException failed(Status status) {
    return new WorkflowServiceException(
        WorkflowExecution.newBuilder().setWorkflowId("campaign-c").build(),
        "CampaignWorkflow",
        status.asRuntimeException());
  }

  @Test
  void aReportIsDeliveredToTheCampaignsWorkflow() {
    assertThat(lane.reportToCampaign(REPORT)).isTrue();
    assertThat(delivered).containsExactly("campaign-c:a-1");
  }

  @Test
  void aCampaignThatIsGoneIsSaidSo() {
    deliver = (campaign, finished) -> false;
    assertThat(lane.reportToCampaign(REPORT)).isFalse();
  }

  @Test
  void aReportTheServerRefusesAsInvalidFailsForGood() {
    deliver =
        (campaign, finished) -> {
          throw failed(Status.INVALID_ARGUMENT.withDescription("signal input too large"));
        };
    assertThatThrownBy(() -> lane.reportToCampaign(REPORT))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo("ReportRefused");
            });
  }

  @Test
  void aServerThatCannotBeReachedIsTriedAgain() {
    deliver =
        (campaign, finished) -> {
          throw failed(Status.UNAVAILABLE);
        };
    assertThatThrownBy(() -> lane.reportToCampaign(REPORT))
        .isInstanceOf(WorkflowServiceException.class);
  }
}
