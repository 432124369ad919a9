package io.outdial.api.support;

import io.outdial.api.campaigns.CampaignResource;
import io.outdial.api.plans.PlanRequest;
import io.outdial.store.Column;
import io.outdial.workflows.AmiLimits;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Every text field a client writes through the API, with the {@link Column} it is stored in and
 * what else bounds it (an AMI header line, Asterisk's buffers, the workflow's status reason). The
 * limits are computed from Column, AmiLimits and OperatorAction, never written here, so the tests
 * that use this list (ApiLimitsIT against the real schema, OpenApiDocumentIT against the document)
 * test those, not a copy of them.
 */
public final class TextFields {
  private TextFields() {}

  /** What a field may hold, which decides its worst case. */
  public enum Kind {
    /** Any character but controls: the worst case is 4-byte characters (emoji). */
    TEXT,
    /** Only ASCII (a pattern): the longest value is that many ASCII characters. */
    ASCII,
    /** One of a fixed set (time zones, early-media words): every one of them must fit. */
    CHOICE
  }

  /**
   * One field of one request schema. {@code maxCharacters} and {@code maxBytes} (null: no byte
   * limit) are what the API accepts; {@code ascii} builds an accepted value of n ASCII characters
   * for {@link Kind#ASCII}; {@code prefix} starts every {@link Kind#TEXT} value (an email needs its
   * "@").
   */
  public record TextField(
      String schema,
      String field,
      Column column,
      Kind kind,
      int maxCharacters,
      Integer maxBytes,
      IntFunction<String> ascii,
      String prefix) {
    /** The most characters of ASCII the field takes. */
    public int asciiMax() {
      return maxBytes == null ? maxCharacters : Math.min(maxCharacters, maxBytes);
    }

    @Override
    public String toString() {
      return schema + "." + field;
    }
  }

  static TextField text(String schema, String field, Column column) {
    return column.unit == Column.Unit.BYTES
        ? new TextField(schema, field, column, Kind.TEXT, column.max, column.max, null, "")
        : new TextField(schema, field, column, Kind.TEXT, column.max, null, null, "");
  }

  static TextField text(String schema, String field, Column column, String amiHeader) {
    return new TextField(
        schema, field, column, Kind.TEXT, column.max, AmiLimits.valueBytes(amiHeader), null, "");
  }

  static TextField ascii(
      String schema, String field, Column column, int max, IntFunction<String> value) {
    return new TextField(schema, field, column, Kind.ASCII, max, null, value, "");
  }

  static TextField choice(String schema, String field, Column column) {
    return new TextField(schema, field, column, Kind.CHOICE, column.max, null, null, "");
  }

  /** The longest trunk name with the default technology (PJSIP/). */
  public static final int TRUNK_NAME_MAX = PlanRequest.trunkNameMax(PlanRequest.DEFAULT_TECH_NAME);

  public static final List<TextField> ALL =
      List.of(
          text("PlanRequest", "name", Column.PLAN_NAME),
          text("PlanRequest", "detail", Column.PLAN_DETAIL),
          text("PlanRequest", "callerId", Column.PLAN_CALLER_ID, "CallerID"),
          ascii(
              "PlanRequest",
              "techName",
              Column.PLAN_TECH_NAME,
              Column.PLAN_TECH_NAME.max,
              n -> "T".repeat(n - 1) + "/"),
          ascii("PlanRequest", "trunkName", Column.PLAN_TRUNK_NAME, TRUNK_NAME_MAX, "t"::repeat),
          choice("PlanRequest", "earlyMedia", Column.PLAN_EARLY_MEDIA),
          ascii("PlanRequest", "codecs", Column.PLAN_CODECS, Column.PLAN_CODECS.max, "c"::repeat),
          ascii("PbxRequest", "name", Column.PBX_NAME, Column.PBX_NAME.max, "p"::repeat),
          text("PbxRequest", "detail", Column.PBX_DETAIL),
          ascii("PbxRequest", "amiHost", Column.PBX_AMI_HOST, Column.PBX_AMI_HOST.max, "h"::repeat),
          text("PbxRequest", "amiUser", Column.PBX_AMI_USER),
          new TextField(
              "PbxRequest",
              "secretRef",
              Column.PBX_SECRET_REF,
              Kind.TEXT,
              Column.PBX_SECRET_REF.max,
              null,
              null,
              "file:/"),
          ascii("TrunkRequest", "name", Column.TRUNK_NAME, Column.TRUNK_NAME.max, "t"::repeat),
          text("DestinationRequest", "name", Column.DESTINATION_NAME),
          text("DestinationRequest", "detail", Column.DESTINATION_DETAIL),
          ascii(
              "DestinationRequest",
              "context",
              Column.DESTINATION_CONTEXT,
              Math.min(Column.DESTINATION_CONTEXT.max, AmiLimits.CONTEXT_CHARS),
              "c"::repeat),
          ascii(
              "DestinationRequest",
              "exten",
              Column.DESTINATION_EXTEN,
              Math.min(Column.DESTINATION_EXTEN.max, AmiLimits.EXTEN_CHARS),
              "s"::repeat),
          // Ten ones are 1,111,111,111, within 1 ... 2^31-1; eleven are not.
          ascii(
              "DestinationRequest",
              "priority",
              Column.DESTINATION_PRIORITY,
              String.valueOf(Integer.MAX_VALUE).length(),
              "1"::repeat),
          ascii(
              "DestinationRequest",
              "application",
              Column.DESTINATION_APPLICATION,
              Column.DESTINATION_APPLICATION.max,
              n -> "A" + "a".repeat(n - 1)),
          text("DestinationRequest", "data", Column.DESTINATION_DATA, "Data"),
          text("DlmaRequest", "name", Column.DLMA_NAME),
          text("DlmaRequest", "detail", Column.DLMA_DETAIL),
          text("EntryRequest", "name", Column.ENTRY_NAME),
          text("EntryRequest", "detail", Column.ENTRY_DETAIL),
          ascii(
              "EntryRequest", "numbers", Column.ENTRY_NUMBER, Column.ENTRY_NUMBER.max, "1"::repeat),
          new TextField(
              "EntryRequest",
              "email",
              Column.ENTRY_EMAIL,
              Kind.TEXT,
              Column.ENTRY_EMAIL.max,
              null,
              null,
              "a@"),
          text("EntryRequest", "ukey", Column.ENTRY_UKEY),
          choice("EntryRequest", "timezone", Column.ENTRY_TIMEZONE),
          text("CampaignRequest", "name", Column.CAMPAIGN_NAME),
          text("CampaignRequest", "detail", Column.CAMPAIGN_DETAIL),
          new TextField(
              "ControlRequest",
              "reason",
              Column.CAMPAIGN_STATUS_REASON,
              Kind.TEXT,
              CampaignResource.REASON_MAX,
              null,
              null,
              ""));
}
