package io.outdial.activities.ami;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which events of calls a worker does not follow it keeps: those naming an attempt only. */
class ShadowIdsTest {
  @Test
  void onlyEventsNamingAnAttemptAreShadowed() {
    String id = "0f8b5d3c-2a4e-4b7f-9c1d-6e5a4b3c2d1e";
    assertThat(CallRegistry.attemptIdOf(id, id)).isEqualTo(id);
    assertThat(CallRegistry.attemptIdOf(id + ";2", id)).isEqualTo(id);
    assertThat(CallRegistry.attemptIdOf("1733140000.42", id)).isEqualTo(id);
    // A call of Asterisk's own (a phone, another dialer): its ids are Asterisk's.
    assertThat(CallRegistry.attemptIdOf("1733140000.42", "1733140000.42")).isNull();
    assertThat(CallRegistry.attemptIdOf(null, null)).isNull();
    assertThat(CallRegistry.attemptIdOf("outdial-" + id, null)).isNull();
  }
}
