package io.outdial.api.openapi;

import static io.outdial.api.support.ApiResources.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.campaigns.CampaignResource;
import io.outdial.api.campaigns.CampaignResponse;
import io.outdial.api.codes.CodeTable;
import io.outdial.api.codes.Codes;
import io.outdial.api.destinations.DestinationResponse;
import io.outdial.api.dlmas.DlmaResponse;
import io.outdial.api.dlmas.EntryImporter;
import io.outdial.api.errors.ApiError;
import io.outdial.api.errors.FieldError;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.pbxs.PbxRequest;
import io.outdial.api.pbxs.PbxResponse;
import io.outdial.api.pbxs.TrunkRequest;
import io.outdial.api.pbxs.TrunkResponse;
import io.outdial.api.plans.PlanRequest;
import io.outdial.api.plans.PlanResponse;
import io.outdial.api.support.ApiModel;
import io.outdial.api.support.ApiResources;
import io.outdial.api.support.TextFields;
import io.outdial.store.Column;
import io.outdial.workflows.AmiLimits;
import io.outdial.workflows.OperatorAction;
import io.outdial.workflows.PlanBounds;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keeps the hand-written OpenAPI document equal to the code: the Jersey resource model's paths and
 * methods against the document's, both ways; media types, path and header parameters; the fields of
 * every request and response record against their schemas, both ways; and, by calling the API, that
 * every list accepts exactly the query parameters the document gives it; and that every text limit
 * it states is the API's.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiDocumentIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;
  static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  /** Schemas that stand for no record of the API (shared shapes). */
  static final Set<String> SHARED_SCHEMAS = Set.of("Variables");

  static JsonNode doc;

  @BeforeAll
  static void load() {
    doc = OpenApiResource.load();
  }

  static Map<String, JsonNode> docOperations() {
    Map<String, JsonNode> ops = new LinkedHashMap<>();
    doc.path("paths")
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fields()
                    .forEachRemaining(
                        m -> {
                          if (HTTP_METHODS.contains(m.getKey())) {
                            ops.put(m.getKey().toUpperCase() + " " + p.getKey(), m.getValue());
                          }
                        }));
    return ops;
  }

  static JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    while (n.has("$ref")) {
      String[] parts = n.path("$ref").asText().substring(2).split("/");
      JsonNode t = doc;
      for (String part : parts) {
        t = t.path(part);
      }
      assertThat(t.isMissingNode()).as("$ref %s resolves", n.path("$ref")).isFalse();
      n = t;
    }
    return n;
  }

  static String refName(JsonNode schema) {
    String ref = schema.path("$ref").asText();
    return ref.substring(ref.lastIndexOf('/') + 1);
  }

  /** The parameters of an operation, path-level ones included: "path id", "header X-Operator". */
  static Set<String> docParameters(String key) {
    String path = key.substring(key.indexOf(' ') + 1);
    Set<String> out = new TreeSet<>();
    List<JsonNode> params = new ArrayList<>();
    doc.path("paths").path(path).path("parameters").forEach(params::add);
    docOperations().get(key).path("parameters").forEach(params::add);
    for (JsonNode p : params) {
      JsonNode r = resolve(p);
      out.add(r.path("in").asText() + " " + r.path("name").asText());
    }
    return out;
  }

  @Test
  void everyPathAndMethodOfTheCodeIsDocumentedAndNothingElse() {
    Set<String> code = new TreeSet<>();
    ApiModel.operations().forEach(o -> code.add(o.key()));
    Set<String> documented = new TreeSet<>(docOperations().keySet());
    assertThat(documented).as("documented operations").isEqualTo(code);
    assertThat(code).hasSizeGreaterThan(30);
  }

  @Test
  void mediaTypesPathAndHeaderParametersMatch() {
    Map<String, Set<String>> consumes = new LinkedHashMap<>();
    Map<String, Method> methods = new LinkedHashMap<>();
    for (ApiModel.Operation o : ApiModel.operations()) {
      Method m = o.javaMethod();
      if (o.entity() != null) {
        consumes.computeIfAbsent(o.key(), k -> new TreeSet<>()).addAll(o.consumes());
      }
      methods.put(o.key(), m);
    }
    for (Map.Entry<String, JsonNode> op : docOperations().entrySet()) {
      JsonNode body = resolve(op.getValue().path("requestBody"));
      Set<String> documented = new TreeSet<>();
      body.path("content").fieldNames().forEachRemaining(documented::add);
      assertThat(documented)
          .as("request media types of %s", op.getKey())
          .isEqualTo(consumes.getOrDefault(op.getKey(), Set.of()));

      Set<String> params = new TreeSet<>();
      Method m = methods.get(op.getKey());
      for (Annotation[] as : m.getParameterAnnotations()) {
        for (Annotation a : as) {
          if (a instanceof PathParam p) {
            params.add("path " + p.value());
          } else if (a instanceof HeaderParam h) {
            if (!h.value().equals("Content-Type")) {
              params.add("header " + h.value());
            }
          } else if (a instanceof QueryParam q) {
            params.add("query " + q.value());
          }
        }
      }
      Set<String> docParams = docParameters(op.getKey());
      docParams.removeIf(p -> p.startsWith("query "));
      assertThat(docParams).as("path and header parameters of %s", op.getKey()).isEqualTo(params);
      Matcher template = Pattern.compile("\\{([^}]+)}").matcher(op.getKey());
      while (template.find()) {
        assertThat(docParams).contains("path " + template.group(1));
      }
    }
  }

  @Test
  void requestAndResponseBodiesReferTheSchemasOfTheirRecords() {
    Map<String, ApiModel.Operation> operations = new LinkedHashMap<>();
    ApiModel.operations().forEach(o -> operations.put(o.key(), o));
    for (Map.Entry<String, JsonNode> op : docOperations().entrySet()) {
      ApiModel.Operation o = operations.get(op.getKey());
      Type entity = o.entity();
      if (entity instanceof Class<?> c && c.isRecord()) {
        JsonNode schema =
            resolve(op.getValue().path("requestBody"))
                .path("content")
                .path("application/json")
                .path("schema");
        assertThat(refName(schema))
            .as("request schema of %s", op.getKey())
            .isEqualTo(c.getSimpleName());
      } else if (entity == InputStream.class) {
        JsonNode schema =
            resolve(op.getValue().path("requestBody"))
                .path("content")
                .path("application/json")
                .path("schema");
        // Bodies read as a stream (JSON or CSV): entries as an array, do-not-call numbers.
        if (op.getKey().contains("/v1/dnc-lists/")) {
          assertThat(refName(schema)).isEqualTo("DncNumbersRequest");
        } else {
          assertThat(refName(schema.path("items"))).isEqualTo("EntryRequest");
        }
      }
      Type returned = o.returned();
      JsonNode ok = null;
      for (String status : List.of("200", "201", "202")) {
        if (op.getValue().path("responses").has(status)) {
          ok =
              resolve(op.getValue().path("responses").path(status))
                  .path("content")
                  .path("application/json")
                  .path("schema");
        }
      }
      if (returned instanceof ParameterizedType p && p.getRawType() == Page.class) {
        Class<?> item = (Class<?>) p.getActualTypeArguments()[0];
        assertThat(refName(ok))
            .as("page schema of %s", op.getKey())
            .isEqualTo(item.getSimpleName() + "Page");
      } else if (returned instanceof Class<?> c && c.isRecord()) {
        assertThat(refName(ok))
            .as("response schema of %s", op.getKey())
            .isEqualTo(c.getSimpleName());
      } else if (returned == Response.class && op.getKey().startsWith("DELETE")) {
        assertThat(op.getValue().path("responses").has("204")).isTrue();
      }
      assertThat(
              refName(
                  resolve(op.getValue().path("responses").path("default"))
                      .path("content")
                      .path("application/json")
                      .path("schema")))
          .isEqualTo("ApiError");
    }
  }

  /** Every record a body of the API is made of, by schema name. */
  static Map<String, Class<?>> records() {
    Map<String, Class<?>> out = new LinkedHashMap<>();
    List<Type> roots = new ArrayList<>();
    for (ApiModel.Operation o : ApiModel.operations()) {
      if (o.entity() != null) {
        roots.add(o.entity());
      }
      roots.add(o.returned());
    }
    // What methods answering a Response put in it.
    roots.addAll(
        List.of(
            PlanResponse.class,
            PbxResponse.class,
            DestinationResponse.class,
            DlmaResponse.class,
            CampaignResponse.class,
            CampaignResource.ControlResponse.class,
            EntryImporter.EntriesCreated.class,
            ApiError.class,
            FieldError.class,
            io.outdial.api.dlmas.EntryRequest.class));
    for (Type t : roots) {
      addRecords(t, out);
    }
    return out;
  }

  static void addRecords(Type t, Map<String, Class<?>> out) {
    if (t instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        addRecords(arg, out);
      }
      return;
    }
    if (t instanceof Class<?> c
        && c.isRecord()
        && c != Page.class
        && c.getPackageName().startsWith("io.outdial.api")
        && !out.containsKey(c.getSimpleName())) {
      out.put(c.getSimpleName(), c);
      for (RecordComponent rc : c.getRecordComponents()) {
        addRecords(rc.getGenericType(), out);
      }
    }
  }

  static Set<String> fields(Class<?> record) {
    Set<String> names = new TreeSet<>();
    for (RecordComponent rc : record.getRecordComponents()) {
      names.add(rc.getName());
    }
    if (record == ApiError.class) {
      names.remove("details"); // written flat, beside the others (JsonAnyGetter)
    }
    return names;
  }

  @Test
  void everyRecordHasASchemaWithExactlyItsFields() {
    Map<String, Class<?>> records = records();
    assertThat(records)
        .containsKeys(
            "PlanRequest",
            "ScheduleRequest",
            "Counts",
            "Window",
            "ControlRequest",
            "DialingResponse",
            "ResultResponse",
            "EntryRequest");
    JsonNode schemas = doc.path("components").path("schemas");
    for (Map.Entry<String, Class<?>> r : records.entrySet()) {
      JsonNode schema = schemas.path(r.getKey());
      assertThat(schema.isMissingNode()).as("schema %s", r.getKey()).isFalse();
      Set<String> documented = new TreeSet<>();
      schema.path("properties").fieldNames().forEachRemaining(documented::add);
      // A request schema also lists, read-only, the fields of a read that the request ignores.
      Set<String> ignored = ignoredFields(r.getValue());
      Set<String> readOnly = new TreeSet<>();
      boolean request = r.getKey().endsWith("Request");
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              p -> {
                if (request && p.getValue().path("readOnly").asBoolean()) {
                  readOnly.add(p.getKey());
                }
              });
      assertThat(readOnly)
          .as("ignored read-only fields of schema %s", r.getKey())
          .isEqualTo(ignored);
      documented.removeAll(ignored);
      assertThat(documented).as("fields of schema %s", r.getKey()).isEqualTo(fields(r.getValue()));
      for (JsonNode required : schema.path("required")) {
        assertThat(documented).contains(required.asText());
      }
      if (request) {
        assertThat(
                schema.path("additionalProperties").isBoolean()
                    && !schema.path("additionalProperties").asBoolean())
            .as("%s refuses unknown fields", r.getKey())
            .isTrue();
      }
    }
    // And the other way: every schema is a record, a page of one, or a shared shape.
    Set<String> pages = new LinkedHashSet<>();
    for (Iterator<String> it = schemas.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.endsWith("Page")) {
        pages.add(name);
      } else if (!SHARED_SCHEMAS.contains(name)) {
        assertThat(records).as("schema %s stands for a record", name).containsKey(name);
      }
    }
    for (String page : pages) {
      JsonNode p = schemas.path(page);
      Set<String> documented = new TreeSet<>();
      p.path("properties").fieldNames().forEachRemaining(documented::add);
      assertThat(documented).as("fields of %s", page).isEqualTo(fields(Page.class));
      String item = refName(p.path("properties").path("items").path("items"));
      assertThat(page).isEqualTo(item + "Page");
      assertThat(records).containsKey(item);
    }
  }

  @Test
  void readOnlyFieldsThatWritesIgnoreAreThoseOfTheReads() {
    assertThat(io.outdial.api.plans.PlanRequest.READ_ONLY)
        .isEqualTo(difference(PlanResponse.class, io.outdial.api.plans.PlanRequest.class));
    assertThat(io.outdial.api.destinations.DestinationRequest.READ_ONLY)
        .isEqualTo(
            difference(
                DestinationResponse.class, io.outdial.api.destinations.DestinationRequest.class));
    assertThat(io.outdial.api.dlmas.DlmaRequest.READ_ONLY)
        .isEqualTo(difference(DlmaResponse.class, io.outdial.api.dlmas.DlmaRequest.class));
    assertThat(io.outdial.api.dlmas.EntryRequest.READ_ONLY)
        .isEqualTo(
            difference(
                io.outdial.api.dlmas.EntryResponse.class, io.outdial.api.dlmas.EntryRequest.class));
    assertThat(io.outdial.api.campaigns.CampaignRequest.READ_ONLY)
        .isEqualTo(
            difference(CampaignResponse.class, io.outdial.api.campaigns.CampaignRequest.class));
    assertThat(PbxRequest.READ_ONLY).isEqualTo(difference(PbxResponse.class, PbxRequest.class));
    assertThat(TrunkRequest.READ_ONLY)
        .isEqualTo(difference(TrunkResponse.class, TrunkRequest.class));
    for (Class<?> c :
        List.of(
            io.outdial.api.plans.PlanRequest.class,
            PbxRequest.class,
            TrunkRequest.class,
            io.outdial.api.destinations.DestinationRequest.class,
            io.outdial.api.dlmas.DlmaRequest.class,
            io.outdial.api.dlmas.EntryRequest.class,
            io.outdial.api.campaigns.CampaignRequest.class,
            io.outdial.api.campaigns.ScheduleRequest.class)) {
      com.fasterxml.jackson.annotation.JsonIgnoreProperties ignored =
          c.getAnnotation(com.fasterxml.jackson.annotation.JsonIgnoreProperties.class);
      Set<String> declared = new TreeSet<>(List.of(ignored.value()));
      try {
        assertThat(declared)
            .as("ignored by %s", c.getSimpleName())
            .isEqualTo(new TreeSet<>((Set<?>) c.getField("READ_ONLY").get(null)));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The fields a request record ignores ({@code READ_ONLY}), empty for other records. */
  static Set<String> ignoredFields(Class<?> record) {
    try {
      Set<String> out = new TreeSet<>();
      for (Object name : (Set<?>) record.getField("READ_ONLY").get(null)) {
        out.add((String) name);
      }
      return out;
    } catch (NoSuchFieldException e) {
      return Set.of();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static Set<String> difference(Class<?> response, Class<?> request) {
    Set<String> out = new TreeSet<>(fields(response));
    out.removeAll(fields(request));
    return out;
  }

  @Test
  void everyListAcceptsExactlyTheQueryParametersItsDocumentGives() {
    API.reset();
    String plan = body(API.post("/v1/plans", "{\"name\":\"p\"}")).path("id").asText();
    String dest =
        body(API.post("/v1/destinations", "{\"name\":\"d\",\"type\":1,\"application\":\"Park\"}"))
            .path("id")
            .asText();
    String dlma = body(API.post("/v1/dlmas", "{\"name\":\"l\"}")).path("id").asText();
    String campaign =
        body(API.post(
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
    String dncList = body(API.post("/v1/dnc-lists", "{\"name\":\"n\"}")).path("id").asText();
    Map<String, String> samples =
        Map.of(
            "number",
            "0123456789",
            "offset",
            "0",
            "limit",
            "10",
            "campaign",
            campaign,
            "entry",
            campaign,
            "resDial",
            "ANSWERED",
            "resHangup",
            "16",
            "from",
            "2030-01-01T00:00:00Z",
            "to",
            "2030-01-02T00:00:00Z");
    int lists = 0;
    for (Map.Entry<String, JsonNode> op : docOperations().entrySet()) {
      if (!op.getKey().startsWith("GET ")) {
        continue;
      }
      Set<String> query = new TreeSet<>();
      docParameters(op.getKey()).stream()
          .filter(p -> p.startsWith("query "))
          .forEach(p -> query.add(p.substring(6)));
      if (query.isEmpty()) {
        continue;
      }
      if (op.getKey().equals("GET /v1/events")) {
        // A stream, not a list (ApiServerIT reads it): its unknown parameters are refused alike.
        Response unknown = API.get("/v1/events?undocumented=1");
        assertThat(unknown.getStatus()).isEqualTo(422);
        assertThat(ApiResources.rule(body(unknown), "undocumented"))
            .startsWith("is not a known query parameter (known: " + String.join(", ", query) + ")");
        continue;
      }
      lists++;
      String path =
          op.getKey()
              .substring(4)
              .replace("{id}", campaign)
              .replace("{dlmaId}", dlma)
              .replace("{listId}", dncList);
      StringBuilder all = new StringBuilder(path).append('?');
      for (String q : query) {
        all.append(q).append('=').append(samples.get(q)).append('&');
      }
      Response r = API.get(all.toString());
      assertThat(r.getStatus())
          .as("%s with every documented query parameter: %s", path, r.readEntity(String.class))
          .isEqualTo(200);
      Response unknown = API.get(path + "?undocumented=1");
      assertThat(unknown.getStatus()).as("%s?undocumented=1", path).isEqualTo(422);
      assertThat(ApiResources.rule(body(unknown), "undocumented"))
          .startsWith("is not a known query parameter (known: " + String.join(", ", query) + ")");
    }
    assertThat(lists).isEqualTo(12);
  }

  /** The property of {@code schema} that documents {@code field} (an array's items). */
  static JsonNode property(String schema, String field) {
    JsonNode p = doc.path("components").path("schemas").path(schema).path("properties").path(field);
    assertThat(p.isMissingNode()).as("%s.%s is documented", schema, field).isFalse();
    return p.path("type").asText().equals("array") ? p.path("items") : p;
  }

  @Test
  void everyTextLimitTheDocumentStatesIsTheApisLimit() {
    for (TextFields.TextField f : TextFields.ALL) {
      JsonNode p = property(f.schema(), f.field());
      if (p.has("enum")) {
        continue;
      }
      // trunkName depends on techName: the document gives the most any plan takes (the
      // shortest technology has one character before its slash).
      int chars = f.field().equals("trunkName") ? PlanRequest.trunkNameMax("A/") : f.asciiMax();
      assertThat(p.path("maxLength").asInt(-1)).as("maxLength of %s", f).isEqualTo(chars);
      if (f.maxBytes() == null) {
        assertThat(p.has("x-maxBytes")).as("%s has no byte limit", f).isFalse();
      } else {
        assertThat(p.path("x-maxBytes").asInt(-1))
            .as("x-maxBytes of %s", f)
            .isEqualTo(f.maxBytes());
      }
    }
    // And no request schema states a limit for a text this list does not know (the schedule,
    // an object, is checked below).
    for (String schema :
        List.of(
            "PlanRequest",
            "PbxRequest",
            "TrunkRequest",
            "DestinationRequest",
            "DlmaRequest",
            "EntryRequest",
            "CampaignRequest",
            "ControlRequest")) {
      doc.path("components")
          .path("schemas")
          .path(schema)
          .path("properties")
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode p = property(schema, e.getKey());
                if (p.path("type").asText().equals("string")
                    && (p.has("maxLength") || p.has("x-maxBytes"))) {
                  assertThat(TextFields.ALL)
                      .as("%s.%s", schema, e.getKey())
                      .anyMatch(f -> f.schema().equals(schema) && f.field().equals(e.getKey()));
                }
              });
    }
    assertThat(property("CampaignRequest", "schedule").path("x-maxBytes").asInt())
        .isEqualTo(Column.CAMPAIGN_SCHEDULE.max);
    JsonNode variables = doc.path("components").path("schemas").path("Variables");
    assertThat(variables.path("maxProperties").asInt()).isEqualTo(AmiLimits.VARIABLES_PER_LAYER);
    JsonNode operator = doc.path("components").path("parameters").path("operator");
    assertThat(operator.path("name").asText()).isEqualTo(CampaignResource.OPERATOR_HEADER);
    assertThat(operator.path("schema").path("maxLength").asInt())
        .isEqualTo(OperatorAction.REQUESTED_BY_MAX);
    assertThat(variables.path("x-propertyNames").path("pattern").asText())
        .isEqualTo(Violations.VARIABLE_NAME.pattern());
    assertThat(variables.path("x-propertyNames").path("maxLength").asInt())
        .isEqualTo(Violations.VARIABLE_NAME_MAX);
    // "Variable: <name>=<value>": the name and the value share what the line leaves.
    assertThat(variables.path("x-maxNameAndValueBytes").asInt())
        .isEqualTo(Violations.variableValueMaxBytes(""));
    JsonNode trunk = property("PlanRequest", "trunkName").path("x-maxCombinedLength");
    assertThat(trunk.path("with").asText()).isEqualTo("techName");
    assertThat(trunk.path("max").asInt() - PlanRequest.DEFAULT_TECH_NAME.length())
        .isEqualTo(PlanRequest.trunkNameMax(PlanRequest.DEFAULT_TECH_NAME));
    assertThat(property("PlanRequest", "techName").path("default").asText())
        .isEqualTo(PlanRequest.DEFAULT_TECH_NAME);
    JsonNode importBody =
        doc.path("paths")
            .path("/v1/dlmas/{dlmaId}/entries")
            .path("post")
            .path("requestBody")
            .path("content")
            .path("application/json")
            .path("schema");
    assertThat(importBody.path("maxItems").asInt()).isEqualTo(EntryImporter.MAX_ENTRIES);
    assertThat(importBody.path("minItems").asInt()).isEqualTo(1);
    JsonNode cps = property("PlanRequest", "callsPerSecond");
    assertThat(cps.path("minimum").asDouble()).isEqualTo(PlanBounds.CALLS_PER_SECOND_MIN);
    assertThat(cps.path("maximum").asDouble()).isEqualTo(PlanBounds.CALLS_PER_SECOND_MAX);
    assertThat(cps.has("exclusiveMinimum")).isFalse();
    JsonNode trunkCps = property("TrunkRequest", "callsPerSecond");
    assertThat(trunkCps.path("minimum").asDouble()).isEqualTo(PlanBounds.CALLS_PER_SECOND_MIN);
    assertThat(trunkCps.path("maximum").asDouble()).isEqualTo(PlanBounds.CALLS_PER_SECOND_MAX);
    assertThat(property("TrunkRequest", "maxChannels").path("maximum").asInt())
        .isEqualTo(TrunkRequest.MAX_CHANNELS);
    assertThat(
            doc.path("components")
                .path("schemas")
                .path("PbxRequest")
                .path("properties")
                .path("trunks")
                .path("maxItems")
                .asInt())
        .isEqualTo(PbxRequest.MAX_TRUNKS);
    assertThat(property("PbxRequest", "amiPort").path("default").asInt())
        .isEqualTo(io.outdial.store.PbxStore.DEFAULT_AMI_PORT);
    for (java.util.Map.Entry<String, Pattern> p :
        Map.of(
                "name", PbxRequest.NAME,
                "amiHost", PbxRequest.AMI_HOST,
                "secretRef", PbxRequest.SECRET_REF)
            .entrySet()) {
      assertThat(property("PbxRequest", p.getKey()).path("pattern").asText())
          .as("PbxRequest.%s", p.getKey())
          .isEqualTo(p.getValue().pattern());
    }
    assertThat(property("TrunkRequest", "name").path("pattern").asText())
        .isEqualTo(TrunkRequest.NAME.pattern());
  }

  /** The codes a request field takes, as numbers and as names, are those of its table. */
  @Test
  void everyCodeFieldListsTheCodesOfItsTable() {
    Map<JsonNode, CodeTable> fields = new LinkedHashMap<>();
    fields.put(property("PlanRequest", "dialMode"), Codes.DIAL_MODE);
    fields.put(property("PlanRequest", "dlEndHandle"), Codes.DL_END_HANDLE);
    fields.put(property("DestinationRequest", "type"), Codes.DESTINATION_TYPE);
    fields.put(property("ScheduleRequest", "mode"), Codes.SCHEDULE_MODE);
    fields.put(
        doc.path("components")
            .path("schemas")
            .path("ScheduleRequest")
            .path("properties")
            .path("dayList")
            .path("oneOf")
            .get(0)
            .path("items"),
        Codes.WEEKDAY);
    fields.forEach(
        (p, table) -> {
          List<Integer> codes = new ArrayList<>();
          List<String> names = new ArrayList<>();
          for (JsonNode branch : p.path("oneOf")) {
            if (branch.path("type").asText().equals("integer")) {
              branch.path("enum").forEach(c -> codes.add(c.asInt()));
            } else if (branch.has("enum")) {
              assertThat(branch.path("x-caseInsensitive").asBoolean())
                  .as("%s", table.kind())
                  .isTrue();
              branch.path("enum").forEach(n -> names.add(n.asText()));
            }
          }
          assertThat(codes)
              .as("codes of %s", table.kind())
              .containsExactlyElementsOf(table.entries().keySet());
          assertThat(names)
              .as("names of %s", table.kind())
              .containsExactlyElementsOf(table.entries().values());
        });
  }

  @Test
  void theDocumentIsServedAsJsonWithoutAToken() {
    Response r = API.extension.target("/v1/openapi.json").request().get();
    assertThat(r.getStatus()).isEqualTo(200);
    JsonNode served = body(r);
    assertThat(served).isEqualTo(doc);
    assertThat(served.path("openapi").asText()).startsWith("3.");
    assertThat(API.extension.target("/v1/plans").request().get().getStatus()).isEqualTo(401);
  }
}
