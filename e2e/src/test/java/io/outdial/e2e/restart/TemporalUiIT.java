package io.outdial.e2e.restart;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the README's "Inspecting a campaign in the Temporal UI" tells an operator to do, done in
 * headless Chromium against the shared dev server's Web UI (127.0.0.1:8233, only read): filter the
 * workflow list by {@code CampaignId="<id>"}, open the campaign's workflow {@code campaign-<id>},
 * find the operator's Start there (a Workflow Execution Update Accepted event named Start whose
 * input names who asked), follow the campaign's dialing lane (its child workflow) and find its
 * OriginateBatch activity with the attempts it sent. Screenshots of the three pages are left in
 * e2e/target/ui-screenshots/. Last, a result's {@code temporalUiUrl} opens the OriginateBatch event
 * that carried its attempt.
 */
class TemporalUiIT {
  private static final String UI = "http://127.0.0.1:8233";
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void anOperatorFindsTheCampaignItsStartAndAnOriginateInTheWebUi() throws Exception {
    HeadlessChromium.browser(); // fails first, with how to install it, when it is missing
    Path root = RestartScenario.root();
    Path shots = root.resolve("e2e/target/ui-screenshots");
    Files.createDirectories(shots);
    try (Stack stack = new Stack()) {
      if (!PrivateService.portOpen(8233)) {
        throw new AssertionError(
            "the Temporal Web UI is not reachable on "
                + UI
                + "; start the dev server with temporal-dev/temporal.sh start");
      }
      RestartScenario s = new RestartScenario(stack, "temporal ui");
      s.operator = "ui-operator-" + UUID.randomUUID().toString().substring(0, 8);
      s.startProcesses();
      s.createAndStart(3);
      String id = s.campaignId;
      Stack.waitUntil(
          "the campaign to finish its list",
          Duration.ofSeconds(120),
          () -> s.campaignStatus().equals("0 dial list finished"));

      try (HeadlessChromium browser =
          HeadlessChromium.launch(stack.logs.resolve(stack.dbName + "-chromium.log"))) {
        // 1. The workflow list, filtered as the README says.
        String query = "CampaignId=\"" + id + "\"";
        String listUrl =
            UI
                + "/namespaces/default/workflows?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
        Pattern campaignLink =
            Pattern.compile(
                "href=\"(/namespaces/default/workflows/campaign-"
                    + Pattern.quote(id)
                    + "/([0-9a-f-]+)/history)\"");
        String listHtml = null;
        // Visibility may lag a moment behind: load the list again until the row is there.
        long until = System.nanoTime() + PAGE_TIMEOUT.toNanos();
        while (listHtml == null) {
          browser.navigate(listUrl);
          try {
            listHtml =
                browser.waitFor(
                    "the row of campaign-" + id + " in " + listUrl,
                    Duration.ofSeconds(10),
                    browser::html,
                    h -> campaignLink.matcher(h).find(),
                    shots.resolve("campaign-list.html"));
          } catch (AssertionError e) {
            if (System.nanoTime() > until) {
              throw e;
            }
          }
        }
        browser.screenshot(shots.resolve("campaign-list.png"));
        Matcher m = campaignLink.matcher(listHtml);
        assertThat(m.find()).isTrue();
        // The filter lists the campaign's workflow and its dialing lanes, which carry its
        // CampaignId (change children-carry-campaign-id), and nothing of another campaign.
        Matcher rows =
            Pattern.compile("href=\"/namespaces/default/workflows/([^/\"?]+)/[0-9a-f-]+/history\"")
                .matcher(listHtml);
        java.util.Set<String> listed = new java.util.TreeSet<>();
        while (rows.find()) {
          listed.add(rows.group(1));
        }
        assertThat(listed)
            .as("workflows the filter lists")
            .contains("campaign-" + id)
            .allSatisfy(
                w ->
                    assertThat(w)
                        .matches(Pattern.quote("campaign-" + id) + "(%2Flane-default-[0-9]+)?"));
        String historyUrl = UI + m.group(1);

        // 2. The campaign's history: the operator's Start, with who asked. The UI lists the newest
        // events first, 100 to a page; a campaign's history is longer than that, so the oldest
        // are asked for first, as an operator clicks "Descending" to do.
        browser.navigate(historyUrl);
        browser.waitFor(
            "the history's sort button in " + historyUrl,
            PAGE_TIMEOUT,
            () -> browser.eval(clickButton("Descending", "Ascending")),
            n -> n.equals("Ascending"),
            shots.resolve("campaign-history.txt"));
        browser.waitFor(
            "the Start update in " + historyUrl,
            PAGE_TIMEOUT,
            () -> browser.eval(rowsMatching("Workflow Execution Update Accepted", "Start")),
            n -> !n.isEmpty() && Integer.parseInt(n) > 0,
            shots.resolve("campaign-history.txt"));
        browser.eval(clickRows("Workflow Execution Update Accepted", "Start"));
        String history =
            browser.waitFor(
                "who asked for the Start (" + s.operator + ")",
                PAGE_TIMEOUT,
                browser::text,
                t -> t.contains("\"requestedBy\": \"" + s.operator + "\""),
                shots.resolve("campaign-history.txt"));
        assertThat(history).contains("\"name\": \"Start\"").contains("\"reason\": \"temporal ui\"");
        browser.eval(scrollTo("Workflow Execution Update Accepted", "Start"));
        Thread.sleep(500);
        browser.screenshot(shots.resolve("campaign-history-start.png"));

        // 3. The campaign's dialing lane: its child workflow, reached through the UI's own link,
        // where the calls were originated (in batches) and their results recorded.
        browser.eval(clickRows("Child Workflow Execution Started", "DialLaneWorkflow"));
        Pattern laneLink =
            Pattern.compile(
                "href=\"(/namespaces/default/workflows/campaign-"
                    + Pattern.quote(id)
                    + "%2Flane-default-[0-9]+/[0-9a-f-]+/history)\"");
        String withChild =
            browser.waitFor(
                "a link to the campaign's dialing lane",
                PAGE_TIMEOUT,
                browser::html,
                h -> laneLink.matcher(h).find(),
                shots.resolve("campaign-history.html"));
        Matcher a = laneLink.matcher(withChild);
        assertThat(a.find()).isTrue();
        String attemptUrl = UI + a.group(1);
        browser.navigate(attemptUrl);
        browser.waitFor(
            "the OriginateBatch activity in " + attemptUrl,
            PAGE_TIMEOUT,
            () -> browser.eval(rowsMatching("Activity Task Scheduled", "OriginateBatch")),
            n -> !n.isEmpty() && Integer.parseInt(n) > 0,
            shots.resolve("lane-history.txt"));
        browser.eval(clickRows("Activity Task Scheduled", "OriginateBatch"));
        String lane =
            browser.waitFor(
                "the attempts the batch originated",
                PAGE_TIMEOUT,
                browser::text,
                t -> t.contains("\"attemptId\""),
                shots.resolve("lane-history.txt"));
        assertThat(lane).contains("\"laneWorkflowId\"");
        browser.eval(scrollTo("Activity Task Scheduled", "OriginateBatch"));
        Thread.sleep(1000);
        browser.screenshot(shots.resolve("lane-history-originate.png"));

        // 4. A result's own link (GET /v1/results): the event that sent its Originate, opened by
        // the UI itself with the batch's attempts shown.
        var result = stack.get("/v1/results?campaign=" + id).path("items").get(0);
        String resultAttempt = result.path("attemptId").asText();
        String resultUrl = result.path("temporalUiUrl").asText();
        assertThat(resultUrl)
            .startsWith(UI + "/namespaces/default/workflows/campaign-" + id)
            .contains("/history/events/");
        browser.navigate(resultUrl);
        browser.waitFor(
            "attempt " + resultAttempt + " shown at the event its result links to",
            PAGE_TIMEOUT,
            browser::text,
            t -> t.contains(resultAttempt) && t.contains("OriginateBatch"),
            shots.resolve("result-event.txt"));
        Thread.sleep(1000);
        browser.screenshot(shots.resolve("result-originate-event.png"));
        System.out.printf(
            "[temporal ui] found campaign-%s via %s, its Start by %s, and"
                + " OriginateBatch in %s; screenshots in %s%n",
            id, query, s.operator, attemptUrl, shots);
      }
    }
  }

  /**
   * JavaScript: clicks the button showing {@code from} (once it is there) and answers {@code to}
   * when a button shows {@code to}, else "".
   */
  private static String clickButton(String from, String to) {
    return "(() => { const b = [...document.querySelectorAll('button')];"
        + " if (b.some(x => x.innerText.trim() === '"
        + to
        + "')) return '"
        + to
        + "';"
        + " b.filter(x => x.innerText.trim() === '"
        + from
        + "').slice(0, 1).forEach(x => x.click()); return ''; })()";
  }

  /** JavaScript: how many history rows show that event type and that word. */
  private static String rowsMatching(String eventType, String word) {
    return "String([...document.querySelectorAll('tr[data-testid=event-summary-row]')]"
        + ".filter(r => r.innerText.includes('"
        + eventType
        + "') && /\\b"
        + word
        + "\\b/.test(r.innerText)).length)";
  }

  /** JavaScript: scrolls the first history row that shows that event type and word to the top. */
  private static String scrollTo(String eventType, String word) {
    return "String([...document.querySelectorAll('tr[data-testid=event-summary-row]')]"
        + ".filter(r => r.innerText.includes('"
        + eventType
        + "') && /\\b"
        + word
        + "\\b/.test(r.innerText)).slice(0, 1).map(r => { r.scrollIntoView({block: 'start'});"
        + " return 1; }).length)";
  }

  /** JavaScript: expands the history rows that show that event type and that word. */
  private static String clickRows(String eventType, String word) {
    return "String([...document.querySelectorAll('tr[data-testid=event-summary-row]')]"
        + ".filter(r => r.innerText.includes('"
        + eventType
        + "') && /\\b"
        + word
        + "\\b/.test(r.innerText)).map(r => { r.click(); return 1; }).length)";
  }
}
