package io.outdial.pbxsim;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the simulator as a process. Settings come from the environment (see {@link
 * PbxSimulatorConfig#fromEnvironment}); {@code PBXSIM_CONTROL_PORT} (default 0 = off) opens the
 * {@link ControlPort} on 127.0.0.1. Stops on SIGTERM/SIGINT.
 */
public final class PbxSimulatorMain {

  /** Our own logback configuration, used unless the caller chose one. */
  static final String LOGBACK_CONFIGURATION = "pbxsim-logback.xml";

  private PbxSimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    // Must happen before the first logger is created, hence no static Logger field in this class.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIGURATION);
    }
    Logger log = LoggerFactory.getLogger(PbxSimulatorMain.class);
    Map<String, String> env = System.getenv();
    PbxSimulatorConfig config;
    int controlPort;
    try {
      config = PbxSimulatorConfig.fromEnvironment(env);
      String control = env.get("PBXSIM_CONTROL_PORT");
      controlPort = control == null || control.isBlank() ? 0 : Integer.parseInt(control.trim());
    } catch (IllegalArgumentException e) {
      log.error("bad configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    PbxSimulator simulator;
    ControlPort controlServer = null;
    try {
      simulator = PbxSimulator.start(config);
      if (controlPort > 0) {
        controlServer = ControlPort.start(simulator, controlPort);
      }
    } catch (IOException e) {
      log.error("cannot start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    ControlPort controlToClose = controlServer;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (controlToClose != null) {
                      controlToClose.close();
                    }
                  } catch (IOException e) {
                    log.debug("closing the control port failed", e);
                  }
                  simulator.close();
                  stopped.countDown();
                },
                "pbxsim-shutdown"));
    stopped.await();
  }
}
