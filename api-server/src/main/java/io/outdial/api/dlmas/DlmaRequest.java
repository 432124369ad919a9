package io.outdial.api.dlmas;

import io.outdial.api.errors.Violations;
import io.outdial.store.Rows.DlmaRow;
import java.util.LinkedHashMap;
import java.util.Map;

/** Body of {@code POST /v1/dlmas}: a dial list master, which owns dial list entries. */
public record DlmaRequest(String name, String detail, Map<String, String> variables) {
  public DlmaRow toRow(String id) {
    Violations v = new Violations();
    v.requiredText("name", name, 255);
    v.optionalText("detail", detail, 65_535);
    v.variables("variables", variables);
    v.throwIfAny("invalid dial list");
    return new DlmaRow(id, name.strip(), detail,
        variables == null ? Map.of() : new LinkedHashMap<>(variables));
  }
}
