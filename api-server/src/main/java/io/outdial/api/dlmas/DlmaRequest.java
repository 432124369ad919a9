package io.outdial.api.dlmas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.outdial.api.data.CatalogueResource;
import io.outdial.api.errors.Violations;
import io.outdial.store.Column;
import io.outdial.store.Rows.DlmaRow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Body of {@code POST /v1/dlmas} and {@code PUT /v1/dlmas/{id}}: a dial list master, which owns
 * dial list entries. Its variables are passed to Originate with every call of its entries.
 */
@JsonIgnoreProperties({"id"})
public record DlmaRequest(String name, String detail, Map<String, String> variables)
    implements CatalogueResource.Request<DlmaRow> {
  /** Fields of a dial list read that a write ignores. */
  public static final Set<String> READ_ONLY = Set.of("id");

  /** Whether going from {@code a} to {@code b} changes what calls carry (its variables). */
  public static boolean changesDialing(DlmaRow a, DlmaRow b) {
    return !a.variables().equals(b.variables());
  }

  @Override
  public DlmaRow toRow(String id) {
    Violations v = new Violations();
    v.requiredText("name", name, Column.DLMA_NAME);
    v.text("detail", detail, Column.DLMA_DETAIL);
    v.variables("variables", variables, Column.DLMA_VARIABLES);
    v.throwIfAny("invalid dial list");
    return new DlmaRow(
        id, name.strip(), detail, variables == null ? Map.of() : new LinkedHashMap<>(variables));
  }
}
