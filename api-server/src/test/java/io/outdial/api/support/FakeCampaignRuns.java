package io.outdial.api.support;

import io.outdial.api.campaigns.CampaignProblem;
import io.outdial.api.campaigns.CampaignRuns;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.ControlResult;
import io.outdial.workflows.OperatorAction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Campaign workflows in memory: each has a status and refuses what {@link FakeTransitions} refuses,
 * recording every call. It never writes the store (the real workflow mirrors its status there, the
 * API does not).
 */
public final class FakeCampaignRuns implements CampaignRuns {
  public record Call(String what, String campaignId, String name, OperatorAction action) {}

  /** Status of each campaign's workflow; absent means not started. */
  public final Map<String, CampaignStatus> workflows = new ConcurrentHashMap<>();

  public final List<Call> calls = new CopyOnWriteArrayList<>();

  /** When set, a manual start is refused with this next opening (a closed calling window). */
  public volatile Long windowClosedUntilMs;

  /** When set, Temporal is "down". */
  public volatile boolean unavailable;

  /** When set, the campaigns' workflows are failing so: reads show it, actions time out. */
  public volatile CampaignProblem problem;

  public void clear() {
    workflows.clear();
    calls.clear();
    windowClosedUntilMs = null;
    unavailable = false;
    problem = null;
  }

  public List<Call> calls(String what) {
    return calls.stream().filter(c -> c.what().equals(what)).toList();
  }

  @Override
  public void create(String campaignId, String campaignName, String createdBy) {
    check();
    workflows.putIfAbsent(campaignId, CampaignStatus.STOP);
    calls.add(
        new Call("create", campaignId, campaignName, new OperatorAction(createdBy, 0, "created")));
  }

  @Override
  public ControlResult control(
      String campaignId, String campaignName, Action action, OperatorAction operator) {
    check();
    if (problem != null) {
      throw new NotResponding(problem, null);
    }
    if (workflows.putIfAbsent(campaignId, CampaignStatus.STOP) == null) {
      calls.add(new Call("create", campaignId, campaignName, null));
    }
    calls.add(new Call(action.verb(), campaignId, campaignName, operator));
    CampaignStatus now = workflows.get(campaignId);
    if (action == Action.START && windowClosedUntilMs != null && now == CampaignStatus.STOP) {
      throw new IllegalTransition(
          ControlResult.of(now, windowClosedUntilMs, "outside the calling windows"));
    }
    CampaignStatus next = FakeTransitions.next(now, action);
    if (next == null) {
      throw new IllegalTransition(ControlResult.of(now, null, null));
    }
    workflows.put(campaignId, next);
    return ControlResult.of(next, null, null);
  }

  @Override
  public Optional<CampaignProblem> problem(String campaignId, List<String> attemptIds) {
    return Optional.ofNullable(problem);
  }

  @Override
  public void listChanged(List<String> campaignIds) {
    campaignIds.forEach(id -> calls.add(new Call("listChanged", id, null, null)));
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
