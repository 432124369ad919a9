package io.outdial.api.plans;

import io.outdial.api.codes.Codes;
import io.outdial.store.CatalogueStore.PlanWithTrunk;
import io.outdial.store.Rows.PlanRow;
import java.util.List;
import java.util.Map;

/**
 * A plan as the API shows it, with the name beside every code, and the trunk it dials through
 * (null: the default PBX).
 */
public record PlanResponse(
    String id,
    String name,
    String detail,
    int dialMode,
    String dialModeName,
    int dialTimeout,
    String callerId,
    String techName,
    String trunkName,
    String trunkId,
    int retryDelay,
    List<Integer> maxRetry,
    int serviceLevel,
    int dlEndHandle,
    String dlEndHandleName,
    Map<String, String> variables,
    String earlyMedia,
    String codecs,
    Integer maxConcurrentCalls,
    Double callsPerSecond) {

  public static PlanResponse of(PlanWithTrunk row) {
    PlanRow p = row.plan();
    return new PlanResponse(
        p.id(),
        p.name(),
        p.detail(),
        p.dialMode(),
        Codes.DIAL_MODE.name(p.dialMode()),
        p.dialTimeoutMs(),
        p.callerId(),
        p.techName(),
        p.trunkName(),
        row.trunkId(),
        p.retryDelaySeconds(),
        p.maxRetry(),
        p.serviceLevel(),
        p.dlEndHandle(),
        Codes.DL_END_HANDLE.name(p.dlEndHandle()),
        p.variables(),
        p.earlyMedia(),
        p.codecs(),
        p.maxConcurrentCalls(),
        p.callsPerSecond());
  }
}
