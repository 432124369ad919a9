package io.outdial.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A calling window in real time on the real stack (Temporal dev server, worker, MariaDB, PBX
 * simulator): it opens 10 s after the campaign is created and lasts 20 s. Nobody starts the
 * campaign; its durable timer does. The first Originate reaches the PBX within 1 s after the
 * opening, the last one leaves before the closing, and at the closing the campaign stops gracefully
 * by itself with entries left for the next window.
 */
class CallingWindowIT {
  private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Test
  void windowOpensAndClosesTheCampaignOnTime() throws Exception {
    try (Stack stack = new Stack()) {
      stack.startSimulator("w*=answer:50:500");
      stack.startWorker();
      stack.startApi();
      // The window is a time of day in UTC: keep it clear of midnight.
      LocalTime clock = LocalTime.now(ZoneOffset.UTC);
      if (clock.isAfter(LocalTime.of(23, 58, 0))) {
        Thread.sleep(Duration.between(clock, LocalTime.MAX).toMillis() + 5_000);
      }

      Integer[] maxRetry = new Integer[8];
      Arrays.fill(maxRetry, 1);
      String plan =
          stack
              .post(
                  "/v1/plans",
                  Map.of(
                      "name",
                      "window plan",
                      "techName",
                      "Local/",
                      "trunkName",
                      "targets",
                      "dialTimeout",
                      5000,
                      "retryDelay",
                      1,
                      "maxRetry",
                      maxRetry,
                      "callsPerSecond",
                      2,
                      "maxConcurrentCalls",
                      10))
              .get("id")
              .asText();
      String dest =
          stack
              .post(
                  "/v1/destinations",
                  Map.of(
                      "name",
                      "sales queue",
                      "type",
                      0,
                      "context",
                      "agents",
                      "exten",
                      "sales",
                      "priority",
                      "1"))
              .get("id")
              .asText();
      String dlma = stack.post("/v1/dlmas", Map.of("name", "window list")).get("id").asText();
      // More entries than two calls a second can finish in 20 s.
      List<Map<String, Object>> entries = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        entries.add(Map.of("name", "Customer " + i, "numbers", List.of(String.format("w%03d", i))));
      }
      stack.post("/v1/dlmas/" + dlma + "/entries", entries);

      Instant opening = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
      Instant closing = opening.plusSeconds(20);
      JsonNode created =
          stack.post(
              "/v1/campaigns",
              Map.of(
                  "name",
                  "window campaign",
                  "plan",
                  plan,
                  "destination",
                  dest,
                  "dlma",
                  dlma,
                  "schedule",
                  Map.of(
                      "mode",
                      0,
                      "timezone",
                      "UTC",
                      "timeStart",
                      HMS.format(opening.atOffset(ZoneOffset.UTC)),
                      "timeEnd",
                      HMS.format(closing.atOffset(ZoneOffset.UTC)))));
      String campaign = created.get("id").asText();
      assertThat(created.get("statusName").asText()).isEqualTo("STOP");
      assertThat(Duration.between(Instant.now(), opening))
          .as("time left before the opening")
          .isGreaterThan(Duration.ofSeconds(7));
      JsonNode windows = stack.get("/v1/campaigns/" + campaign).get("nextWindows");
      assertThat(windows.get(0).get("opensAt").asText()).isEqualTo(opening.toString());
      assertThat(windows.get(0).get("closesAt").asText()).isEqualTo(closing.toString());

      Thread.sleep(Duration.between(Instant.now(), opening).toMillis() - 1_000);
      assertThat(stack.originateCount()).as("originates before the opening").isZero();
      Stack.waitUntil(
          "the campaign to stop after the closing",
          Duration.ofSeconds(60),
          () -> Instant.now().isAfter(closing) && "STOP".equals(Demo.statusName(stack, campaign)));

      List<Instant> sent = new ArrayList<>();
      for (String line : Files.readAllLines(stack.originateLog)) {
        if (!line.isBlank()) {
          sent.add(Instant.parse(line.split("\t")[0]));
        }
      }
      assertThat(sent).as("originates in the window").isNotEmpty();
      Instant first = sent.stream().min(Instant::compareTo).orElseThrow();
      Instant last = sent.stream().max(Instant::compareTo).orElseThrow();
      System.out.printf(
          "calling window %s .. %s: %d originates, first %d ms after the opening,"
              + " last %d ms before the closing%n",
          opening,
          closing,
          sent.size(),
          Duration.between(opening, first).toMillis(),
          Duration.between(last, closing).toMillis());
      assertThat(first)
          .as("first originate")
          .isAfterOrEqualTo(opening)
          .isBefore(opening.plusSeconds(1));
      assertThat(last).as("last originate").isBefore(closing);
      // Paced at two a second for 20 s: far from the list's end, so the window ended it.
      assertThat(sent.size()).isBetween(20, 60);
      JsonNode after = stack.get("/v1/campaigns/" + campaign);
      assertThat(after.get("statusReason").asText()).contains("calling window closed");
      assertThat(
              stack
                  .query("SELECT COUNT(*) n FROM result WHERE campaign_id = ?", campaign)
                  .get(0)
                  .get("n"))
          .isEqualTo((long) sent.size());
      assertThat(stack.originatesByChannelId()).allSatisfy((id, n) -> assertThat(n).isOne());
    }
  }
}
