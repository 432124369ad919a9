package io.outdial.api.dlmas;

import io.outdial.store.Rows.DlmaRow;
import java.util.Map;

public record DlmaResponse(String id, String name, String detail, Map<String, String> variables) {
  public static DlmaResponse of(DlmaRow d) {
    return new DlmaResponse(d.id(), d.name(), d.detail(), d.variables());
  }
}
