package io.outdial.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outdial.store.CampaignStore.DialContext;
import io.outdial.store.Column;
import io.outdial.store.Json;
import io.outdial.store.Rows.AttemptRow;
import io.outdial.store.Rows.AttemptState;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.workflows.AmiLimits;
import io.outdial.workflows.StatusChange;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.asteriskjava.manager.action.OriginateAction;
import org.junit.jupiter.api.Test;

/**
 * The Originate as it is built from stored rows, and what is refused before anything is sent
 * because Asterisk would not read it as meant (issue #10).
 */
class OriginateActionTest {
  private static final AttemptRow ATTEMPT =
      new AttemptRow(
          "a1",
          "c1",
          "e1",
          0,
          "5551000",
          1,
          AttemptState.RESERVED,
          0,
          null,
          null,
          Instant.EPOCH,
          null);

  private static PlanRow plan(String trunk, Map<String, String> vars) {
    return new PlanRow(
        "p1",
        "plan",
        null,
        0,
        30_000,
        "\"ACME\" <5551234>",
        "PJSIP/",
        trunk,
        60,
        Collections.nCopies(8, 5),
        0,
        1,
        vars,
        null,
        null,
        null,
        null);
  }

  private static DestinationRow extension(String priority) {
    return new DestinationRow(
        "d1",
        "dest",
        null,
        DestinationRow.TYPE_EXTENSION,
        "from-dialer",
        "100",
        priority,
        null,
        null,
        Map.of());
  }

  private static EntryRow entry(Map<String, String> vars) {
    return new EntryRow(
        "e1",
        "l1",
        null,
        null,
        List.of("5551000", "", "", "", "", "", "", ""),
        null,
        null,
        vars,
        null,
        0,
        Collections.nCopies(8, 0),
        null,
        null,
        null,
        null);
  }

  private static OriginateAction build(PlanRow plan, DestinationRow dest, EntryRow entry) {
    DialContext ctx =
        new DialContext(
            new CampaignRow("c1", "c", null, "p1", "d1", "l1", "{}", null, 1, null),
            plan,
            dest,
            new DlmaRow("l1", "list", null, Map.of()));
    return DialActivitiesImpl.originateAction(ATTEMPT, ctx, entry);
  }

  private static void refused(Runnable build, String message) {
    assertThatThrownBy(build::run)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(DialActivitiesImpl.ORIGINATE_INVALID);
              assertThat(f.getOriginalMessage()).contains(message);
            });
  }

  @Test
  void aNumericPriorityIsSentAndALabelIsRefusedBeforeAnythingLeaves() {
    OriginateAction a = build(plan(null, Map.of()), extension("2"), entry(Map.of()));
    assertThat(a.getPriority()).isEqualTo(2);
    assertThat(a.getChannel()).isEqualTo("PJSIP/5551000");
    // Before, Integer.parseInt threw NumberFormatException on every retry.
    refused(
        () -> build(plan(null, Map.of()), extension("start"), entry(Map.of())),
        "priority 'start' is not a whole number");
    refused(() -> build(plan(null, Map.of()), extension("0"), entry(Map.of())), "priority '0'");
  }

  @Test
  void aChannelLongerThanAsteriskCopiesIsRefused() {
    String trunk = "t".repeat(AmiLimits.CHANNEL_BYTES - "PJSIP/5551000@".length());
    assertThat(build(plan(trunk, Map.of()), extension("1"), entry(Map.of())).getChannel())
        .hasSize(AmiLimits.CHANNEL_BYTES);
    refused(
        () -> build(plan(trunk + "t", Map.of()), extension("1"), entry(Map.of())),
        "longer than Asterisk's 255 bytes");
  }

  @Test
  void variablesMustFitAsterisksHeaderCountAndLineLength() {
    Map<String, String> planVars = new LinkedHashMap<>();
    Map<String, String> entryVars = new LinkedHashMap<>();
    for (int i = 0; i < AmiLimits.ORIGINATE_VARIABLES; i++) {
      (i % 2 == 0 ? planVars : entryVars).put("V" + i, "x");
    }
    assertThat(build(plan(null, planVars), extension("1"), entry(entryVars)).getVariables())
        .hasSize(AmiLimits.ORIGINATE_VARIABLES);
    entryVars.put("ONE_MORE", "x");
    refused(
        () -> build(plan(null, planVars), extension("1"), entry(entryVars)),
        "Asterisk reads at most " + AmiLimits.ORIGINATE_VARIABLES);

    // "Variable: LONG=" and CRLF leave 1024 - 17 bytes for the value; "é" is two of them.
    String fits = "é".repeat((AmiLimits.LINE_BYTES - "Variable: LONG=".length() - 2) / 2);
    assertThat(
            build(plan(null, Map.of("LONG", fits)), extension("1"), entry(Map.of())).getVariables())
        .containsEntry("LONG", fits);
    refused(
        () -> build(plan(null, Map.of("LONG", fits + "é")), extension("1"), entry(Map.of())),
        "variable LONG does not fit one AMI line of 1024 bytes");
  }

  @Test
  void variablesAreTheEntrysOverTheDialListsOverTheDestinationsOverThePlans() {
    DialContext ctx =
        new DialContext(
            new CampaignRow("c1", "c", null, "p1", "d1", "l1", "{}", null, 1, null),
            plan(null, Map.of("A", "plan", "B", "plan", "C", "plan", "D", "plan")),
            new DestinationRow(
                "d1",
                "dest",
                null,
                DestinationRow.TYPE_EXTENSION,
                "from-dialer",
                "100",
                "1",
                null,
                null,
                Map.of("B", "destination", "C", "destination", "D", "destination")),
            new DlmaRow("l1", "list", null, Map.of("C", "list", "D", "list")));
    Map<String, String> sent =
        DialActivitiesImpl.originateAction(ATTEMPT, ctx, entry(Map.of("D", "entry")))
            .getVariables();
    assertThat(sent)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("A", "plan", "B", "destination", "C", "list", "D", "entry"));
  }

  @Test
  void variableValuesAreEscapedSoAsteriskKeepsThemAsTheyAre() {
    // Unescaped, Asterisk 22.10.1 read "Smith, X=evil" as NAME=Smith and a second variable
    // " X"=evil, and dropped quotes and backslashes.
    Map<String, String> vars =
        Map.of(
            "NAME",
            "Smith, X=evil",
            "QUOTE",
            "say \"hi\" (or [not])",
            "PATH",
            "C:\\dir\\",
            "PLAIN",
            "a=b; $x {y}");
    Map<String, String> sent =
        build(plan(null, vars), extension("1"), entry(Map.of())).getVariables();
    assertThat(sent)
        .containsEntry("NAME", "Smith\\, X=evil")
        .containsEntry("QUOTE", "say \\\"hi\\\" \\(or \\[not\\]\\)")
        .containsEntry("PATH", "C:\\\\dir\\\\")
        .containsEntry("PLAIN", "a=b; $x {y}");
    // The escapes count towards Asterisk's line: a value that fits only unescaped is refused.
    String commas = ",".repeat((AmiLimits.LINE_BYTES - "Variable: C=".length() - 2) / 2 + 1);
    refused(
        () -> build(plan(null, Map.of("C", commas)), extension("1"), entry(Map.of())),
        "variable C does not fit one AMI line");
  }

  @Test
  void aTrailQuotingAsteriskIsCutToFitItsColumns() {
    String message = "Originate refused by Asterisk: " + "é".repeat(40_000);
    String json =
        DialActivitiesImpl.trailJson(
            List.of(new StatusChange(1, 1, null), new StatusChange(10, 2, message)));
    assertThat(Column.RESULT_STATUS_TRAIL.fits(json)).isTrue();
    StatusChange[] trail = Json.read(json, StatusChange[].class);
    assertThat(trail).hasSize(2);
    assertThat(trail[1].detail())
        .startsWith("Originate refused by Asterisk: éé")
        .endsWith("\u2026");
    assertThat(Column.RESULT_DETAIL.fits(trail[1].detail())).isTrue();
  }
}
