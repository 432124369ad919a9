package io.outdial.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PbxSimulatorConfigTest {

  @Test
  void defaultsAreTheRecordedPbx() {
    PbxSimulatorConfig config = PbxSimulatorConfig.defaults();
    assertThat(config.port()).isZero();
    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.username()).isEqualTo("dialer");
    assertThat(config.secret()).isEqualTo("s3cret");
    assertThat(config.queues()).containsOnlyKeys("sales");
    assertThat(config.contexts()).contains("targets", "agents");
    assertThat(config.capacity()).isZero();
    assertThat(config.shuffleSeed()).isNull();
  }

  @Test
  void theEnvironmentConfiguresTheCli() {
    PbxSimulatorConfig config =
        PbxSimulatorConfig.fromEnvironment(
            Map.of(
                "PBXSIM_USERNAME", "bench",
                "PBXSIM_SECRET", "pw",
                "PBXSIM_RULES", "5551*=busy",
                "PBXSIM_ORIGINATE_LOG", "/tmp/originates.tsv",
                "PBXSIM_CAPACITY", "30",
                "PBXSIM_QUEUES", "sales:5:3;support:2:2",
                "PBXSIM_TIME_SCALE", "0.5",
                "PBXSIM_SHUFFLE_SEED", "42",
                "PBXSIM_CONTEXTS", "from-internal"));
    assertThat(config.port()).isEqualTo(5038);
    assertThat(config.username()).isEqualTo("bench");
    assertThat(config.secret()).isEqualTo("pw");
    assertThat(config.rules().behaviourFor("5551000").outcome()).isEqualTo(Outcome.BUSY);
    assertThat(config.originateLog()).isEqualTo(Path.of("/tmp/originates.tsv"));
    assertThat(config.capacity()).isEqualTo(30);
    assertThat(config.queues())
        .containsEntry("support", new QueueConfig("support", 2, 2))
        .containsEntry("sales", new QueueConfig("sales", 5, 3));
    assertThat(config.timeScale()).isEqualTo(0.5);
    assertThat(config.shuffleSeed()).isEqualTo(42L);
    assertThat(config.contexts()).contains("from-internal", "targets");
  }

  @Test
  void badSettingsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> PbxSimulatorConfig.fromEnvironment(Map.of("PBXSIM_PORT", "many")))
        .hasMessageContaining("PBXSIM_PORT");
    assertThatThrownBy(() -> PbxSimulatorConfig.fromEnvironment(Map.of("PBXSIM_QUEUES", "sales:1")))
        .hasMessageContaining("name:loggedIn:available");
    assertThatThrownBy(() -> PbxSimulatorConfig.builder().timeScale(0).build())
        .hasMessageContaining("timeScale");
  }

  @Test
  void theControlPortDropsTheLinkAndCountsOriginates() throws Exception {
    try (PbxSimulator pbx = PbxSimulator.start(PbxSimulatorConfig.defaults());
        ControlPort control = ControlPort.start(pbx, 0)) {
      assertThat(command(control, "originates")).containsExactly("total\t0");
      assertThat(command(control, "calls")).containsExactly("up\t0", "peak\t0");
      assertThat(command(control, "drop 0.2"))
          .singleElement()
          .asString()
          .startsWith("ok dropped 0 connection(s)");
      assertThat(command(control, "drop")).singleElement().asString().startsWith("error");
      assertThat(command(control, "reboot"))
          .singleElement()
          .asString()
          .startsWith("error: unknown command");
    }
  }

  private static List<String> command(ControlPort control, String command) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", control.port())) {
      PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out.println(command);
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
      return lines;
    }
  }
}
