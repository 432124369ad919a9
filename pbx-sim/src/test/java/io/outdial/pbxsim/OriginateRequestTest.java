package io.outdial.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a Variable header's value is split, as Asterisk 22.10.1 split it when it was tried on this
 * machine (one Originate per value, read back with Getvar on both legs).
 */
class OriginateRequestTest {
  @Test
  void unescapedSyntaxIsReadAsAsteriskReadsIt() {
    assertThat(OriginateRequest.separateArguments("V1=Smith, John"))
        .containsExactly("V1=Smith", " John");
    assertThat(OriginateRequest.separateArguments("V1=Smith, X=evil"))
        .containsExactly("V1=Smith", " X=evil");
    assertThat(OriginateRequest.separateArguments("V1=say \"hi\" there"))
        .containsExactly("V1=say hi there");
    assertThat(OriginateRequest.separateArguments("V1=back\\slash"))
        .containsExactly("V1=backslash");
    assertThat(OriginateRequest.separateArguments("V1=(unbalanced, comma"))
        .containsExactly("V1=(unbalanced, comma");
    assertThat(OriginateRequest.separateArguments("V1=[open, comma"))
        .containsExactly("V1=[open, comma");
    assertThat(OriginateRequest.separateArguments("V1=close) paren, comma"))
        .containsExactly("V1=close) paren", " comma");
    assertThat(OriginateRequest.separateArguments("V1=a=b=c")).containsExactly("V1=a=b=c");
  }

  @Test
  void aBackslashKeepsTheNextCharacterAsItIs() {
    for (String value :
        List.of(
            "Smith, John",
            "say \"hi\" there",
            "back\\slash",
            "trailing\\",
            "close) paren, comma",
            "mix, \"q\" (p) [b] \\ ; $ {x} = ",
            "${EXTEN}",
            "  leading spaces",
            "café é, emoji 😀")) {
      StringBuilder escaped = new StringBuilder();
      for (char c : value.toCharArray()) {
        if ("\\\",()[]".indexOf(c) >= 0) {
          escaped.append('\\');
        }
        escaped.append(c);
      }
      assertThat(OriginateRequest.separateArguments("V=" + escaped))
          .as(value)
          .containsExactly("V=" + value);
    }
  }
}
