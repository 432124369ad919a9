package io.outdial.api.pbxs;

import io.outdial.store.PbxStore.TrunkRow;

/** A trunk as the API shows it; its id is what a plan's {@code trunkId} names. */
public record TrunkResponse(String id, String name, Integer maxChannels, Double callsPerSecond) {
  public static TrunkResponse of(TrunkRow t) {
    return new TrunkResponse(t.id(), t.name(), t.maxChannels(), t.callsPerSecond());
  }
}
