package io.outdial.api.openapi;

import static io.outdial.api.support.ApiResources.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holds the request schemas of the OpenAPI document to the server, both ways. Bodies are made from
 * each schema alone: the examples of its required fields (closed under its conditional fields),
 * then one change each: every probe character alone and inside every text, every bound of every
 * length, byte count, number, array and map and one past it, every enum value and values outside,
 * every required and conditional field left out, conditional fields sent where they must be absent,
 * the cross-field rules broken and kept, unknown fields, read-only fields, wrong types and nulls.
 * The document judges each body (a small validator of the OpenAPI 3.0 keywords and of the
 * extensions the document explains), and the API must agree: what the document allows is accepted,
 * what it refuses is a 400 or a 422 whose errors name exactly the fields it blames, with the same
 * regex where the server names one. Only what a schema says it also accepts ({@code x-alsoAccepts})
 * may pass against its verdict.
 *
 * <p>So a rule the server checks and the document does not state fails here (a probe the document
 * allows is refused), and so does a rule the document states and the server does not check (a value
 * the document refuses is accepted).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiRulesIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Characters every text is probed with, alone and inside its example: controls (the edges of the
   * ranges the patterns use), every blank Java's isBlank knows and those it does not (which
   * ECMAScript's \s would), non-ASCII, and the punctuation that patterns allow or refuse.
   */
  static final List<String> PROBES =
      List.of(
          "\u0000", "\u0001", "\u0008", "\t", "\n", "\u000b", "\u000c", "\r", "\u001b", "\u001c",
          "\u001f", " ", "\u007f", "\u0085", "\u00a0", "\u1680", "\u2000", "\u2006", "\u2007",
          "\u2008", "\u200a", "\u200b", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff",
          "é", "😀", "@", ",", "\\", "\"", "/", ":", "a", "Z", "0", "9", "-", "_", "+", "*", "#",
          ".", "!", "[", "]", "(", ")", "=", ";", "<", "%");

  /** Whole values every text is probed with as well. */
  static final List<String> WHOLE_PROBES =
      List.of("", "0", "01", "2147483647", "2147483648", "NOT_IN_ANY_ENUM");

  static final String UNKNOWN_FIELD = "notAField";
  static final String EMOJI = "😀";

  static JsonNode doc;
  final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  /** Live ids of each collection, for x-references. */
  final Map<String, List<String>> live = new LinkedHashMap<>();

  String dlma;
  String entry;
  String campaign;
  String dncList;

  @BeforeAll
  static void load() {
    doc = OpenApiResource.load();
  }

  @BeforeEach
  void fixture() {
    API.reset();
    String plan = created(API.post("/v1/plans", "{\"name\":\"fixture\"}"));
    String destination =
        created(
            API.post(
                "/v1/destinations", "{\"name\":\"fixture\",\"type\":1,\"application\":\"Park\"}"));
    dlma = created(API.post("/v1/dlmas", "{\"name\":\"fixture\"}"));
    Response imported = API.post("/v1/dlmas/" + dlma + "/entries", "[{\"numbers\":[\"1\"]}]");
    assertThat(imported.getStatus()).isEqualTo(201);
    entry = body(imported).path("ids").get(0).asText();
    live.put("/v1/plans", List.of(plan));
    live.put("/v1/destinations", List.of(destination));
    live.put("/v1/dlmas", List.of(dlma));
    Response pbx =
        API.post(
            "/v1/pbxs",
            "{\"name\":\"fixture\",\"amiHost\":\"127.0.0.1\",\"amiUser\":\"u\","
                + "\"secretRef\":\"env:S\",\"trunks\":[{\"name\":\"fixture\"}]}");
    assertThat(pbx.getStatus()).isEqualTo(201);
    live.put("/v1/pbxs#trunks", List.of(body(pbx).path("trunks").get(0).path("id").asText()));
    campaign = newCampaign();
    live.put("/v1/campaigns", List.of(campaign));
    dncList = created(API.post("/v1/dnc-lists", "{\"name\":\"fixture\",\"region\":\"FR\"}"));
  }

  static String created(Response r) {
    JsonNode b = body(r);
    assertThat(r.getStatus()).as("fixture: %s", b).isEqualTo(201);
    return b.path("id").asText();
  }

  String newCampaign() {
    return created(
        API.post(
            "/v1/campaigns",
            "{\"name\":\"fixture\",\"plan\":\""
                + live.get("/v1/plans").get(0)
                + "\",\"destination\":\""
                + live.get("/v1/destinations").get(0)
                + "\",\"dlma\":\""
                + dlma
                + "\"}"));
  }

  // ---- the operations a request schema is sent to --------------------------------------------

  /** One operation taking a JSON body, and the schema of that body. */
  record Target(String method, String path, JsonNode schema, String name) {}

  /**
   * For every request schema (and every array of one) the document gives an operation, the first
   * operation that takes it, POST before PUT.
   */
  static List<Target> targets() {
    Map<String, Target> out = new LinkedHashMap<>();
    for (String method : List.of("post", "put")) {
      doc.path("paths")
          .fields()
          .forEachRemaining(
              p -> {
                JsonNode op = p.getValue().path(method);
                JsonNode schema =
                    resolve(op.path("requestBody"))
                        .path("content")
                        .path("application/json")
                        .path("schema");
                if (schema.isMissingNode()) {
                  return;
                }
                String name =
                    schema.has("$ref") ? refName(schema) : refName(schema.path("items")) + "[]";
                out.putIfAbsent(
                    name, new Target(method.toUpperCase(Locale.ROOT), p.getKey(), schema, name));
              });
    }
    return List.copyOf(out.values());
  }

  @Test
  void everyRequestSchemaIsSentSomewhere() {
    Set<String> sent = new TreeSet<>();
    targets().forEach(t -> sent.add(t.name()));
    assertThat(sent)
        .containsExactlyInAnyOrder(
            "PlanRequest",
            "PbxRequest",
            "DestinationRequest",
            "DlmaRequest",
            "EntryRequest",
            "EntryRequest[]",
            "CampaignRequest",
            "ControlRequest",
            "OperatorRequest",
            "DncListRequest",
            "DncNumbersRequest");
    // ScheduleRequest is sent inside CampaignRequest, TrunkRequest inside PbxRequest; Variables
    // inside four of them.
    Set<String> requests = new TreeSet<>();
    doc.path("components")
        .path("schemas")
        .fieldNames()
        .forEachRemaining(
            n -> {
              if (n.endsWith("Request")) {
                requests.add(n);
              }
            });
    requests.remove("ScheduleRequest");
    requests.remove("TrunkRequest");
    sent.forEach(n -> requests.remove(n.replace("[]", "")));
    assertThat(requests).as("request schemas no operation takes").isEmpty();
  }

  @Test
  void theServerAcceptsExactlyWhatEveryRequestSchemaAllows(TestReporter reporter) {
    Tally tally = new Tally();
    for (Target t : targets()) {
      for (Case c : cases(t)) {
        judge(t, c, tally);
      }
    }
    reporter.publishEntry("cases", tally.toString());
    tally.assertNone();
    assertThat(tally.accepted).isGreaterThan(1000);
    assertThat(tally.refused).isGreaterThan(2000);
  }

  /** The X-Operator header of an operator action, judged by its parameter's schema. */
  @Test
  void theOperatorHeaderIsAcceptedExactlyAsItsParameterAllows(TestReporter reporter) {
    JsonNode param = resolve(doc.path("components").path("parameters").path("operator"));
    String name = param.path("name").asText();
    JsonNode schema = param.path("schema");
    ObjectNode root = NODES.objectNode();
    List<Case> cases = new ArrayList<>();
    stringCases(schema, root, Path.ROOT.then(name), schema.path("example").asText(), cases);
    Tally tally = new Tally();
    for (Case c : cases) {
      JsonNode value = c.body().path(name);
      if (!value.isTextual()) {
        continue; // a header is text; its wrong types cannot be sent
      }
      List<Failure> failures = new ArrayList<>();
      check(schema, value, Path.ROOT.then(name), failures);
      String id = failures.isEmpty() ? newCampaign() : campaign;
      Response r;
      try {
        r =
            API.request("/v1/campaigns/" + id + "/start")
                .header(name, value.textValue())
                .post(Entity.entity("{}", MediaType.APPLICATION_JSON_TYPE));
      } catch (RuntimeException e) {
        // The HTTP client will not write some control characters into a header at all.
        assertThat(failures).as("%s could not be sent", c.why()).isNotEmpty();
        continue;
      }
      compare("X-Operator", c, failures, r.getStatus(), r.readEntity(String.class), tally);
    }
    reporter.publishEntry("cases", tally.toString());
    tally.assertNone();
    assertThat(tally.accepted).isGreaterThan(20);
    assertThat(tally.refused).isGreaterThan(20);
  }

  // ---- judging -----------------------------------------------------------------------------

  /** One body, and why it was made. */
  record Case(String why, JsonNode body) {}

  /** What the document finds wrong with a body: the field, the keyword, the field's schema. */
  record Failure(String field, String keyword, JsonNode schema) {}

  static final class Tally {
    int accepted;
    int refused;
    int lenient;
    final Map<String, Integer> byTarget = new TreeMap<>();
    final List<String> mismatches = new ArrayList<>();

    /** How many mismatches of each kind and target, for a failure that shows them all. */
    final Map<String, Integer> kinds = new TreeMap<>();

    void mismatch(String kind, String target, String what) {
      mismatches.add(kind + ": " + target + ": " + what);
      kinds.merge(target + ": " + kind, 1, Integer::sum);
    }

    void assertNone() {
      if (!mismatches.isEmpty()) {
        StringBuilder sb = new StringBuilder(toString()).append("\nby kind:");
        kinds.forEach((k, n) -> sb.append("\n  ").append(n).append(" x ").append(k));
        sb.append("\nthe first ones:");
        mismatches.stream().limit(40).forEach(m -> sb.append("\n  ").append(m));
        throw new AssertionError(sb.toString());
      }
    }

    @Override
    public String toString() {
      return (accepted + refused + lenient)
          + " cases ("
          + byTarget
          + "): "
          + accepted
          + " accepted as the document allows, "
          + refused
          + " refused as it says, "
          + lenient
          + " accepted as x-alsoAccepts allows, "
          + mismatches.size()
          + " mismatches";
    }
  }

  void judge(Target t, Case c, Tally tally) {
    List<Failure> failures = new ArrayList<>();
    check(t.schema(), c.body(), Path.ROOT, failures);
    String path =
        t.path().replace("{dlmaId}", dlma).replace("{entryId}", entry).replace("{listId}", dncList);
    if (path.contains("{id}")) {
      // An accepted operator action moves the campaign on, so each gets a campaign in STOP.
      path = path.replace("{id}", failures.isEmpty() ? newCampaign() : campaign);
    }
    String json = write(c.body());
    Response r = t.method().equals("POST") ? API.post(path, json) : API.put(path, json);
    String answer = r.readEntity(String.class);
    if (path.equals("/v1/pbxs") && r.getStatus() == 201) {
      // Every case names its PBX as the example does, and names are unique (a rule between
      // requests, which PbxResourceIT tests): an accepted PBX goes again before the next case.
      String id;
      try {
        id = JSON.readTree(answer).path("id").asText();
      } catch (Exception e) {
        throw new AssertionError("a created PBX's body is not JSON: " + answer, e);
      }
      assertThat(API.delete("/v1/pbxs/" + id).getStatus()).isEqualTo(204);
    }
    if (path.equals("/v1/operators") && r.getStatus() == 201) {
      // Operator names are unique too (OperatorAuthIT tests it).
      String name;
      try {
        name = JSON.readTree(answer).path("name").asText();
      } catch (Exception e) {
        throw new AssertionError("a created operator's body is not JSON: " + answer, e);
      }
      Response gone =
          API.target("/v1/operators/{name}")
              .resolveTemplate("name", name)
              .request()
              .header("Authorization", "Bearer " + ApiResources.TOKEN)
              .delete();
      assertThat(gone.getStatus()).as("delete of operator %s", name).isEqualTo(204);
    }
    compare(t.name(), c, failures, r.getStatus(), answer, tally);
  }

  void compare(
      String target, Case c, List<Failure> failures, int status, String answer, Tally tally) {
    tally.byTarget.merge(target, 1, Integer::sum);
    String what =
        c.why() + ": " + shorten(write(c.body())) + " -> " + status + " " + shorten(answer);
    if (failures.isEmpty()) {
      if (status >= 200 && status < 300) {
        tally.accepted++;
      } else {
        tally.mismatch("the document allows it, the server refuses it", target, what);
      }
      return;
    }
    Set<String> blamed = new TreeSet<>();
    failures.forEach(f -> blamed.add(f.field().isEmpty() ? "body" : f.field()));
    if (status >= 200 && status < 300) {
      if (failures.stream().allMatch(f -> f.schema().has("x-alsoAccepts"))) {
        tally.lenient++;
      } else {
        tally.mismatch(
            "the document refuses it (" + keywords(failures) + "), the server accepts it",
            target,
            "the document: " + describe(failures) + ": " + what);
      }
      return;
    }
    boolean unknown = failures.stream().anyMatch(f -> f.keyword().equals("additionalProperties"));
    boolean type = failures.stream().anyMatch(f -> f.keyword().equals("type"));
    Set<Integer> statuses = unknown ? Set.of(400) : type ? Set.of(400, 422) : Set.of(422);
    if (!statuses.contains(status)) {
      tally.mismatch(
          "expected " + statuses + " for " + keywords(failures),
          target,
          describe(failures) + ": " + what);
      return;
    }
    JsonNode error;
    try {
      error = JSON.readTree(answer);
    } catch (Exception e) {
      tally.mismatch("the error is not JSON", target, what);
      return;
    }
    Map<String, String> named = new LinkedHashMap<>();
    error.path("errors").forEach(e -> named.put(e.path("field").asText(), e.path("rule").asText()));
    List<String> problems = new ArrayList<>();
    for (String b : blamed) {
      if (named.keySet().stream().noneMatch(n -> covers(n, b)) && status == 422) {
        problems.add("does not name " + b);
      }
    }
    for (String n : named.keySet()) {
      if (blamed.stream().noneMatch(b -> covers(n, b))) {
        problems.add("names " + n + ", which the document finds right");
      }
    }
    if (named.isEmpty()) {
      problems.add("names no field");
    }
    for (Failure f : failures) {
      String rule = named.get(f.field());
      if (f.keyword().equals("pattern") && rule != null && rule.startsWith("must match ")) {
        String regex = rule.substring("must match ".length());
        if (!regex.equals(f.schema().path("pattern").asText())) {
          problems.add(
              "says it must match "
                  + regex
                  + ", the document "
                  + f.schema().path("pattern").asText());
        }
      }
    }
    if (problems.isEmpty()) {
      tally.refused++;
    } else {
      tally.mismatch(
          "the error names other fields than the document blames (" + keywords(failures) + ")",
          target,
          String.join("; ", problems) + " (the document: " + describe(failures) + "): " + what);
    }
  }

  /**
   * Whether the server naming {@code named} names what the document blames as {@code blamed}: the
   * same field, or the list holding the blamed entry (the schedule names a bad date of dateList by
   * its index in the rule).
   */
  static boolean covers(String named, String blamed) {
    return named.equals(blamed) || blamed.startsWith(named + "[");
  }

  /** The rules broken, without the fields (a kind of mismatch). */
  static String keywords(List<Failure> failures) {
    Set<String> out = new TreeSet<>();
    failures.forEach(f -> out.add(f.keyword()));
    return String.join(", ", out);
  }

  static String describe(List<Failure> failures) {
    List<String> out = new ArrayList<>();
    failures.forEach(f -> out.add((f.field().isEmpty() ? "body" : f.field()) + " " + f.keyword()));
    return String.join(", ", out);
  }

  static String shorten(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " characters)";
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  // ---- the document's verdict ---------------------------------------------------------------

  /** A place in a body, named as the API names fields: {@code numbers[0]}, {@code [0].name}. */
  record Path(List<Object> steps) {
    static final Path ROOT = new Path(List.of());

    Path then(Object step) {
      List<Object> s = new ArrayList<>(steps);
      s.add(step);
      return new Path(List.copyOf(s));
    }

    String field() {
      StringBuilder sb = new StringBuilder();
      for (Object step : steps) {
        if (step instanceof Integer i) {
          sb.append('[').append(i).append(']');
        } else {
          sb.append(sb.length() == 0 ? "" : ".").append(step);
        }
      }
      return sb.toString();
    }
  }

  static JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    while (n.has("$ref")) {
      JsonNode t = doc;
      for (String part : n.path("$ref").asText().substring(2).split("/")) {
        t = t.path(part);
      }
      assertThat(t.isMissingNode()).as("$ref %s", n.path("$ref")).isFalse();
      n = t;
    }
    return n;
  }

  static String refName(JsonNode schema) {
    String ref = schema.path("$ref").asText();
    return ref.substring(ref.lastIndexOf('/') + 1);
  }

  /** {@code schema} with its $ref followed and its allOf parts merged into it. */
  static JsonNode merged(JsonNode schema) {
    JsonNode s = resolve(schema);
    if (!s.has("allOf")) {
      return s;
    }
    ObjectNode out = NODES.objectNode();
    for (JsonNode part : s.path("allOf")) {
      out.setAll((ObjectNode) merged(part));
    }
    s.fields()
        .forEachRemaining(
            f -> {
              if (!f.getKey().equals("allOf")) {
                out.set(f.getKey(), f.getValue());
              }
            });
    return out;
  }

  /** Adds to {@code out} every rule of {@code schema} that {@code value} at {@code path} breaks. */
  void check(JsonNode schema, JsonNode value, Path path, List<Failure> out) {
    JsonNode s = merged(schema);
    if (s.path("readOnly").asBoolean()) {
      return; // a read's field, which a request may carry and the server ignores
    }
    if (value.isNull()) {
      if (!s.path("nullable").asBoolean() && (s.has("type") || s.has("oneOf"))) {
        out.add(new Failure(path.field(), "type", s));
      }
      return;
    }
    if (s.has("oneOf")) {
      int valid = 0;
      for (JsonNode branch : s.path("oneOf")) {
        List<Failure> f = new ArrayList<>();
        check(branch, value, path, f);
        valid += f.isEmpty() ? 1 : 0;
      }
      if (valid != 1) {
        out.add(new Failure(path.field(), "oneOf", s));
      }
      return;
    }
    String type = s.path("type").asText("");
    boolean typed =
        switch (type) {
          case "string" -> value.isTextual();
          case "integer" ->
              value.isIntegralNumber()
                  && (!s.path("format").asText().equals("int32") || value.canConvertToInt());
          case "number" -> value.isNumber();
          case "array" -> value.isArray();
          case "object" -> value.isObject();
          case "boolean" -> value.isBoolean();
          default -> true;
        };
    if (!typed) {
      out.add(new Failure(path.field(), "type", s));
      return;
    }
    if (s.has("enum")) {
      boolean any = false;
      for (JsonNode e : s.path("enum")) {
        any |= equal(e, value, s.path("x-caseInsensitive").asBoolean());
      }
      if (!any) {
        out.add(new Failure(path.field(), "enum", s));
      }
    }
    switch (type) {
      case "string" -> checkString(s, value.textValue(), path, out);
      case "integer", "number" -> checkNumber(s, value.decimalValue(), path, out);
      case "array" -> checkArray(s, (ArrayNode) value, path, out);
      case "object" -> checkObject(s, (ObjectNode) value, path, out);
      default -> {}
    }
  }

  static boolean equal(JsonNode a, JsonNode b, boolean caseInsensitive) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isTextual() && b.isTextual()) {
      return caseInsensitive
          ? a.textValue().toUpperCase(Locale.ROOT).equals(b.textValue().toUpperCase(Locale.ROOT))
          : a.textValue().equals(b.textValue());
    }
    return false;
  }

  void checkString(JsonNode s, String text, Path path, List<Failure> out) {
    int before = out.size();
    int chars = text.codePointCount(0, text.length());
    if (s.has("minLength") && chars < s.path("minLength").asInt()) {
      out.add(new Failure(path.field(), "minLength", s));
    }
    if (s.has("maxLength") && chars > s.path("maxLength").asInt()) {
      out.add(new Failure(path.field(), "maxLength", s));
    }
    if (s.has("x-maxBytes") && utf8(text) > s.path("x-maxBytes").asInt()) {
      out.add(new Failure(path.field(), "x-maxBytes", s));
    }
    if (s.has("pattern") && !pattern(s.path("pattern").asText()).matcher(text).matches()) {
      out.add(new Failure(path.field(), "pattern", s));
    }
    boolean formatted =
        switch (s.path("format").asText("")) {
          case "uuid" -> isUuid(text);
          case "date" -> isDate(text);
          case "iana-time-zone" -> ZoneId.getAvailableZoneIds().contains(text);
          default -> true;
        };
    if (!formatted) {
      out.add(new Failure(path.field(), "format", s));
    }
    if (s.has("x-references")
        && out.size() == before
        && !live.getOrDefault(s.path("x-references").asText(), List.of()).contains(text)) {
      out.add(new Failure(path.field(), "x-references", s));
    }
  }

  /**
   * The document's patterns are anchored at both ends, where ECMAScript's search and Java's whole
   * match agree (Java's $ alone would also match before a final line break).
   */
  Pattern pattern(String regex) {
    return patterns.computeIfAbsent(
        regex,
        r -> {
          assertThat(r).as("pattern %s is anchored", r).startsWith("^").endsWith("$");
          return Pattern.compile(r);
        });
  }

  static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  static boolean isUuid(String s) {
    return s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }

  /** RFC 3339 full-date: the digits, and a day the calendar has. */
  static boolean isDate(String s) {
    if (!s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
      return false;
    }
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static void checkNumber(JsonNode s, BigDecimal v, Path path, List<Failure> out) {
    if (s.has("minimum")) {
      int c = v.compareTo(s.path("minimum").decimalValue());
      if (c < 0 || (c == 0 && s.path("exclusiveMinimum").asBoolean())) {
        out.add(new Failure(path.field(), "minimum", s));
      }
    }
    if (s.has("maximum")) {
      int c = v.compareTo(s.path("maximum").decimalValue());
      if (c > 0 || (c == 0 && s.path("exclusiveMaximum").asBoolean())) {
        out.add(new Failure(path.field(), "maximum", s));
      }
    }
  }

  void checkArray(JsonNode s, ArrayNode a, Path path, List<Failure> out) {
    if (s.has("minItems") && a.size() < s.path("minItems").asInt()) {
      out.add(new Failure(path.field(), "minItems", s));
    }
    if (s.has("maxItems") && a.size() > s.path("maxItems").asInt()) {
      out.add(new Failure(path.field(), "maxItems", s));
    }
    List<Failure> items = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      check(s.path("items"), a.get(i), path.then(i), items);
    }
    out.addAll(items);
    if (s.has("x-uniqueItemsBy")) {
      // Among the items whose property is right by itself, every later one with a value an
      // earlier one has is blamed.
      String property = s.path("x-uniqueItemsBy").path("property").asText();
      boolean ignoreCase = s.path("x-uniqueItemsBy").path("ignoreCase").asBoolean();
      Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < a.size(); i++) {
        Path at = path.then(i);
        JsonNode value = a.get(i).path(property);
        if (!value.isTextual() || broken(items, at) || broken(items, at.then(property))) {
          continue;
        }
        String key = ignoreCase ? value.textValue().toLowerCase(Locale.ROOT) : value.textValue();
        if (!seen.add(key)) {
          out.add(new Failure(at.then(property).field(), "x-uniqueItemsBy", s));
        }
      }
    }
    if (s.has("x-minNonEmptyItems") && items.isEmpty()) {
      int filled = 0;
      for (JsonNode item : a) {
        filled += item.isNull() || (item.isTextual() && item.textValue().isEmpty()) ? 0 : 1;
      }
      if (filled < s.path("x-minNonEmptyItems").asInt()) {
        out.add(new Failure(path.field(), "x-minNonEmptyItems", s));
      }
    }
  }

  void checkObject(JsonNode s, ObjectNode o, Path path, List<Failure> out) {
    JsonNode props = s.path("properties");
    JsonNode extra = s.path("additionalProperties");
    if (s.has("maxProperties") && o.size() > s.path("maxProperties").asInt()) {
      // The server judges the entries of a map only when there are not too many of them.
      out.add(new Failure(path.field(), "maxProperties", s));
      return;
    }
    for (JsonNode r : s.path("required")) {
      if (!o.has(r.asText())) {
        out.add(new Failure(path.then(r.asText()).field(), "required", props.path(r.asText())));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      Path at = path.then(f.getKey());
      if (props.has(f.getKey())) {
        check(props.path(f.getKey()), f.getValue(), at, out);
      } else if (extra.isBoolean() && !extra.asBoolean()) {
        out.add(new Failure(at.field(), "additionalProperties", s));
      } else if (extra.isObject()) {
        checkEntry(s, f.getKey(), f.getValue(), path, out);
      }
    }
    props
        .fields()
        .forEachRemaining(
            p -> checkRelations(p.getKey(), merged(p.getValue()), o, path, props, out));
  }

  /** One entry of a map (the variables): its name, its value, and the line they make. */
  void checkEntry(JsonNode s, String name, JsonNode value, Path path, List<Failure> out) {
    JsonNode names = s.path("x-propertyNames");
    boolean nameOk =
        name.codePointCount(0, name.length()) <= names.path("maxLength").asInt()
            && pattern(names.path("pattern").asText()).matcher(name).matches();
    if (!nameOk) {
      // A name the error could not show (a control character in it) is reported on the map.
      boolean showable = name.chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
      out.add(new Failure(showable ? path.then(name).field() : path.field(), "x-propertyNames", s));
      return;
    }
    List<Failure> f = new ArrayList<>();
    check(s.path("additionalProperties"), value, path.then(name), f);
    out.addAll(f);
    if (f.isEmpty() && s.has("x-maxNameAndValueBytes")) {
      String v = value.textValue();
      String escaped = s.path("x-escapedCharacters").asText();
      long escapes = v.chars().filter(c -> escaped.indexOf(c) >= 0).count();
      if (name.length() + utf8(v) + escapes > s.path("x-maxNameAndValueBytes").asInt()) {
        out.add(new Failure(path.then(name).field(), "x-maxNameAndValueBytes", s));
      }
    }
  }

  /** The rules of property {@code name} that depend on other fields of the object. */
  void checkRelations(
      String name, JsonNode p, ObjectNode o, Path path, JsonNode props, List<Failure> out) {
    Path at = path.then(name);
    JsonNode value = o.path(name);
    if (p.has("x-requiredWhen") && holds(p.path("x-requiredWhen"), o) && blank(value)) {
      out.add(new Failure(at.field(), "x-requiredWhen", p));
    }
    if (p.has("x-absentWhen")
        && holds(p.path("x-absentWhen"), o)
        && !value.isMissingNode()
        && !value.isNull()
        && !(value.isTextual() && value.textValue().isEmpty())) {
      out.add(new Failure(at.field(), "x-absentWhen", p));
    }
    // The rules between two fields are judged only when both fields are right by themselves.
    if (blank(value) || broken(out, at)) {
      return;
    }
    if (p.has("x-notEqual")) {
      String other = p.path("x-notEqual").asText();
      String that = textOrDefault(o, other, props);
      if (!broken(out, path.then(other)) && value.textValue().equals(that)) {
        out.add(new Failure(at.field(), "x-notEqual", p));
      }
    }
    if (p.has("x-notBefore")) {
      String other = p.path("x-notBefore").asText();
      String that = textOrDefault(o, other, props);
      if (that != null
          && !broken(out, path.then(other))
          && LocalDate.parse(value.textValue()).isBefore(LocalDate.parse(that))) {
        out.add(new Failure(at.field(), "x-notBefore", p));
      }
    }
    if (p.has("x-maxCombinedLength") && !value.textValue().isEmpty()) {
      String other = p.path("x-maxCombinedLength").path("with").asText();
      String that = textOrDefault(o, other, props);
      if (!broken(out, path.then(other))
          && value.textValue().length() + that.length()
              > p.path("x-maxCombinedLength").path("max").asInt()) {
        out.add(new Failure(at.field(), "x-maxCombinedLength", p));
      }
    }
  }

  static boolean broken(List<Failure> failures, Path at) {
    return failures.stream().anyMatch(f -> f.field().equals(at.field()));
  }

  static boolean blank(JsonNode v) {
    return v.isMissingNode() || v.isNull() || (v.isTextual() && v.textValue().isBlank());
  }

  /** The field's text, or its default when it is absent or blank. */
  static String textOrDefault(ObjectNode o, String field, JsonNode props) {
    JsonNode v = o.path(field);
    if (blank(v)) {
      JsonNode d = merged(props.path(field)).path("default");
      return d.isMissingNode() ? null : d.asText();
    }
    return v.asText();
  }

  /** Whether every field {@code condition} names has one of its values (codes in any case). */
  static boolean holds(JsonNode condition, ObjectNode o) {
    for (Iterator<Map.Entry<String, JsonNode>> it = condition.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> c = it.next();
      JsonNode v = o.path(c.getKey());
      boolean any = false;
      for (JsonNode allowed : c.getValue()) {
        any |= equal(allowed, v, true);
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  // ---- the bodies ---------------------------------------------------------------------------

  /** Every case for target {@code t}, each body once. */
  List<Case> cases(Target t) {
    Map<String, Case> out = new LinkedHashMap<>();
    List<Case> raw = new ArrayList<>();
    JsonNode schema = resolve(t.schema());
    if (schema.path("type").asText().equals("array")) {
      List<Case> rows = new ArrayList<>();
      objectCases(schema.path("items"), rows);
      for (Case c : rows) {
        raw.add(new Case("[0] " + c.why(), NODES.arrayNode().add(c.body())));
      }
      raw.add(new Case("no entry", NODES.arrayNode()));
      JsonNode row = variants(schema.path("items")).get(0);
      raw.add(new Case("two entries", NODES.arrayNode().add(row.deepCopy()).add(row.deepCopy())));
    } else {
      objectCases(schema, raw);
    }
    for (Case c : raw) {
      out.putIfAbsent(write(c.body()), c);
    }
    assertThat(out).as("cases of %s", t.name()).hasSizeGreaterThan(20);
    return List.copyOf(out.values());
  }

  /** The cases of a top-level request object: those of each of its variants. */
  void objectCases(JsonNode schema, List<Case> out) {
    JsonNode s = merged(schema);
    List<ObjectNode> variants = variants(s);
    out.add(new Case("as made from the examples", variants.get(0)));
    for (ObjectNode v : variants.subList(1, variants.size())) {
      out.add(new Case("as made from the examples, with " + v, v));
    }
    JsonNode props = s.path("properties");
    // Conditional fields, under each condition.
    for (ObjectNode v : variants) {
      props
          .fields()
          .forEachRemaining(
              p -> {
                JsonNode ps = merged(p.getValue());
                if (ps.has("x-requiredWhen") && holds(ps.path("x-requiredWhen"), v)) {
                  out.add(
                      new Case(
                          "without " + p.getKey() + " in " + v,
                          without(v, Path.ROOT.then(p.getKey()))));
                  out.add(
                      new Case(
                          "blank " + p.getKey() + " in " + v,
                          with(v, Path.ROOT.then(p.getKey()), TextNode.valueOf(" "))));
                }
                if (ps.has("x-absentWhen") && holds(ps.path("x-absentWhen"), v)) {
                  out.add(
                      new Case(
                          p.getKey() + " where it must be absent, in " + v,
                          with(v, Path.ROOT.then(p.getKey()), exampleOf(p.getKey(), ps))));
                  out.add(
                      new Case(
                          "empty " + p.getKey() + " where it must be absent, in " + v,
                          with(v, Path.ROOT.then(p.getKey()), TextNode.valueOf(""))));
                }
              });
    }
    // Every other case of a field, in the first variant where the field may be given.
    props
        .fields()
        .forEachRemaining(
            p -> {
              JsonNode ps = merged(p.getValue());
              ObjectNode root =
                  variants.stream()
                      .filter(v -> !(ps.has("x-absentWhen") && holds(ps.path("x-absentWhen"), v)))
                      .findFirst()
                      .orElseThrow();
              fieldCases(s, p.getKey(), root, Path.ROOT, out);
            });
    memberCases(s, variants.get(0), Path.ROOT, out);
  }

  /**
   * The base body of an object schema: the examples of its required fields, then the fields its
   * conditions require added and those they forbid removed; then one more body for each condition a
   * field has, with that condition made true.
   */
  List<ObjectNode> variants(JsonNode schema) {
    JsonNode s = merged(schema);
    ObjectNode base = NODES.objectNode();
    for (JsonNode r : s.path("required")) {
      base.set(r.asText(), exampleOf(r.asText(), s.path("properties").path(r.asText())));
    }
    close(base, s);
    List<ObjectNode> out = new ArrayList<>(List.of(base));
    s.path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              JsonNode condition = merged(p.getValue()).path("x-requiredWhen");
              if (condition.isObject()) {
                ObjectNode v = base.deepCopy();
                condition.fields().forEachRemaining(c -> v.set(c.getKey(), c.getValue().get(0)));
                close(v, s);
                if (!out.contains(v)) {
                  out.add(v);
                }
              }
            });
    return out;
  }

  void close(ObjectNode o, JsonNode s) {
    for (int round = 0; round < 4; round++) {
      s.path("properties")
          .fields()
          .forEachRemaining(
              p -> {
                JsonNode ps = merged(p.getValue());
                if (ps.has("x-requiredWhen")
                    && holds(ps.path("x-requiredWhen"), o)
                    && blank(o.path(p.getKey()))) {
                  o.set(p.getKey(), exampleOf(p.getKey(), ps));
                }
                if (ps.has("x-absentWhen") && holds(ps.path("x-absentWhen"), o)) {
                  o.remove(p.getKey());
                }
              });
    }
  }

  /** A valid value of a property: a live id where it refers to one, else its example. */
  JsonNode exampleOf(String name, JsonNode schema) {
    JsonNode s = merged(schema);
    if (s.has("x-references")) {
      return TextNode.valueOf(live.get(s.path("x-references").asText()).get(0));
    }
    if (s.has("example")) {
      return s.get("example").deepCopy();
    }
    if (s.path("type").asText().equals("object") && s.has("properties")) {
      return variants(s).get(0);
    }
    throw new AssertionError("the document gives no example of " + name + ": " + s);
  }

  /** What an object itself allows: fields it does not know, read-only fields, required ones. */
  void memberCases(JsonNode s, ObjectNode root, Path at, List<Case> out) {
    ObjectNode here = (ObjectNode) get(root, at);
    out.add(
        new Case(
            "with an unknown field at " + at.then(UNKNOWN_FIELD).field(),
            with(root, at.then(UNKNOWN_FIELD), TextNode.valueOf("x"))));
    s.path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              if (merged(p.getValue()).path("readOnly").asBoolean()) {
                ObjectNode any = NODES.objectNode();
                any.putArray("any").add(1).add("x");
                out.add(
                    new Case(
                        "with the read-only " + p.getKey(), with(root, at.then(p.getKey()), any)));
              }
            });
    for (JsonNode r : s.path("required")) {
      if (here.has(r.asText())) {
        out.add(
            new Case("without " + at.then(r.asText()).field(), without(root, at.then(r.asText()))));
      }
    }
  }

  /** The cases of one property of an object at {@code at} in {@code root}. */
  void fieldCases(JsonNode object, String name, ObjectNode root, Path at, List<Case> out) {
    JsonNode p = merged(object.path("properties").path(name));
    if (p.path("readOnly").asBoolean()) {
      return;
    }
    Path path = at.then(name);
    JsonNode current = get(root, path);
    JsonNode value = current.isMissingNode() ? exampleOf(path.field(), p) : current;
    valueCases(p, root, path, value, out);
    if (p.has("x-notEqual")) {
      String other = p.path("x-notEqual").asText();
      JsonNode otherSchema = merged(object.path("properties").path(other));
      ObjectNode same = with(root, path, value);
      out.add(new Case(name + " equal to " + other, with(same, at.then(other), value)));
      out.add(
          new Case(
              name + " equal to the default of an absent " + other,
              with(without(root, at.then(other)), path, otherSchema.path("default"))));
      out.add(
          new Case(
              name + " and " + other + " different",
              with(same, at.then(other), exampleOf(other, otherSchema))));
    }
    if (p.has("x-maxCombinedLength")) {
      // With the other field absent: what its default leaves, and one more.
      String other = p.path("x-maxCombinedLength").path("with").asText();
      String otherDefault = merged(object.path("properties").path(other)).path("default").asText();
      ObjectNode alone = without(root, at.then(other));
      int n = p.path("x-maxCombinedLength").path("max").asInt() - otherDefault.length();
      for (int len : new int[] {n, n + 1}) {
        out.add(
            new Case(
                name + " of " + len + " without " + other,
                with(alone, path, TextNode.valueOf(pad(value.asText(), len)))));
      }
    }
    if (p.has("x-notBefore")) {
      String other = p.path("x-notBefore").asText();
      LocalDate start =
          LocalDate.parse(exampleOf(other, object.path("properties").path(other)).asText());
      ObjectNode withStart = with(root, at.then(other), TextNode.valueOf(start.toString()));
      out.add(
          new Case(
              name + " the day before " + other,
              with(withStart, path, TextNode.valueOf(start.minusDays(1).toString()))));
      out.add(
          new Case(
              name + " the day of " + other,
              with(withStart, path, TextNode.valueOf(start.toString()))));
    }
  }

  /** The cases of a value of schema {@code s} at {@code path}, valid as {@code example}. */
  void valueCases(JsonNode s, ObjectNode root, Path path, JsonNode example, List<Case> out) {
    if (s.path("nullable").asBoolean()) {
      out.add(new Case(path.field() + " null", with(root, path, NullNode.getInstance())));
    }
    if (s.has("oneOf")) {
      out.add(new Case(path.field() + " of no type it takes", with(root, path, BooleanNode.TRUE)));
      for (JsonNode branch : s.path("oneOf")) {
        JsonNode b = merged(branch);
        valueCases(b, root, path, branchExample(b, example), out);
      }
      return;
    }
    switch (s.path("type").asText("")) {
      case "string" -> stringCases(s, root, path, example.asText(), out);
      case "integer", "number" -> numberCases(s, root, path, out);
      case "array" -> arrayCases(s, root, path, example, out);
      case "object" -> {
        out.add(new Case(path.field() + " not an object", with(root, path, TextNode.valueOf("x"))));
        if (s.has("properties")) {
          ObjectNode inside = with(root, path, example);
          s.path("properties")
              .fieldNames()
              .forEachRemaining(n -> fieldCases(s, n, inside, path, out));
          memberCases(s, inside, path, out);
        } else if (s.path("additionalProperties").isObject()) {
          mapCases(s, root, path, example, out);
        }
      }
      default -> {}
    }
  }

  static JsonNode branchExample(JsonNode branch, JsonNode example) {
    if (branch.has("example")) {
      return branch.get("example");
    }
    if (branch.has("enum")) {
      return branch.path("enum").get(0);
    }
    return example;
  }

  void stringCases(JsonNode s, ObjectNode root, Path path, String example, List<Case> out) {
    String f = path.field();
    out.add(new Case(f + " a number", with(root, path, IntNode.valueOf(5))));
    List<String> values = new ArrayList<>(WHOLE_PROBES);
    for (String c : PROBES) {
      values.add(c);
      if (!example.isEmpty()) {
        values.add(example.substring(0, 1) + c + example.substring(1));
      }
    }
    for (JsonNode e : s.path("enum")) {
      values.add(e.asText());
      values.add(e.asText().toLowerCase(Locale.ROOT));
    }
    // Lengths: the example padded with its first character, which keeps its pattern, to each
    // limit and one past it; and as many bytes as the limits allow in 4-byte characters.
    Integer maxChars = s.has("maxLength") ? s.path("maxLength").asInt() : null;
    Integer maxBytes = s.has("x-maxBytes") ? s.path("x-maxBytes").asInt() : null;
    for (Integer n :
        new Integer[] {
          maxChars, maxBytes, s.has("minLength") ? s.path("minLength").asInt() : null
        }) {
      if (n != null && !example.isEmpty()) {
        values.add(pad(example, n - 1));
        values.add(pad(example, n));
        values.add(pad(example, n + 1));
      }
    }
    if (maxBytes != null) {
      String widest = widest(example, maxChars == null ? Integer.MAX_VALUE : maxChars, maxBytes);
      values.add(widest);
      values.add(widest + example.charAt(0));
      values.add(widest + EMOJI);
    }
    for (String v : values) {
      out.add(new Case(f + " = " + JSON.valueToTree(v), with(root, path, TextNode.valueOf(v))));
    }
  }

  /** {@code example} made {@code n} characters long by repeating its first character. */
  static String pad(String example, int n) {
    int len = example.codePointCount(0, example.length());
    if (n <= 0) {
      return "";
    }
    if (n <= len) {
      return example.substring(0, example.offsetByCodePoints(0, n));
    }
    return example.substring(0, 1).repeat(n - len) + example;
  }

  /** The example, then emoji, then its first character, for as many bytes as both limits allow. */
  static String widest(String example, int maxChars, int maxBytes) {
    StringBuilder sb = new StringBuilder(example.substring(0, 1));
    int chars = 1;
    int bytes = utf8(sb.toString());
    while (chars < maxChars && bytes + 4 <= maxBytes) {
      sb.append(EMOJI);
      chars++;
      bytes += 4;
    }
    while (chars < maxChars && bytes + 1 <= maxBytes) {
      sb.append(example.charAt(0));
      chars++;
      bytes++;
    }
    return sb.toString();
  }

  void numberCases(JsonNode s, ObjectNode root, Path path, List<Case> out) {
    String f = path.field();
    out.add(new Case(f + " as text", with(root, path, TextNode.valueOf("5"))));
    List<JsonNode> values = new ArrayList<>();
    boolean integer = s.path("type").asText().equals("integer");
    BigDecimal step = integer ? BigDecimal.ONE : new BigDecimal("0.001");
    for (String bound : List.of("minimum", "maximum")) {
      if (s.has(bound)) {
        BigDecimal b = s.path(bound).decimalValue();
        values.add(number(b, integer));
        values.add(number(b.subtract(step), integer));
        values.add(number(b.add(step), integer));
      }
    }
    for (JsonNode e : s.path("enum")) {
      values.add(e);
      values.add(number(e.decimalValue().add(BigDecimal.ONE), integer));
      values.add(number(e.decimalValue().subtract(BigDecimal.ONE), integer));
    }
    for (long v :
        new long[] {
          0,
          1,
          -1,
          Integer.MAX_VALUE,
          Integer.MIN_VALUE,
          Integer.MAX_VALUE + 1L,
          Integer.MIN_VALUE - 1L
        }) {
      values.add(LongNode.valueOf(v));
    }
    if (!integer) {
      values.add(DecimalNode.valueOf(new BigDecimal("0.5")));
      values.add(DecimalNode.valueOf(new BigDecimal("1e300")));
      values.add(DecimalNode.valueOf(new BigDecimal("-1e300")));
    }
    for (JsonNode v : values) {
      out.add(new Case(f + " = " + v, with(root, path, v)));
    }
  }

  static JsonNode number(BigDecimal v, boolean integer) {
    return integer ? LongNode.valueOf(v.longValueExact()) : DecimalNode.valueOf(v);
  }

  void arrayCases(JsonNode s, ObjectNode root, Path path, JsonNode example, List<Case> out) {
    String f = path.field();
    JsonNode items = merged(s.path("items"));
    JsonNode item =
        example.isArray() && example.size() > 0 ? example.get(0) : exampleOf(f + "[0]", items);
    out.add(new Case(f + " not an array", with(root, path, TextNode.valueOf("x"))));
    out.add(new Case(f + " empty", with(root, path, NODES.arrayNode())));
    ArrayNode slots = NODES.arrayNode().add(NullNode.getInstance()).add("");
    out.add(new Case(f + " of empty slots", with(root, path, slots)));
    for (String bound : List.of("minItems", "maxItems")) {
      if (s.has(bound)) {
        int n = s.path(bound).asInt();
        for (int size : new int[] {n - 1, n, n + 1}) {
          if (size >= 0) {
            ArrayNode a = NODES.arrayNode();
            for (int i = 0; i < size; i++) {
              a.add(item.deepCopy());
            }
            out.add(new Case(f + " of " + size, with(root, path, a)));
          }
        }
      }
    }
    ArrayNode one = NODES.arrayNode().add(item.deepCopy());
    valueCases(items, with(root, path, one), path.then(0), item, out);
  }

  void mapCases(JsonNode s, ObjectNode root, Path path, JsonNode example, List<Case> out) {
    String f = path.field();
    String name = example.fieldNames().next();
    JsonNode value = example.get(name);
    out.add(new Case(f + " empty", with(root, path, NODES.objectNode())));
    int max = s.path("maxProperties").asInt();
    for (int size : new int[] {max, max + 1}) {
      ObjectNode m = NODES.objectNode();
      for (int i = 0; i < size; i++) {
        m.set(name + i, value);
      }
      out.add(new Case(f + " of " + size, with(root, path, m)));
    }
    // Names: the probes, alone and inside the example's name, and every length around the limit.
    List<String> names = new ArrayList<>(WHOLE_PROBES);
    for (String c : PROBES) {
      names.add(c);
      names.add(name.substring(0, 1) + c + name.substring(1));
    }
    int maxName = s.path("x-propertyNames").path("maxLength").asInt();
    names.add(pad(name, maxName));
    names.add(pad(name, maxName + 1));
    for (String n : names) {
      ObjectNode m = NODES.objectNode();
      m.set(n, value);
      out.add(new Case(f + " named " + JSON.valueToTree(n), with(root, path, m)));
    }
    // Values: the cases of a text, then the line: name and value together, escapes counted.
    Path at = path.then(name);
    ObjectNode one = with(root, path, example);
    valueCases(merged(s.path("additionalProperties")), one, at, value, out);
    out.add(new Case(at.field() + " null", with(one, at, NullNode.getInstance())));
    int budget = s.path("x-maxNameAndValueBytes").asInt() - name.length();
    String v = value.asText();
    String escaped = s.path("x-escapedCharacters").asText();
    List<String> values =
        new ArrayList<>(
            List.of(
                pad(v, budget),
                pad(v, budget + 1),
                widest(v, Integer.MAX_VALUE, budget),
                widest(v, Integer.MAX_VALUE, budget) + "x"));
    for (char c : escaped.toCharArray()) {
      values.add(String.valueOf(c).repeat(budget / 2));
      values.add(String.valueOf(c).repeat(budget / 2 + 1));
    }
    for (String text : values) {
      out.add(
          new Case(
              at.field() + " of " + utf8(text) + " bytes, " + text.charAt(0) + "...",
              with(one, at, TextNode.valueOf(text))));
    }
  }

  // ---- editing bodies -----------------------------------------------------------------------

  static JsonNode get(JsonNode root, Path path) {
    JsonNode n = root;
    for (Object step : path.steps()) {
      n = step instanceof Integer i ? n.path(i) : n.path((String) step);
    }
    return n;
  }

  /** A copy of {@code root} with {@code value} at {@code path} (objects made on the way). */
  static ObjectNode with(ObjectNode root, Path path, JsonNode value) {
    ObjectNode copy = root.deepCopy();
    JsonNode n = copy;
    List<Object> steps = path.steps();
    for (int i = 0; i < steps.size() - 1; i++) {
      Object step = steps.get(i);
      JsonNode next = step instanceof Integer idx ? n.path(idx) : n.path((String) step);
      if (next.isMissingNode() || next.isNull()) {
        next = NODES.objectNode();
        ((ObjectNode) n).set((String) step, next);
      }
      n = next;
    }
    Object last = steps.get(steps.size() - 1);
    if (last instanceof Integer idx) {
      ((ArrayNode) n).set(idx, value.deepCopy());
    } else {
      ((ObjectNode) n).set((String) last, value.deepCopy());
    }
    return copy;
  }

  static ObjectNode without(ObjectNode root, Path path) {
    ObjectNode copy = root.deepCopy();
    JsonNode parent = get(copy, new Path(path.steps().subList(0, path.steps().size() - 1)));
    if (parent instanceof ObjectNode o) {
      o.remove((String) path.steps().get(path.steps().size() - 1));
    }
    return copy;
  }
}
