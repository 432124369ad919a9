package io.outdial.activities.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outdial.activities.ami.ServedPbxs.Served;
import io.outdial.store.PbxStore.PbxRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedPbxsTest {
  private static PbxRow row(String host, int port, String user, String secretRef) {
    return new PbxRow("id", "name", null, host, port, user, secretRef, List.of());
  }

  private static final ServedPbxs.Rows NONE = name -> Optional.empty();

  @Test
  void withoutOutdialPbxsTheWorkerServesTheDefaultPbxOfItsAmiEnvironment() {
    List<Served> served =
        ServedPbxs.fromEnvironment(
            Map.of("AMI_HOST", "pbx1", "AMI_PORT", "5039", "AMI_SECRET", "x"), NONE);
    assertThat(served)
        .containsExactly(new Served("default", new AmiConfig("pbx1", 5039, "dialer", "x")));
  }

  @Test
  void aNamedPbxIsReachedAsItsRowSaysWithItsSecretFromTheVariableTheRowNames() {
    ServedPbxs.Rows rows =
        name ->
            name.equals("east")
                ? Optional.of(row("10.0.0.5", 5038, "outdial", "env:EAST_AMI_SECRET"))
                : Optional.empty();
    List<Served> served =
        ServedPbxs.fromEnvironment(
            Map.of("OUTDIAL_PBXS", " default, east ", "EAST_AMI_SECRET", "pw-east"), rows);
    assertThat(served).extracting(Served::name).containsExactly("default", "east");
    assertThat(served.get(1).ami())
        .isEqualTo(new AmiConfig("10.0.0.5", 5038, "outdial", "pw-east"));
    // The secret is never printed.
    assertThat(served.get(1).ami().toString()).doesNotContain("pw-east");
  }

  @Test
  void aSecretFileIsReadWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("west.secret");
    Files.writeString(file, "pw-west\n");
    ServedPbxs.Rows rows = name -> Optional.of(row("w", 5038, "u", "file:" + file));
    assertThat(
            ServedPbxs.fromEnvironment(Map.of("OUTDIAL_PBXS", "west"), rows).get(0).ami().secret())
        .isEqualTo("pw-west");
  }

  @Test
  void whatCannotBeServedIsRefusedAtStartNamingWhatIsWrong(@TempDir Path dir) {
    ServedPbxs.Rows rows = name -> Optional.of(row("h", 5038, "u", "env:MISSING_SECRET"));
    assertThatThrownBy(() -> ServedPbxs.fromEnvironment(Map.of("OUTDIAL_PBXS", "east"), rows))
        .hasMessage("PBX east: its AMI secret is read from $MISSING_SECRET, which is not set");
    assertThatThrownBy(() -> ServedPbxs.fromEnvironment(Map.of("OUTDIAL_PBXS", "east"), NONE))
        .hasMessageContaining("there is no PBX named east");
    assertThatThrownBy(() -> ServedPbxs.fromEnvironment(Map.of("OUTDIAL_PBXS", "East"), NONE))
        .hasMessageContaining("'East' is not a PBX name");
    assertThatThrownBy(() -> ServedPbxs.fromEnvironment(Map.of("OUTDIAL_PBXS", "a,a"), NONE))
        .hasMessageContaining("a is named twice");
    ServedPbxs.Rows noFile =
        name -> Optional.of(row("h", 5038, "u", "file:" + dir.resolve("absent")));
    assertThatThrownBy(() -> ServedPbxs.fromEnvironment(Map.of("OUTDIAL_PBXS", "east"), noFile))
        .hasMessageContaining("its AMI secret file")
        .hasMessageContaining("cannot be read");
    ServedPbxs.Rows badRef = name -> Optional.of(row("h", 5038, "u", "vault:x"));
    assertThatThrownBy(() -> ServedPbxs.fromEnvironment(Map.of("OUTDIAL_PBXS", "east"), badRef))
        .hasMessageContaining("secretRef must be env:NAME or file:/path");
  }
}
