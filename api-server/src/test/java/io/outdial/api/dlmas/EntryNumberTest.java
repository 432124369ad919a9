package io.outdial.api.dlmas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The loops that check numbers and emails on the import path agree with their regexes. */
class EntryNumberTest {
  @Test
  void isEmailIsTheEmailRegexForEveryChar() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      for (String s :
          new String[] {
            "a" + c + "b@c.d", c + "@x", "x@" + c, "a@b" + c + "@c", String.valueOf(c), "a@b" + c
          }) {
        assertThat(EntryRequest.isEmail(s))
            .as("%s (char %04x)", s, (int) c)
            .isEqualTo(EntryRequest.EMAIL.matcher(s).matches());
      }
    }
    for (String s : new String[] {"", "@", "a@", "@b", "a@b", "a@@b", "a b@c", "ok@example.com"}) {
      assertThat(EntryRequest.isEmail(s)).as(s).isEqualTo(EntryRequest.EMAIL.matcher(s).matches());
    }
  }

  @Test
  void isNumberIsTheNumberRegexForEveryChar() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      for (String s : new String[] {String.valueOf(c), "+33" + c, c + "12", "1" + c + "2"}) {
        assertThat(EntryRequest.isNumber(s))
            .as("%s (char %04x)", s, (int) c)
            .isEqualTo(EntryRequest.NUMBER.matcher(s).matches());
      }
    }
    assertThat(EntryRequest.isNumber("")).isFalse();
    assertThat(EntryRequest.NUMBER.matcher("").matches()).isFalse();
    assertThat(EntryRequest.isNumber("+33-1_2*3#4abcXYZ")).isTrue();
  }
}
