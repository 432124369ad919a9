package io.outdial.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Generates bad requests for every operation of the API (from Jersey's resource model) and checks
 * the answers: never a 5xx, and every error in the one error body. Seeded, so a failure names the
 * seed and request number that reproduce it.
 *
 * <p>Bodies: valid samples with one field replaced by a random JSON value (wrong types, nesting,
 * huge or unicode strings, CR/LF and ':' injections, negative and huge numbers), random JSON,
 * truncated JSON, random bytes, deep nesting, huge bodies, broken CSV, and nothing. Requests go
 * with the operation's method or another one, right or wrong content types, path ids that exist, do
 * not exist or are junk, random query parameters and operator headers.
 */
public final class ApiFuzzer {
  /** One generated request; {@code path} is percent-encoded and may carry a query string. */
  public record Request(
      String method, String path, String contentType, byte[] body, String operator) {
    public String describe() {
      String text = body == null ? "<none>" : new String(body, StandardCharsets.UTF_8);
      if (text.length() > 300) {
        text = text.substring(0, 300) + "... (" + body.length + " bytes)";
      }
      return method
          + " "
          + path
          + " ["
          + contentType
          + "]"
          + (operator == null ? "" : " X-Operator: " + operator)
          + " "
          + text;
    }
  }

  /** What came back. */
  public record Answer(int status, String body) {}

  static final String[] STRINGS = {
    "",
    " ",
    "a",
    "p",
    "\r\n",
    "a\r\nAction: Hangup",
    "x:y",
    ":",
    "\u0000",
    "\t",
    "\u0007",
    "😀",
    "𝄞 music",
    "\ud800",
    "\u202eevil",
    "é",
    "null",
    "true",
    "0",
    "-1",
    "1e9",
    "SIP/",
    "PJSIP/",
    "Local/",
    "PJSIP/\r\n",
    "2026-02-30",
    "2026-13-01",
    "2026-03-01",
    "25:00:00",
    "09:00:00",
    "9:00",
    "00:00:00",
    "Europe/Paris",
    "Mars/Olympus",
    "+02:00",
    "UTC",
    "ON",
    "OFF",
    "MONDAY",
    "FUNDAY",
    "PREDICTIVE",
    "EXTENSION",
    "APPLICATION",
    "Queue",
    "Park",
    "<script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00",
    "{}",
    "[]",
    "0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e",
    "not-a-uuid",
    "a@b.c",
    "1,2,3",
    "\"quoted\""
  };
  static final String[] NUMBERS = {
    "0",
    "-1",
    "1",
    "7",
    "1000",
    "30000",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "99999999999999999999999",
    "1e400",
    "-1e400",
    "1e-400",
    "-0.0",
    "1.5",
    "0.0000001",
    "600001",
    "100000000"
  };
  static final String[] FIELDS = {
    "name",
    "detail",
    "dialMode",
    "dialTimeout",
    "callerId",
    "techName",
    "trunkName",
    "retryDelay",
    "maxRetry",
    "serviceLevel",
    "dlEndHandle",
    "variables",
    "earlyMedia",
    "codecs",
    "maxConcurrentCalls",
    "callsPerSecond",
    "type",
    "context",
    "exten",
    "priority",
    "application",
    "data",
    "numbers",
    "email",
    "ukey",
    "timezone",
    "plan",
    "destination",
    "dlma",
    "schedule",
    "nextCampaign",
    "reason",
    "mode",
    "timeStart",
    "timeEnd",
    "dateStart",
    "dateEnd",
    "dateList",
    "dateListExcept",
    "dayList",
    "trunkId",
    "amiHost",
    "amiPort",
    "amiUser",
    "secretRef",
    "secret",
    "password",
    "trunks",
    "maxChannels",
    "id",
    "status",
    "unknown",
    "",
    "A:B",
    "\r\n"
  };
  static final String[] CONTENT_TYPES = {
    "text/plain",
    "application/xml",
    "text/csv",
    "application/json; charset=utf-16",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    "garbage/type",
    null,
    "application/json",
    "text/csv; charset=nope",
    "application/octet-stream"
  };
  static final String[] QUERY = {
    "offset", "limit", "campaign", "entry", "resDial", "resHangup", "from", "to", "status", "q"
  };
  static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};

  private final Random random;
  private final List<ApiModel.Operation> operations = ApiModel.operations();
  private final ObjectMapper json = new ObjectMapper();

  public ApiFuzzer(long seed) {
    this.random = new Random(seed);
  }

  public List<ApiModel.Operation> operations() {
    return operations;
  }

  /**
   * Sends {@code count} generated requests through {@code send}, cycling over the operations, with
   * fresh fixture ids from {@code ids} (keys: plan, destination, dlma, entry, campaign, result)
   * every 50 requests, and checks every answer.
   *
   * @return how many requests got each status
   */
  public Map<Integer, Integer> run(
      int count, Supplier<Map<String, String>> ids, Function<Request, Answer> send, long seed) {
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    Map<String, String> fixture = ids.get();
    for (int i = 0; i < count; i++) {
      if (i > 0 && i % 50 == 0) {
        fixture = ids.get();
      }
      ApiModel.Operation op = operations.get(i % operations.size());
      Request r = request(op, fixture);
      Answer a;
      try {
        a = send.apply(r);
      } catch (RuntimeException e) {
        throw new AssertionError(
            "seed "
                + seed
                + ", request "
                + i
                + ": "
                + r.describe()
                + " failed on the client side: "
                + e,
            e);
      }
      statuses.merge(a.status(), 1, Integer::sum);
      check(seed, i, r, a);
    }
    return statuses;
  }

  private void check(long seed, int i, Request r, Answer a) {
    String where =
        "seed "
            + seed
            + ", request "
            + i
            + ": "
            + r.describe()
            + " -> "
            + a.status()
            + " "
            + a.body();
    assertThat(a.status()).as(where).isBetween(200, 499);
    if (a.status() >= 400) {
      JsonNode error;
      try {
        error = json.readTree(a.body());
      } catch (Exception e) {
        throw new AssertionError(where + ": the error body is not JSON", e);
      }
      assertThat(error.path("status").asInt()).as(where).isEqualTo(a.status());
      assertThat(error.path("message").isTextual()).as(where).isTrue();
      assertThat(error.path("errors").isArray()).as(where).isTrue();
    }
  }

  /** A bad (or now and then good) request for {@code op}. */
  public Request request(ApiModel.Operation op, Map<String, String> ids) {
    String method = random.nextInt(100) < 85 ? op.method() : pick(METHODS);
    String path = path(op.path(), ids);
    if (op.method().equals("GET") && random.nextBoolean()) {
      path += query();
    }
    if (op.path().equals("/v1/events")) {
      // A good request opens a stream that does not end: this one must be refused. The stream
      // itself is tested by ApiServerIT's live-event tests.
      path += (path.contains("?") ? "&" : "?") + "stream=no";
    }
    boolean csv = op.consumes().contains("text/csv") && random.nextBoolean();
    String type;
    if (random.nextInt(100) < 70) {
      type = csv ? "text/csv" : "application/json";
    } else {
      type = pick(CONTENT_TYPES);
    }
    byte[] body = csv ? csvBody() : body(op, ids);
    if (random.nextInt(10) == 0) {
      body = null;
    }
    String operator =
        random.nextInt(5) == 0
            ? pick(new String[] {"alice", "", " ", "o".repeat(65), "😀 ops", "x:y", "ä".repeat(64)})
            : null;
    return new Request(method, path, type, body, operator);
  }

  private String path(String template, Map<String, String> ids) {
    String[] segments = template.split("/");
    StringBuilder out = new StringBuilder();
    String previous = "";
    for (String s : segments) {
      if (s.isEmpty()) {
        continue;
      }
      out.append('/');
      if (s.startsWith("{")) {
        String kind =
            switch (s) {
              case "{dlmaId}" -> "dlma";
              case "{entryId}" -> "entry";
              default ->
                  switch (previous) {
                    case "plans" -> "plan";
                    case "pbxs" -> "pbx";
                    case "destinations" -> "destination";
                    case "dlmas" -> "dlma";
                    case "campaigns" -> "campaign";
                    default -> "result";
                  };
            };
        int roll = random.nextInt(100);
        String value;
        if (roll < 55) {
          value = ids.getOrDefault(kind, java.util.UUID.randomUUID().toString());
        } else if (roll < 70) {
          value = java.util.UUID.randomUUID().toString();
        } else if (roll < 75) {
          value = "x".repeat(5000);
        } else {
          value = pick(STRINGS);
        }
        out.append(encode(value.isEmpty() ? "%20" : value));
      } else {
        out.append(s);
      }
      previous = s;
    }
    return out.toString();
  }

  private String query() {
    StringBuilder q = new StringBuilder("?");
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      String value = random.nextBoolean() ? pick(STRINGS) : pick(NUMBERS);
      q.append(i == 0 ? "" : "&").append(pick(QUERY)).append('=').append(encode(value));
    }
    return q.toString();
  }

  /** Percent-encodes every byte that is not an unreserved URI character. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private byte[] body(ApiModel.Operation op, Map<String, String> ids) {
    String sample = sample(op, ids);
    int roll = random.nextInt(100);
    String text;
    if (roll < 45 && sample != null) {
      text = mutate(sample);
    } else if (roll < 60) {
      text = value(3);
    } else if (roll < 70 && sample != null) {
      text = sample.substring(0, random.nextInt(Math.max(1, sample.length())));
    } else if (roll < 76) {
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      return bytes;
    } else if (roll < 80) {
      int depth = 100 + random.nextInt(3000);
      text = "[".repeat(depth) + "]".repeat(random.nextBoolean() ? depth : depth / 2);
    } else if (roll < 83) {
      text = "{\"name\":\"" + "n".repeat(200_000 + random.nextInt(100_000)) + "\"}";
    } else if (roll < 88) {
      text = "{\"name\":\"a\",\"name\":\"b\"}";
    } else if (sample != null) {
      text = sample;
    } else {
      text = value(2);
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private String sample(ApiModel.Operation op, Map<String, String> ids) {
    String p = op.path();
    if (!op.method().equals("POST") && !op.method().equals("PUT")) {
      return null;
    }
    if (p.matches("/v1/campaigns/\\{id}/[a-z-]+")) {
      return "{\"reason\":\"fuzz\"}";
    }
    if (p.startsWith("/v1/plans")) {
      return "{\"name\":\"p\",\"dialMode\":\"PREDICTIVE\",\"dialTimeout\":20000,\"techName\":\"SIP/\","
          + "\"trunkName\":\"t1\",\"retryDelay\":10,\"maxRetry\":[1,2],\"serviceLevel\":1,"
          + "\"dlEndHandle\":0,\"variables\":{\"A\":\"b\"},\"earlyMedia\":\"yes\","
          + "\"codecs\":\"ulaw,alaw\",\"maxConcurrentCalls\":5,\"callsPerSecond\":1.5}";
    }
    if (p.startsWith("/v1/pbxs")) {
      // A name of its own, or most creates would only meet the name of an earlier one.
      return "{\"name\":\"pbx-"
          + random.nextInt(1_000_000)
          + "\",\"amiHost\":\"10.0.0.1\",\"amiPort\":5038,\"amiUser\":\"dialer\","
          + "\"secretRef\":\"env:PBX_SECRET\",\"trunks\":[{\"name\":\"main\","
          + "\"maxChannels\":30,\"callsPerSecond\":5},{\"name\":\"spare\"}]}";
    }
    if (p.startsWith("/v1/destinations")) {
      return random.nextBoolean()
          ? "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"exten\":\"s\",\"priority\":\"1\"}"
          : "{\"name\":\"d\",\"type\":\"APPLICATION\",\"application\":\"Queue\",\"data\":\"q\","
              + "\"variables\":{\"X\":\"1\"}}";
    }
    if (p.equals("/v1/dlmas/{dlmaId}/entries")) {
      return "[{\"name\":\"a\",\"numbers\":[\"1001\",\"\"],\"email\":\"a@b.c\",\"ukey\":\"k\","
          + "\"variables\":{\"L\":\"fr\"},\"timezone\":\"Europe/Paris\"},{\"numbers\":[\"2\"]}]";
    }
    if (p.startsWith("/v1/dlmas/{dlmaId}/entries/")) {
      return "{\"name\":\"a\",\"numbers\":[\"1001\"],\"timezone\":\"UTC\"}";
    }
    if (p.startsWith("/v1/dlmas")) {
      return "{\"name\":\"l\",\"detail\":\"d\",\"variables\":{\"LIST\":\"x\"}}";
    }
    if (p.startsWith("/v1/campaigns")) {
      return "{\"name\":\"c\",\"plan\":\""
          + ids.get("plan")
          + "\",\"destination\":\""
          + ids.get("destination")
          + "\",\"dlma\":\""
          + ids.get("dlma")
          + "\",\"schedule\":"
          + "{\"mode\":0,\"timeStart\":\"09:00:00\",\"timeEnd\":\"17:00:00\",\"dayList\":[1,2],"
          + "\"dateList\":[\"2030-01-01\"],\"timezone\":\"Europe/Paris\"}}";
    }
    return null;
  }

  /** The sample with one field (maybe nested, maybe new) set to a random value. */
  private String mutate(String sample) {
    try {
      JsonNode root = json.readTree(sample);
      JsonNode target =
          root.isArray() && root.size() > 0 ? root.get(random.nextInt(root.size())) : root;
      if (target.isObject() && target.has("schedule") && random.nextBoolean()) {
        target = target.get("schedule");
      }
      if (target instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
        String field = random.nextInt(4) == 0 ? pick(FIELDS) : o.size() == 0 ? "name" : fieldOf(o);
        o.set(field, json.readTree(value(2)));
      }
      return json.writeValueAsString(root);
    } catch (Exception e) {
      // A value the tree cannot hold (1e400 as a double is fine; others are kept as text).
      return sample.replaceFirst(":", ":" + value(1) + ",\"x\":");
    }
  }

  private String fieldOf(com.fasterxml.jackson.databind.node.ObjectNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names.get(random.nextInt(names.size()));
  }

  /** A random JSON value, at most {@code depth} deep. */
  String value(int depth) {
    int roll = random.nextInt(depth <= 0 ? 6 : 9);
    return switch (roll) {
      case 0, 1 -> quote(pick(STRINGS));
      case 2 -> pick(NUMBERS);
      case 3 -> random.nextBoolean() ? "true" : "false";
      case 4 -> "null";
      case 5 -> quote(random.nextInt(20) == 0 ? "s".repeat(70_000) : pick(STRINGS));
      case 6, 7 -> {
        StringBuilder a = new StringBuilder("[");
        int n = random.nextInt(10);
        for (int i = 0; i < n; i++) {
          a.append(i == 0 ? "" : ",").append(value(depth - 1));
        }
        yield a.append(']').toString();
      }
      default -> {
        StringBuilder o = new StringBuilder("{");
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          o.append(i == 0 ? "" : ",")
              .append(quote(pick(FIELDS)))
              .append(':')
              .append(value(depth - 1));
        }
        yield o.append('}').toString();
      }
    };
  }

  private byte[] csvBody() {
    String[] headers = {
      "name,number1,number2,var_A,timezone",
      "number1",
      "name,detail",
      "number1,number1",
      "number9",
      "\uFEFFNUMBER1,Var_X",
      "",
      "number1,\"var_A:B\""
    };
    String[] cells = {
      "1001",
      "",
      "\"1\"\"2\"",
      "\"open",
      "a\"b",
      "x y",
      "+33 1",
      "Europe/Paris",
      "Mars/Olympus",
      "😀",
      "\"multi\nline\"",
      "1:2",
      "a,b,c,d,e,f"
    };
    StringBuilder csv =
        new StringBuilder(pick(headers)).append(random.nextBoolean() ? "\n" : "\r\n");
    int rows = random.nextInt(20);
    for (int r = 0; r < rows; r++) {
      int n = 1 + random.nextInt(6);
      for (int c = 0; c < n; c++) {
        csv.append(c == 0 ? "" : ",").append(pick(cells));
      }
      csv.append(random.nextInt(10) == 0 ? "\r" : "\n");
    }
    if (random.nextInt(10) == 0) {
      byte[] bad = csv.toString().getBytes(StandardCharsets.ISO_8859_1);
      return java.util.Arrays.copyOf(bad, bad.length);
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
