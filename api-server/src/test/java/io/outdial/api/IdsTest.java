package io.outdial.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void idsAreVersion7AndStrictlyIncreasingInTextOrder() {
    Set<String> seen = new HashSet<>();
    String previous = "";
    long before = System.currentTimeMillis();
    for (int i = 0; i < 200_000; i++) {
      String id = Ids.newId();
      UUID u = UUID.fromString(id);
      assertThat(u.version()).isEqualTo(7);
      assertThat(u.variant()).isEqualTo(2);
      assertThat(id.compareTo(previous)).as("%s after %s", id, previous).isPositive();
      assertThat(seen.add(id)).isTrue();
      previous = id;
    }
    long firstMillis = UUID.fromString(previous).getMostSignificantBits() >>> 16;
    assertThat(firstMillis).isGreaterThanOrEqualTo(before);
  }
}
