package io.outdial.e2e.fuzz;

import static io.outdial.e2e.fuzz.FieldValue.Kind.BEYOND;
import static io.outdial.e2e.fuzz.FieldValue.Kind.EDGE;
import static io.outdial.e2e.fuzz.FieldValue.Kind.SAFE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outdial.e2e.fuzz.FieldValue.Kind;
import io.outdial.store.Column;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries of everything a client sends to create and run a campaign: plans, destinations,
 * dial lists with a few entries, campaigns with schedules, and operator actions, each field at,
 * around or past its limits.
 *
 * <p>Every field has three generators: a plain value ({@link Kind#SAFE}), values at and around its
 * limits or odd but valid ({@link Kind#EDGE}) and values past them ({@link Kind#BEYOND}). A {@link
 * Focus} picks, per try, which fields take an edge value and at most one that goes past its limit;
 * the rest stay plain. One try thus holds several edges at once, yet most tries still describe a
 * campaign that the API should accept and the stack should run, and a refusal can be held to the
 * fields that were changed.
 *
 * <p>Text limits are taken around two numbers: what the API checks today (it counts UTF-16 units,
 * so an emoji counts twice) and the size of the column the text lands in ({@link Column}, which
 * counts characters or UTF-8 bytes). Where the two differ, one side is wrong, and the generator
 * aims at both.
 */
final class ApiInputs {
  private ApiInputs() {}

  static final ObjectMapper JSON = new ObjectMapper();

  /** One character each of 1, 2, 3 and 4 bytes of UTF-8 ("x", "é", "€" and an emoji). */
  static final List<String> WIDTHS = List.of("x", "\u00e9", "\u20ac", "\ud83d\ude00");

  /** What the API allows today (in UTF-16 units, as it counts): see the request classes. */
  static final int NAME_MAX = 255;

  static final int DETAIL_MAX = 65_535;
  static final int REASON_MAX = 1024;
  static final int OPERATOR_MAX = 64;
  static final int VARIABLES_MAX = 100;
  static final int VARIABLE_NAME_MAX = 80;
  static final int VARIABLE_VALUE_MAX = 1024;

  /**
   * Dialplan contexts the simulator is told exist, besides its recorded ones: long trunk names and
   * destination contexts must reach a context that answers, or they would only ever test the
   * failure path.
   */
  static final List<String> LONG_CONTEXTS =
      List.of("t".repeat(79), "t".repeat(80), "t".repeat(250), "t".repeat(254), "t".repeat(255));

  /** Zones with odd offsets or rules, all valid IANA ids. */
  static final List<String> ODD_ZONES =
      List.of(
          "UTC",
          "Pacific/Chatham",
          "Asia/Kathmandu",
          "America/St_Johns",
          "Etc/GMT+12",
          "Etc/GMT-14",
          "Pacific/Kiritimati",
          "Australia/Lord_Howe",
          "America/Caracas",
          "Asia/Kolkata",
          "EST5EDT",
          "America/Argentina/ComodRivadavia");

  static final List<String> BAD_ZONES =
      List.of("Mars/Olympus", "+05:45", "utc", "GMT+5", "Europe/Paris ", "Z" + "z".repeat(64));

  /** Which fields of a try take edge values, and which (at most one) goes past its limit. */
  record Focus(Set<String> edge, Set<String> beyond) {
    Kind kindOf(String key) {
      return beyond.contains(key) ? BEYOND : edge.contains(key) ? EDGE : SAFE;
    }
  }

  /** A field's three generators, under the key a {@link Focus} names it by. */
  record Gen(
      String key,
      Arbitrary<List<FieldValue>> safe,
      Arbitrary<List<FieldValue>> edge,
      Arbitrary<List<FieldValue>> beyond) {
    Arbitrary<List<FieldValue>> under(Focus focus) {
      return switch (focus.kindOf(key)) {
        case SAFE -> safe;
        case EDGE -> edge;
        case BEYOND -> beyond;
      };
    }
  }

  // ---- the whole case ------------------------------------------------------------------------

  /**
   * Cases under a random focus. Fields that change how calls are made get edges more often than
   * names and details, whose limits only the API and the database see: a try whose detail the
   * database refuses never reaches a call.
   */
  static Arbitrary<CampaignCase> cases() {
    List<String> keys = allKeys();
    List<String> texts =
        keys.stream().filter(k -> k.endsWith(".name") || k.endsWith(".detail")).toList();
    List<String> actions = keys.stream().filter(k -> k.startsWith("action.")).toList();
    List<String> dialing =
        keys.stream().filter(k -> !texts.contains(k) && !actions.contains(k)).toList();
    // Operator actions are one of five kinds of input but have two fields: half of the tries
    // take edges in one or both of them.
    Arbitrary<Set<String>> edge =
        Combinators.combine(
                Arbitraries.of(dialing).set().ofMinSize(1).ofMaxSize(6),
                Arbitraries.of(texts).set().ofMaxSize(1),
                Arbitraries.of(actions).set().ofMinSize(1).ofMaxSize(actions.size()),
                Arbitraries.of(true, false))
            .as(
                (a, b, c, useActions) -> {
                  Set<String> all = new java.util.TreeSet<>(a);
                  all.addAll(b);
                  if (useActions) {
                    all.addAll(c);
                  }
                  return all;
                });
    Arbitrary<Set<String>> beyond =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.just(Set.<String>of())),
            Tuple.of(2, Arbitraries.of(keys).set().ofSize(1)));
    return Combinators.combine(edge, beyond).as(Focus::new).flatMap(ApiInputs::caseUnder);
  }

  private static Arbitrary<CampaignCase> caseUnder(Focus f) {
    return Combinators.combine(
            body(planGens(), f),
            body(destinationGens(), f),
            body(dlmaGens(), f),
            entries(f),
            body(campaignGens(), f),
            schedule(f.kindOf("schedule")),
            refs(f.kindOf("campaign.refs")),
            steps(f))
        .as(
            (plan, destination, dlma, entries, campaign, schedule, refs, steps) ->
                new CampaignCase(
                        f, plan, destination, dlma, entries, campaign, schedule, refs, steps)
                    .withoutLongRings());
  }

  private static List<String> allKeys() {
    List<String> keys = new ArrayList<>();
    for (List<Gen> gens :
        List.of(planGens(), destinationGens(), dlmaGens(), entryGens(), campaignGens())) {
      gens.forEach(g -> keys.add(g.key()));
    }
    keys.addAll(List.of("schedule", "campaign.refs", "action.reason", "action.operator"));
    return keys;
  }

  private static Arbitrary<List<FieldValue>> body(List<Gen> gens, Focus f) {
    return Combinators.combine(gens.stream().map(g -> g.under(f)).toList())
        .as(parts -> parts.stream().flatMap(List::stream).toList());
  }

  private static Arbitrary<List<List<FieldValue>>> entries(Focus f) {
    return Arbitraries.integers()
        .between(1, 3)
        .flatMap(
            n -> {
              List<Arbitrary<List<FieldValue>>> each = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                String prefix = "[" + i + "].";
                each.add(
                    body(entryGens(), f)
                        .map(
                            fields ->
                                fields.stream().map(v -> v.renamed(prefix + v.field())).toList()));
              }
              return Combinators.combine(each).as(list -> list);
            });
  }

  // ---- plans ---------------------------------------------------------------------------------

  static List<Gen> planGens() {
    String p = "plan.";
    return List.of(
        requiredText(p, "name", "fuzz plan", NAME_MAX, Column.PLAN_NAME),
        optionalText(p, "detail", DETAIL_MAX, Column.PLAN_DETAIL),
        code(
            p,
            "dialMode",
            List.of(0, 1, "NONE", "PREDICTIVE", "predictive", " none "),
            List.of(2, -1, "FAST", true, 1.5, "1")),
        integer(
            p,
            "dialTimeout",
            2000,
            list(1000, 1001, 3000, null, 600_000),
            list(999, 0, -1, 600_001, 2_147_483_648L, 1.5, "2000")),
        new Gen(
            p + "callerId",
            one("callerId", "\"ACME Test\" <5551234>", SAFE),
            Arbitraries.oneOf(
                textsAround("callerId", NAME_MAX, Column.PLAN_CALLER_ID),
                values("callerId", EDGE, "", "<>", "\"\" <>", "\"Zoë 名前\" <+44 20>", "\t")),
            textsPast("callerId", NAME_MAX, false)),
        new Gen(
            p + "techName",
            one("techName", "Local/", SAFE),
            values(
                "techName",
                EDGE,
                "PJSIP/",
                "SIP/",
                "IAX2/",
                "DAHDI/",
                "local/",
                "Foo/",
                null,
                "L".repeat(63) + "/"),
            values(
                "techName",
                BEYOND,
                "Local",
                "Lo cal/",
                "L".repeat(64) + "/",
                "",
                "Local//",
                "Local/\r\n")),
        new Gen(
            p + "trunkName",
            one("trunkName", "targets", SAFE),
            values(
                "trunkName",
                EDGE,
                concat(
                        LONG_CONTEXTS,
                        Arrays.asList("", null, "nosuchcontext", "a.b-c_d", "TARGETS"))
                    .toArray()),
            values(
                "trunkName",
                BEYOND,
                "t".repeat(256),
                "tar gets",
                "targets/n",
                "targets\n",
                "tärgets")),
        integer(p, "retryDelay", 1, list(0, null, 604_800, 2), list(-1, 604_801, 2_147_483_648L)),
        new Gen(
            p + "maxRetry",
            one("maxRetry", Collections.nCopies(8, 1), SAFE),
            values(
                "maxRetry",
                EDGE,
                List.of(),
                null,
                Collections.nCopies(8, 0),
                List.of(2, 0, 1),
                Arrays.asList(null, 1),
                Collections.nCopies(8, 100),
                List.of(100, 1, 1, 1, 1, 1, 1, 1)),
            values(
                "maxRetry",
                BEYOND,
                Collections.nCopies(9, 1),
                List.of(101),
                List.of(-1),
                List.of("x"),
                1)),
        integer(p, "serviceLevel", null, list(0, 1000), list(-1, 1001)),
        code(
            p,
            "dlEndHandle",
            list(0, 1, "KEEP", "STOP", "keep", " Stop ", null),
            List.of(2, -1, "END", "1", 1.0)),
        variables(p, Column.PLAN_VARIABLES),
        new Gen(
            p + "earlyMedia",
            absentSafe("earlyMedia"),
            values("earlyMedia", EDGE, "true", "false", "yes", "no", "", "TRUE"),
            values("earlyMedia", BEYOND, "maybe", "1", "true\n")),
        new Gen(
            p + "codecs",
            absentSafe("codecs"),
            values(
                "codecs",
                EDGE,
                "ulaw",
                "ulaw,alaw,g722",
                "",
                "a".repeat(255),
                String.join(",", Collections.nCopies(127, "a")) + "a"),
            values("codecs", BEYOND, "a".repeat(256), ",ulaw", "ulaw,", "ulaw alaw")),
        integer(p, "maxConcurrentCalls", null, list(1, 2, 10_000), list(0, -1, 10_001)),
        new Gen(
            p + "callsPerSecond",
            absentSafe("callsPerSecond"),
            values(
                "callsPerSecond",
                EDGE,
                Double.MIN_VALUE,
                1e-300,
                1e-9,
                0.001,
                0.5,
                1,
                999.9999,
                1000),
            values(
                "callsPerSecond",
                BEYOND,
                0,
                -0.0,
                -1,
                1000.0001,
                1e308,
                "NaN",
                "Infinity",
                new BigDecimal("1e309"),
                "fast")));
  }

  // ---- destinations --------------------------------------------------------------------------

  static List<Gen> destinationGens() {
    String p = "destination.";
    return List.of(
        requiredText(p, "name", "fuzz destination", NAME_MAX, Column.DESTINATION_NAME),
        optionalText(p, "detail", DETAIL_MAX, Column.DESTINATION_DETAIL),
        new Gen(
            p + "target",
            Arbitraries.of(
                extension(SAFE, 0, "agents", "sales", "1"), application(SAFE, 1, "Wait", "1")),
            Arbitraries.oneOf(
                Combinators.combine(
                        Arbitraries.of(0, "EXTENSION", "extension"),
                        Arbitraries.of(
                                concat(
                                    LONG_CONTEXTS,
                                    List.of(
                                        "targets", "default", "Agents", "nosuchcontext", "agents")))
                            .map(String::valueOf),
                        Arbitraries.of(
                            "s",
                            "1",
                            "sales",
                            "_X.",
                            "+1*#!",
                            "[a]",
                            "x".repeat(79),
                            "x".repeat(80),
                            "x".repeat(255)),
                        Arbitraries.of(
                            "1",
                            "2",
                            "0",
                            "9999999999",
                            "start",
                            "hint",
                            "_start",
                            "a-b",
                            "p".repeat(64)))
                    .as(
                        (type, context, exten, priority) ->
                            extension(EDGE, type, context, exten, priority)),
                Combinators.combine(
                        Arbitraries.of(1, "APPLICATION", "application"),
                        Arbitraries.of(
                            List.of("Wait", "1"),
                            List.of("Park", ""),
                            List.of("Queue", "sales"),
                            List.of("Queue", "nosuchqueue"),
                            List.of("queue", "sales"),
                            List.of("Playback", "hello-world"),
                            List.of("A".repeat(255), "1"),
                            List.of("Wait", "x".repeat(1024)),
                            List.of("Wait", WIDTHS.get(1).repeat(1024)),
                            List.of("Wait", WIDTHS.get(2).repeat(1024)),
                            List.of("Wait", WIDTHS.get(3).repeat(512)),
                            List.of("Dial", "Local/answer@targets,10"),
                            List.of("Wait", "")))
                    .as((type, app) -> application(EDGE, type, app.get(0), app.get(1)))),
            Arbitraries.of(
                extension(BEYOND, 2, "agents", "sales", "1"),
                extension(BEYOND, null, "agents", "sales", "1"),
                extension(BEYOND, "BOTH", "agents", "sales", "1"),
                extension(BEYOND, 0, "a b", "sales", "1"),
                extension(BEYOND, 0, "", "sales", "1"),
                extension(BEYOND, 0, "t".repeat(256), "sales", "1"),
                extension(BEYOND, 0, "agents", "a b", "1"),
                extension(BEYOND, 0, "agents", "x".repeat(256), "1"),
                extension(BEYOND, 0, "agents", "sales", ""),
                extension(BEYOND, 0, "agents", "sales", "1a"),
                extension(BEYOND, 0, "agents", "sales", "-1"),
                extension(BEYOND, 0, "agents", "sales", "p".repeat(65)),
                application(BEYOND, 1, "", "1"),
                application(BEYOND, 1, "1app", "1"),
                application(BEYOND, 1, "A".repeat(256), "1"),
                application(BEYOND, 1, "Wait", "x".repeat(1025)),
                application(BEYOND, 1, "Wait", "1\r\n"),
                application(BEYOND, 1, "Queue", null),
                List.of(
                    FieldValue.of("type", 0, BEYOND),
                    FieldValue.of("context", "agents", BEYOND),
                    FieldValue.of("exten", "s", BEYOND),
                    FieldValue.of("priority", "1", BEYOND),
                    FieldValue.of("application", "Wait", BEYOND)),
                List.of(
                    FieldValue.of("type", 1, BEYOND),
                    FieldValue.of("application", "Wait", BEYOND),
                    FieldValue.of("context", "agents", BEYOND)))),
        variables(p, Column.DESTINATION_VARIABLES));
  }

  private static List<FieldValue> extension(
      Kind kind, Object type, String context, String exten, String priority) {
    return List.of(
        FieldValue.of("type", type, kind),
        FieldValue.of("context", context, kind),
        FieldValue.of("exten", exten, kind),
        FieldValue.of("priority", priority, kind));
  }

  private static List<FieldValue> application(
      Kind kind, Object type, String application, String data) {
    return List.of(
        FieldValue.of("type", type, kind),
        FieldValue.of("application", application, kind),
        FieldValue.of("data", data, kind));
  }

  // ---- dial lists and entries ----------------------------------------------------------------

  static List<Gen> dlmaGens() {
    String p = "dlma.";
    return List.of(
        requiredText(p, "name", "fuzz list", NAME_MAX, Column.DLMA_NAME),
        optionalText(p, "detail", DETAIL_MAX, Column.DLMA_DETAIL),
        variables(p, Column.DLMA_VARIABLES));
  }

  static List<Gen> entryGens() {
    String p = "entry.";
    return List.of(
        new Gen(
            p + "name",
            one("name", "Customer", SAFE),
            Arbitraries.oneOf(
                textsAround("name", NAME_MAX, Column.ENTRY_NAME),
                values("name", EDGE, null, "", " ")),
            textsPast("name", NAME_MAX, false)),
        optionalText(p, "detail", DETAIL_MAX, Column.ENTRY_DETAIL),
        new Gen(
            p + "numbers",
            values(
                "numbers",
                SAFE,
                List.of("answer"),
                List.of("busy", "answer"),
                List.of("5551001"),
                List.of("congestion"),
                List.of("unallocated"),
                List.of("reject")),
            values(
                "numbers",
                EDGE,
                List.of("noanswer"),
                List.of("failure"),
                List.of("BUSY"),
                List.of("", "", "answer"),
                Arrays.asList(null, "answer"),
                List.of("5".repeat(64)),
                List.of("+44*1#2_3-4"),
                List.of(
                    "busy",
                    "congestion",
                    "noanswer",
                    "unallocated",
                    "reject",
                    "failure",
                    "busy",
                    "answer"),
                Collections.nCopies(8, "5".repeat(64)),
                List.of("answer", "", "", "", "", "", "", "")),
            values(
                "numbers",
                BEYOND,
                Collections.nCopies(9, "answer"),
                List.of("5".repeat(65)),
                List.of("555 1001"),
                List.of("555.1001"),
                List.of(""),
                List.of(),
                null,
                List.of("\u00e9"),
                "answer")),
        new Gen(
            p + "email",
            absentSafe("email"),
            values(
                "email",
                EDGE,
                "a@b",
                "x".repeat(243) + "@example.com",
                "\u00e9".repeat(243) + "@example.com",
                "\ud83d\ude00".repeat(121) + "@b.c",
                "ann@example.com"),
            values(
                "email",
                BEYOND,
                "x".repeat(244) + "@example.com",
                "no-at-sign",
                "a@b@c",
                "a b@c",
                "",
                "a@\n")),
        new Gen(
            p + "ukey",
            absentSafe("ukey"),
            Arbitraries.oneOf(
                textsAround("ukey", NAME_MAX, Column.ENTRY_UKEY), values("ukey", EDGE, "", "same")),
            textsPast("ukey", NAME_MAX, false)),
        variables(p, Column.ENTRY_VARIABLES),
        new Gen(
            p + "timezone",
            absentSafe("timezone"),
            values("timezone", EDGE, ODD_ZONES.toArray()),
            values("timezone", BEYOND, concat(BAD_ZONES, List.of("")).toArray())));
  }

  // ---- campaigns -----------------------------------------------------------------------------

  static List<Gen> campaignGens() {
    String p = "campaign.";
    return List.of(
        requiredText(p, "name", "fuzz campaign", NAME_MAX, Column.CAMPAIGN_NAME),
        optionalText(p, "detail", DETAIL_MAX, Column.CAMPAIGN_DETAIL),
        new Gen(
            p + "nextCampaign",
            absentSafe("nextCampaign"),
            values("nextCampaign", EDGE, ""),
            values(
                "nextCampaign",
                BEYOND,
                "not-a-uuid",
                "00000000-0000-4000-8000-000000000000",
                "00000000-0000-4000-8000-00000000000")));
  }

  /** How the campaign names its plan, destination and dial list. */
  enum Refs {
    IDS(SAFE),
    UPPER_CASE_IDS(EDGE),
    PLAN_NOT_A_UUID(BEYOND),
    UNKNOWN_DESTINATION(BEYOND),
    NO_DLMA(BEYOND);

    final Kind kind;

    Refs(Kind kind) {
      this.kind = kind;
    }
  }

  private static Arbitrary<Refs> refs(Kind kind) {
    return Arbitraries.of(Arrays.stream(Refs.values()).filter(r -> r.kind == kind).toList());
  }

  private static Arbitrary<ScheduleSpec> schedule(Kind kind) {
    Arbitrary<String> zones = Arbitraries.of(ODD_ZONES);
    Arbitrary<Integer> forms = Arbitraries.integers().between(0, 3);
    return switch (kind) {
      case SAFE -> Arbitraries.just(new ScheduleSpec(ScheduleSpec.Shape.ABSENT, "UTC", 0, 0));
      case EDGE ->
          Combinators.combine(Arbitraries.of(ScheduleSpec.Shape.edges()), zones, forms, forms)
              .as(ScheduleSpec::new);
      case BEYOND ->
          Combinators.combine(Arbitraries.of(ScheduleSpec.Shape.beyond()), zones, forms, forms)
              .as(ScheduleSpec::new);
    };
  }

  // ---- operator actions ----------------------------------------------------------------------

  /** The operator actions after the first start, which every accepted campaign gets. */
  private static Arbitrary<List<Step>> steps(Focus f) {
    Arbitrary<List<String>> verbs =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(List.<String>of())),
            Tuple.of(2, Arbitraries.just(List.of("pause", "start"))),
            Tuple.of(2, Arbitraries.just(List.of("stop"))),
            Tuple.of(2, Arbitraries.just(List.of("force-stop"))),
            Tuple.of(1, Arbitraries.just(List.of("pause"))),
            Tuple.of(1, Arbitraries.just(List.of("pause", "stop"))),
            Tuple.of(1, Arbitraries.just(List.of("start"))));
    return verbs.flatMap(
        vs -> {
          List<Arbitrary<Step>> each = new ArrayList<>();
          // The first start goes out at once: the campaign was just created.
          each.add(
              step("start", f).map(s -> new Step(s.verb(), s.body(), s.reason(), s.operator(), 0)));
          vs.forEach(v -> each.add(step(v, f)));
          return Combinators.combine(each).as(list -> list);
        });
  }

  private static Arbitrary<Step> step(String verb, Focus f) {
    Arbitrary<FieldValue> reason =
        switch (f.kindOf("action.reason")) {
          case SAFE ->
              Arbitraries.of(
                  FieldValue.of("reason", "fuzz " + verb, SAFE), FieldValue.absent("reason", SAFE));
          case EDGE ->
              Arbitraries.frequencyOf(
                  Tuple.of(
                      1,
                      Arbitraries.of(
                          FieldValue.of("reason", "", EDGE),
                          FieldValue.of("reason", " ", EDGE),
                          FieldValue.of("reason", "a\tb", EDGE))),
                  // Lengths in UTF-16 units, as the API counts: the longest that fits the status
                  // reason with the longest prefix and operator, and the ones between it and the
                  // limit.
                  Tuple.of(
                      4,
                      Combinators.combine(
                              Arbitraries.of(WIDTHS),
                              Arbitraries.of(
                                  REASON_MAX - OPERATOR_MAX - "force stopped by : ".length(),
                                  1000,
                                  1005,
                                  1010,
                                  1023,
                                  1024))
                          .as(
                              (ch, n) ->
                                  FieldValue.of("reason", repeatTo(ch, n / ch.length()), EDGE))));
          case BEYOND ->
              Arbitraries.of(
                  FieldValue.of("reason", "x".repeat(REASON_MAX + 1), BEYOND),
                  FieldValue.of("reason", "\ud83d\ude00".repeat(REASON_MAX / 2 + 1), BEYOND),
                  FieldValue.of("reason", "why\r\nX-Injected: 1", BEYOND),
                  FieldValue.of("reason", "\u0000", BEYOND),
                  FieldValue.of("reason", 42, BEYOND));
        };
    Arbitrary<FieldValue> operator =
        switch (f.kindOf("action.operator")) {
          case SAFE ->
              Arbitraries.of(
                  FieldValue.absent("X-Operator", SAFE),
                  FieldValue.of("X-Operator", "alice", SAFE));
          case EDGE ->
              Arbitraries.of(
                      "o".repeat(OPERATOR_MAX),
                      "\u00e9".repeat(OPERATOR_MAX),
                      "  bob  ",
                      "x",
                      "a\tb",
                      "Zo\u00eb O'Brien <zoe@example.com>")
                  .map(s -> FieldValue.of("X-Operator", s, EDGE));
          case BEYOND ->
              Arbitraries.of("o".repeat(OPERATOR_MAX + 1), " ", "\u00e9".repeat(65))
                  .map(s -> FieldValue.of("X-Operator", s, BEYOND));
        };
    Arbitrary<Step.Body> body =
        f.kindOf("action.reason") == SAFE
            ? Arbitraries.of(Step.Body.REASON, Step.Body.NONE)
            : Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(Step.Body.REASON)),
                Tuple.of(1, Arbitraries.just(Step.Body.EMPTY)),
                Tuple.of(1, Arbitraries.just(Step.Body.NULL_REASON)));
    Arbitrary<Integer> delay = Arbitraries.of(0, 300, 1500, 3000);
    return Combinators.combine(body, reason, operator, delay)
        .as((b, r, o, d) -> new Step(verb, b, r, o, d));
  }

  // ---- field kinds ---------------------------------------------------------------------------

  private static Gen requiredText(
      String prefix, String field, String plain, int apiMax, Column column) {
    return new Gen(
        prefix + field,
        one(field, plain, SAFE),
        Arbitraries.oneOf(
            textsAround(field, apiMax, column),
            values(field, EDGE, " padded ", "a\tb", "Zo\u00eb's \u540d\u524d \ud83d\ude00")),
        textsPast(field, apiMax, true));
  }

  private static Gen optionalText(String prefix, String field, int apiMax, Column column) {
    return new Gen(
        prefix + field,
        absentSafe(field),
        Arbitraries.oneOf(textsAround(field, apiMax, column), values(field, EDGE, "")),
        textsPast(field, apiMax, false));
  }

  /**
   * Texts of each width at and just under the API's limit and the column's size, and just over the
   * column's size where the API still takes it.
   */
  static Arbitrary<List<FieldValue>> textsAround(String field, int apiMax, Column column) {
    List<List<Object>> specs = new ArrayList<>();
    for (String ch : WIDTHS) {
      for (int limit : limitsInChars(ch, apiMax, column)) {
        for (int n = limit - 1; n <= limit + 1; n++) {
          if (n > 0 && n * ch.length() <= apiMax) {
            specs.add(List.of(ch, n));
          }
        }
      }
    }
    return Arbitraries.of(specs)
        .map(
            s ->
                List.of(
                    FieldValue.of(field, repeatTo((String) s.get(0), (Integer) s.get(1)), EDGE)));
  }

  /** Texts just over the API's limit in each width, control characters, and blanks. */
  static Arbitrary<List<FieldValue>> textsPast(String field, int apiMax, boolean required) {
    List<Object> past = new ArrayList<>();
    for (String ch : WIDTHS) {
      past.add(ch.repeat(apiMax / ch.length() + 1));
    }
    past.addAll(List.of("line\nbreak", "nul\u0000", "del\u007f", "cr\r"));
    if (required) {
      past.addAll(Arrays.asList("", "   ", null));
    }
    return values(field, BEYOND, past.toArray());
  }

  /** The API's limit and the column's size, in characters of {@code ch}. */
  static List<Integer> limitsInChars(String ch, int apiMax, Column column) {
    int bytes = ch.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    int columnChars = column.unit == Column.Unit.CHARACTERS ? column.max : column.max / bytes;
    return List.of(apiMax / ch.length(), columnChars).stream().distinct().toList();
  }

  /** {@code n} characters of {@code ch} (a 4-byte character is one character, two chars). */
  static String repeatTo(String ch, int n) {
    return ch.repeat(n);
  }

  /**
   * Channel variables at their limits: as many as one Originate carries per layer and as the API
   * allows, the longest names, and values as long as the API allows or as fit one AMI line.
   */
  static Gen variables(String prefix, Column column) {
    String field = "variables";
    Arbitrary<List<FieldValue>> edge =
        Combinators.combine(
                Arbitraries.of(1, 29, 30, VARIABLES_MAX),
                Arbitraries.of(1, VARIABLE_NAME_MAX),
                Arbitraries.of(0, 1, 500, 1000, VARIABLE_VALUE_MAX, -1),
                Arbitraries.of(WIDTHS))
            .as(
                (count, nameLen, valueLen, ch) -> {
                  ObjectNode vars = FieldValue.NODES.objectNode();
                  for (int i = 0; i < count; i++) {
                    String name = pad("V" + i, nameLen);
                    // -1: the longest value whose "Variable: name=value" line fits Asterisk's 1024
                    // bytes.
                    int len =
                        valueLen >= 0
                            ? valueLen / ch.length()
                            : (1024 - "Variable: ".length() - name.length() - 1 - 2)
                                / ch.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                    vars.put(name, ch.repeat(len));
                  }
                  return List.of(FieldValue.of(field, vars, EDGE));
                });
    ObjectNode many = FieldValue.NODES.objectNode();
    for (int i = 0; i <= VARIABLES_MAX; i++) {
      many.put("V" + i, "v");
    }
    ObjectNode nullValue = FieldValue.NODES.objectNode();
    nullValue.putNull("A");
    return new Gen(
        prefix + field,
        values(field, SAFE, Map.of("a", "b"), null),
        edge,
        values(
            field,
            BEYOND,
            many,
            Map.of("N".repeat(VARIABLE_NAME_MAX + 1), "v"),
            Map.of("1abc", "v"),
            Map.of("a-b", "v"),
            Map.of("a b", "v"),
            Map.of("\u00e9", "v"),
            Map.of("A", "x".repeat(VARIABLE_VALUE_MAX + 1)),
            Map.of("A", "line\nbreak"),
            Map.of("A\n", "v"),
            Map.of("", "v"),
            nullValue,
            List.of("a"),
            "a=b"));
  }

  private static String pad(String s, int length) {
    return s.length() >= length ? s : s + "x".repeat(length - s.length());
  }

  private static Gen integer(
      String prefix, String field, Object plain, List<Object> edge, List<Object> beyond) {
    return new Gen(
        prefix + field,
        one(field, plain, SAFE),
        values(field, EDGE, edge.toArray()),
        values(field, BEYOND, beyond.toArray()));
  }

  private static Gen code(String prefix, String field, List<Object> edge, List<Object> beyond) {
    return new Gen(
        prefix + field,
        absentSafe(field),
        values(field, EDGE, edge.toArray()),
        values(field, BEYOND, beyond.toArray()));
  }

  private static Arbitrary<List<FieldValue>> one(String field, Object value, Kind kind) {
    return Arbitraries.just(List.of(FieldValue.of(field, value, kind)));
  }

  private static Arbitrary<List<FieldValue>> absentSafe(String field) {
    return Arbitraries.just(List.of(FieldValue.absent(field, SAFE)));
  }

  /** One of {@code values} (null: the field left out), as a field of that kind. */
  static Arbitrary<List<FieldValue>> values(String field, Kind kind, Object... values) {
    List<List<FieldValue>> out = new ArrayList<>();
    for (Object v : values) {
      out.add(
          List.of(
              FieldValue.of(
                  field, v instanceof BigDecimal b ? FieldValue.NODES.numberNode(b) : v, kind)));
    }
    return Arbitraries.of(out);
  }

  private static List<Object> list(Object... values) {
    return Arrays.asList(values);
  }

  private static List<Object> concat(List<?> a, List<?> b) {
    List<Object> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  // ---- showing what was sent ------------------------------------------------------------------

  /**
   * A JSON value as a person can read it: texts longer than 60 characters shortened to their start
   * with their length in characters and UTF-8 bytes, objects with more than 20 fields (maps of
   * variables) shortened to their first three with a count.
   */
  static String shown(JsonNode node) {
    return shown(node, 60);
  }

  /** {@link #shown(JsonNode)} with texts of up to {@code maxChars} characters left whole. */
  static String shown(JsonNode node, int maxChars) {
    if (node == null) {
      return "(absent)";
    }
    return shorten(node, maxChars).toString();
  }

  private static JsonNode shorten(JsonNode node, int maxChars) {
    if (node.isTextual()) {
      String s = node.textValue();
      int cps = s.codePointCount(0, s.length());
      if (cps <= maxChars) {
        return node;
      }
      int cut = s.offsetByCodePoints(0, 12);
      return FieldValue.NODES.textNode(
          s.substring(0, cut)
              + "…("
              + cps
              + " characters, "
              + s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
              + " UTF-8 bytes)");
    }
    if (node.isObject()) {
      ObjectNode out = FieldValue.NODES.objectNode();
      int shown = node.size() > 20 ? 3 : node.size();
      int i = 0;
      var it = node.fields();
      while (it.hasNext()) {
        var e = it.next();
        if (i++ == shown) {
          out.put("…", (node.size() - shown) + " more fields like the ones before");
          break;
        }
        String key =
            e.getKey().length() > 40
                ? e.getKey().substring(0, 12) + "…(" + e.getKey().length() + " chars)"
                : e.getKey();
        out.set(key, shorten(e.getValue(), maxChars));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = FieldValue.NODES.arrayNode();
      node.forEach(n -> out.add(shorten(n, maxChars)));
      return out;
    }
    return node;
  }

  /** A body as sent: its fields in order, absent ones left out. */
  static ObjectNode json(List<FieldValue> fields) {
    ObjectNode o = FieldValue.NODES.objectNode();
    for (FieldValue f : fields) {
      if (f.json() != null) {
        String name =
            f.field().contains("].") ? f.field().substring(f.field().indexOf("].") + 2) : f.field();
        o.set(name, f.json());
      }
    }
    return o;
  }

  /** The fields of a body that are not plain, for a report. */
  static String perturbed(List<FieldValue> fields) {
    return fields.stream()
        .filter(FieldValue::perturbed)
        .map(f -> f.field() + "=" + shown(f.json()) + " (" + f.kind() + ")")
        .collect(Collectors.joining(", "));
  }
}
