package io.outdial.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.outdial.e2e.Stack;
import io.outdial.workflows.connection.TemporalConnection;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The operator console in a real headless Chromium against the real stack (simulator, worker,
 * api-server, Temporal, MariaDB), in one flow as an operator would use it: a supervisor created
 * through the REST API signs in with their own token; creates a plan (after one refused form whose
 * error shows at its field), a destination and a dial list; imports a CSV with a bad line (named
 * with its line number) and then a good one; creates and starts a campaign and watches its counts
 * and chart move without a reload (live events); pauses, resumes and force-stops it (through the
 * confirmation dialog), its live events resumed across a restart of the api-server without a result
 * missed or shown twice; lists and exports its results as CSV (the file checked against the API);
 * follows the link into the Temporal UI. The campaign's history names the operator. A viewer then
 * sees no controls. Screenshots of each step are left in e2e/target/console-screenshots/.
 */
class ConsoleIT {
  private static final String TEMPORAL_UI = "http://127.0.0.1:8233";
  private static final int ENTRIES = 200;
  private static final Duration CAMPAIGN_WAIT = Duration.ofSeconds(90);

  @Test
  void anOperatorRunsACampaignFromTheConsole() throws Exception {
    String operator = "Console Ann " + UUID.randomUUID().toString().substring(0, 6);
    try (Stack stack = new Stack()) {
      Path target = stack.root.resolve("e2e/target");
      Path downloads = Files.createTempDirectory("outdial-console-downloads-");
      // Answered after 200 ms, up for 3 s (every fifth customer busy): with at most 4 calls at
      // once the list of 200 lasts minutes, so there are calls in flight to pause on and to
      // force-stop.
      stack.startSimulator("c*=answer:200:3000;b*=busy:300");
      stack.startWorker();
      stack.startApi();

      JsonNode created =
          stack.post("/v1/operators", Map.of("name", operator, "role", "supervisor"));
      assertThat(created.path("name").asText()).isEqualTo(operator);
      assertThat(created.path("role").asText()).isEqualTo("supervisor");
      String token = created.path("token").asText();
      assertThat(token).as("the new operator's token").isNotBlank().isNotEqualTo(Stack.TOKEN);

      String console = "http://127.0.0.1:" + stack.apiPort + "/console/";
      try (ConsoleBrowser b =
          new ConsoleBrowser(
              target.resolve("console-screenshots"),
              downloads,
              stack.logs.resolve(stack.dbName + "-chromedriver.log"))) {
        // ---- sign in ----------------------------------------------------------------------
        // Without the trailing slash, as people type it: the page loads its files all the same.
        b.driver.get("http://127.0.0.1:" + stack.apiPort + "/console");
        b.awaitElement("#signin-token");
        b.shot("sign-in");
        b.type("#signin-token", "not-a-token");
        b.click("#signin-submit");
        b.awaitText("#signin-error", t -> t.contains("not valid"));
        b.type("#signin-token", token);
        b.click("#signin-submit");
        b.awaitText("#who-name", t -> t.equals(operator));
        assertThat(b.find("#who-role").getText()).isEqualTo("supervisor");
        assertThat(b.find("#nav-operators").isDisplayed()).isTrue();
        b.shot("signed-in");

        // ---- a viewer, created on the Operators page: its token is shown once ------------
        String viewer = operator + " viewer";
        b.click("#nav-operators");
        b.awaitText("#operator-rows", t -> t.contains(operator));
        b.type("#operator-form-name", viewer);
        b.choose("#operator-form-role", "viewer (looks only)");
        b.click("#operator-form-submit");
        String viewerToken = b.awaitText("#operator-token", t -> !t.isBlank()).trim();
        assertThat(viewerToken).isNotEqualTo(token);
        WebElement viewerRow =
            b.await(
                "the viewer in the list",
                d ->
                    d.findElement(By.cssSelector("#operator-rows tr[data-name='" + viewer + "']")));
        assertThat(viewerRow.getText()).contains("viewer").contains(operator);
        b.shot("operator-created");

        // ---- a plan: first refused by the server, the error at its field -------------------
        b.driver.get(console + "#/plans");
        b.type("#plan-form-name", "console plan");
        b.type("#plan-form-dialTimeout", "10");
        b.type("#plan-form-techName", "Local/");
        b.type("#plan-form-trunkName", "targets");
        b.type("#plan-form-retryDelay", "1");
        b.type("#plan-form-maxRetry", "1");
        b.type("#plan-form-maxConcurrentCalls", "4");
        b.click("#plan-form-submit");
        String rule = b.awaitText("#plan-form-dialTimeout-error", t -> !t.isBlank());
        assertThat(rule).contains("1000").contains("600000");
        assertThat(b.find("#plan-form-dialTimeout").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(b.find("#plan-form-name-error").getText()).isEmpty();
        b.shot("plan-refused");
        b.type("#plan-form-dialTimeout", "5000");
        b.click("#plan-form-submit");
        b.awaitText("#plan-form-done", t -> t.startsWith("Created"));
        b.awaitText("#plan-rows", t -> t.contains("console plan"));
        assertThat(b.find("#plan-form-dialTimeout-error").getText()).isEmpty();
        b.shot("plan-created");

        // ---- a destination and a dial list -------------------------------------------------
        b.driver.get(console + "#/destinations");
        b.type("#destination-form-name", "console agents");
        b.choose("#destination-form-type", "0 EXTENSION");
        b.type("#destination-form-context", "agents");
        b.type("#destination-form-exten", "sales");
        b.type("#destination-form-priority", "1");
        b.click("#destination-form-submit");
        b.awaitText("#destination-form-done", t -> t.startsWith("Created"));
        b.awaitText("#destination-rows", t -> t.contains("console agents"));
        b.shot("destination-created");

        b.driver.get(console + "#/dlmas");
        b.type("#dlma-form-name", "console list");
        b.click("#dlma-form-submit");
        b.awaitText("#dlma-form-done", t -> t.startsWith("Created"));
        String dlmaId = b.find("#dlma-form-done").getText().replace("Created", "").trim();
        b.shot("dlma-created");
        b.await("the link to the dial list", d -> d.findElement(By.linkText("console list")))
            .click();
        b.awaitText("#dlma-name", t -> t.equals("Dial list console list"));

        // ---- CSV import: a bad line is named and nothing imported; then the good file -----
        Path bad = downloads.getParent().resolve("console-bad-" + UUID.randomUUID() + ".csv");
        Files.writeString(bad, "name,number1\nAnn,c001\nBob,c002\nCid,c003\nDee,bad:number\n");
        Path good = downloads.getParent().resolve("console-good-" + UUID.randomUUID() + ".csv");
        StringBuilder csv = new StringBuilder("name,number1,var_LANG\n");
        for (int i = 1; i <= ENTRIES; i++) {
          csv.append(String.format("Customer %03d,%s%03d,fr%n", i, i % 5 == 0 ? "b" : "c", i));
        }
        Files.writeString(good, csv);
        try {
          b.awaitElement("#import-file").sendKeys(bad.toString());
          b.click("#import-submit");
          WebElement badLine =
              b.await(
                  "line 5 refused",
                  d -> d.findElement(By.cssSelector("#import-errors tr[data-line='5']")));
          assertThat(badLine.getText()).contains("5").contains("number1");
          assertThat(b.all("#import-errors tbody tr")).hasSize(1);
          b.awaitText("#import-bad-rows", t -> t.startsWith("1 bad line"));
          assertThat(b.find("#entries-range").getText()).isEqualTo("no entries");
          b.shot("import-refused");

          b.find("#import-file").sendKeys(good.toString());
          b.click("#import-submit");
          b.awaitText(
              "#import-created",
              t -> t.equals("Imported " + ENTRIES + " entries from " + good.getFileName() + "."));
          assertThat(b.find("#import-progress").getAttribute("aria-valuenow")).isEqualTo("100");
          assertThat(b.all("#import-errors")).isEmpty();
          b.awaitText("#entries-range", t -> t.equals("entries 1–100"));
          b.shot("import-done");
        } finally {
          Files.deleteIfExists(bad);
          Files.deleteIfExists(good);
        }
        assertThat(stack.get("/v1/dlmas/" + dlmaId + "/entries?limit=1000").get("items").size())
            .isEqualTo(ENTRIES);

        // ---- a campaign, started from its page --------------------------------------------
        b.driver.get(console + "#/campaigns");
        b.type("#campaign-form-name", "console campaign");
        b.choose("#campaign-form-plan", "console plan");
        b.choose("#campaign-form-destination", "console agents");
        b.choose("#campaign-form-dlma", "console list");
        b.click("#campaign-form-submit");
        String campaignId =
            b.awaitText("#campaign-form-done", t -> t.startsWith("Created"))
                .replace("Created", "")
                .trim();
        b.awaitText("#campaign-row-" + campaignId + " .status", t -> t.equals("STOP"));
        b.shot("campaign-created");
        b.find("#campaign-row-" + campaignId + " a").click();
        b.awaitText("#campaign-status", t -> t.equals("STOP"));
        b.awaitText("#live-state", t -> t.equals("events: live"));
        assertThat(b.number("#count-dialed")).isZero();
        assertThat(b.number("#count-remaining")).isEqualTo(ENTRIES);
        assertThat(b.number("#count-heldBack-doNotCall")).isZero();
        // Set on this page only: still there at the end means the page never reloaded.
        b.js("window.__consoleItPage = 'campaign';");

        b.click("#action-start");
        b.awaitText("#action-result", t -> t.startsWith("start: moving to"));
        b.awaitText("#campaign-status", t -> t.equals("START"));
        long first = awaitCountAbove(b, "#count-dialed", 0);
        long second = awaitCountAbove(b, "#count-dialed", first);
        assertThat(second).isGreaterThan(first);
        b.await("calls in flight shown", d -> b.number("#count-inFlight") > 0 ? true : null);
        b.await(
            "the chart to draw 10 samples of its 2 series",
            d -> chartPoints(b) >= 20 ? true : null);
        assertThat(chartInk(b)).as("pixels of the chart's two series colours").isGreaterThan(50);
        b.await(
            "results listed as they come",
            d -> b.all("#latest-results tr.result").size() >= 2 ? true : null);
        b.awaitText("#latest-results", t -> t.contains("4 ANSWERED") && t.contains("5 BUSY"));
        b.shot("campaign-running");

        // ---- the stream outlives the api-server: it reconnects with Last-Event-ID ----------
        long beforeDrop = b.number("#count-dialed");
        stack.kill("api-server");
        b.awaitText("#live-state", t -> t.equals("events: reconnecting"));
        b.shot("events-reconnecting");
        stack.startApi();
        b.await(
            "the event stream to be live again",
            Duration.ofSeconds(60),
            d -> d.findElement(By.id("live-state")).getText().equals("events: live") ? true : null);
        awaitCountAbove(b, "#count-dialed", beforeDrop);

        // ---- pause and resume --------------------------------------------------------------
        b.click("#action-pause");
        b.awaitText("#campaign-status", t -> t.equals("PAUSE"));
        b.await(
            "no call in flight once paused", d -> b.number("#count-inFlight") == 0 ? true : null);
        b.shot("campaign-paused");
        // Every result so far came in as an event, once, the restart notwithstanding.
        List<String> apiIds =
            allResults(stack, campaignId).stream().map(r -> r.path("id").asText()).toList();
        b.await(
            "the results count to be the API's " + apiIds.size(),
            d -> b.number("#count-dialed") == apiIds.size() ? true : null);
        long paused = b.number("#count-dialed");
        List<String> shownIds =
            b.all("#latest-results tr.result").stream()
                .map(e -> e.getAttribute("data-result"))
                .toList();
        assertThat(shownIds).doesNotHaveDuplicates();
        if (apiIds.size() <= 100) {
          assertThat(shownIds).containsExactlyInAnyOrderElementsOf(apiIds);
        } else {
          assertThat(shownIds).hasSize(100);
          assertThat(apiIds).containsAll(shownIds);
        }
        b.click("#action-start");
        b.awaitText("#campaign-status", t -> t.equals("START"));
        awaitCountAbove(b, "#count-dialed", paused);
        b.shot("campaign-resumed");

        // ---- force stop, through its confirmation dialog ----------------------------------
        b.await("calls in flight to hang up", d -> b.number("#count-inFlight") > 0 ? true : null);
        b.click("#action-force-stop");
        b.awaitElement("#force-stop-dialog");
        assertThat(b.find("#force-stop-dialog").getAttribute("open")).isNotNull();
        b.shot("force-stop-confirm");
        b.click("#force-stop-confirm");
        b.awaitText("#campaign-status", t -> t.equals("STOP"));
        b.await(
            "no call in flight after force stop",
            d -> b.number("#count-inFlight") == 0 ? true : null);
        assertThat(b.number("#count-remaining")).isPositive();
        assertThat(b.js("return window.__consoleItPage;"))
            .as("the page was never reloaded")
            .isEqualTo("campaign");
        String statusLog = b.awaitText("#status-log", t -> t.contains("STOPPING_FORCEDLY"));
        assertThat(statusLog)
            .contains("STARTING — started by " + operator)
            .contains("PAUSING — paused by " + operator)
            .contains("STOPPING_FORCEDLY — force stopped by " + operator);
        b.shot("campaign-force-stopped");

        // ---- who asked, as the campaign's history says -------------------------------------
        JsonNode campaign = stack.get("/v1/campaigns/" + campaignId);
        assertThat(campaign.path("statusName").asText()).isEqualTo("STOP");
        assertThat(requestersInHistory(campaign.path("workflowId").asText()))
            .as("requestedBy of the Start, Pause, Start and ForceStop updates")
            .containsExactly(
                "Start " + operator,
                "Pause " + operator,
                "Start " + operator,
                "ForceStop " + operator);

        // ---- the link into the Temporal UI -------------------------------------------------
        String workflowId = "campaign-" + campaignId;
        String href = b.find("#temporal-link").getAttribute("href");
        assertThat(href).isEqualTo(TEMPORAL_UI + "/namespaces/default/workflows/" + workflowId);
        assertThat(b.find("#temporal-link").getText()).isEqualTo(workflowId);
        String callHref = b.find("#latest-results a.temporal-call").getAttribute("href");
        assertThat(callHref)
            .startsWith(TEMPORAL_UI + "/namespaces/default/workflows/" + workflowId + "%2Flane-");

        // ---- results: listed, then exported as CSV -----------------------------------------
        List<JsonNode> apiResults = allResults(stack, campaignId);
        assertThat(apiResults).hasSizeGreaterThan(2);
        b.click("#results-link");
        b.awaitText("#results-range", t -> t.startsWith("results 1–"));
        assertThat(b.find("#filter-campaign").getAttribute("value")).isEqualTo(campaignId);
        int shown = Math.min(apiResults.size(), 100);
        assertThat(b.all("#result-rows tr.result")).hasSize(shown);
        assertThat(b.find("#results-range").getText()).isEqualTo("results 1–" + shown);
        assertThat(b.find("#result-rows").getText()).contains("4 ANSWERED");
        b.shot("results");
        b.click("#results-export");
        b.awaitText("#export-state", t -> t.startsWith("downloaded"));
        Path file = b.await("the exported file in " + downloads, d -> downloaded(downloads));
        List<List<String>> rows = readCsv(file);
        List<String> header = rows.get(0);
        assertThat(header).contains("id");
        assertThat(rows.size() - 1)
            .as("data lines of " + file.getFileName())
            .isEqualTo(apiResults.size());
        int idColumn = header.indexOf("id");
        assertThat(rows.subList(1, rows.size()).stream().map(r -> r.get(idColumn)))
            .containsExactlyInAnyOrderElementsOf(
                apiResults.stream().map(r -> r.path("id").asText()).toList());
        b.shot("results-exported");

        // ---- results: a filter and paging ------------------------------------------------
        long answered = apiResults.stream().filter(r -> r.path("resDial").asInt() == 4).count();
        b.choose("#filter-resDial", "4 ANSWERED");
        b.choose("#filter-limit", "25 a page");
        b.click("#results-apply");
        b.awaitText("#results-range", t -> t.equals("results 1–" + Math.min(25, answered)));
        assertThat(b.all("#result-rows tr.result"))
            .hasSize((int) Math.min(25, answered))
            .allSatisfy(r -> assertThat(r.getAttribute("data-res-dial")).isEqualTo("4"));
        if (answered > 25) {
          b.click("#results-next");
          b.awaitText("#results-range", t -> t.equals("results 26–" + Math.min(50, answered)));
          b.click("#results-prev");
          b.awaitText("#results-range", t -> t.equals("results 1–25"));
        }

        // ---- phone numbers never reach the browser's console ... ---------------------------
        List<String> logged = b.consoleLog();
        // (A number is b042 or c042; in a UUID such as ...-b063-... the same letters sit between
        // hyphens and hex digits, which do not count.)
        assertThat(logged)
            .noneMatch(line -> line.matches("(?s).*(?<![0-9A-Za-z-])[bc]\\d{3}(?![0-9A-Za-z-]).*"));
        // ... and no script failed, nor did the page's Content-Security-Policy refuse anything.
        assertThat(logged)
            .noneMatch(
                line -> line.contains("Uncaught") || line.contains("Content Security Policy"));

        // ---- follow the link into the Temporal UI ------------------------------------------
        b.driver.get(href);
        b.await(
            "the Temporal UI to show " + workflowId,
            Duration.ofSeconds(60),
            d -> d.getPageSource().contains(workflowId) ? true : null);
        b.shot("temporal-ui");

        // ---- the campaign list follows a campaign live --------------------------------------
        b.driver.get(console + "#/campaigns");
        String row = "#campaign-row-" + campaignId;
        b.awaitText(row + " .status", t -> t.equals("STOP"));
        b.awaitText("#live-state", t -> t.equals("events: live"));
        b.js("window.__consoleItPage = 'list';");
        long listed = Long.parseLong(b.find(row + " [data-count='dialed']").getText());
        assertThat(listed).isEqualTo(apiResults.size());
        stack.post("/v1/campaigns/" + campaignId + "/start", Map.of());
        b.awaitText(row + " .status", t -> t.equals("START"));
        long moved =
            b.await(
                "the list's results count to move",
                CAMPAIGN_WAIT,
                d -> {
                  long n = Long.parseLong(b.find(row + " [data-count='dialed']").getText());
                  return n > listed ? n : null;
                });
        b.await(
            "the list's progress bar to move",
            d ->
                Integer.parseInt(
                            b.find(row + " [role='progressbar']").getAttribute("aria-valuenow"))
                        > 0
                    ? true
                    : null);
        b.await(
            "the list's results count to move again",
            CAMPAIGN_WAIT,
            d ->
                Long.parseLong(b.find(row + " [data-count='dialed']").getText()) > moved
                    ? true
                    : null);
        b.await(
            "the list's answer rate to be its answered over its results",
            d -> {
              double up = Long.parseLong(b.find(row + " [data-count='answered']").getText());
              double all = Long.parseLong(b.find(row + " [data-count='dialed']").getText());
              String expected = String.format(java.util.Locale.ROOT, "%.1f %%", 100 * up / all);
              return b.find(row + " .answer-rate").getText().equals(expected) ? true : null;
            });
        b.shot("campaign-list-live");
        stack.post("/v1/campaigns/" + campaignId + "/stop", Map.of());
        b.awaitText(row + " .status", t -> t.equals("STOP"));
        assertThat(b.js("return window.__consoleItPage;"))
            .as("the list was never reloaded")
            .isEqualTo("list");

        // ---- a viewer sees, and cannot act -------------------------------------------------
        b.driver.get(console + "#/campaigns/" + campaignId);
        b.awaitElement("#sign-out").click();
        b.awaitElement("#signin-token");
        b.type("#signin-token", viewerToken);
        b.click("#signin-submit");
        b.awaitText("#who-role", t -> t.equals("viewer"));
        assertThat(b.find("#nav-operators").isDisplayed()).isFalse();
        b.driver.get(console + "#/campaigns/" + campaignId);
        b.awaitText("#campaign-status", t -> t.equals("STOP"));
        assertThat(b.all("#viewer-note")).hasSize(1);
        assertThat(b.all("#action-start")).isEmpty();
        assertThat(b.all("#action-force-stop")).isEmpty();
        b.driver.get(console + "#/plans");
        b.awaitText("#plan-rows", t -> t.contains("console plan"));
        assertThat(b.all("#plan-form")).isEmpty();
        b.shot("viewer");

        // ---- a deleted operator's console signs out at its next request -------------------
        stack.delete(
            "/v1/operators/"
                + java.net.URLEncoder.encode(viewer, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        b.click("nav a[href='#/destinations']");
        b.awaitElement("#signin-token");
        assertThat(b.find("#who").isDisplayed()).isFalse();
        assertThat(b.js("return sessionStorage.getItem('outdial.token');")).isNull();
      } finally {
        try (Stream<Path> files = Files.list(downloads)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
        }
        Files.deleteIfExists(downloads);
      }
    }
  }

  /** Waits until the count shown in {@code css} is above {@code than}; returns it. */
  private static long awaitCountAbove(ConsoleBrowser b, String css, long than) {
    return b.await(
        css + " above " + than,
        CAMPAIGN_WAIT,
        d -> {
          long n = b.number(css);
          return n > than ? n : null;
        });
  }

  private static int chartPoints(ConsoleBrowser b) {
    return Integer.parseInt(b.find("#chart").getAttribute("data-points"));
  }

  /** Pixels of the chart drawn in either series' colour (the lines and their dots). */
  private static long chartInk(ConsoleBrowser b) {
    Object n =
        b.js(
            "const c = document.getElementById('chart');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) {"
                + "  const [r, g, bl] = [d[i], d[i + 1], d[i + 2]];"
                + "  if ((Math.abs(r - 0x1d) < 40 && Math.abs(g - 0x5f) < 40 && Math.abs(bl - 0xbf) < 40)"
                + "    || (Math.abs(r - 0xd9) < 40 && Math.abs(g - 0x48) < 40 && Math.abs(bl - 0x0f) < 40)) n++;"
                + "}"
                + "return n;");
    return ((Number) n).longValue();
  }

  /** Every result of the campaign, through the API's pages. */
  private static List<JsonNode> allResults(Stack stack, String campaignId) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    int offset = 0;
    while (true) {
      JsonNode page =
          stack.get("/v1/results?campaign=" + campaignId + "&limit=1000&offset=" + offset);
      page.get("items").forEach(out::add);
      if (page.get("nextOffset").isNull()) {
        return out;
      }
      offset = page.get("nextOffset").asInt();
    }
  }

  /** The one finished .csv download, or null while there is none (or it is still arriving). */
  private static Path downloaded(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.toList();
      if (all.stream().anyMatch(p -> p.toString().endsWith(".crdownload"))) {
        return null;
      }
      List<Path> csv = all.stream().filter(p -> p.toString().endsWith(".csv")).toList();
      return csv.size() == 1 ? csv.get(0) : null;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<List<String>> readCsv(Path file) throws Exception {
    CsvMapper mapper = new CsvMapper();
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<List<String>> it =
        mapper
            .readerForListOf(String.class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .readValues(file.toFile())) {
      while (it.hasNext()) {
        List<String> row = it.next();
        if (!(row.size() == 1 && row.get(0).isEmpty())) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /**
   * The operator actions in the campaign workflow's history, in order, as "Name requestedBy": the
   * accepted updates and the {@code requestedBy} of their OperatorAction input.
   */
  private static List<String> requestersInHistory(String workflowId) throws Exception {
    TemporalConnection temporal =
        TemporalConnection.plain(Stack.DEFAULT_TEMPORAL_ADDRESS, "default");
    WorkflowServiceStubs service = temporal.newServiceStubs();
    try {
      WorkflowClient client = temporal.newClient(service);
      List<String> out = new ArrayList<>();
      for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
        if (e.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) {
          continue;
        }
        var input =
            e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest().getInput();
        if (!List.of("Start", "Pause", "Stop", "ForceStop").contains(input.getName())) {
          continue;
        }
        JsonNode action =
            Stack.JSON.readTree(input.getArgs().getPayloads(0).getData().toStringUtf8());
        out.add(input.getName() + " " + action.path("requestedBy").asText());
      }
      return out;
    } finally {
      service.shutdown();
    }
  }
}
