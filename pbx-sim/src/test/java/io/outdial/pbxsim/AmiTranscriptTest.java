package io.outdial.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AmiTranscriptTest {

  private static final Pattern CLIENT_BLOCK =
      Pattern.compile(
          ";;;;;;;; >>> SENT BY CLIENT.*?;;;;;;;; <<< END SENT <<< ;;;;;;;;\r\n", Pattern.DOTALL);

  static java.util.stream.Stream<String> recordings() {
    return AmiTranscript.scenarioNames().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void serverBytesAreTheFileWithoutTheInsertedMarkers(String scenario) throws IOException {
    String file = new String(resource(scenario + ".ami"), StandardCharsets.ISO_8859_1);
    String expected =
        CLIENT_BLOCK
            .matcher(file)
            .replaceAll("")
            .replace(AmiTranscript.CONNECTION_CLOSED_MARKER + "\r\n", "");
    AmiTranscript transcript = AmiTranscript.load(scenario);
    assertThat(new String(transcript.serverBytes(), StandardCharsets.ISO_8859_1))
        .isEqualTo(expected);
    assertThat(transcript.banner().text()).isEqualTo("Asterisk Call Manager/11.0.0");
    assertThat(transcript.clientActions()).isNotEmpty();
  }

  @Test
  void serverMessagesGetTheirTimeFromTheTimeline() {
    AmiTranscript busy = AmiTranscript.load("busy");
    assertThat(busy.serverMessages())
        .hasSize(30)
        .allSatisfy(message -> assertThat(message.offsetMs()).isNotNegative());
    AmiTranscript.ServerMessage originateResponse =
        busy.serverMessages().stream()
            .filter(message -> "OriginateResponse".equals(message.message().eventName()))
            .findFirst()
            .orElseThrow();
    assertThat(originateResponse.offsetMs()).isEqualTo(2004);
    assertThat(busy.clientActions().get(2).action().actionName()).isEqualTo("Originate");
    assertThat(busy.clientActions().get(2).offsetMs()).isEqualTo(2002);
    assertThat(busy.entries().get(busy.entries().size() - 1))
        .isInstanceOf(AmiTranscript.ConnectionClosed.class);
  }

  @Test
  void messagesKeepEmptyValuesAndFieldOrder() {
    AmiMessage newchannel =
        AmiTranscript.load("busy").serverMessages().stream()
            .filter(message -> "Newchannel".equals(message.message().eventName()))
            .findFirst()
            .orElseThrow()
            .message();
    assertThat(newchannel.get("AccountCode")).isEmpty();
    assertThat(newchannel.fields().get(0)).isEqualTo(new AmiMessage.Field("Event", "Newchannel"));
    assertThat(newchannel.get("uniqueid"))
        .as("keys ignore case")
        .isEqualTo("cf76e790-11f6-4abd-bc6e-0e60d96880b4");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in =
        AmiTranscriptTest.class.getResourceAsStream(AmiTranscript.RESOURCE_DIRECTORY + name)) {
      assertThat(in).as(name).isNotNull();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toByteArray();
    }
  }
}
