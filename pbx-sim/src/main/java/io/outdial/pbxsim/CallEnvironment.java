package io.outdial.pbxsim;

import java.util.concurrent.ScheduledExecutorService;

/** What a simulated call needs from the simulator running it. */
interface CallEnvironment {

  ScheduledExecutorService scheduler();

  LiveChannels channels();

  CallTemplates templates();

  /** Factor applied to every call delay. */
  double timeScale();

  /** Sends an event to every logged-in session that has events on. */
  void broadcast(AmiMessage event);

  /** A call connected to ({@code +1}) or left ({@code -1}) an agent of that queue. */
  void agentBusy(String queue, int delta);

  /** The call has sent its last event. */
  void callFinished(SimulatedCall call);

  /**
   * The next 8-hex-digit channel sequence, as Asterisk appends to channel names ({@code
   * -0000002a}).
   */
  String nextChannelSequence();

  /** A fresh Asterisk-style Uniqueid, {@code <epoch>.<n>}. */
  String nextUniqueid();
}
