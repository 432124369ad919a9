package io.outdial.workflows.connection;

import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import java.util.List;

/**
 * Who polls a task queue, from Temporal's DescribeTaskQueue. The server lists a poller for a few
 * minutes after its last poll, so a process that just died still counts for that long. The worker
 * asks it for its lanes' spreading, the api-server for a campaign nobody serves.
 */
public final class TaskQueuePollers {
  private TaskQueuePollers() {}

  /** The pollers of {@code queue} for tasks of {@code type}, in the client's namespace. */
  public static List<PollerInfo> of(WorkflowClient client, String queue, TaskQueueType type) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeTaskQueue(
            DescribeTaskQueueRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setTaskQueue(TaskQueue.newBuilder().setName(queue))
                .setTaskQueueType(type)
                .build())
        .getPollersList();
  }

  /** How many distinct processes (by identity) poll {@code queue} for activities; at least 1. */
  public static int activityWorkers(WorkflowClient client, String queue) {
    return (int)
        Math.max(
            1,
            of(client, queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY).stream()
                .map(PollerInfo::getIdentity)
                .distinct()
                .count());
  }
}
