package io.outdial.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sends the actions of a real Asterisk's filter recording to the simulator, at the recorded pace
 * (halved, with the simulator's time scale halved too), and compares what comes back with what
 * Asterisk sent: every response byte for byte and in order, the same events (by name and count;
 * their order within a call varies from run to run, see the recordings' README) with the same
 * fields, and nothing else. An unfiltered session that logs in after the filters, as the recording
 * client's observer did, gets the whole call.
 */
class RecordedFilterReplayTest {

  private static final double SCALE = 0.5;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"filter", "filter-legacy"})
  void theSimulatorAnswersAsTheRecordedAsteriskDid(String scenario) throws Exception {
    AmiTranscript recording = AmiTranscript.load(scenario);
    PbxSimulatorConfig config = PbxSimulatorConfig.builder().timeScale(SCALE).build();
    try (PbxSimulator pbx = PbxSimulator.start(config);
        RawAmiSession session = RawAmiSession.connect(pbx.port())) {
      long connectedAt = System.nanoTime();
      RawAmiSession observer = null;
      try {
        for (AmiTranscript.ClientAction sent : recording.clientActions()) {
          long due = connectedAt + Math.round(sent.offsetMs() * SCALE * 1_000_000);
          Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
          if (observer == null && "Originate".equals(sent.action().actionName())) {
            observer = RawAmiSession.login(pbx.port(), scenario + "-observer-login");
          }
          session.send(sent.action());
        }
        session.awaitClosed(WAIT);
        assertThat(session.banner()).isEqualTo(recording.banner().text());

        List<String> recorded =
            recording.serverMessages().stream().map(AmiTranscript.ServerMessage::rawText).toList();
        List<String> got = session.messages();
        assertThat(responses(got)).as("responses").containsExactlyElementsOf(responses(recorded));
        assertThat(eventCounts(got)).as("events").isEqualTo(eventCounts(recorded));
        assertThat(fieldNames(got)).as("fields of each event").isEqualTo(fieldNames(recorded));

        String channelId =
            recording.clientActions().stream()
                .map(AmiTranscript.ClientAction::action)
                .filter(action -> "Originate".equals(action.actionName()))
                .findFirst()
                .orElseThrow()
                .get("ChannelId");
        Map<String, Integer> unfiltered = new TreeMap<>();
        observer.events().stream()
            .filter(event -> channelId.equals(event.get("Linkedid")))
            .forEach(event -> unfiltered.merge(event.eventName(), 1, Integer::sum));
        assertThat(unfiltered)
            .as("an unfiltered session gets the whole call")
            .containsKeys("Newchannel", "Newexten", "VarSet", "Newstate", "DialBegin", "Hangup");
        assertThat(unfiltered.values().stream().mapToInt(Integer::intValue).sum())
            .isGreaterThan(60);
      } finally {
        if (observer != null) {
          observer.close();
        }
      }
    }
  }

  private static List<String> responses(List<String> messages) {
    return messages.stream()
        .filter(
            text -> {
              AmiMessage message = AmiMessage.parse(text);
              return message.has("Response") && !message.has("Event");
            })
        .toList();
  }

  private static Map<String, Integer> eventCounts(List<String> messages) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String text : messages) {
      String name = AmiMessage.parse(text).eventName();
      if (name != null) {
        counts.merge(name, 1, Integer::sum);
      }
    }
    return counts;
  }

  /** For each event name, the distinct lists of field names its events had. */
  private static Map<String, Set<String>> fieldNames(List<String> messages) {
    Map<String, Set<String>> names = new TreeMap<>();
    for (String text : messages) {
      AmiMessage message = AmiMessage.parse(text);
      if (message.eventName() != null) {
        List<String> keys = new ArrayList<>();
        message.fields().forEach(field -> keys.add(field.key()));
        names.computeIfAbsent(message.eventName(), name -> new TreeSet<>()).add(keys.toString());
      }
    }
    return names;
  }
}
