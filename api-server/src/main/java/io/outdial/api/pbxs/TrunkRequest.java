package io.outdial.api.pbxs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One trunk of a {@link PbxRequest}: its name (unique within the PBX, case ignored) and the limits
 * that hold across every campaign dialing through it (null: no limit of the trunk's own). The id of
 * a trunk read is accepted and ignored: a trunk is matched by its name.
 */
@JsonIgnoreProperties({"id"})
public record TrunkRequest(String name, Integer maxChannels, Double callsPerSecond) {
  /** Fields of a trunk read that a write ignores. */
  public static final Set<String> READ_ONLY = Set.of("id");

  /**
   * The characters of a plan's trunkName: a trunk is an endpoint of the PBX, which a channel names
   * as {@code <tech><number>@<trunk>}.
   */
  public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.\\-]+$");

  public static final int MAX_CHANNELS = 100_000;
}
