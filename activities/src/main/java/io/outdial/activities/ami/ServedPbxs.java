package io.outdial.activities.ami;

import io.outdial.store.CampaignStore;
import io.outdial.store.Database;
import io.outdial.store.PbxStore.PbxRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The PBXs a worker serves ({@code OUTDIAL_PBXS}, names separated by commas; {@code default} when
 * unset) and how it reaches each one's AMI. The default PBX is reached through the worker's {@code
 * AMI_*} environment; any other through its row in the {@code pbx} table (the API's {@code
 * /v1/pbxs}), whose secret the worker reads from where the row's {@code secretRef} points: an
 * environment variable ({@code env:NAME}) or a file ({@code file:/path}).
 */
public final class ServedPbxs {
  /** A PBX's name: its lanes' and task queue's name (the API's rule). */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,47}");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** One PBX this worker holds an AMI connection to. */
  public record Served(String name, AmiConfig ami) {}

  /** Reads a PBX's row by name. */
  public interface Rows {
    Optional<PbxRow> find(String name);
  }

  private ServedPbxs() {}

  /**
   * The PBXs of {@code OUTDIAL_PBXS}, each with its AMI settings; refuses at once what is wrong.
   */
  public static List<Served> fromEnvironment(Map<String, String> env, Rows rows) {
    String list = env.getOrDefault("OUTDIAL_PBXS", CampaignStore.DEFAULT_PBX).trim();
    Set<String> names = new LinkedHashSet<>();
    for (String n : list.split(",")) {
      String name = n.trim();
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "OUTDIAL_PBXS: '"
                + name
                + "' is not a PBX name (lower-case letters, digits and '-', starting with a letter,"
                + " at most 48)");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException("OUTDIAL_PBXS: " + name + " is named twice");
      }
    }
    List<Served> served = new ArrayList<>();
    for (String name : names) {
      if (name.equals(CampaignStore.DEFAULT_PBX)) {
        served.add(new Served(name, AmiConfig.fromEnvironment(env)));
        continue;
      }
      PbxRow row =
          rows.find(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "OUTDIAL_PBXS: there is no PBX named " + name + " (see /v1/pbxs)"));
      served.add(
          new Served(
              name,
              new AmiConfig(row.amiHost(), row.amiPort(), row.amiUser(), secret(name, row, env))));
    }
    return served;
  }

  /** The rows of the {@code pbx} table ({@code /v1/pbxs}). */
  public static Rows rowsOf(Database db) {
    return db.pbxs()::findByName;
  }

  /** The AMI secret a PBX's {@code secretRef} points to; never logged. */
  static String secret(String pbx, PbxRow row, Map<String, String> env) {
    String ref = row.secretRef() == null ? "" : row.secretRef();
    if (ref.startsWith("env:")) {
      String var = ref.substring(4);
      if (!ENV_NAME.matcher(var).matches()) {
        throw new IllegalArgumentException(
            "PBX " + pbx + ": secretRef env:" + var + " is not an environment variable's name");
      }
      String value = env.get(var);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(
            "PBX " + pbx + ": its AMI secret is read from $" + var + ", which is not set");
      }
      return value;
    }
    if (ref.startsWith("file:")) {
      Path file = Path.of(ref.substring(5));
      try {
        String value = Files.readString(file).strip();
        if (value.isEmpty()) {
          throw new IllegalArgumentException(
              "PBX " + pbx + ": its AMI secret file " + file + " is empty");
        }
        return value;
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "PBX " + pbx + ": its AMI secret file " + file + " cannot be read: " + e, e);
      }
    }
    throw new IllegalArgumentException(
        "PBX " + pbx + ": secretRef must be env:NAME or file:/path, not '" + ref + "'");
  }
}
