package io.outdial.api.dnc;

import static io.outdial.api.support.ApiResources.body;
import static io.outdial.api.support.ApiResources.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Do-not-call lists through the API: lists, numbers in any form, campaigns, the check. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DncResourceIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;

  private String campaign;
  private String other;

  @BeforeEach
  void parts() {
    API.reset();
    String plan = body(API.post("/v1/plans", "{\"name\":\"p\"}")).path("id").asText();
    String destination =
        body(API.post(
                "/v1/destinations", "{\"name\":\"park\",\"type\":1,\"application\":\"Park\"}"))
            .path("id")
            .asText();
    String dlma = body(API.post("/v1/dlmas", "{\"name\":\"l\"}")).path("id").asText();
    String json =
        "{\"name\":\"c\",\"plan\":\""
            + plan
            + "\",\"destination\":\""
            + destination
            + "\",\"dlma\":\""
            + dlma
            + "\"}";
    campaign = body(API.post("/v1/campaigns", json)).path("id").asText();
    other = body(API.post("/v1/campaigns", json)).path("id").asText();
  }

  private static String list(String json) {
    Response r = API.post("/v1/dnc-lists", json);
    JsonNode b = body(r);
    assertThat(r.getStatus()).as("%s", b).isEqualTo(201);
    assertThat(r.getLocation().getPath()).isEqualTo("/v1/dnc-lists/" + b.path("id").asText());
    return b.path("id").asText();
  }

  private JsonNode check(String campaignId, String number) {
    Response r =
        API.target("/v1/dnc-lists/check")
            .queryParam("campaign", campaignId)
            .queryParam("number", number)
            .request()
            .header("Authorization", "Bearer " + ApiResources.TOKEN)
            .get();
    JsonNode b = body(r);
    assertThat(r.getStatus()).as("%s", b).isEqualTo(200);
    return b;
  }

  @Test
  void numbersAreKeptNormalisedInTheListsRegionAndFoundInAnyForm() {
    String id = list("{\"name\":\"complaints\",\"region\":\"FR\",\"global\":true}");
    Response added =
        API.post(
            "/v1/dnc-lists/" + id + "/numbers",
            "{\"numbers\":[\"01 23 45 67 89\",\"+33 1 23 45 67 89\",\"06-12-34-56-78\"]}");
    JsonNode a = body(added);
    assertThat(added.getStatus()).as("%s", a).isEqualTo(200);
    assertThat(a.path("received").asLong()).isEqualTo(3);
    assertThat(a.path("added").asLong()).as("two forms of one number").isEqualTo(2);
    assertThat(a.path("alreadyListed").asLong()).isEqualTo(1);

    JsonNode page = body(API.get("/v1/dnc-lists/" + id + "/numbers?limit=1"));
    assertThat(page.path("items").get(0).path("number").asText()).isEqualTo("+33123456789");
    assertThat(page.path("nextOffset").asInt()).isEqualTo(1);
    assertThat(body(API.get("/v1/dnc-lists/" + id)).path("numbers").asLong()).isEqualTo(2);

    // Looked up, and taken off, in another form.
    assertThat(API.get("/v1/dnc-lists/" + id + "/numbers/0033612345678").getStatus())
        .isEqualTo(200);
    assertThat(
            API.delete("/v1/dnc-lists/" + id + "/numbers/+33%206%2012%2034%2056%2078").getStatus())
        .isEqualTo(204);
    assertThat(API.get("/v1/dnc-lists/" + id + "/numbers/0612345678").getStatus()).isEqualTo(404);

    // A global list holds every campaign back.
    JsonNode blocked = check(campaign, "0123456789");
    assertThat(blocked.path("blocked").asBoolean()).isTrue();
    assertThat(blocked.path("listName").asText()).isEqualTo("complaints");
    assertThat(blocked.path("normalised").asText()).isEqualTo("+33123456789");
    assertThat(check(other, "+33123456789").path("blocked").asBoolean()).isTrue();
    assertThat(check(campaign, "0612345678").path("blocked").asBoolean()).isFalse();
  }

  @Test
  void aListThatIsNotGlobalHoldsTheCampaignsAttachedToIt() {
    String id = list("{\"name\":\"spring opt-outs\"}");
    API.post("/v1/dnc-lists/" + id + "/numbers", "{\"numbers\":[\"5551234\"]}");
    assertThat(check(campaign, "555-1234").path("blocked").asBoolean()).isFalse();

    assertThat(API.put("/v1/dnc-lists/" + id + "/campaigns/" + campaign, "").getStatus())
        .isEqualTo(204);
    assertThat(check(campaign, "555-1234").path("blocked").asBoolean()).isTrue();
    assertThat(check(other, "555-1234").path("blocked").asBoolean()).isFalse();
    assertThat(body(API.get("/v1/dnc-lists/" + id + "/campaigns")).path("campaigns"))
        .extracting(JsonNode::asText)
        .containsExactly(campaign);

    // Made global, it holds the other campaign as well; detached and not global, neither.
    String made = "{\"name\":\"spring opt-outs\",\"global\":true}";
    assertThat(body(API.put("/v1/dnc-lists/" + id, made)).path("global").asBoolean()).isTrue();
    assertThat(check(other, "555-1234").path("blocked").asBoolean()).isTrue();
    API.put("/v1/dnc-lists/" + id, "{\"name\":\"spring opt-outs\"}");
    assertThat(API.delete("/v1/dnc-lists/" + id + "/campaigns/" + campaign).getStatus())
        .isEqualTo(204);
    assertThat(check(campaign, "555-1234").path("blocked").asBoolean()).isFalse();

    assertThat(API.delete("/v1/dnc-lists/" + id).getStatus()).isEqualTo(204);
    assertThat(API.get("/v1/dnc-lists/" + id).getStatus()).isEqualTo(404);
    assertThat(API.rows("dnc_number")).isZero();
  }

  @Test
  void aCsvAddTakesTheFirstColumnAndNamesTheLinesItRefuses() {
    String id = list("{\"name\":\"csv\",\"region\":\"GB\"}");
    Response r =
        API.post(
            "/v1/dnc-lists/" + id + "/numbers",
            "number,name\n020 7946 0958,Ann\n\n07700 900123,Bob\n",
            "text/csv");
    JsonNode b = body(r);
    assertThat(r.getStatus()).as("%s", b).isEqualTo(200);
    assertThat(b.path("added").asLong()).isEqualTo(2);
    assertThat(API.get("/v1/dnc-lists/" + id + "/numbers/+442079460958").getStatus())
        .isEqualTo(200);

    StringBuilder csv = new StringBuilder("number\n07700 900124\n");
    csv.append("x".repeat(65)).append('\n');
    csv.append("   \n07700 900125\n\"a\u0001b\"\n");
    Response bad = API.post("/v1/dnc-lists/" + id + "/numbers", csv.toString(), "text/csv");
    JsonNode e = body(bad);
    assertThat(bad.getStatus()).as("%s", e).isEqualTo(422);
    List<String> found = new ArrayList<>();
    e.path("errors")
        .forEach(
            x ->
                found.add(
                    x.path("line").asLong()
                        + " "
                        + x.path("field").asText()
                        + ": "
                        + x.path("rule").asText()));
    assertThat(found)
        .containsExactly(
            "3 number: must be at most 64 characters",
            "4 number: is required",
            "6 number: must not contain CR, LF or other control characters");
    assertThat(body(API.get("/v1/dnc-lists/" + id)).path("numbers").asLong())
        .as("nothing of a refused add is written")
        .isEqualTo(2);
  }

  @Test
  void refusesWhatItCannotKeep() {
    JsonNode e = body(API.post("/v1/dnc-lists", "{\"name\":\" \",\"region\":\"fr\"}"));
    assertThat(e.path("status").asInt()).isEqualTo(422);
    assertThat(rule(e, "name")).isEqualTo("is required");
    assertThat(rule(e, "region"))
        .isEqualTo("must be an ISO 3166 alpha-2 region in capitals that has phone numbers (FR)");
    assertThat(
            rule(body(API.post("/v1/dnc-lists", "{\"name\":\"" + "é".repeat(256) + "\"}")), "name"))
        .isEqualTo("must be at most 255 characters");

    String id = list("{\"name\":\"l\",\"region\":\"FR\"}");
    JsonNode region = body(API.put("/v1/dnc-lists/" + id, "{\"name\":\"l\",\"region\":\"BE\"}"));
    assertThat(rule(region, "region"))
        .isEqualTo("cannot change: the list's numbers were read in FR; create another list");
    JsonNode numbers =
        body(API.post("/v1/dnc-lists/" + id + "/numbers", "{\"numbers\":[\"1\",\" \",null]}"));
    assertThat(numbers.path("status").asInt()).isEqualTo(422);
    assertThat(rule(numbers, "numbers[1]")).isEqualTo("is required");
    assertThat(rule(numbers, "numbers[2]")).isEqualTo("is required");
    assertThat(rule(body(API.post("/v1/dnc-lists/" + id + "/numbers", "{}")), "numbers"))
        .isEqualTo("is required");
    assertThat(API.rows("dnc_number")).isZero();

    assertThat(API.get("/v1/dnc-lists/not-an-id").getStatus()).isEqualTo(404);
    assertThat(API.put("/v1/dnc-lists/" + id + "/campaigns/" + id, "").getStatus())
        .as("no such campaign")
        .isEqualTo(404);
    JsonNode q = body(API.get("/v1/dnc-lists/check?campaign=x&sort=1"));
    assertThat(rule(q, "campaign")).isEqualTo("must be a UUID");
    assertThat(rule(q, "number")).isEqualTo("is required");
    assertThat(rule(q, "sort")).startsWith("is not a known query parameter");
  }
}
