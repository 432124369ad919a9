package io.outdial.api.pbxs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.outdial.api.errors.Violations;
import io.outdial.store.Column;
import io.outdial.store.PbxStore;
import io.outdial.store.PbxStore.PbxRow;
import io.outdial.store.PbxStore.TrunkRow;
import io.outdial.workflows.PlanBounds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Body of {@code POST /v1/pbxs} and {@code PUT /v1/pbxs/{id}}: how workers reach one Asterisk's
 * AMI, and its trunks. There is no field for the AMI secret: {@code secretRef} says where a worker
 * reads it ({@code env:NAME} or {@code file:/path}), so a request carrying a secret is refused as
 * an unknown field. Absent fields take their defaults (a PUT replaces every field, and the list of
 * trunks); the id of a PBX read is ignored, so a read can be sent back changed.
 */
@JsonIgnoreProperties({"id"})
public record PbxRequest(
    String name,
    String detail,
    String amiHost,
    Integer amiPort,
    String amiUser,
    String secretRef,
    List<TrunkRequest> trunks) {

  /** Fields of a PBX read that a write ignores. */
  public static final Set<String> READ_ONLY = Set.of("id");

  /**
   * A PBX's name names its task queue and dialing lanes ({@code <queue>/pbx-<name>}): lower-case
   * ASCII letters, digits and '-', starting with a letter; "default" is the PBX workers reach
   * through their AMI_* environment, which no row stands for.
   */
  public static final Pattern NAME = Pattern.compile("^(?!default$)[a-z][a-z0-9-]*$");

  /** A host name or an IPv4 or IPv6 address (with a zone, or in brackets). */
  public static final Pattern AMI_HOST = Pattern.compile("^[A-Za-z0-9._:%\\[\\]-]+$");

  /** Where a worker reads the AMI secret: an environment variable, or an absolute file path. */
  public static final Pattern SECRET_REF =
      Pattern.compile("^(env:[A-Za-z_][A-Za-z0-9_]*|file:/[^\\x00-\\x1F\\x7F]+)$");

  public static final int MAX_TRUNKS = 100;

  /**
   * Checks every rule and returns the row to store, or throws a 422 listing every broken rule.
   * {@code newId} gives the ids of trunks (the store keeps the old id of a trunk whose name stays);
   * {@code fixedName}, on a replace, is the PBX's name, which cannot change.
   */
  public PbxRow toRow(String id, Supplier<String> newId, String fixedName) {
    Violations v = new Violations();
    if (v.text("name", name, Column.PBX_NAME)) {
      if (name == null || name.isEmpty()) {
        v.add("name", "is required");
      } else if (name.equals(io.outdial.store.CampaignStore.DEFAULT_PBX)) {
        v.add(
            "name",
            "must not be default: that is the PBX workers reach through their AMI_* environment");
      } else if (!NAME.matcher(name).matches()) {
        v.add("name", "must match " + NAME.pattern());
      } else if (fixedName != null && !fixedName.equals(name)) {
        v.add(
            "name",
            "cannot change: a PBX's name is fixed once it is created (it names the PBX's task"
                + " queue and dialing lanes), and this one's is "
                + fixedName);
      }
    }
    v.text("detail", detail, Column.PBX_DETAIL);
    if (v.requiredText("amiHost", amiHost, Column.PBX_AMI_HOST)) {
      v.text("amiHost", amiHost, Column.PBX_AMI_HOST, AMI_HOST);
    }
    v.range("amiPort", amiPort, 1, 65_535);
    v.requiredText("amiUser", amiUser, Column.PBX_AMI_USER);
    if (v.requiredText("secretRef", secretRef, Column.PBX_SECRET_REF)) {
      v.text("secretRef", secretRef, Column.PBX_SECRET_REF, SECRET_REF);
    }
    List<TrunkRow> rows = trunks(v, id, newId);
    v.throwIfAny("invalid pbx");
    return new PbxRow(
        id,
        name,
        detail,
        amiHost,
        amiPort == null ? PbxStore.DEFAULT_AMI_PORT : amiPort,
        amiUser.strip(),
        secretRef,
        rows);
  }

  /** The trunks, each checked; names unique within the PBX, case ignored. */
  private List<TrunkRow> trunks(Violations v, String pbxId, Supplier<String> newId) {
    List<TrunkRow> out = new ArrayList<>();
    if (trunks == null) {
      return out;
    }
    if (trunks.size() > MAX_TRUNKS) {
      // The trunks themselves are not judged then: the list is refused whatever they hold.
      v.add("trunks", "must have at most " + MAX_TRUNKS + " trunks");
      return out;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < trunks.size(); i++) {
      TrunkRequest t = trunks.get(i);
      String at = "trunks[" + i + "]";
      if (t == null) {
        v.add(at, "must be an object");
        continue;
      }
      Violations tv = v.under(at + ".");
      boolean nameOk =
          tv.requiredText("name", t.name(), Column.TRUNK_NAME)
              && tv.text("name", t.name(), Column.TRUNK_NAME, TrunkRequest.NAME);
      if (nameOk) {
        Integer first = seen.putIfAbsent(t.name().toLowerCase(Locale.ROOT), i);
        if (first != null) {
          tv.add(
              "name",
              "must be unique within the PBX's trunks, case ignored (trunks["
                  + first
                  + "] has it)");
        }
      }
      tv.range("maxChannels", t.maxChannels(), 1, TrunkRequest.MAX_CHANNELS);
      tv.range(
          "callsPerSecond",
          t.callsPerSecond(),
          PlanBounds.CALLS_PER_SECOND_MIN,
          PlanBounds.CALLS_PER_SECOND_MAX);
      if (nameOk) {
        out.add(new TrunkRow(newId.get(), pbxId, t.name(), t.maxChannels(), t.callsPerSecond()));
      }
    }
    return out;
  }
}
