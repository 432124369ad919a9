package io.outdial.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.outdial.api.errors.Violations;
import io.outdial.api.support.MariaDbDatabase;
import io.outdial.api.support.TextFields;
import io.outdial.api.support.TextFields.Kind;
import io.outdial.api.support.TextFields.TextField;
import io.outdial.store.Column;
import io.outdial.store.Json;
import io.outdial.workflows.AmiLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's limits are the schema's: against the real MariaDB, every text a client writes is sent
 * at the longest the API accepts, in its worst case (4-byte characters where the column or Asterisk
 * counts bytes, and as many of them as a column counting characters takes), comes back identical
 * from the API and from the row, and one character more is a 422 naming the field that writes
 * nothing. The fields come from {@link TextFields}, whose limits come from {@link Column}; this
 * test also holds that list to Column, so a text column the API writes cannot be left out. And what
 * issue 10 found: inputs accepted once and then refused by the database (a 500) are 422s now, whole
 * requests and bulk imports alike.
 *
 * <p>Temporal is not needed (and pointed at a closed port): campaigns are created all the same, and
 * an operator action that passes its checks answers 503.
 */
class ApiLimitsIT {
  static final String TOKEN = "it-" + UUID.randomUUID();
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String EMOJI = "\uD83D\uDE00";

  /** The tables the API writes (attempt and result are written by the worker). */
  static final Set<String> API_TABLES =
      Set.of("plan", "destination", "dlma", "dl_entry", "campaign", "pbx", "trunk");

  /** Columns of those tables the field-by-field test leaves to the tests named beside them. */
  static final Map<Column, String> CHECKED_APART =
      Map.of(
          Column.PLAN_VARIABLES, "theWidestVariablesOfEveryLayerComeBackIdentical",
          Column.DESTINATION_VARIABLES, "theWidestVariablesOfEveryLayerComeBackIdentical",
          Column.DLMA_VARIABLES, "theWidestVariablesOfEveryLayerComeBackIdentical",
          Column.ENTRY_VARIABLES, "theWidestVariablesOfEveryLayerComeBackIdentical",
          Column.CAMPAIGN_SCHEDULE, "theLongestScheduleFitsItsColumnAndOneDateMoreIsRefused");

  @RegisterExtension static final MariaDbDatabase DB = new MariaDbDatabase();

  public static class TestApp extends ApiServerApplication {
    public TestApp() {
      super(Map.of("OUTDIAL_API_TOKEN", TOKEN, "OUTDIAL_DB_PASSWORD", DB.password));
    }
  }

  @RegisterExtension
  static final DropwizardAppExtension<ApiServerConfiguration> APP =
      new DropwizardAppExtension<>(
          TestApp.class,
          "config.yml",
          ConfigOverride.randomPorts(),
          ConfigOverride.config("database.host", DB.host),
          ConfigOverride.config("database.port", String.valueOf(DB.port)),
          ConfigOverride.config("database.user", DB.user),
          ConfigOverride.config("database.name", () -> DB.name),
          ConfigOverride.config("temporal.address", "127.0.0.1:1"),
          ConfigOverride.config("temporal.rpcTimeout", "1s"),
          ConfigOverride.config("temporal.createTimeout", "1s"),
          ConfigOverride.config("temporal.controlTimeout", "1s"),
          ConfigOverride.config("logging.level", "ERROR"));

  // ---- helpers -----------------------------------------------------------------------------

  record Answer(int status, JsonNode body) {}

  static Answer call(String method, String path, String type, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Answer post(String path, Object json) {
    return call("POST", path, "application/json", json.toString());
  }

  static Answer csv(String path, String body) {
    return call("POST", path, "text/csv", body);
  }

  static Answer get(String path) {
    return call("GET", path, null, null);
  }

  static String rule(JsonNode error, String field) {
    for (JsonNode e : error.path("errors")) {
      if (e.path("field").asText().equals(field)) {
        return e.path("rule").asText();
      }
    }
    return null;
  }

  static long rows(String table) throws SQLException {
    try (Connection c = DB.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** What the row {@code id} of {@code table} holds in {@code column}, as the driver reads it. */
  static String stored(String table, String column, String id) throws SQLException {
    try (Connection c = DB.connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("%s %s exists", table, id).isTrue();
        return rs.getString(1);
      }
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static String id(Answer a) {
    JsonNode ids = a.body().path("ids");
    return ids.isArray() ? ids.get(0).asText() : a.body().path("id").asText();
  }

  /** A plan, a destination and a list for campaigns and entries, made once. */
  static Map<String, String> parts;

  static synchronized Map<String, String> parts() {
    if (parts == null) {
      parts =
          Map.of(
              "plan", id(post("/v1/plans", object().put("name", "limits plan"))),
              "destination",
                  id(
                      post(
                          "/v1/destinations",
                          object()
                              .put("name", "limits dest")
                              .put("type", 1)
                              .put("application", "Park"))),
              "dlma", id(post("/v1/dlmas", object().put("name", "limits list"))));
    }
    return parts;
  }

  static String dlma() {
    return parts().get("dlma");
  }

  static ObjectNode campaign() {
    return object()
        .put("name", "limits campaign")
        .put("plan", parts().get("plan"))
        .put("destination", parts().get("destination"))
        .put("dlma", parts().get("dlma"));
  }

  /** Where a field of a schema is sent, read and named in errors. */
  record Target(String createPath, Object body, String readPrefix, String errorField) {}

  /** PBX names are unique: each PBX these tests make gets its own. */
  static final java.util.concurrent.atomic.AtomicInteger PBXS =
      new java.util.concurrent.atomic.AtomicInteger();

  /** A valid PBX, of a name no other has. */
  static ObjectNode pbx() {
    return object()
        .put("name", "limits-" + PBXS.incrementAndGet())
        .put("amiHost", "127.0.0.1")
        .put("amiUser", "dialer")
        .put("secretRef", "env:PBX_SECRET");
  }

  /** A valid request of {@code f}'s schema with {@code value} in {@code f}'s field. */
  static Target target(TextField f, String value) {
    String field = f.field();
    switch (f.schema()) {
      case "PlanRequest" -> {
        return new Target(
            "/v1/plans",
            object().put("name", "limits plan").put(field, value),
            "/v1/plans/",
            field);
      }
      case "PbxRequest" -> {
        return new Target("/v1/pbxs", pbx().put(field, value), "/v1/pbxs/", field);
      }
      case "TrunkRequest" -> {
        ObjectNode body = pbx();
        body.putArray("trunks").addObject().put(field, value);
        return new Target("/v1/pbxs", body, "/v1/pbxs/", "trunks[0]." + field);
      }
      case "DestinationRequest" -> {
        boolean extension = Set.of("context", "exten", "priority").contains(field);
        ObjectNode body =
            extension
                ? object()
                    .put("name", "limits dest")
                    .put("type", 0)
                    .put("context", "c")
                    .put("exten", "s")
                    .put("priority", "1")
                : object().put("name", "limits dest").put("type", 1).put("application", "Park");
        return new Target("/v1/destinations", body.put(field, value), "/v1/destinations/", field);
      }
      case "DlmaRequest" -> {
        return new Target(
            "/v1/dlmas",
            object().put("name", "limits list").put(field, value),
            "/v1/dlmas/",
            field);
      }
      case "EntryRequest" -> {
        ObjectNode entry = object();
        entry.putArray("numbers").add("1");
        if (field.equals("numbers")) {
          entry.putArray("numbers").add(value);
        } else {
          entry.put(field, value);
        }
        ArrayNode rows = JSON.createArrayNode().add(entry);
        return new Target(
            "/v1/dlmas/" + dlma() + "/entries",
            rows,
            "/v1/dlmas/" + dlma() + "/entries/",
            "[0]." + (field.equals("numbers") ? "numbers[0]" : field));
      }
      case "CampaignRequest" -> {
        return new Target("/v1/campaigns", campaign().put(field, value), "/v1/campaigns/", field);
      }
      default -> throw new AssertionError("no target for " + f);
    }
  }

  /** The longest accepted values of {@code f}, in its worst cases. */
  static List<String> longest(TextField f) {
    if (f.kind() == Kind.ASCII) {
      return List.of(f.ascii().apply(f.maxCharacters()));
    }
    String prefix = f.prefix();
    int chars = f.maxCharacters() - prefix.length();
    Integer bytes = f.maxBytes() == null ? null : f.maxBytes() - prefix.length();
    String ascii = prefix + "x".repeat(bytes == null ? chars : Math.min(chars, bytes));
    int emoji = bytes == null ? chars : Math.min(chars, bytes / 4);
    int pad = bytes == null ? 0 : Math.min(chars - emoji, bytes - 4 * emoji);
    return List.of(ascii, prefix + EMOJI.repeat(emoji) + "a".repeat(pad));
  }

  /** {@code f}'s longest value made one character longer. */
  static String oneMore(TextField f, String longest) {
    return f.kind() == Kind.ASCII ? f.ascii().apply(f.maxCharacters() + 1) : longest + "a";
  }

  // ---- the API's limits are the schema's ---------------------------------------------------

  @Test
  void everyTextColumnTheApiWritesHasItsFieldInTheList() {
    Set<Column> listed = EnumSet.noneOf(Column.class);
    TextFields.ALL.forEach(f -> listed.add(f.column()));
    for (Column c : Column.values()) {
      if (API_TABLES.contains(c.table)) {
        assertThat(listed.contains(c) || CHECKED_APART.containsKey(c))
            .as(
                "%s (%s.%s) is written by the API: add its field to TextFields",
                c, c.table, c.column)
            .isTrue();
      }
    }
  }

  @Test
  void everyTextComesBackIdenticalAtItsLongestAndOneCharacterMoreIs422() throws Exception {
    int checked = 0;
    for (TextField f : TextFields.ALL) {
      if (f.kind() == Kind.CHOICE || f.schema().equals("ControlRequest")) {
        continue; // below
      }
      for (String value : longest(f)) {
        // What the API accepts fits the column, counted as the column counts.
        assertThat(f.column().fits(value))
            .as("%s: %d characters", f, value.codePointCount(0, value.length()))
            .isTrue();
        Target t = target(f, value);
        Answer a = post(t.createPath(), t.body());
        assertThat(a.status())
            .as(
                "%s at its longest (%d characters, %d bytes): %s",
                f, value.codePointCount(0, value.length()), Column.utf8Length(value), a.body())
            .isEqualTo(201);
        String id = id(a);
        JsonNode read = get(t.readPrefix() + id).body();
        JsonNode shown =
            switch (f.schema() + "." + f.field()) {
              case "EntryRequest.numbers" -> read.path("numbers").get(0);
              case "TrunkRequest.name" -> read.path("trunks").get(0).path("name");
              default -> read.path(f.field());
            };
        assertThat(shown.asText()).as("%s read back", f).isEqualTo(value);
        // A trunk is a row of its own, with its own id.
        String rowId =
            f.schema().equals("TrunkRequest") ? read.path("trunks").get(0).path("id").asText() : id;
        assertThat(stored(f.column().table, f.column().column, rowId))
            .as("%s stored", f)
            .isEqualTo(value);

        String tooLong = oneMore(f, value);
        long before = rows(f.column().table);
        Target t2 = target(f, tooLong);
        Answer refused = post(t2.createPath(), t2.body());
        assertThat(refused.status())
            .as("%s one character longer: %s", f, refused.body())
            .isEqualTo(422);
        assertThat(rule(refused.body(), t2.errorField()))
            .as("%s: %s", f, refused.body())
            .isNotNull();
        assertThat(rows(f.column().table)).as("%s refused: nothing written", f).isEqualTo(before);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void everyTimeZoneAndEarlyMediaWordTheApiTakesFitsItsColumn() throws Exception {
    ArrayNode entries = JSON.createArrayNode();
    List<String> zones = new ArrayList<>(ZoneId.getAvailableZoneIds());
    zones.sort(Comparator.comparingInt(String::length).reversed());
    for (String zone : zones) {
      ObjectNode e = object().put("timezone", zone);
      e.putArray("numbers").add("1");
      entries.add(e);
    }
    Answer a = post("/v1/dlmas/" + dlma() + "/entries", entries);
    assertThat(a.status()).as("%s", a.body()).isEqualTo(201);
    String longestZone = entries.get(0).path("timezone").asText();
    assertThat(Column.ENTRY_TIMEZONE.fits(longestZone)).isTrue();
    assertThat(stored("dl_entry", "timezone", id(a))).isEqualTo(longestZone);
    for (String word : new String[] {"true", "false", "yes", "no"}) {
      Answer p = post("/v1/plans", object().put("name", "p").put("earlyMedia", word));
      assertThat(p.status()).isEqualTo(201);
      assertThat(stored("plan", "early_media", id(p))).isEqualTo(word);
    }
  }

  @Test
  void theLongestReasonPassesItsChecksAndOneCharacterMoreIs422() throws Exception {
    TextField reason =
        TextFields.ALL.stream()
            .filter(f -> f.schema().equals("ControlRequest"))
            .findFirst()
            .orElseThrow();
    String id = id(post("/v1/campaigns", campaign()));
    for (String value : longest(reason)) {
      // Past its checks the action goes to Temporal, which this test keeps away: 503.
      Answer a = post("/v1/campaigns/" + id + "/stop", object().put("reason", value));
      assertThat(a.status()).as("%s", a.body()).isEqualTo(503);
      Answer refused =
          post("/v1/campaigns/" + id + "/stop", object().put("reason", oneMore(reason, value)));
      assertThat(refused.status()).isEqualTo(422);
      assertThat(rule(refused.body(), "reason")).startsWith("must be at most 941 characters");
    }
  }

  /**
   * The widest variables a layer takes: 29, each value the most bytes its Variable line leaves, in
   * emoji and then ASCII.
   */
  static Map<String, String> widestVariables() {
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < AmiLimits.VARIABLES_PER_LAYER; i++) {
      String name = String.format("V%02d", i);
      int bytes = Violations.variableValueMaxBytes(name);
      vars.put(name, EMOJI.repeat(bytes / 4) + "v".repeat(bytes % 4));
    }
    return vars;
  }

  @Test
  void theWidestVariablesOfEveryLayerComeBackIdentical() throws Exception {
    Map<String, String> widest = widestVariables();
    ObjectNode vars = JSON.valueToTree(widest);
    Map<String, Column> columns =
        Map.of(
            "plan",
            Column.PLAN_VARIABLES,
            "destination",
            Column.DESTINATION_VARIABLES,
            "dlma",
            Column.DLMA_VARIABLES,
            "dl_entry",
            Column.ENTRY_VARIABLES);
    for (Map.Entry<String, Column> layer : columns.entrySet()) {
      TextField nameField =
          TextFields.ALL.stream()
              .filter(f -> f.column().table.equals(layer.getKey()) && f.field().equals("name"))
              .findFirst()
              .orElseThrow();
      Target t = target(nameField, "widest variables");
      Object body = withVariables(t.body(), vars);
      Answer a = post(t.createPath(), body);
      assertThat(a.status()).as("%s: %s", layer.getKey(), a.body()).isEqualTo(201);
      String id = id(a);
      assertThat(JSON.convertValue(get(t.readPrefix() + id).body().path("variables"), Map.class))
          .as("%s variables read back", layer.getKey())
          .isEqualTo(widest);
      String json = stored(layer.getKey(), "variables", id);
      assertThat(layer.getValue().fits(json)).isTrue();
      assertThat(Json.readVariables(json)).isEqualTo(widest);

      long before = rows(layer.getKey());
      ObjectNode more = vars.deepCopy().put("V29", "x");
      Answer thirty = post(t.createPath(), withVariables(target(nameField, "x").body(), more));
      assertThat(thirty.status()).isEqualTo(422);
      ObjectNode wider = vars.deepCopy().put("V00", widest.get("V00") + "v");
      Answer oneByte = post(t.createPath(), withVariables(target(nameField, "x").body(), wider));
      assertThat(oneByte.status()).isEqualTo(422);
      String prefix = layer.getKey().equals("dl_entry") ? "[0]." : "";
      assertThat(rule(thirty.body(), prefix + "variables")).startsWith("must have at most 29");
      assertThat(rule(oneByte.body(), prefix + "variables.V00")).startsWith("must be at most");
      assertThat(rows(layer.getKey())).isEqualTo(before);
    }
  }

  /** {@code body} (an object, or an array of one entry) with {@code vars} as its variables. */
  static Object withVariables(Object body, ObjectNode vars) {
    ObjectNode o = body instanceof ArrayNode a ? (ObjectNode) a.get(0) : (ObjectNode) body;
    o.set("variables", vars);
    return body;
  }

  @Test
  void theLongestScheduleFitsItsColumnAndOneDateMoreIsRefused() throws Exception {
    // Each date more in dateList adds ,"YYYY-MM-DD" (13 bytes) to the canonical JSON.
    String id = id(post("/v1/campaigns", campaign().set("schedule", schedule(1))));
    long one = Column.utf8Length(stored("campaign", "schedule", id));
    int most = 1 + (int) ((Column.CAMPAIGN_SCHEDULE.max - one) / 13);
    Answer longest =
        call(
            "PUT",
            "/v1/campaigns/" + id,
            "application/json",
            campaign().set("schedule", schedule(most)).toString());
    assertThat(longest.status()).as("%s", longest.body()).isEqualTo(200);
    String stored = stored("campaign", "schedule", id);
    assertThat(Column.utf8Length(stored))
        .isLessThanOrEqualTo(Column.CAMPAIGN_SCHEDULE.max)
        .isGreaterThan(Column.CAMPAIGN_SCHEDULE.max - 13);
    assertThat(JSON.readTree(stored).path("dateList")).hasSize(most);

    Answer refused =
        call(
            "PUT",
            "/v1/campaigns/" + id,
            "application/json",
            campaign().set("schedule", schedule(most + 1)).toString());
    assertThat(refused.status()).isEqualTo(422);
    assertThat(rule(refused.body(), "schedule"))
        .isEqualTo("must be at most 65535 bytes of UTF-8 in its canonical JSON");
    assertThat(stored("campaign", "schedule", id)).isEqualTo(stored);
    long campaigns = rows("campaign");
    assertThat(post("/v1/campaigns", campaign().set("schedule", schedule(6000))).status())
        .isEqualTo(422);
    assertThat(rows("campaign")).isEqualTo(campaigns);
  }

  /** A schedule of mode ON with {@code dates} run dates from 2030-01-01 on. */
  static ObjectNode schedule(int dates) {
    ObjectNode s = object().put("mode", 0);
    ArrayNode list = s.putArray("dateList");
    LocalDate d = LocalDate.of(2030, 1, 1);
    for (int i = 0; i < dates; i++) {
      list.add(d.plusDays(i).toString());
    }
    return s;
  }

  // ---- issue 10: what the database used to refuse with a 500 -------------------------------

  /** {@code count} variables V0, V1 ... of {@code length} characters. */
  static ObjectNode variables(int count, int length) {
    ObjectNode vars = object();
    for (int i = 0; i < count; i++) {
      vars.put("V" + i, "v".repeat(length));
    }
    return vars;
  }

  @Test
  void aDlmaDetailIsCountedInBytes() throws Exception {
    // 60,000 "é" passed a limit of 65,535 Java chars: 120,000 bytes for a TEXT column.
    Answer refused =
        post(
            "/v1/dlmas", object().put("name", "too long detail").put("detail", "é".repeat(60_000)));
    assertThat(refused.status()).as("%s", refused.body()).isEqualTo(422);
    assertThat(rule(refused.body(), "detail")).isEqualTo("must be at most 65535 bytes of UTF-8");
    assertThat(DB.count("SELECT COUNT(*) FROM dlma WHERE name = ?", "too long detail")).isZero();

    String longest = "é".repeat(32_767);
    Answer ok = post("/v1/dlmas", object().put("name", "long detail").put("detail", longest));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(stored("dlma", "detail", id(ok))).isEqualTo(longest);
    assertThat(get("/v1/dlmas/" + id(ok)).body().path("detail").asText()).isEqualTo(longest);
  }

  @Test
  void aHundredVariablesOfAThousandCharactersAre422AndWriteNothing() throws Exception {
    ObjectNode hundred = variables(100, 1000);
    long plans = rows("plan");
    long lists = rows("dlma");
    long entries = rows("dl_entry");
    Answer plan = post("/v1/plans", object().put("name", "p").set("variables", hundred));
    Answer list = post("/v1/dlmas", object().put("name", "l").set("variables", hundred));
    ObjectNode entry = object();
    entry.putArray("numbers").add("1");
    entry.set("variables", hundred);
    Answer row = post("/v1/dlmas/" + dlma() + "/entries", JSON.createArrayNode().add(entry));
    for (Answer a : List.of(plan, list)) {
      assertThat(a.status()).as("%s", a.body()).isEqualTo(422);
      assertThat(rule(a.body(), "variables")).startsWith("must have at most 29 variables");
    }
    assertThat(row.status()).as("%s", row.body()).isEqualTo(422);
    assertThat(rule(row.body(), "[0].variables")).startsWith("must have at most 29 variables");
    assertThat(rows("plan")).isEqualTo(plans);
    assertThat(rows("dlma")).isEqualTo(lists);
    assertThat(rows("dl_entry")).isEqualTo(entries);
  }

  @Test
  void anImportHoldingOneRowTooBigForItsColumnsNamesItAndImportsNothing() throws Exception {
    String list = id(post("/v1/dlmas", object().put("name", "one big row")));
    String path = "/v1/dlmas/" + list + "/entries";
    ArrayNode json = JSON.createArrayNode();
    for (int i = 0; i < 10; i++) {
      ObjectNode e = object().put("name", "c" + i);
      e.putArray("numbers").add(String.valueOf(1000 + i));
      json.add(e);
    }
    ((ObjectNode) json.get(4)).set("variables", variables(100, 1000));
    ((ObjectNode) json.get(7)).put("detail", "é".repeat(60_000));
    Answer fromJson = post(path, json);
    assertThat(fromJson.status()).as("%s", fromJson.body()).isEqualTo(422);
    assertThat(fromJson.body().path("badRows").asInt()).isEqualTo(2);
    assertThat(rule(fromJson.body(), "[4].variables")).startsWith("must have at most 29");
    assertThat(rule(fromJson.body(), "[7].detail"))
        .isEqualTo("must be at most 65535 bytes of UTF-8");
    assertThat(fromJson.body().path("errors").get(0).path("index").asInt()).isEqualTo(4);
    assertThat(DB.count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", list)).isZero();

    StringBuilder header = new StringBuilder("name,number1,detail");
    for (int i = 0; i < 100; i++) {
      header.append(",var_V").append(i);
    }
    StringBuilder csv = new StringBuilder(header).append('\n');
    for (int i = 0; i < 10; i++) {
      csv.append("c")
          .append(i)
          .append(',')
          .append(2000 + i)
          .append(',')
          .append(i == 7 ? "é".repeat(60_000) : "");
      for (int v = 0; v < 100; v++) {
        csv.append(',').append(i == 4 ? "v".repeat(1000) : "");
      }
      csv.append('\n');
    }
    Answer fromCsv = csv(path, csv.toString());
    assertThat(fromCsv.status()).as("%s", fromCsv.body()).isEqualTo(422);
    assertThat(fromCsv.body().path("badRows").asInt()).isEqualTo(2);
    JsonNode first = fromCsv.body().path("errors").get(0);
    assertThat(first.path("line").asInt()).isEqualTo(6);
    assertThat(first.path("field").asText()).isEqualTo("var_*");
    assertThat(first.path("rule").asText()).startsWith("must have at most 29 variables");
    JsonNode second = fromCsv.body().path("errors").get(1);
    assertThat(second.path("line").asInt()).isEqualTo(9);
    assertThat(second.path("field").asText()).isEqualTo("detail");
    assertThat(DB.count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", list)).isZero();

    // The same rows within their columns import whole, by both ways.
    ((ObjectNode) json.get(4)).set("variables", variables(29, 1000));
    ((ObjectNode) json.get(7)).put("detail", "é".repeat(32_767));
    assertThat(post(path, json).status()).isEqualTo(201);
    assertThat(DB.count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", list)).isEqualTo(10);
  }
}
