package io.outdial.e2e.dial;

import java.util.Map;

/**
 * {@link RecordedScenariosIT} with the simulator sending each call's events in a random order
 * within what the recordings allow (events of different legs interleaved differently, as a loaded
 * Asterisk does): every scenario must come out the same.
 */
class ShuffledScenariosIT extends RecordedScenariosIT {
  @Override
  Map<String, String> simulatorSettings() {
    long seed = Long.getLong("pbxsim.seed", System.nanoTime());
    System.out.println(
        "simulator event order shuffled with seed "
            + seed
            + " (-Dpbxsim.seed="
            + seed
            + " repeats it)");
    return Map.of("PBXSIM_SHUFFLE_SEED", String.valueOf(seed));
  }
}
