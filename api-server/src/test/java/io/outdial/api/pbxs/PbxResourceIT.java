package io.outdial.api.pbxs;

import static io.outdial.api.support.ApiResources.body;
import static io.outdial.api.support.ApiResources.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import io.outdial.workflows.CampaignStatus;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class PbxResourceIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;

  /** The least a PBX needs, named {@code name}. */
  static final String MINIMAL =
      "{\"name\":\"%s\",\"amiHost\":\"10.0.0.5\",\"amiUser\":\"dialer\","
          + "\"secretRef\":\"env:PBX_A_SECRET\"%s}";

  @BeforeEach
  void reset() {
    API.reset();
  }

  static String pbx(String name) {
    return pbx(name, "");
  }

  /** A minimal PBX with {@code more} (",\"field\":value...") added. */
  static String pbx(String name, String more) {
    return String.format(MINIMAL, name, more);
  }

  static JsonNode created(Response r) {
    JsonNode b = body(r);
    assertThat(r.getStatus()).as("%s", b).isEqualTo(201);
    return b;
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // ---- create and read -----------------------------------------------------------------------

  @Test
  void createsWithDefaultsAndReadsBackTheSame() {
    Response r = API.post("/v1/pbxs", pbx("pbx-a"));
    JsonNode p = created(r);
    String id = p.path("id").asText();
    assertThat(id).matches("[0-9a-f-]{36}");
    assertThat(r.getLocation().getPath()).isEqualTo("/v1/pbxs/" + id);
    assertThat(p.path("name").asText()).isEqualTo("pbx-a");
    assertThat(p.path("detail").isNull()).isTrue();
    assertThat(p.path("amiHost").asText()).isEqualTo("10.0.0.5");
    assertThat(p.path("amiPort").asInt()).isEqualTo(5038);
    assertThat(p.path("amiUser").asText()).isEqualTo("dialer");
    assertThat(p.path("secretRef").asText()).isEqualTo("env:PBX_A_SECRET");
    assertThat(p.path("trunks")).isEmpty();
    assertThat(API.hasRow("pbx", id)).isTrue();
    assertThat(body(API.get("/v1/pbxs/" + id))).isEqualTo(p);
    assertThat(API.database.pbxs().findByName("pbx-a").orElseThrow().id()).isEqualTo(id);
  }

  @Test
  void showsEachTrunkWithItsIdAndLimitsOrderedByName() {
    JsonNode p =
        created(
            API.post(
                "/v1/pbxs",
                pbx(
                    "pbx-b",
                    ",\"detail\":\"Paris\",\"amiPort\":5039,\"trunks\":[{\"name\":\"sip-b\","
                        + "\"maxChannels\":30,\"callsPerSecond\":2.5},{\"name\":\"sip-a\"}]")));
    assertThat(p.path("detail").asText()).isEqualTo("Paris");
    assertThat(p.path("amiPort").asInt()).isEqualTo(5039);
    JsonNode trunks = p.path("trunks");
    assertThat(trunks).hasSize(2);
    assertThat(trunks.get(0).path("name").asText()).isEqualTo("sip-a");
    assertThat(trunks.get(0).path("maxChannels").isNull()).isTrue();
    assertThat(trunks.get(0).path("callsPerSecond").isNull()).isTrue();
    assertThat(trunks.get(1).path("name").asText()).isEqualTo("sip-b");
    assertThat(trunks.get(1).path("maxChannels").asInt()).isEqualTo(30);
    assertThat(trunks.get(1).path("callsPerSecond").asDouble()).isEqualTo(2.5);
    for (JsonNode t : trunks) {
      assertThat(t.path("id").asText()).matches("[0-9a-f-]{36}");
      assertThat(API.hasRow("trunk", t.path("id").asText())).isTrue();
      assertThat(fieldNames(t)).containsExactly("id", "name", "maxChannels", "callsPerSecond");
    }
    assertThat(API.rows("trunk")).isEqualTo(2);
  }

  @Test
  void theSecretIsNeverAFieldNorStoredNorShown() {
    for (String field : new String[] {"secret", "password", "amiSecret", "amiPassword"}) {
      Response r = API.post("/v1/pbxs", pbx("pbx-s", ",\"" + field + "\":\"s3cret\""));
      assertThat(r.getStatus()).as(field).isEqualTo(400);
      JsonNode e = body(r);
      assertThat(rule(e, field)).isEqualTo("is not a known field");
      assertThat(e.toString()).doesNotContain("s3cret");
    }
    assertThat(API.rows("pbx")).isZero();
    JsonNode p = created(API.post("/v1/pbxs", pbx("pbx-s")));
    assertThat(fieldNames(p))
        .containsExactly(
            "id", "name", "detail", "amiHost", "amiPort", "amiUser", "secretRef", "trunks");
    // The row holds where the secret is, and no column could hold the secret itself.
    List<String> columns =
        API.database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT column_name FROM information_schema.columns"
                                + " WHERE table_schema = DATABASE() AND table_name = 'pbx'"
                                + " ORDER BY ordinal_position")
                        .mapTo(String.class)
                        .list());
    assertThat(columns)
        .containsExactly(
            "id",
            "name",
            "detail",
            "ami_host",
            "ami_port",
            "ami_user",
            "secret_ref",
            "created_at",
            "updated_at");
    Response put =
        API.put("/v1/pbxs/" + p.path("id").asText(), pbx("pbx-s", ",\"password\":\"s3cret\""));
    assertThat(put.getStatus()).isEqualTo(400);
  }

  @Test
  void acceptsBothKindsOfSecretReference() {
    JsonNode p =
        created(
            API.post(
                "/v1/pbxs",
                "{\"name\":\"pbx-f\",\"amiHost\":\"pbx.example.com\",\"amiUser\":\"dialer\","
                    + "\"secretRef\":\"file:/run/secrets/ami pbx-f\"}"));
    assertThat(p.path("secretRef").asText()).isEqualTo("file:/run/secrets/ami pbx-f");
    created(
        API.post(
            "/v1/pbxs",
            "{\"name\":\"pbx-e\",\"amiHost\":\"::1\",\"amiUser\":\"dialer\","
                + "\"secretRef\":\"env:_AMI_2\"}"));
  }

  // ---- rules ---------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      value = {
        "{\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"}                 # name            # is required",
        "{\"name\":\"\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"}     # name            # is required",
        "{\"name\":\"Pbx\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"}  # name            # must match ^(?!default$)[a-z][a-z0-9-]*$",
        "{\"name\":\"1pbx\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"} # name            # must match ^(?!default$)[a-z][a-z0-9-]*$",
        "{\"name\":\"pbx_a\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"} # name            # must match ^(?!default$)[a-z][a-z0-9-]*$",
        "{\"name\":\"pbx é\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"} # name            # must match ^(?!default$)[a-z][a-z0-9-]*$",
        "{\"name\":\"p\\n\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"}  # name            # must not contain CR, LF or other control characters",
        "{\"name\":\"default\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"} # name          # must not be default: that is the PBX workers reach through their AMI_* environment",
        "{\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"} # name # must be at most 48 characters",
        "{\"name\":\"p\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"}                       # amiHost         # is required",
        "{\"name\":\"p\",\"amiHost\":\" \",\"amiUser\":\"u\",\"secretRef\":\"env:S\"}      # amiHost         # is required",
        "{\"name\":\"p\",\"amiHost\":\"h h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"}    # amiHost         # must match ^[A-Za-z0-9._:%\\[\\]-]+$",
        "{\"name\":\"p\",\"amiHost\":\"h/x\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"}    # amiHost         # must match ^[A-Za-z0-9._:%\\[\\]-]+$",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiPort\":0,\"amiUser\":\"u\",\"secretRef\":\"env:S\"} # amiPort # must be between 1 and 65535",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiPort\":65536,\"amiUser\":\"u\",\"secretRef\":\"env:S\"} # amiPort # must be between 1 and 65535",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"secretRef\":\"env:S\"}                       # amiUser         # is required",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"\\t\",\"secretRef\":\"env:S\"}    # amiUser         # is required",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\\r\\nAction: Logoff\",\"secretRef\":\"env:S\"} # amiUser # must not contain CR, LF or other control characters",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\"}                               # secretRef       # is required",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"s3cret\"}     # secretRef       # must match ^(env:[A-Za-z_][A-Za-z0-9_]*|file:/[^\\x00-\\x1F\\x7F]+)$",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:\"}       # secretRef       # must match ^(env:[A-Za-z_][A-Za-z0-9_]*|file:/[^\\x00-\\x1F\\x7F]+)$",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:1A\"}     # secretRef       # must match ^(env:[A-Za-z_][A-Za-z0-9_]*|file:/[^\\x00-\\x1F\\x7F]+)$",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:A-B\"}    # secretRef       # must match ^(env:[A-Za-z_][A-Za-z0-9_]*|file:/[^\\x00-\\x1F\\x7F]+)$",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"file:relative\"} # secretRef     # must match ^(env:[A-Za-z_][A-Za-z0-9_]*|file:/[^\\x00-\\x1F\\x7F]+)$",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"file:/\"}     # secretRef       # must match ^(env:[A-Za-z_][A-Za-z0-9_]*|file:/[^\\x00-\\x1F\\x7F]+)$",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"file:/a\\tb\"} # secretRef       # must match ^(env:[A-Za-z_][A-Za-z0-9_]*|file:/[^\\x00-\\x1F\\x7F]+)$",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\",\"trunks\":[{}]}                  # trunks[0].name # is required",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\",\"trunks\":[null]}                # trunks[0]      # must be an object",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\",\"trunks\":[{\"name\":\"a b\"}]}  # trunks[0].name # must match ^[A-Za-z0-9_.\\-]+$",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\",\"trunks\":[{\"name\":\"a@b\"}]}  # trunks[0].name # must match ^[A-Za-z0-9_.\\-]+$",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\",\"trunks\":[{\"name\":\"t\",\"maxChannels\":0}]}       # trunks[0].maxChannels    # must be between 1 and 100000",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\",\"trunks\":[{\"name\":\"t\",\"maxChannels\":100001}]}  # trunks[0].maxChannels    # must be between 1 and 100000",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\",\"trunks\":[{\"name\":\"t\",\"callsPerSecond\":0}]}    # trunks[0].callsPerSecond # must be between 0.01 and 1000",
        "{\"name\":\"p\",\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\",\"trunks\":[{\"name\":\"t\",\"callsPerSecond\":1000.5}]} # trunks[0].callsPerSecond # must be between 0.01 and 1000",
      })
  void refusesBrokenRulesWith422NamingFieldAndRule(String json, String field, String ruleText) {
    Response r = API.post("/v1/pbxs", json);
    JsonNode e = body(r);
    assertThat(r.getStatus()).as("%s", e).isEqualTo(422);
    assertThat(e.path("message").asText()).isEqualTo("invalid pbx");
    assertThat(rule(e, field)).as("%s", e).isEqualTo(ruleText);
    assertThat(API.rows("pbx")).isZero();
    assertThat(API.rows("trunk")).isZero();
  }

  @Test
  void trunkNamesAreUniqueWithinThePbxCaseIgnored() {
    Response r =
        API.post(
            "/v1/pbxs",
            pbx("pbx-u", ",\"trunks\":[{\"name\":\"t\"},{\"name\":\"u\"},{\"name\":\"T\"}]"));
    assertThat(r.getStatus()).isEqualTo(422);
    JsonNode e = body(r);
    assertThat(e.path("errors")).hasSize(1);
    assertThat(rule(e, "trunks[2].name"))
        .isEqualTo("must be unique within the PBX's trunks, case ignored (trunks[0] has it)");
    assertThat(API.rows("pbx")).isZero();
    // Two PBXs may have trunks of one name.
    created(API.post("/v1/pbxs", pbx("pbx-u", ",\"trunks\":[{\"name\":\"t\"}]")));
    created(API.post("/v1/pbxs", pbx("pbx-v", ",\"trunks\":[{\"name\":\"t\"}]")));
  }

  @Test
  void listsEveryBrokenRuleAtOnce() {
    JsonNode e =
        body(
            API.post(
                "/v1/pbxs",
                "{\"name\":\"X\",\"amiPort\":0,\"trunks\":[{\"name\":\"t\",\"maxChannels\":0}]}"));
    assertThat(e.path("errors"))
        .extracting(f -> f.path("field").asText())
        .containsExactly(
            "name", "amiHost", "amiPort", "amiUser", "secretRef", "trunks[0].maxChannels");
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 101})
  void aPbxHasAtMostAHundredTrunks(int count) {
    StringBuilder trunks = new StringBuilder();
    for (int i = 0; i < count; i++) {
      trunks.append(i == 0 ? "" : ",").append("{\"name\":\"t").append(i).append("\"}");
    }
    Response r = API.post("/v1/pbxs", pbx("pbx-t", ",\"trunks\":[" + trunks + "]"));
    if (count == 100) {
      assertThat(created(r).path("trunks")).hasSize(100);
    } else {
      assertThat(r.getStatus()).isEqualTo(422);
      assertThat(rule(body(r), "trunks")).isEqualTo("must have at most 100 trunks");
      assertThat(API.rows("pbx")).isZero();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\":17}                              | name                  | must be a string",
        "{\"name\":\"p\",\"amiPort\":\"5038\"}      | amiPort               | must be an integer",
        "{\"name\":\"p\",\"trunks\":{}}             | trunks                | must be an array",
        "{\"name\":\"p\",\"trunks\":[\"t\"]}        | trunks[0]             | must be an object",
        "{\"name\":\"p\",\"trunks\":[{\"name\":\"t\",\"maxChannels\":1.5}]} | trunks[0].maxChannels | must be an integer",
        "{\"name\":\"p\",\"trunks\":[{\"name\":\"t\",\"limit\":1}]}         | trunks[0].limit       | is not a known field",
      })
  void wrongTypesAndUnknownFieldsAre400NamingTheField(String json, String field, String ruleText) {
    Response r = API.post("/v1/pbxs", json);
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(rule(body(r), field)).isEqualTo(ruleText);
  }

  @Test
  void aNameIsUnique() {
    created(API.post("/v1/pbxs", pbx("pbx-a")));
    Response r = API.post("/v1/pbxs", pbx("pbx-a"));
    assertThat(r.getStatus()).isEqualTo(409);
    JsonNode e = body(r);
    assertThat(e.path("message").asText()).isEqualTo("a PBX named pbx-a exists already");
    assertThat(rule(e, "name")).isEqualTo("must be unique: another PBX is named pbx-a");
    assertThat(API.rows("pbx")).isEqualTo(1);
  }

  @Test
  void unknownPbxIs404() {
    String id = "0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e";
    Response r = API.get("/v1/pbxs/" + id);
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(body(r).path("message").asText()).isEqualTo("pbx " + id + " does not exist");
    assertThat(API.get("/v1/pbxs/not-a-uuid").getStatus()).isEqualTo(404);
    assertThat(API.put("/v1/pbxs/" + id, pbx("pbx-a")).getStatus()).isEqualTo(404);
    assertThat(API.delete("/v1/pbxs/" + id).getStatus()).isEqualTo(404);
  }

  @Test
  void theTokenIsRequired() {
    assertThat(API.extension.target("/v1/pbxs").request().get().getStatus()).isEqualTo(401);
  }

  // ---- list, replace, delete -----------------------------------------------------------------

  @Test
  void listsPbxsPaged() {
    for (int i = 0; i < 3; i++) {
      created(API.post("/v1/pbxs", pbx("pbx-" + i, ",\"trunks\":[{\"name\":\"t" + i + "\"}]")));
    }
    JsonNode page = body(API.get("/v1/pbxs?limit=2"));
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.path("items").get(0).path("name").asText()).isEqualTo("pbx-0");
    assertThat(page.path("items").get(1).path("trunks").get(0).path("name").asText())
        .isEqualTo("t1");
    assertThat(page.path("nextOffset").asInt()).isEqualTo(2);
    JsonNode last = body(API.get("/v1/pbxs?offset=2"));
    assertThat(last.path("items").get(0).path("name").asText()).isEqualTo("pbx-2");
    assertThat(last.path("nextOffset").isNull()).isTrue();
    assertThat(API.get("/v1/pbxs?limit=0").getStatus()).isEqualTo(422);
    assertThat(rule(body(API.get("/v1/pbxs?name=pbx-0")), "name"))
        .startsWith("is not a known query parameter");
  }

  @Test
  void putReplacesEveryFieldAndKeepsTheIdsOfTrunksWhoseNamesStay() {
    JsonNode p =
        created(
            API.post(
                "/v1/pbxs",
                pbx(
                    "pbx-a",
                    ",\"detail\":\"d\",\"amiPort\":5039,\"trunks\":[{\"name\":\"main\","
                        + "\"maxChannels\":10},{\"name\":\"spare\"}]")));
    String id = p.path("id").asText();
    String main = p.path("trunks").get(0).path("id").asText();
    String spare = p.path("trunks").get(1).path("id").asText();

    // A read sent back changed: its ids (the PBX's and the trunks') are ignored.
    ObjectNode changed = p.deepCopy();
    changed.put("id", "x").put("amiHost", "pbx.example").put("amiUser", "other");
    ObjectNode first = (ObjectNode) changed.path("trunks").get(0);
    first.put("name", "MAIN").put("maxChannels", 20).put("callsPerSecond", 1.5).put("id", "y");
    ((com.fasterxml.jackson.databind.node.ArrayNode) changed.path("trunks"))
        .set(1, ApiResources.MAPPER.createObjectNode().put("name", "new"));
    Response r = API.put("/v1/pbxs/" + id, changed.toString());
    JsonNode u = body(r);
    assertThat(r.getStatus()).as("%s", u).isEqualTo(200);
    assertThat(u.path("id").asText()).isEqualTo(id);
    assertThat(u.path("amiHost").asText()).isEqualTo("pbx.example");
    assertThat(u.path("amiUser").asText()).isEqualTo("other");
    assertThat(u.path("amiPort").asInt()).isEqualTo(5039);
    assertThat(u.path("trunks")).hasSize(2);
    JsonNode kept = u.path("trunks").get(0);
    assertThat(kept.path("id").asText()).isEqualTo(main);
    assertThat(kept.path("name").asText()).isEqualTo("MAIN");
    assertThat(kept.path("maxChannels").asInt()).isEqualTo(20);
    assertThat(kept.path("callsPerSecond").asDouble()).isEqualTo(1.5);
    JsonNode added = u.path("trunks").get(1);
    assertThat(added.path("name").asText()).isEqualTo("new");
    assertThat(added.path("id").asText()).isNotIn(main, spare, "y");
    assertThat(API.hasRow("trunk", spare)).isFalse();
    assertThat(body(API.get("/v1/pbxs/" + id))).isEqualTo(u);

    // A PUT is a full replacement: what is left out takes its default, trunks none.
    JsonNode minimal = body(API.put("/v1/pbxs/" + id, pbx("pbx-a")));
    assertThat(minimal.path("detail").isNull()).isTrue();
    assertThat(minimal.path("amiPort").asInt()).isEqualTo(5038);
    assertThat(minimal.path("trunks")).isEmpty();
    assertThat(API.rows("trunk")).isZero();
    Response bad = API.put("/v1/pbxs/" + id, pbx("pbx-a", ",\"amiPort\":0"));
    assertThat(bad.getStatus()).isEqualTo(422);
    assertThat(API.database.pbxs().find(id).orElseThrow().amiPort()).isEqualTo(5038);
  }

  @Test
  void theNameIsFixedOnceCreated() {
    String id = created(API.post("/v1/pbxs", pbx("pbx-a"))).path("id").asText();
    Response r = API.put("/v1/pbxs/" + id, pbx("pbx-b"));
    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(rule(body(r), "name"))
        .isEqualTo(
            "cannot change: a PBX's name is fixed once it is created (it names the PBX's task"
                + " queue and dialing lanes), and this one's is pbx-a");
    assertThat(API.database.pbxs().find(id).orElseThrow().name()).isEqualTo("pbx-a");
    // Left out, it is required as on create.
    Response without =
        API.put("/v1/pbxs/" + id, "{\"amiHost\":\"h\",\"amiUser\":\"u\",\"secretRef\":\"env:S\"}");
    assertThat(rule(body(without), "name")).isEqualTo("is required");
  }

  // ---- trunks that plans dial through --------------------------------------------------------

  /** A PBX with the trunks {@code names}; returns the PBX's body. */
  static JsonNode pbxWithTrunks(String name, String... names) {
    StringBuilder trunks = new StringBuilder();
    for (String n : names) {
      trunks.append(trunks.length() == 0 ? "" : ",").append("{\"name\":\"").append(n).append("\"}");
    }
    return created(API.post("/v1/pbxs", pbx(name, ",\"trunks\":[" + trunks + "]")));
  }

  static String plan(String trunkId) {
    return created(
            API.post(
                "/v1/plans",
                "{\"name\":\"p\""
                    + (trunkId == null ? "" : ",\"trunkId\":\"" + trunkId + "\"")
                    + "}"))
        .path("id")
        .asText();
  }

  @Test
  void aTrunkAPlanDialsThroughCannotBeRemovedNorItsPbxDeleted() {
    JsonNode p = pbxWithTrunks("pbx-a", "main", "spare");
    String id = p.path("id").asText();
    String main = p.path("trunks").get(0).path("id").asText();
    String spare = p.path("trunks").get(1).path("id").asText();
    String planA = plan(main);

    Response r = API.put("/v1/pbxs/" + id, pbx("pbx-a", ",\"trunks\":[{\"name\":\"spare\"}]"));
    assertThat(r.getStatus()).isEqualTo(409);
    JsonNode e = body(r);
    assertThat(e.path("message").asText())
        .isEqualTo(
            "cannot remove trunk main of pbx "
                + id
                + ": plans dial through it ("
                + planA
                + "); give those plans another trunkId first");
    assertThat(e.path("trunks").toString()).isEqualTo("[\"main\"]");
    assertThat(e.path("plans").toString()).isEqualTo("[\"" + planA + "\"]");
    assertThat(rule(e, "trunks"))
        .isEqualTo("must keep main: plans dial through it (" + planA + ")");
    assertThat(API.hasRow("trunk", main)).isTrue();

    Response d = API.delete("/v1/pbxs/" + id);
    assertThat(d.getStatus()).isEqualTo(409);
    JsonNode de = body(d);
    assertThat(de.path("message").asText())
        .isEqualTo(
            "cannot delete pbx "
                + id
                + ": plans dial through its trunks main ("
                + planA
                + "); give those plans another trunkId first");
    assertThat(de.path("plans").get(0).asText()).isEqualTo(planA);
    assertThat(API.hasRow("pbx", id)).isTrue();

    // Removing the unused trunk is fine; the used one stays with its id.
    JsonNode kept =
        body(API.put("/v1/pbxs/" + id, pbx("pbx-a", ",\"trunks\":[{\"name\":\"main\"}]")));
    assertThat(kept.path("trunks")).hasSize(1);
    assertThat(kept.path("trunks").get(0).path("id").asText()).isEqualTo(main);
    assertThat(API.hasRow("trunk", spare)).isFalse();

    // Once the plan dials through the default PBX, the PBX may go, and its name be taken again.
    assertThat(API.put("/v1/plans/" + planA, "{\"name\":\"p\"}").getStatus()).isEqualTo(200);
    assertThat(API.delete("/v1/pbxs/" + id).getStatus()).isEqualTo(204);
    assertThat(API.get("/v1/pbxs/" + id).getStatus()).isEqualTo(404);
    assertThat(API.hasRow("pbx", id)).isFalse();
    assertThat(API.rows("trunk")).isZero();
    created(API.post("/v1/pbxs", pbx("pbx-a")));
  }

  @Test
  void aDeletedPlanHoldsNoTrunk() {
    JsonNode p = pbxWithTrunks("pbx-a", "main");
    String id = p.path("id").asText();
    String plan = plan(p.path("trunks").get(0).path("id").asText());
    assertThat(API.delete("/v1/plans/" + plan).getStatus()).isEqualTo(204);
    assertThat(API.delete("/v1/pbxs/" + id).getStatus()).isEqualTo(204);
    assertThat(API.hasRow("plan", plan)).isTrue();
  }

  // ---- a plan's trunkId ----------------------------------------------------------------------

  @Test
  void aPlanNamesTheTrunkItDialsThrough() {
    JsonNode p = pbxWithTrunks("pbx-a", "main", "spare");
    String main = p.path("trunks").get(0).path("id").asText();
    String spare = p.path("trunks").get(1).path("id").asText();

    JsonNode none = created(API.post("/v1/plans", "{\"name\":\"p\"}"));
    assertThat(none.has("trunkId")).isTrue();
    assertThat(none.path("trunkId").isNull()).isTrue();
    JsonNode withTrunk =
        created(API.post("/v1/plans", "{\"name\":\"p\",\"trunkId\":\"" + main + "\"}"));
    String plan = withTrunk.path("id").asText();
    assertThat(withTrunk.path("trunkId").asText()).isEqualTo(main);
    assertThat(body(API.get("/v1/plans/" + plan))).isEqualTo(withTrunk);
    assertThat(API.database.catalogue().findPlanWithTrunk(plan).orElseThrow().trunkId())
        .isEqualTo(main);
    assertThat(
            body(API.get("/v1/plans")).findValues("trunkId").stream()
                .map(JsonNode::asText)
                .toList())
        .containsExactly("null", main);

    // A read sent back keeps it; another trunk replaces it; null is the default PBX.
    assertThat(body(API.put("/v1/plans/" + plan, withTrunk.toString())).path("trunkId").asText())
        .isEqualTo(main);
    assertThat(
            body(API.put("/v1/plans/" + plan, "{\"name\":\"p\",\"trunkId\":\"" + spare + "\"}"))
                .path("trunkId")
                .asText())
        .isEqualTo(spare);
    assertThat(
            body(API.put("/v1/plans/" + plan, "{\"name\":\"p\",\"trunkId\":null}"))
                .path("trunkId")
                .isNull())
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e | trunk 0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e does not exist",
        "main                                 | must be a UUID",
        "''                                   | must be a UUID",
      })
  void aPlansUnknownTrunkIs422NamingTrunkId(String trunkId, String ruleText) {
    pbxWithTrunks("pbx-a", "main");
    Response r = API.post("/v1/plans", "{\"name\":\"p\",\"trunkId\":\"" + trunkId + "\"}");
    assertThat(r.getStatus()).isEqualTo(422);
    JsonNode e = body(r);
    assertThat(e.path("message").asText()).isEqualTo("invalid plan");
    assertThat(rule(e, "trunkId")).isEqualTo(ruleText);
    assertThat(API.rows("plan")).isZero();
    // With the other rules broken too, all are listed at once.
    JsonNode both =
        body(API.post("/v1/plans", "{\"dialTimeout\":1,\"trunkId\":\"" + trunkId + "\"}"));
    assertThat(both.path("errors"))
        .extracting(f -> f.path("field").asText())
        .containsExactlyInAnyOrder("name", "dialTimeout", "trunkId");
  }

  @Test
  void aPlansTrunkChangesOnlyWhileItsCampaignsAreStopped() {
    JsonNode p = pbxWithTrunks("pbx-a", "main");
    String main = p.path("trunks").get(0).path("id").asText();
    String plan = plan(null);
    String dest =
        body(API.post("/v1/destinations", "{\"name\":\"d\",\"type\":1,\"application\":\"Park\"}"))
            .path("id")
            .asText();
    String dlma = body(API.post("/v1/dlmas", "{\"name\":\"l\"}")).path("id").asText();
    String campaign =
        created(
                API.post(
                    "/v1/campaigns",
                    "{\"name\":\"c\",\"plan\":\""
                        + plan
                        + "\",\"destination\":\""
                        + dest
                        + "\",\"dlma\":\""
                        + dlma
                        + "\"}"))
            .path("id")
            .asText();
    API.setStatus(campaign, CampaignStatus.START.code());
    Response r = API.put("/v1/plans/" + plan, "{\"name\":\"p\",\"trunkId\":\"" + main + "\"}");
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(body(r).path("campaigns").toString()).isEqualTo("[\"" + campaign + "\"]");
    assertThat(body(API.get("/v1/plans/" + plan)).path("trunkId").isNull()).isTrue();
    API.setStatus(campaign, CampaignStatus.STOP.code());
    assertThat(
            body(API.put("/v1/plans/" + plan, "{\"name\":\"p\",\"trunkId\":\"" + main + "\"}"))
                .path("trunkId")
                .asText())
        .isEqualTo(main);
  }
}
