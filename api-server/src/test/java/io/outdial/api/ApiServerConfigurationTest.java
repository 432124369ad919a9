package io.outdial.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.outdial.api.config.TemporalFactory;
import io.outdial.workflows.connection.TemporalConnection;
import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiServerConfigurationTest {
  /** config.yml as shipped, with the defaults of its ${VAR:-default}s. */
  private static ApiServerConfiguration shipped() throws Exception {
    return shippedWith(Map.of());
  }

  /** config.yml as shipped, with these variables set and the defaults of all others. */
  private static ApiServerConfiguration shippedWith(Map<String, String> env) throws Exception {
    YamlConfigurationFactory<ApiServerConfiguration> factory =
        new YamlConfigurationFactory<>(
            ApiServerConfiguration.class,
            Validators.newValidator(),
            Jackson.newObjectMapper(),
            "dw");
    File file = new File("config.yml");
    assertThat(file).as("run from the api-server folder").exists();
    return factory.build(
        new SubstitutingSourceProvider(
            new FileConfigurationSourceProvider(),
            new EnvironmentVariableSubstitutor(false) {
              @Override
              public String replace(String source) {
                // Tests must not depend on the developer's environment: defaults only.
                if (source == null) {
                  return null;
                }
                for (var e : env.entrySet()) {
                  source =
                      source.replaceAll(
                          "\\$\\{" + e.getKey() + ":-[^}]*}",
                          java.util.regex.Matcher.quoteReplacement(e.getValue()));
                }
                return source.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
              }
            }),
        file.getPath());
  }

  @Test
  void shippedConfigIsValidWithItsDefaults() throws Exception {
    ApiServerConfiguration c = shipped();
    DefaultServerFactory server = (DefaultServerFactory) c.getServerFactory();
    HttpConnectorFactory app = (HttpConnectorFactory) server.getApplicationConnectors().get(0);
    HttpConnectorFactory admin = (HttpConnectorFactory) server.getAdminConnectors().get(0);
    assertThat(app.getPort()).isEqualTo(8080);
    assertThat(admin.getPort()).isEqualTo(8081);
    assertThat(app.getBindHost()).isEqualTo("127.0.0.1");
    assertThat(c.getDatabase().describe()).isEqualTo("outdial@127.0.0.1:3306/outdial");
    assertThat(c.getDatabase().build("pw").jdbcUrl())
        .startsWith("jdbc:mysql://127.0.0.1:3306/outdial?");
    assertThat(c.getTemporal().getAddress()).isEqualTo("127.0.0.1:7233");
    assertThat(c.getTemporal().getNamespace()).isEqualTo("default");
    assertThat(c.getTemporal().uiBase()).isEqualTo("http://127.0.0.1:8233");
  }

  @Test
  void bulkImportsUseLoadDataLocalUnlessOutdialDbLoadLocalSaysFalse() throws Exception {
    assertThat(shipped().getDatabase().build("pw").loadLocal()).isTrue();
    assertThat(java.nio.file.Files.readString(new File("config.yml").toPath()))
        .contains("loadLocal: ${OUTDIAL_DB_LOAD_LOCAL:-true}");
    io.outdial.api.config.DatabaseFactory off =
        Jackson.newObjectMapper()
            .readValue("{\"loadLocal\": false}", io.outdial.api.config.DatabaseFactory.class);
    assertThat(off.build("pw").loadLocal()).isFalse();
  }

  @Test
  void databasePasswordIsNotAConfigurationProperty() {
    assertThat(DatabaseFactoryProperties.names()).doesNotContain("password");
  }

  @Test
  void refusesToStartWithoutToken() {
    assertThatThrownBy(
            () -> ApiServerApplication.requiredSecret(Map.of(), "OUTDIAL_API_TOKEN", "the token"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("OUTDIAL_API_TOKEN is not set");
    assertThatThrownBy(
            () ->
                ApiServerApplication.requiredSecret(
                    Map.of("OUTDIAL_API_TOKEN", " "), "OUTDIAL_API_TOKEN", "the token"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(
            ApiServerApplication.requiredSecret(
                Map.of("OUTDIAL_DB_PASSWORD", ""), "OUTDIAL_DB_PASSWORD", "the password"))
        .isEmpty();
  }

  @Test
  void theShippedTemporalBlockIsPlainGrpcToTheDevServer() throws Exception {
    TemporalFactory temporal = shipped().getTemporal();
    assertThat(temporal.getTls().getEnabled()).isNull();
    assertThat(temporal.getTls().getClientCertPath()).isNull();
    TemporalConnection connection = ApiServerApplication.temporalConnection(temporal, Map.of());
    assertThat(connection).hasToString("127.0.0.1:7233 namespace default, plain gRPC");
  }

  @Test
  void theTemporalTlsBlockReadsTheTemporalCliVariables() throws Exception {
    TemporalFactory.Tls tls =
        shippedWith(
                Map.of(
                    "TEMPORAL_TLS", "true",
                    "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "/etc/outdial/ca.pem",
                    "TEMPORAL_TLS_CLIENT_CERT_PATH", "/etc/outdial/client.pem",
                    "TEMPORAL_TLS_CLIENT_KEY_PATH", "/etc/outdial/client.key",
                    "TEMPORAL_TLS_SERVER_NAME", "temporal.internal"))
            .getTemporal()
            .getTls();
    assertThat(tls.getEnabled()).isEqualTo("true");
    assertThat(tls.getServerCaCertPath()).isEqualTo("/etc/outdial/ca.pem");
    assertThat(tls.getClientCertPath()).isEqualTo("/etc/outdial/client.pem");
    assertThat(tls.getClientKeyPath()).isEqualTo("/etc/outdial/client.key");
    assertThat(tls.getServerName()).isEqualTo("temporal.internal");
  }

  @Test
  void aBadTemporalSettingRefusesTheStartNamingItsKeyAndVariable() throws Exception {
    TemporalFactory temporal =
        shippedWith(Map.of("TEMPORAL_TLS_CLIENT_CERT_PATH", "/etc/outdial/client.pem"))
            .getTemporal();
    assertThatThrownBy(() -> ApiServerApplication.temporalConnection(temporal, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Refusing to start: temporal.tls.clientCertPath (TEMPORAL_TLS_CLIENT_CERT_PATH in the"
                + " shipped config.yml) is set but temporal.tls.clientKeyPath"
                + " (TEMPORAL_TLS_CLIENT_KEY_PATH in the shipped config.yml) is not: a client"
                + " certificate (mTLS) needs both its certificate and its key file.");
  }

  @Test
  void theTemporalApiKeyComesFromTheEnvironmentOnly() throws Exception {
    assertThat(TemporalFactoryProperties.names()).doesNotContain("apiKey");
    assertThat(java.nio.file.Files.readString(new File("config.yml").toPath()))
        .doesNotContain("TEMPORAL_API_KEY:");
    String key = "tmprl-api-key-for-the-test";
    TemporalConnection connection =
        ApiServerApplication.temporalConnection(
            shipped().getTemporal(), Map.of("TEMPORAL_API_KEY", key));
    assertThat(connection.hasApiKey()).isTrue();
    assertThat(connection.tls()).isTrue();
    assertThat(connection.toString()).doesNotContain(key);
    TemporalFactory plain = shippedWith(Map.of("TEMPORAL_TLS", "false")).getTemporal();
    assertThatThrownBy(
            () -> ApiServerApplication.temporalConnection(plain, Map.of("TEMPORAL_API_KEY", key)))
        .hasMessage(
            "Refusing to start: temporal.tls.enabled (TEMPORAL_TLS in the shipped config.yml) is"
                + " false, but TEMPORAL_API_KEY is set: an API key is never sent without TLS;"
                + " unset one or the other.");
  }

  /** The JSON properties of the temporal block, as Jackson sees them. */
  static final class TemporalFactoryProperties {
    static java.util.List<String> names() {
      var mapper = Jackson.newObjectMapper();
      var type = mapper.getSerializationConfig().constructType(TemporalFactory.class);
      return mapper.getSerializationConfig().introspect(type).findProperties().stream()
          .map(p -> p.getName())
          .toList();
    }
  }

  /** The JSON properties of the database block, as Jackson sees them. */
  static final class DatabaseFactoryProperties {
    static java.util.List<String> names() {
      var mapper = Jackson.newObjectMapper();
      var type =
          mapper
              .getSerializationConfig()
              .constructType(io.outdial.api.config.DatabaseFactory.class);
      return mapper.getSerializationConfig().introspect(type).findProperties().stream()
          .map(p -> p.getName())
          .toList();
    }
  }
}
