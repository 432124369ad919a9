package io.outdial.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.ApiJson;
import io.outdial.api.campaigns.CampaignReads;
import io.outdial.api.campaigns.CampaignResource;
import io.outdial.api.destinations.DestinationResource;
import io.outdial.api.dlmas.DlmaResource;
import io.outdial.api.dlmas.EntryImporter;
import io.outdial.api.dlmas.EntryResource;
import io.outdial.api.errors.ApiExceptionMapper;
import io.outdial.api.errors.JsonInputExceptionMapper;
import io.outdial.api.errors.UnexpectedExceptionMapper;
import io.outdial.api.errors.WebApplicationExceptionMapper;
import io.outdial.api.openapi.OpenApiResource;
import io.outdial.api.pbxs.PbxResource;
import io.outdial.api.plans.PlanResource;
import io.outdial.api.results.ResultResource;
import io.outdial.api.temporal.RunEvents;
import io.outdial.store.Database;
import io.outdial.store.DbConfig;
import io.outdial.store.Rows.AttemptRow;
import io.outdial.store.Rows.ResultRow;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every resource of the API, wired as ApiServerApplication wires them, over the stores on a fresh
 * MariaDB database of the test class ({@link MariaDbDatabase}, migrated) and fake workflows, for
 * ResourceExtension tests. Register it with {@code @RegisterExtension} beside the {@link
 * #extension}; {@link #reset} empties every table.
 */
public final class ApiResources implements BeforeAllCallback, AfterAllCallback {
  /** The Temporal UI's base of the namespace that results link to. */
  public static final String TEMPORAL_UI = "http://temporal-ui.test/namespaces/default";

  public static final String TOKEN = "test-token-0123456789";
  public static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

  public static final ObjectMapper MAPPER = ApiJson.configure(Jackson.newObjectMapper());

  private static final DateTimeFormatter UTC_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final MariaDbDatabase db = new MariaDbDatabase();

  /** The stores the resources use: for tests to seed and read rows. */
  public final Database database = Database.over(Jdbi.create(this::connection));

  public final FakeCampaignRuns runs = new FakeCampaignRuns();

  /** The meters the resources count in (imports). */
  public final io.micrometer.core.instrument.simple.SimpleMeterRegistry metrics =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  /** When set, every connection asked for fails with it: how a test makes the database fail. */
  public volatile SQLException failure;

  /** Rows written by each statement of the bulk imports, to check that imports are streamed. */
  public final List<Integer> importBatches = new CopyOnWriteArrayList<>();

  /**
   * When set, the statements of bulk imports are not sent and count no row: for a test that streams
   * a million entries only to see them refused, which the server would spend the best part of a
   * minute writing and rolling back.
   */
  public volatile boolean discardImports;

  public final ResourceExtension extension;
  private HikariDataSource pool;
  private List<String> tables;

  public ApiResources() {
    CampaignReads reads =
        new CampaignReads(
            database.campaigns(),
            database.attempts(),
            runs,
            Clock.fixed(NOW, ZoneOffset.UTC),
            Runnable::run);
    io.outdial.api.auth.OperatorAuth auth =
        new io.outdial.api.auth.OperatorAuth(
            new io.outdial.api.auth.BearerToken(TOKEN),
            database.operators(),
            new com.codahale.metrics.MetricRegistry());
    ResourceExtension.Builder builder = ResourceExtension.builder();
    auth.providers().forEach(builder::addProvider);
    extension =
        builder
            .setMapper(MAPPER)
            .setRegisterDefaultExceptionMappers(false)
            .addProvider(new ApiExceptionMapper())
            .addProvider(new JsonInputExceptionMapper())
            .addProvider(new WebApplicationExceptionMapper())
            .addProvider(new UnexpectedExceptionMapper())
            .addResource(new PlanResource(database.catalogue(), database.pbxs()))
            .addResource(new PbxResource(database.pbxs()))
            .addResource(new DestinationResource(database.catalogue()))
            .addResource(new DlmaResource(database.catalogue()))
            .addResource(
                new EntryResource(
                    database.catalogue(),
                    database.entries(),
                    database.campaigns(),
                    new EntryImporter(database.entries(), MAPPER),
                    runs,
                    metrics))
            .addResource(
                new CampaignResource(
                    database.catalogue(),
                    database.campaigns(),
                    database.attempts(),
                    runs,
                    reads,
                    Clock.fixed(NOW, ZoneOffset.UTC)))
            .addResource(new ResultResource(database.results(), TEMPORAL_UI, RunEvents.NONE))
            .addResource(
                new io.outdial.api.events.EventResource(
                    new io.outdial.api.events.EventFeed(database.events(), reads, TEMPORAL_UI),
                    reads,
                    MAPPER))
            .addProvider(new io.outdial.api.events.EventRequestCheck(database.campaigns()))
            .addResource(new OpenApiResource(MAPPER))
            .addResource(
                new io.outdial.api.dnc.DncResource(
                    database.dnc(), database.campaigns(), Clock.fixed(NOW, ZoneOffset.UTC)))
            .addResource(
                new io.outdial.api.auth.OperatorResource(
                    database.operators(), auth, Clock.fixed(NOW, ZoneOffset.UTC)))
            .build();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    db.beforeAll(context);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(DbConfig.jdbcUrl(db.host, db.port, db.name));
    config.setUsername(db.user);
    config.setPassword(db.password);
    config.setMaximumPoolSize(4);
    config.setPoolName("api-resources");
    pool = new HikariDataSource(config);
    Database.migrate(pool);
    tables =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT table_name FROM"
                                + " information_schema.tables WHERE table_schema = DATABASE()"
                                + " AND table_name <> 'flyway_schema_history'")
                        .mapTo(String.class)
                        .list());
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (pool != null) {
      pool.close();
    }
    db.afterAll(context);
  }

  /** Empties every table and forgets the fake workflows and what was recorded. */
  public void reset() {
    failure = null;
    discardImports = false;
    runs.clear();
    database
        .jdbi()
        .useHandle(
            h -> {
              h.execute("SET SESSION foreign_key_checks = 0");
              for (String table : tables) {
                h.execute("DELETE FROM " + table);
              }
              h.execute("SET SESSION foreign_key_checks = 1");
            });
    importBatches.clear();
  }

  /**
   * A connection of the pool whose plain statements record the rows of every INSERT INTO dl_entry:
   * one batch of a bulk import ({@link Database#over} makes imports use INSERTs).
   */
  private Connection connection() throws SQLException {
    if (failure != null) {
      throw failure;
    }
    if (pool == null) {
      throw new IllegalStateException(
          "ApiResources has not started: register it with" + " @RegisterExtension");
    }
    return proxy(
        Connection.class,
        pool.getConnection(),
        (method, args, call) -> {
          Object result = call.proceed();
          return method.getName().equals("createStatement")
              ? proxy(Statement.class, (Statement) result, this::importBatch)
              : result;
        });
  }

  private Object importBatch(Method method, Object[] args, Call call) throws Throwable {
    if (!(method.getName().equals("executeUpdate")
        && args[0] instanceof String sql
        && sql.startsWith("INSERT INTO dl_entry "))) {
      return call.proceed();
    }
    if (discardImports) {
      return 0;
    }
    int rows = (Integer) call.proceed();
    importBatches.add(rows);
    return rows;
  }

  /** The call a proxy stands in for. */
  private interface Call {
    Object proceed() throws Throwable;
  }

  /** What a proxy does with each call to it. */
  private interface Around {
    Object invoke(Method method, Object[] args, Call call) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Around around) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) ->
                around.invoke(
                    method,
                    args,
                    () -> {
                      try {
                        return method.invoke(target, args);
                      } catch (InvocationTargetException e) {
                        throw e.getCause();
                      }
                    })));
  }

  // ---- rows: counted, and written where only the workflows write them ------------------------

  /** Rows of {@code table}, soft-deleted ones included. */
  public long rows(String table) {
    return database
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  /** Whether {@code table} has the row {@code id}, soft-deleted or not. */
  public boolean hasRow(String table, String id) {
    return database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE id = :id")
                        .bind("id", id)
                        .mapTo(Long.class)
                        .one())
        > 0;
  }

  /** Soft-deleted rows of every table that soft-deletes. */
  public long deletedRows() {
    return database
        .jdbi()
        .withHandle(
            h -> {
              long n = 0;
              for (String table :
                  h.createQuery(
                          "SELECT table_name FROM information_schema.columns"
                              + " WHERE table_schema = DATABASE() AND column_name = 'deleted_at'")
                      .mapTo(String.class)
                      .list()) {
                n +=
                    h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE deleted_at IS NOT NULL")
                        .mapTo(Long.class)
                        .one();
              }
              return n;
            });
  }

  /** Sets a campaign's status, as its workflow mirrors it into the row. */
  public void setStatus(String campaignId, int status) {
    database.campaigns().updateCampaignStatus(campaignId, status, null);
  }

  /** An attempt as the workflows leave it (the API only reads attempts). */
  public void insertAttempt(AttemptRow a) {
    database
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        """
          INSERT INTO attempt (id, campaign_id, entry_id, reservation_key, number_index, number,
            try_count, state, dialing_status, progress, snapshot, created_at, originate_at)
          VALUES (:id, :campaignId, :entryId, 'test', :numberIndex, :number, :tryCount,
            :stateName, :dialingStatus, :progress, :snapshot, :created, :originate)""")
                    .bindMethods(a)
                    .bind("stateName", a.state().name())
                    .bind("created", ts(a.createdAt()))
                    .bind("originate", ts(a.originateAt()))
                    .execute());
  }

  /** A result as the workflows write it when an attempt settles (the API only reads them). */
  public void insertResult(ResultRow r) {
    database
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        """
          INSERT INTO result (id, attempt_id, campaign_id, entry_id, dialing_status,
            status_trail, res_dial, res_hangup, res_hangup_text, detail, channel, number,
            number_index, try_count, snapshot, dialed_at, hangup_at, created_at,
            workflow_id, originate_run_id, record_run_id)
          VALUES (:id, :attemptId, :campaignId, :entryId, :dialingStatus, :statusTrail,
            :resDial, :resHangup, :resHangupText, :detail, :channel, :number, :numberIndex,
            :tryCount, :snapshot, :dialed, :hangup, :created, :wf, :sent, :recorded)""")
                    .bindMethods(r)
                    .bind("wf", r.runs() == null ? null : r.runs().workflowId())
                    .bind("sent", r.runs() == null ? null : r.runs().originateRunId())
                    .bind("recorded", r.runs() == null ? null : r.runs().recordRunId())
                    .bind("dialed", ts(r.dialedAt()))
                    .bind("hangup", ts(r.hangupAt()))
                    .bind("created", ts(r.createdAt()))
                    .execute());
  }

  /** A time as the store sends it: UTC text with milliseconds. */
  private static String ts(Instant i) {
    return i == null ? null : UTC_MILLIS.format(i);
  }

  // ---- requests ------------------------------------------------------------------------------

  /** A request with the token; a query string in {@code path} ({@code ?a=1&b=2}) is kept. */
  public Invocation.Builder request(String path) {
    return target(path)
        .request(MediaType.APPLICATION_JSON)
        .header("Authorization", "Bearer " + TOKEN);
  }

  /** The target of {@code path}, its query string (if any) as query parameters. */
  public jakarta.ws.rs.client.WebTarget target(String path) {
    int q = path.indexOf('?');
    jakarta.ws.rs.client.WebTarget t = extension.target(q < 0 ? path : path.substring(0, q));
    if (q >= 0) {
      for (String pair : path.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        t =
            eq < 0
                ? t.queryParam(pair, "")
                : t.queryParam(
                    pair.substring(0, eq),
                    java.net.URLDecoder.decode(
                        pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return t;
  }

  /** POSTs raw JSON text, so tests can send what a typed client never would. */
  public Response post(String path, String json) {
    return request(path).post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
  }

  public Response put(String path, String json) {
    return request(path).put(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
  }

  public Response delete(String path) {
    return request(path).delete();
  }

  public Response get(String path) {
    return request(path).get();
  }

  /** POSTs a body of any media type. */
  public Response post(String path, String body, String mediaType) {
    return request(path).post(Entity.entity(body, mediaType));
  }

  public static JsonNode body(Response r) {
    return r.readEntity(JsonNode.class);
  }

  /** The rule reported for {@code field}, or null. */
  public static String rule(JsonNode error, String field) {
    for (JsonNode e : error.path("errors")) {
      if (e.path("field").asText().equals(field)) {
        return e.path("rule").asText();
      }
    }
    return null;
  }
}
