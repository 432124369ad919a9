package io.outdial.api.destinations;

import io.outdial.api.codes.Codes;
import io.outdial.store.Rows.DestinationRow;
import java.util.Map;

public record DestinationResponse(
    String id,
    String name,
    String detail,
    int type,
    String typeName,
    String context,
    String exten,
    String priority,
    String application,
    String data,
    Map<String, String> variables) {

  public static DestinationResponse of(DestinationRow d) {
    return new DestinationResponse(
        d.id(),
        d.name(),
        d.detail(),
        d.type(),
        Codes.DESTINATION_TYPE.name(d.type()),
        d.context(),
        d.exten(),
        d.priority(),
        d.application(),
        d.data(),
        d.variables());
  }
}
