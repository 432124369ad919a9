package io.outdial.api.destinations;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.outdial.api.codes.CodeOrName;
import io.outdial.api.codes.Codes;
import io.outdial.api.data.CatalogueResource;
import io.outdial.api.errors.Violations;
import io.outdial.store.Column;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.workflows.AmiLimits;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Body of {@code POST /v1/destinations} and {@code PUT /v1/destinations/{id}}: where an answered
 * call goes, a dialplan extension (type 0: context, exten, priority) or an application (type 1:
 * application, data). Read-only fields of a destination read are ignored.
 */
@JsonIgnoreProperties({"id", "typeName"})
public record DestinationRequest(
    String name,
    String detail,
    CodeOrName type,
    String context,
    String exten,
    String priority,
    String application,
    String data,
    Map<String, String> variables)
    implements CatalogueResource.Request<DestinationRow> {

  // Context, Exten, Priority and Application become AMI Originate headers and dialplan names.
  static final Pattern CONTEXT = Pattern.compile("^[A-Za-z0-9_.\\-]+$");
  static final Pattern EXTEN = Pattern.compile("^[A-Za-z0-9_.\\-+*#!\\[\\]]+$");
  // The worker sends a priority as a number (asterisk-java's Originate takes an integer), so a
  // label is refused here instead of failing every call of the campaign.
  static final Pattern PRIORITY = Pattern.compile("^[1-9][0-9]{0,9}$");
  static final String PRIORITY_RULE =
      "must be a whole number from 1 to "
          + Integer.MAX_VALUE
          + " (priority labels are not supported)";
  static final Pattern APPLICATION = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*$");

  /** Fields of a destination read that a write ignores. */
  public static final java.util.Set<String> READ_ONLY = java.util.Set.of("id", "typeName");

  /** Whether going from {@code a} to {@code b} changes where answered calls go. */
  public static boolean changesDialing(DestinationRow a, DestinationRow b) {
    return !a.equals(
        new DestinationRow(
            a.id(),
            a.name(),
            a.detail(),
            b.type(),
            b.context(),
            b.exten(),
            b.priority(),
            b.application(),
            b.data(),
            b.variables()));
  }

  @Override
  public DestinationRow toRow(String id) {
    Violations v = new Violations();
    v.requiredText("name", name, Column.DESTINATION_NAME);
    v.text("detail", detail, Column.DESTINATION_DETAIL);
    Integer t = v.code("type", type, Codes.DESTINATION_TYPE, null);
    if (t != null && t == DestinationRow.TYPE_EXTENSION) {
      if (required(v, "context", context, Column.DESTINATION_CONTEXT, CONTEXT)) {
        v.atMostCharacters(
            "context", context, AmiLimits.CONTEXT_CHARS, "Asterisk's longest context name");
      }
      if (required(v, "exten", exten, Column.DESTINATION_EXTEN, EXTEN)) {
        v.atMostCharacters("exten", exten, AmiLimits.EXTEN_CHARS, "Asterisk's longest extension");
      }
      if (v.requiredText("priority", priority, Column.DESTINATION_PRIORITY)
          && !isPriority(priority)) {
        v.add("priority", PRIORITY_RULE);
      }
      absent(v, "application", application);
      absent(v, "data", data);
    } else if (t != null && t == DestinationRow.TYPE_APPLICATION) {
      required(v, "application", application, Column.DESTINATION_APPLICATION, APPLICATION);
      if (v.text("data", data, Column.DESTINATION_DATA)) {
        v.amiHeaderValue("data", data, "Data");
      }
      // A queue's capacity is looked up under the queue name given as data.
      if (application != null
          && application.toLowerCase(Locale.ROOT).equals("queue")
          && (data == null || data.isBlank())) {
        v.add("data", "is required when application is Queue (the queue name)");
      }
      absent(v, "context", context);
      absent(v, "exten", exten);
      absent(v, "priority", priority);
    }
    v.variables("variables", variables, Column.DESTINATION_VARIABLES);
    v.throwIfAny("invalid destination");
    return new DestinationRow(
        id,
        name.strip(),
        detail,
        t,
        context,
        exten,
        priority,
        application,
        data == null || data.isEmpty() ? null : data,
        variables == null ? Map.of() : new LinkedHashMap<>(variables));
  }

  /**
   * Whether {@code p} is a priority Originate can send: a whole number from 1 to {@link
   * Integer#MAX_VALUE} without leading zeros (Asterisk reads at most 30 digits of it).
   */
  static boolean isPriority(String p) {
    if (!PRIORITY.matcher(p).matches()) {
      return false;
    }
    return Long.parseLong(p) <= Integer.MAX_VALUE;
  }

  private static boolean required(
      Violations v, String field, String value, Column column, Pattern p) {
    return v.requiredText(field, value, column) && v.text(field, value, column, p);
  }

  private void absent(Violations v, String field, String value) {
    if (value != null && !value.isEmpty()) {
      v.add(
          field,
          "must be absent when type is "
              + Codes.DESTINATION_TYPE.name(type.resolve(Codes.DESTINATION_TYPE).orElseThrow()));
    }
  }
}
