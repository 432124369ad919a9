package io.outdial.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter rules of Asterisk 22's main/manager.c. The two tables are that file's own unit tests
 * ({@code parsing_filter_tests}, and {@code filters_for_matching} with {@code
 * events_for_matching}), copied case by case; the other tests pin down what the recorded Asterisk
 * answered.
 */
class EventFilterTest {

  private static final String NEWCHANNEL =
      "Event: Newchannel\r\nChannel: XXX\r\nSomeheader: YYY\r\n";
  private static final String VARSET = "Event: VarSet\r\nChannel: ABC\r\nSomeheader: XXX\r\n";

  /** criteria, pattern, expected method, name, header, exclude, test event, expected send. */
  static Stream<Arguments> validFilters() {
    return Stream.of(
        Arguments.of("eventfilter", "XXX", "REGEX", null, null, false, NEWCHANNEL, true),
        Arguments.of("eventfilter", "!XXX", "REGEX", null, null, true, VARSET, false),
        Arguments.of(
            "eventfilter(name(VarSet),method(none))",
            "",
            "NONE",
            "VarSet",
            null,
            false,
            VARSET,
            true),
        Arguments.of(
            "eventfilter(name(Newchannel),method(regex))",
            "X[XYZ]X",
            "REGEX",
            "Newchannel",
            null,
            false,
            NEWCHANNEL,
            true),
        Arguments.of(
            "eventfilter(name(Newchannel),method(regex))",
            "X[abc]X",
            "REGEX",
            "Newchannel",
            null,
            false,
            NEWCHANNEL,
            false),
        Arguments.of(
            "eventfilter(action(exclude),name(Newchannel),method(regex))",
            "X[XYZ]X",
            "REGEX",
            "Newchannel",
            null,
            true,
            NEWCHANNEL,
            false),
        Arguments.of(
            "eventfilter(action(exclude),name(Newchannel),method(regex))",
            "X[abc]X",
            "REGEX",
            "Newchannel",
            null,
            true,
            NEWCHANNEL,
            true),
        Arguments.of(
            "eventfilter(action(include),name(VarSet),header(Channel),method(starts_with))",
            "AB",
            "STARTS_WITH",
            "VarSet",
            "Channel:",
            false,
            VARSET,
            true),
        Arguments.of(
            "eventfilter(action(include),name(VarSet),header(Channel),method(ends_with))",
            "BC",
            "ENDS_WITH",
            "VarSet",
            "Channel:",
            false,
            VARSET,
            true),
        Arguments.of(
            "eventfilter(action(include),name(VarSet),header(Channel),method(exact))",
            "ABC",
            "EXACT",
            "VarSet",
            "Channel:",
            false,
            VARSET,
            true),
        Arguments.of(
            "eventfilter(action(include),name(VarSet),header(Channel),method(exact))",
            "XXX",
            "EXACT",
            "VarSet",
            "Channel:",
            false,
            VARSET,
            false),
        Arguments.of(
            "eventfilter(name(VarSet),header(Channel),method(exact))",
            "!ZZZ",
            "EXACT",
            "VarSet",
            "Channel:",
            true,
            VARSET,
            true),
        Arguments.of(
            "eventfilter(action(exclude),name(VarSet),header(Channel),method(exact))",
            "ZZZ",
            "EXACT",
            "VarSet",
            "Channel:",
            true,
            VARSET,
            true),
        Arguments.of(
            "eventfilter(action(include),name(VarSet),header(Someheader),method(exact))",
            "!XXX",
            "EXACT",
            "VarSet",
            "Someheader:",
            false,
            VARSET,
            true));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("validFilters")
  void managerCsValidFilters(
      String criteria,
      String pattern,
      String method,
      String name,
      String header,
      boolean exclude,
      String event,
      boolean sent)
      throws Exception {
    EventFilter filter = EventFilter.parse(criteria, pattern);
    assertThat(filter.method()).hasToString(method);
    assertThat(filter.eventName()).isEqualTo(name);
    assertThat(filter.headerName()).isEqualTo(header);
    assertThat(filter.isExclude()).isEqualTo(exclude);
    assertThat(EventFilters.NONE.with(filter).accepts(event(event))).isEqualTo(sent);
  }

  static Stream<Arguments> invalidFilters() {
    return Stream.of(
        Arguments.of("eventfilter(action(include)", "", EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of("eventfilter(action(inlude)", "", EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of("eventfilter(nnnn(yyy)", "XXX", EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of("eventfilter(eader(VarSet)", "XXX", EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of("eventfilter(ethod(contains)", "XXX", EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of(
            "eventfilter(nnnn(yyy),header(VarSet),method(contains)",
            "XXX",
            EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of(
            "eventfilter(name(yyy),heder(VarSet),method(contains)",
            "XXX",
            EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of(
            "eventfilter(name(yyy),header(VarSet),mehod(contains)",
            "XXX",
            EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of(
            "eventfilter(name(yyy),header(VarSet),method(coains)",
            "XXX",
            EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of("eventfilter(method(yyy))", "XXX", EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of("eventfilter", "", EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of("eventfilter", "!", EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of("eventfilter()", "XXX", EventFilter.Refusal.FORMAT_ERROR),
        Arguments.of("eventfilter", "XX[X", EventFilter.Refusal.COMPILE_FAIL),
        Arguments.of("eventfilter(method(regex))", "XX[X", EventFilter.Refusal.COMPILE_FAIL));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("invalidFilters")
  void managerCsInvalidFilters(String criteria, String pattern, EventFilter.Refusal refusal) {
    assertThatThrownBy(() -> EventFilter.parse(criteria, pattern))
        .isInstanceOfSatisfying(
            EventFilter.RefusedException.class,
            refused -> assertThat(refused.refusal()).isEqualTo(refusal));
  }

  @Test
  void managerCsMatchingTable() throws Exception {
    EventFilters filters = EventFilters.NONE;
    String[][] added = {
      {"eventfilter(name(VarSet),method(none))", ""},
      {"eventfilter(name(Newchannel),method(regex))", "X[XYZ]X"},
      {"eventfilter(name(Newchannel),method(regex))", "X[abc]X"},
      {"eventfilter(name(Newchannel),header(Someheader),method(regex))", "ZZZ"},
      {"eventfilter(action(exclude),name(Newchannel),method(regex))", "X[a]X"},
      {"eventfilter(action(exclude),name(Newchannel),method(regex))", "X[Z]X"},
      {"eventfilter(action(exclude),name(VarSet),header(Channel),method(regex))", "YYY"},
    };
    for (String[] filter : added) {
      filters = filters.with(EventFilter.parse(filter[0], filter[1]));
    }
    List<String> sent = List.of("XXX", "XbX", "XcX");
    for (String channel : List.of("XXX", "XZX", "XaX", "XbX", "XcX", "YYY")) {
      assertThat(
              filters.accepts(
                  event("Event: Newchannel\r\nChannel: " + channel + "\r\nSomeheader: YYY\r\n")))
          .as("Newchannel %s", channel)
          .isEqualTo(sent.contains(channel));
    }
    assertThat(filters.accepts(event("Event: Newchannel\r\nChannel: YYY\r\nSomeheader: ZZZ\r\n")))
        .isTrue();
    assertThat(filters.accepts(event("Event: VarSet\r\nChannel: XXX\r\nSomeheader: YYY\r\n")))
        .isTrue();
    assertThat(filters.accepts(event("Event: VarSet\r\nChannel: YYY\r\nSomeheader: YYY\r\n")))
        .isFalse();
  }

  @Test
  void theActionsCriteriaBecomeManagerConfsForm() throws Exception {
    EventFilter name = EventFilter.fromAction("name(Hangup)", null);
    assertThat(name.eventName()).isEqualTo("Hangup");
    assertThat(name.method()).isEqualTo(EventFilter.Method.NONE);
    assertThat(name.isExclude()).isFalse();

    EventFilter legacy = EventFilter.fromAction(null, "!Channel: Local/agent1@");
    assertThat(legacy.isExclude()).isTrue();
    assertThat(legacy.method()).isEqualTo(EventFilter.Method.REGEX);
    assertThat(legacy.eventName()).isNull();

    // What filter.ami shows Asterisk refusing.
    assertRefused("name(Hangup),method(regex)", null, EventFilter.Refusal.FORMAT_ERROR);
    assertRefused("name(Hangup)", "Cause: 16", EventFilter.Refusal.FORMAT_ERROR);
    assertRefused("foo(bar)", null, EventFilter.Refusal.FORMAT_ERROR);
    assertRefused("header(Cause),method(regex)", "(", EventFilter.Refusal.COMPILE_FAIL);
    assertRefused(null, null, EventFilter.Refusal.FORMAT_ERROR);
    assertRefused("action(include)", null, EventFilter.Refusal.FORMAT_ERROR);
    // Asterisk 22 dereferences a null pointer on these (no '('); refusing them is kinder.
    assertRefused("name", null, EventFilter.Refusal.FORMAT_ERROR);
    assertRefused("header", null, EventFilter.Refusal.FORMAT_ERROR);
    assertRefused("method", "x", EventFilter.Refusal.FORMAT_ERROR);
  }

  @Test
  void namesAndHeadersAreCaseSensitiveAndAHeaderIsAWholeKey() throws Exception {
    BroadcastEvent hangup =
        BroadcastEvent.of(
            AmiMessage.of(
                "Event", "Hangup", "Channel", "Local/answer@targets-00000004;2", "Cause", "16"));
    assertThat(accepts(hangup, "name(Hangup)", null)).isTrue();
    assertThat(accepts(hangup, "name(hangup)", null)).isFalse();
    assertThat(accepts(hangup, "header(Cause)", null)).isTrue();
    assertThat(accepts(hangup, "header(cause)", null)).isFalse();
    assertThat(accepts(hangup, "header(Caus)", null)).as("the colon is part of it").isFalse();
    assertThat(accepts(hangup, "header(Cause:),method(exact)", "16")).isTrue();
    assertThat(accepts(hangup, "header(Event),method(exact)", "Hangup")).isTrue();
    assertThat(accepts(hangup, "name(Hangup),header(Channel),method(ends_with)", ";2")).isTrue();
    assertThat(accepts(hangup, "name(Newchannel) name(Hangup)", null))
        .as("the last name counts")
        .isTrue();
  }

  @Test
  void anEmptyHeaderValueMatchesNothing() throws Exception {
    BroadcastEvent event =
        BroadcastEvent.of(AmiMessage.of("Event", "Newchannel", "AccountCode", ""));
    assertThat(accepts(event, "header(AccountCode)", null)).isFalse();
    assertThat(accepts(event, "header(Event)", null)).isTrue();
  }

  @Test
  void aRegexSpansTheWholeEventTextLikePosixWithoutRegNewline() throws Exception {
    BroadcastEvent hangup =
        BroadcastEvent.of(AmiMessage.of("Event", "Hangup", "Privilege", "call,all", "Cause", "16"));
    assertThat(accepts(hangup, null, "Event: Hangup..Privilege"))
        .as("'.' matches CR and LF")
        .isTrue();
    assertThat(accepts(hangup, null, "^Event: Hangup")).isTrue();
    assertThat(accepts(hangup, null, "^Privilege")).as("^ is the text's start only").isFalse();
    assertThat(accepts(hangup, "header(Cause),method(regex)", "^[[:digit:]]+$"))
        .as("POSIX classes")
        .isTrue();
    BroadcastEvent request = BroadcastEvent.of(AmiMessage.of("Event", "HangupRequest"));
    assertThat(accepts(request, null, "Event: Hangup"))
        .as("a legacy filter is a search, as filter-legacy.ami shows")
        .isTrue();
  }

  @Test
  void includeAndExcludeFiltersCombineAsShouldSendEvent() throws Exception {
    BroadcastEvent agentHangup =
        BroadcastEvent.of(
            AmiMessage.of("Event", "Hangup", "Channel", "Local/agent1@agentsim-00000001;1"));
    BroadcastEvent callerHangup =
        BroadcastEvent.of(
            AmiMessage.of("Event", "Hangup", "Channel", "Local/answer@targets-00000000;1"));
    BroadcastEvent varSet =
        BroadcastEvent.of(AmiMessage.of("Event", "VarSet", "Channel", "Local/answer@targets"));
    EventFilter hangups = EventFilter.fromAction("name(Hangup)", null);
    EventFilter notAgents =
        EventFilter.fromAction(
            "action(exclude),header(Channel),method(starts_with)", "Local/agent1@");

    assertThat(EventFilters.NONE.isEmpty()).isTrue();
    assertThat(EventFilters.NONE.accepts(varSet)).isTrue();
    EventFilters includeOnly = EventFilters.NONE.with(hangups);
    assertThat(includeOnly.accepts(agentHangup)).isTrue();
    assertThat(includeOnly.accepts(varSet)).isFalse();
    EventFilters excludeOnly = EventFilters.NONE.with(notAgents);
    assertThat(excludeOnly.accepts(agentHangup)).isFalse();
    assertThat(excludeOnly.accepts(varSet)).isTrue();
    EventFilters both = includeOnly.with(notAgents);
    assertThat(both.accepts(callerHangup)).isTrue();
    assertThat(both.accepts(agentHangup)).isFalse();
    assertThat(both.accepts(varSet)).isFalse();
  }

  private static boolean accepts(BroadcastEvent event, String criteria, String pattern)
      throws EventFilter.RefusedException {
    return EventFilters.NONE.with(EventFilter.fromAction(criteria, pattern)).accepts(event);
  }

  private static void assertRefused(String criteria, String pattern, EventFilter.Refusal refusal) {
    assertThatThrownBy(() -> EventFilter.fromAction(criteria, pattern))
        .as("%s = %s", criteria, pattern)
        .isInstanceOfSatisfying(
            EventFilter.RefusedException.class,
            refused -> assertThat(refused.refusal()).isEqualTo(refusal));
  }

  /**
   * An event of manager.c's tests, as the simulator broadcasts it: its fields parsed from the text,
   * which gets the closing empty line that Asterisk's own events end with.
   */
  private static BroadcastEvent event(String payload) {
    return BroadcastEvent.of(AmiMessage.parse(payload));
  }
}
