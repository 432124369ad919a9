package io.outdial.api;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.errors.EarlyEofExceptionMapper;
import io.outdial.api.auth.AdminTaskTokenFilter;
import io.outdial.api.auth.BearerToken;
import io.outdial.api.auth.BearerTokenFilter;
import io.outdial.api.auth.OperatorAuth;
import io.outdial.api.auth.OperatorResource;
import io.outdial.api.campaigns.CampaignReads;
import io.outdial.api.campaigns.CampaignResource;
import io.outdial.api.config.DatabaseFactory;
import io.outdial.api.config.TemporalFactory;
import io.outdial.api.data.ManagedDatabase;
import io.outdial.api.destinations.DestinationResource;
import io.outdial.api.dlmas.DlmaResource;
import io.outdial.api.dlmas.EntryImporter;
import io.outdial.api.dlmas.EntryResource;
import io.outdial.api.errors.ApiExceptionMapper;
import io.outdial.api.errors.JsonErrorHandler;
import io.outdial.api.errors.JsonInputExceptionMapper;
import io.outdial.api.errors.UnexpectedExceptionMapper;
import io.outdial.api.errors.WebApplicationExceptionMapper;
import io.outdial.api.events.EventFeed;
import io.outdial.api.events.EventRequestCheck;
import io.outdial.api.events.EventResource;
import io.outdial.api.health.DatabaseHealthCheck;
import io.outdial.api.metrics.ApiMetrics;
import io.outdial.api.openapi.OpenApiResource;
import io.outdial.api.pbxs.PbxResource;
import io.outdial.api.plans.PlanResource;
import io.outdial.api.results.ResultResource;
import io.outdial.api.temporal.ManagedServiceStubs;
import io.outdial.api.temporal.RunEvents;
import io.outdial.api.temporal.TemporalCampaignRuns;
import io.outdial.api.temporal.TemporalHealthCheck;
import io.outdial.store.Database;
import io.outdial.workflows.connection.TemporalConnection;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API process: {@code server api-server/config.yml}. Wiring only; secrets come from the
 * environment ({@value BearerTokenFilter#TOKEN_VARIABLE}, {@value
 * DatabaseFactory#PASSWORD_VARIABLE}, and {@value TemporalFactory#API_KEY_VARIABLE} when Temporal
 * takes an API key). The token guards {@code /v1} and the admin port's tasks.
 */
public class ApiServerApplication extends Application<ApiServerConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServerApplication.class);

  private final Map<String, String> environment;

  public ApiServerApplication() {
    this(System.getenv());
  }

  /** With the environment to read secrets from; tests pass their own. */
  protected ApiServerApplication(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static void main(String[] args) throws Exception {
    new ApiServerApplication().run(args);
  }

  @Override
  public String getName() {
    return "outdial-api-server";
  }

  @Override
  public void initialize(Bootstrap<ApiServerConfiguration> bootstrap) {
    // ${VAR:-default} in config.yml; non-strict so that a default applies to unset variables.
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    // The operator console: static files, outside Jersey (the bearer token guards /v1 only).
    bootstrap.addBundle(
        new io.dropwizard.assets.AssetsBundle(
            "/io/outdial/api/console", "/console", "index.html", "console"));
  }

  @Override
  public void run(ApiServerConfiguration config, Environment env) {
    String token =
        requiredSecret(
            environment,
            BearerTokenFilter.TOKEN_VARIABLE,
            "the bearer token every /v1 request must carry");
    String dbPassword =
        requiredSecret(
            environment,
            DatabaseFactory.PASSWORD_VARIABLE,
            "the database password (it is read from the environment only; the local stack uses"
                + " 'outdial')");
    // Before anything connects: a bad TEMPORAL_* setting or TLS file stops the start here.
    TemporalFactory temporal = config.getTemporal();
    TemporalConnection connection = temporalConnection(temporal, environment);
    if (token.length() < 16) {
      LOG.warn(
          "{} is shorter than 16 characters: use a long random token outside development",
          BearerTokenFilter.TOKEN_VARIABLE);
    }

    ApiJson.configure(env.getObjectMapper());
    // Our mappers give every error the one JSON body; Dropwizard's defaults would not.
    if (config.getServerFactory() instanceof AbstractServerFactory server) {
      server.setRegisterDefaultExceptionMappers(false);
    }
    env.jersey().register(new ApiExceptionMapper());
    env.jersey().register(new JsonInputExceptionMapper());
    env.jersey().register(new WebApplicationExceptionMapper());
    env.jersey().register(new UnexpectedExceptionMapper());
    env.jersey().register(new EarlyEofExceptionMapper());
    BearerToken bearer = new BearerToken(token);
    env.admin()
        .addFilter("task-token", new AdminTaskTokenFilter(bearer, env.getObjectMapper()))
        .addMappingForUrlPatterns(
            EnumSet.of(DispatcherType.REQUEST), true, AdminTaskTokenFilter.PATTERN);
    env.lifecycle()
        .addEventListener(
            new LifeCycle.Listener() {
              @Override
              public void lifeCycleStarting(LifeCycle server) {
                // Dropwizard builds the Jetty server after run(); replace its HTML error page here.
                if (server instanceof Server s) {
                  s.setErrorHandler(new JsonErrorHandler(env.getObjectMapper()));
                }
              }
            });

    DatabaseFactory dbConfig = config.getDatabase();
    Database database = connect(dbConfig, dbPassword);
    env.lifecycle().manage(new ManagedDatabase(database));
    env.healthChecks()
        .register("database", new DatabaseHealthCheck(database.jdbi(), dbConfig.describe()));

    WorkflowServiceStubs stubs = temporal.buildServiceStubs(connection);
    env.lifecycle().manage(new ManagedServiceStubs(stubs));
    env.healthChecks()
        .register(
            "temporal",
            new TemporalHealthCheck(stubs, temporal.getAddress(), temporal.getNamespace()));
    TemporalCampaignRuns runs =
        new TemporalCampaignRuns(
            temporal.buildClient(connection, stubs),
            temporal.uiBase(),
            temporal.getTaskQueue(),
            java.time.Duration.ofMillis(temporal.getCreateTimeout().toMilliseconds()),
            java.time.Duration.ofMillis(temporal.getControlTimeout().toMilliseconds()),
            Clock.systemUTC());
    env.lifecycle().manage(runs);

    // Prometheus' text format on the admin port (Dropwizard's /metrics stays JSON).
    ApiMetrics metrics = new ApiMetrics(database.attempts());
    env.admin().addServlet("prometheus", metrics.servlet()).addMapping("/prometheus");

    // Sign-in: the shared token and the operators' own, with their roles (viewer, supervisor).
    OperatorAuth auth = new OperatorAuth(bearer, database.operators(), env.metrics());
    auth.providers().forEach(env.jersey()::register);
    env.jersey().register(new OperatorResource(database.operators(), auth, Clock.systemUTC()));
    env.jersey()
        .register(
            new io.outdial.api.dnc.DncResource(
                database.dnc(), database.campaigns(), Clock.systemUTC()));
    env.jersey().register(new PlanResource(database.catalogue(), database.pbxs()));
    env.jersey().register(new PbxResource(database.pbxs()));
    env.jersey().register(new DestinationResource(database.catalogue()));
    env.jersey().register(new DlmaResource(database.catalogue()));
    env.jersey()
        .register(
            new EntryResource(
                database.catalogue(),
                database.entries(),
                database.campaigns(),
                new EntryImporter(database.entries(), env.getObjectMapper()),
                runs,
                metrics.registry()));
    CampaignReads reads =
        new CampaignReads(
            database.campaigns(),
            database.attempts(),
            runs,
            Clock.systemUTC(),
            env.lifecycle()
                .executorService("campaign-reads-%d")
                .minThreads(2)
                .maxThreads(2)
                .build());
    env.jersey()
        .register(
            new CampaignResource(
                database.catalogue(),
                database.campaigns(),
                database.attempts(),
                runs,
                reads,
                Clock.systemUTC()));
    // Server-Sent Events of results and status changes (GET /v1/events).
    EventFeed feed =
        new EventFeed(
            database.events(), reads, temporal.uiBase() + "/namespaces/" + temporal.getNamespace());
    env.lifecycle().manage(feed);
    env.jersey().register(new EventRequestCheck(database.campaigns()));
    env.jersey().register(new EventResource(feed, reads, env.getObjectMapper()));
    env.jersey()
        .register(
            new ResultResource(
                database.results(),
                temporal.uiBase() + "/namespaces/" + temporal.getNamespace(),
                new RunEvents(stubs, temporal.getNamespace())));
    env.jersey().register(new OpenApiResource(env.getObjectMapper()));
  }

  /** A secret from the environment; refuses to start, saying what is missing, when it is unset. */
  static String requiredSecret(Map<String, String> environment, String variable, String what) {
    String value = environment.get(variable);
    if (value == null || (variable.equals(BearerTokenFilter.TOKEN_VARIABLE) && value.isBlank())) {
      throw new IllegalStateException(
          "Refusing to start: the environment variable "
              + variable
              + " is not set; it holds "
              + what
              + ".");
    }
    return value;
  }

  /**
   * The {@code temporal} block with the API key from the environment ({@value
   * TemporalFactory#API_KEY_VARIABLE}, never from config.yml); refuses to start, naming the
   * setting, when one is bad.
   */
  static TemporalConnection temporalConnection(
      TemporalFactory temporal, Map<String, String> environment) {
    TemporalConnection connection;
    try {
      TemporalConnection.rejectOlderNames(environment);
      connection = temporal.connection(environment.get(TemporalFactory.API_KEY_VARIABLE));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Refusing to start: " + e.getMessage() + ".", e);
    }
    LOG.info("Temporal: {}", connection);
    return connection;
  }

  private static Database connect(DatabaseFactory config, String password) {
    try {
      return Database.connect(config.build(password));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Cannot connect to the database "
              + config.describe()
              + " (for the local stack run temporal-dev/mariadb.sh start): "
              + e.getMessage(),
          e);
    }
  }
}
