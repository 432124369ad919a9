package io.outdial.store;

/**
 * Every text column the system writes, with its size as the migrations declare it. This is the one
 * source of truth for text limits: the API refuses what would not fit (counted the way the column
 * counts), and the worker cuts what it writes from Asterisk's words to fit. {@code ColumnsIT} holds
 * this list to {@code information_schema}, so a migration that changes a column without changing it
 * here fails the build.
 *
 * <p>A {@code VARCHAR} of utf8mb4 counts characters (code points: an emoji is one); a {@code TEXT}
 * counts bytes of UTF-8 (an "é" is two, an emoji four).
 */
public enum Column {
  PLAN_NAME("plan", "name", 255, Unit.CHARACTERS),
  PLAN_DETAIL("plan", "detail", 65_535, Unit.BYTES),
  PLAN_CALLER_ID("plan", "caller_id", 255, Unit.CHARACTERS),
  PLAN_TECH_NAME("plan", "tech_name", 64, Unit.CHARACTERS),
  PLAN_TRUNK_NAME("plan", "trunk_name", 255, Unit.CHARACTERS),
  PLAN_VARIABLES("plan", "variables", 65_535, Unit.BYTES),
  PLAN_EARLY_MEDIA("plan", "early_media", 64, Unit.CHARACTERS),
  PLAN_CODECS("plan", "codecs", 255, Unit.CHARACTERS),

  DESTINATION_NAME("destination", "name", 255, Unit.CHARACTERS),
  DESTINATION_DETAIL("destination", "detail", 65_535, Unit.BYTES),
  DESTINATION_CONTEXT("destination", "context", 255, Unit.CHARACTERS),
  DESTINATION_EXTEN("destination", "exten", 255, Unit.CHARACTERS),
  DESTINATION_PRIORITY("destination", "priority", 64, Unit.CHARACTERS),
  DESTINATION_APPLICATION("destination", "application", 255, Unit.CHARACTERS),
  DESTINATION_DATA("destination", "data", 1024, Unit.CHARACTERS),
  DESTINATION_VARIABLES("destination", "variables", 65_535, Unit.BYTES),

  DLMA_NAME("dlma", "name", 255, Unit.CHARACTERS),
  DLMA_DETAIL("dlma", "detail", 65_535, Unit.BYTES),
  DLMA_VARIABLES("dlma", "variables", 65_535, Unit.BYTES),

  ENTRY_NAME("dl_entry", "name", 255, Unit.CHARACTERS),
  ENTRY_DETAIL("dl_entry", "detail", 65_535, Unit.BYTES),
  /** number1 ... number8 all have this size; {@code ColumnsIT} checks all eight. */
  ENTRY_NUMBER("dl_entry", "number1", 64, Unit.CHARACTERS),
  ENTRY_EMAIL("dl_entry", "email", 255, Unit.CHARACTERS),
  ENTRY_UKEY("dl_entry", "ukey", 255, Unit.CHARACTERS),
  ENTRY_VARIABLES("dl_entry", "variables", 65_535, Unit.BYTES),
  ENTRY_TIMEZONE("dl_entry", "timezone", 64, Unit.CHARACTERS),

  CAMPAIGN_NAME("campaign", "name", 255, Unit.CHARACTERS),
  CAMPAIGN_DETAIL("campaign", "detail", 65_535, Unit.BYTES),
  CAMPAIGN_SCHEDULE("campaign", "schedule", 65_535, Unit.BYTES),
  CAMPAIGN_STATUS_REASON("campaign", "status_reason", 1024, Unit.CHARACTERS),
  /** What an event is: 'result' or 'status' (the system's own words). */
  EVENT_KIND("campaign_event", "kind", 8, Unit.CHARACTERS),
  /** A status event's reason: the campaign's status reason, as written to its row. */
  EVENT_REASON("campaign_event", "reason", 1024, Unit.CHARACTERS),

  ATTEMPT_RESERVATION_KEY("attempt", "reservation_key", 128, Unit.CHARACTERS),
  ATTEMPT_NUMBER("attempt", "number", 64, Unit.CHARACTERS),
  ATTEMPT_STATE("attempt", "state", 16, Unit.CHARACTERS),
  ATTEMPT_PROGRESS("attempt", "progress", 65_535, Unit.BYTES),
  ATTEMPT_SNAPSHOT("attempt", "snapshot", 16_777_215, Unit.BYTES),
  /** The workflow that sent the attempt's Originate (the system's own ids). */
  ATTEMPT_WORKFLOW_ID("attempt", "workflow_id", 255, Unit.CHARACTERS),
  ATTEMPT_RUN_ID("attempt", "originate_run_id", 64, Unit.CHARACTERS),
  /** The name of the PBX the attempt's Originate went to (a {@link #PBX_NAME}). */
  ATTEMPT_PBX("attempt", "pbx", 48, Unit.CHARACTERS),

  RESULT_STATUS_TRAIL("result", "status_trail", 65_535, Unit.BYTES),
  RESULT_HANGUP_TEXT("result", "res_hangup_text", 255, Unit.CHARACTERS),
  RESULT_DETAIL("result", "detail", 1024, Unit.CHARACTERS),
  RESULT_CHANNEL("result", "channel", 255, Unit.CHARACTERS),
  RESULT_NUMBER("result", "number", 64, Unit.CHARACTERS),
  RESULT_SNAPSHOT("result", "snapshot", 16_777_215, Unit.BYTES),
  /** Copied from the attempt: {@link #ATTEMPT_WORKFLOW_ID}, {@link #ATTEMPT_RUN_ID}. */
  RESULT_WORKFLOW_ID("result", "workflow_id", 255, Unit.CHARACTERS),
  RESULT_ORIGINATE_RUN_ID("result", "originate_run_id", 64, Unit.CHARACTERS),
  RESULT_RECORD_RUN_ID("result", "record_run_id", 64, Unit.CHARACTERS),

  PBX_NAME("pbx", "name", 48, Unit.CHARACTERS),
  PBX_DETAIL("pbx", "detail", 65_535, Unit.BYTES),
  PBX_AMI_HOST("pbx", "ami_host", 255, Unit.CHARACTERS),
  PBX_AMI_USER("pbx", "ami_user", 64, Unit.CHARACTERS),
  PBX_SECRET_REF("pbx", "secret_ref", 255, Unit.CHARACTERS),
  TRUNK_NAME("trunk", "name", 64, Unit.CHARACTERS),

  /** Who signs in (issue 14): a person's name, as the campaign histories show it. */
  OPERATOR_NAME("operator", "name", 64, Unit.CHARACTERS),
  /** 'viewer' or 'supervisor' (the system's own words). */
  OPERATOR_ROLE("operator", "role", 16, Unit.CHARACTERS),
  /** The {@link #OPERATOR_NAME} of who created it, or 'api' (the shared token). */
  OPERATOR_CREATED_BY("operator", "created_by", 64, Unit.CHARACTERS),

  /** A do-not-call list (issue 15). */
  DNC_LIST_NAME("dnc_list", "name", 255, Unit.CHARACTERS),
  /** An ISO 3166 alpha-2 region (FR), checked against libphonenumber's list of regions. */
  DNC_LIST_REGION("dnc_list", "region", 2, Unit.CHARACTERS),
  /** A number as {@code PhoneNumbers.normalise} writes it: at most an entry number's size. */
  DNC_NUMBER("dnc_number", "number", 64, Unit.CHARACTERS),
  /** A calling rule's name ('dnc'; the system's own words). */
  CAMPAIGN_HELD_RULE("campaign_held", "rule", 16, Unit.CHARACTERS);

  /** How a column counts its size. */
  public enum Unit {
    /** Code points, as a utf8mb4 {@code VARCHAR} counts. */
    CHARACTERS("characters"),
    /** Bytes of UTF-8, as a {@code TEXT} counts. */
    BYTES("bytes of UTF-8");

    public final String words;

    Unit(String words) {
      this.words = words;
    }
  }

  public final String table;
  public final String column;
  public final int max;
  public final Unit unit;

  Column(String table, String column, int max, Unit unit) {
    this.table = table;
    this.column = column;
    this.max = max;
    this.unit = unit;
  }

  /** The size of {@code s} as this column counts it. */
  public long sizeOf(String s) {
    return unit == Unit.CHARACTERS ? s.codePointCount(0, s.length()) : utf8Length(s);
  }

  public boolean fits(String s) {
    return s == null || sizeOf(s) <= max;
  }

  /** The rule a value breaks when it does not fit, as an API error names it. */
  public String rule() {
    return "must be at most " + max + " " + unit.words;
  }

  /**
   * {@code s} cut so that it fits, never inside a character, ending in "…" when something was cut.
   * For text the system writes from what others say (Asterisk's messages, channel names): a record
   * with a shortened detail beats no record.
   */
  public String cut(String s) {
    if (fits(s)) {
      return s;
    }
    String ellipsis = "\u2026";
    long budget = max - sizeOf(ellipsis);
    StringBuilder out = new StringBuilder();
    long used = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      long size = unit == Unit.CHARACTERS ? 1 : utf8Length(cp);
      if (used + size > budget) {
        break;
      }
      out.appendCodePoint(cp);
      used += size;
      i += Character.charCount(cp);
    }
    return out.append(ellipsis).toString();
  }

  /** Bytes of {@code s} in UTF-8, without encoding it (imports check every row). */
  public static long utf8Length(String s) {
    long n = 0;
    for (int i = 0, len = s.length(); i < len; ) {
      int cp = s.codePointAt(i);
      n += utf8Length(cp);
      i += Character.charCount(cp);
    }
    return n;
  }

  private static int utf8Length(int cp) {
    if (cp < 0x80) {
      return 1;
    } else if (cp < 0x800) {
      return 2;
    } else if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
      // A lone surrogate is written as '?'. Compared as an int: a cast to char would take
      // U+1D800, U+2D800 ... (whose low 16 bits look like one) for it.
      return 1;
    } else if (cp < 0x10000) {
      return 3;
    }
    return 4;
  }
}
