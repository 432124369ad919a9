package io.outdial.api.plans;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.outdial.api.codes.CodeOrName;
import io.outdial.api.codes.Codes;
import io.outdial.api.data.CatalogueResource;
import io.outdial.api.errors.Violations;
import io.outdial.store.CatalogueStore.PlanWithTrunk;
import io.outdial.store.Column;
import io.outdial.store.Rows;
import io.outdial.store.Rows.PlanRow;
import io.outdial.workflows.AmiLimits;
import io.outdial.workflows.PlanBounds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Body of {@code POST /v1/plans} and {@code PUT /v1/plans/{id}}: how to dial, and through which
 * trunk ({@code trunkId}, a trunk of a {@code /v1/pbxs} PBX; absent: the default PBX, the one
 * workers reach through their AMI_* environment, as before PBXs were resources). Absent fields take
 * the defaults of PRODUCT.md 2 (a PUT replaces every field). The read-only fields of a plan as the
 * API shows it ({@link #READ_ONLY}) are ignored, so a plan read can be sent back changed.
 */
@JsonIgnoreProperties({"id", "dialModeName", "dlEndHandleName"})
public record PlanRequest(
    String name,
    String detail,
    CodeOrName dialMode,
    Integer dialTimeout,
    String callerId,
    String techName,
    String trunkName,
    String trunkId,
    Integer retryDelay,
    List<Integer> maxRetry,
    Integer serviceLevel,
    CodeOrName dlEndHandle,
    Map<String, String> variables,
    String earlyMedia,
    String codecs,
    Integer maxConcurrentCalls,
    Double callsPerSecond)
    implements CatalogueResource.Request<PlanWithTrunk> {

  /** Fields of a plan read that a write ignores (the server keeps or derives them). */
  public static final java.util.Set<String> READ_ONLY =
      java.util.Set.of("id", "dialModeName", "dlEndHandleName");

  public static final int DEFAULT_DIAL_TIMEOUT_MS = 30_000;
  public static final String DEFAULT_TECH_NAME = "PJSIP/";
  public static final int DEFAULT_RETRY_DELAY_S = 60;
  public static final int DEFAULT_MAX_RETRY = 5;

  // These go into AMI Originate headers (Channel, CallerID): a character outside these sets
  // could end the header line or change the channel that is dialled.
  static final Pattern TECH_NAME = Pattern.compile("^[A-Za-z0-9]+/$");
  static final Pattern TRUNK_NAME = Pattern.compile("^[A-Za-z0-9_.\\-]*$");
  // EarlyMedia and Codecs become Originate headers as well.
  static final Pattern EARLY_MEDIA = Pattern.compile("^(?i:true|false|yes|no)?$");
  static final Pattern CODECS = Pattern.compile("^[A-Za-z0-9_]*(,[A-Za-z0-9_]+)*$");

  /**
   * Checks every rule but that the trunk exists (which the store checks when it writes the plan),
   * and returns the row to store, or throws a 422 listing every broken rule.
   */
  @Override
  public PlanWithTrunk toRow(String id) {
    return toRow(id, trunk -> true);
  }

  /**
   * Checks every rule, {@code trunkExists} saying whether a trunk of this id exists, and returns
   * the row to store, or throws a 422 listing every broken rule.
   */
  public PlanWithTrunk toRow(String id, Predicate<String> trunkExists) {
    Violations v = new Violations();
    v.requiredText("name", name, Column.PLAN_NAME);
    v.text("detail", detail, Column.PLAN_DETAIL);
    Integer mode = v.code("dialMode", dialMode, Codes.DIAL_MODE, 0);
    v.range(
        "dialTimeout", dialTimeout, PlanBounds.DIAL_TIMEOUT_MIN_MS, PlanBounds.DIAL_TIMEOUT_MAX_MS);
    if (v.text("callerId", callerId, Column.PLAN_CALLER_ID)) {
      v.amiHeaderValue("callerId", callerId, "CallerID");
    }
    boolean techOk = v.text("techName", techName, Column.PLAN_TECH_NAME, TECH_NAME);
    if (v.text("trunkName", trunkName, Column.PLAN_TRUNK_NAME, TRUNK_NAME) && techOk) {
      channelFits(v);
    }
    if (v.uuid("trunkId", trunkId) && trunkId != null && !trunkExists.test(trunkId)) {
      v.add("trunkId", "trunk " + trunkId + " does not exist");
    }
    v.range("retryDelay", retryDelay, 0, 604_800);
    List<Integer> retries = maxRetry(v);
    v.range("serviceLevel", serviceLevel, 0, 1000);
    Integer endHandle = v.code("dlEndHandle", dlEndHandle, Codes.DL_END_HANDLE, 1);
    v.variables("variables", variables, Column.PLAN_VARIABLES);
    if (earlyMedia != null && !EARLY_MEDIA.matcher(earlyMedia).matches()) {
      v.add("earlyMedia", "must be true, false, yes or no");
    }
    v.text("codecs", codecs, Column.PLAN_CODECS, CODECS);
    v.range("maxConcurrentCalls", maxConcurrentCalls, 1, 10_000);
    v.range(
        "callsPerSecond",
        callsPerSecond,
        PlanBounds.CALLS_PER_SECOND_MIN,
        PlanBounds.CALLS_PER_SECOND_MAX);
    v.throwIfAny("invalid plan");
    PlanRow row =
        new PlanRow(
            id,
            name.strip(),
            detail,
            mode,
            dialTimeout == null ? DEFAULT_DIAL_TIMEOUT_MS : dialTimeout,
            emptyToNull(callerId),
            techName == null ? DEFAULT_TECH_NAME : techName,
            emptyToNull(trunkName),
            retryDelay == null ? DEFAULT_RETRY_DELAY_S : retryDelay,
            retries,
            serviceLevel == null ? 0 : serviceLevel,
            endHandle,
            variables == null ? Map.of() : new LinkedHashMap<>(variables),
            emptyToNull(earlyMedia),
            emptyToNull(codecs),
            maxConcurrentCalls,
            callsPerSecond);
    return new PlanWithTrunk(row, trunkId);
  }

  /**
   * Longest trunk name that, with {@code techName}, keeps every channel this plan dials within what
   * Asterisk reads: {@code <tech><number>@<trunk>}, for the longest number an entry can hold.
   */
  public static int trunkNameMax(String techName) {
    return AmiLimits.CHANNEL_BYTES - techName.length() - Column.ENTRY_NUMBER.max - "@".length();
  }

  /** The Originate channel {@code <tech><number>@<trunk>} fits for every number (ASCII only). */
  private void channelFits(Violations v) {
    String tech = techName == null ? DEFAULT_TECH_NAME : techName;
    if (trunkName != null && !trunkName.isEmpty() && trunkName.length() > trunkNameMax(tech)) {
      v.add(
          "trunkName",
          "must be at most "
              + trunkNameMax(tech)
              + " characters with techName "
              + tech
              + ": the channel <tech><number>@<trunk>, with a number of up to "
              + Column.ENTRY_NUMBER.max
              + " characters, must fit the "
              + AmiLimits.CHANNEL_BYTES
              + " bytes Asterisk reads of an Originate's channel");
    }
  }

  /** Up to 8 attempts-per-number limits; missing slots (and nulls) take the default. */
  private List<Integer> maxRetry(Violations v) {
    List<Integer> out = new ArrayList<>(Rows.NUMBER_SLOTS);
    if (maxRetry != null && maxRetry.size() > Rows.NUMBER_SLOTS) {
      v.add("maxRetry", "must have at most " + Rows.NUMBER_SLOTS + " values");
    }
    for (int i = 0; i < Rows.NUMBER_SLOTS; i++) {
      Integer value = maxRetry != null && i < maxRetry.size() ? maxRetry.get(i) : null;
      if (v.range("maxRetry[" + i + "]", value, 0, 100)) {
        out.add(value == null ? DEFAULT_MAX_RETRY : value);
      }
    }
    return out;
  }

  /** Whether going from {@code a} to {@code b} changes how calls are made (not just names). */
  public static boolean changesDialing(PlanRow a, PlanRow b) {
    return !a.equals(
        new PlanRow(
            a.id(),
            a.name(),
            a.detail(),
            b.dialMode(),
            b.dialTimeoutMs(),
            b.callerId(),
            b.techName(),
            b.trunkName(),
            b.retryDelaySeconds(),
            b.maxRetry(),
            b.serviceLevel(),
            b.dlEndHandle(),
            b.variables(),
            b.earlyMedia(),
            b.codecs(),
            b.maxConcurrentCalls(),
            b.callsPerSecond()));
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
