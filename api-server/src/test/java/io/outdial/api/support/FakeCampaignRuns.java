package io.outdial.api.support;

import io.outdial.api.campaigns.CampaignRuns;
import io.outdial.workflows.OperatorAction;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Campaign workflows as a set of running ids, recording what was asked. */
public final class FakeCampaignRuns implements CampaignRuns {
  public record Call(String what, String campaignId, String name, OperatorAction action) {}

  public final Set<String> running = ConcurrentHashMap.newKeySet();
  public final List<Call> calls = new CopyOnWriteArrayList<>();
  /** When set, Temporal is "down". */
  public volatile boolean unavailable;

  public void clear() {
    running.clear();
    calls.clear();
    unavailable = false;
  }

  @Override
  public boolean isRunning(String campaignId) {
    check();
    return running.contains(campaignId);
  }

  @Override
  public void start(String campaignId, String campaignName, OperatorAction action) {
    check();
    if (!running.add(campaignId)) {
      throw new AlreadyRunning(campaignId);
    }
    calls.add(new Call("start", campaignId, campaignName, action));
  }

  @Override
  public void stop(String campaignId, OperatorAction action) {
    check();
    if (!running.contains(campaignId)) {
      throw new NotRunning(campaignId);
    }
    calls.add(new Call("stop", campaignId, null, action));
  }

  @Override
  public String workflowId(String campaignId) {
    return "campaign-" + campaignId;
  }

  @Override
  public String uiUrl(String campaignId) {
    return "http://ui.test/namespaces/default/workflows/" + workflowId(campaignId);
  }

  private void check() {
    if (unavailable) {
      throw new Unavailable("UNAVAILABLE connection refused", null);
    }
  }
}
