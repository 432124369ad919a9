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
import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiServerConfigurationTest {
  /** config.yml as shipped, with the defaults of its ${VAR:-default}s. */
  private static ApiServerConfiguration shipped() throws Exception {
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
                return source == null ? null : source.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
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
