package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DbConfigTest {
  @Test
  void readsTheEnvironmentAndNeverShowsThePassword() {
    DbConfig c =
        DbConfig.fromEnvironment(
            Map.of(
                "OUTDIAL_DB_HOST",
                "db.example",
                "OUTDIAL_DB_PORT",
                "3307",
                "OUTDIAL_DB_NAME",
                "calls",
                "OUTDIAL_DB_USER",
                "dialer",
                "OUTDIAL_DB_PASSWORD",
                "s3cret"),
            6);
    assertThat(c.jdbcUrl()).startsWith("jdbc:mysql://db.example:3307/calls?");
    assertThat(c.user()).isEqualTo("dialer");
    assertThat(c.poolSize()).isEqualTo(6);
    assertThat(c.loadLocal()).isTrue();
    assertThat(c.toString()).doesNotContain("s3cret").contains("password=***");
  }

  @Test
  void loadLocalCanBeTurnedOffAndRefusesNonsense() {
    assertThat(DbConfig.fromEnvironment(Map.of("OUTDIAL_DB_LOAD_LOCAL", "false"), 2).loadLocal())
        .isFalse();
    assertThat(DbConfig.fromEnvironment(Map.of("OUTDIAL_DB_LOAD_LOCAL", " OFF "), 2).loadLocal())
        .isFalse();
    assertThat(DbConfig.fromEnvironment(Map.of("OUTDIAL_DB_LOAD_LOCAL", "on"), 2).loadLocal())
        .isTrue();
    assertThatThrownBy(() -> DbConfig.fromEnvironment(Map.of("OUTDIAL_DB_LOAD_LOCAL", "maybe"), 2))
        .hasMessageContaining("OUTDIAL_DB_LOAD_LOCAL");
  }
}
