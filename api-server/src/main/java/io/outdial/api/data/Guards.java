package io.outdial.api.data;

import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.FieldError;
import io.outdial.store.Rows.Guarded;
import java.util.Map;

/** Turns the outcome of a guarded write into the API's answer when it was refused. */
public final class Guards {
  private Guards() {}

  /**
   * Returns when the write was done; otherwise throws 404 (the resource does not exist or is
   * deleted), 409 naming the campaigns that are not in STOP and use it, or 422 naming the fields
   * whose references do not exist.
   *
   * @param verb what was asked, for the message: "delete" or "change"
   */
  public static void require(Guarded g, String kind, String id, String verb) {
    switch (g.kind()) {
      case DONE -> {
        return;
      }
      case NOT_FOUND -> throw ApiException.notFound(kind, id);
      case IN_USE ->
          throw ApiException.inUse(
              "cannot "
                  + verb
                  + " "
                  + kind
                  + " "
                  + id
                  + ": campaigns that are not stopped use it ("
                  + String.join(", ", g.campaigns())
                  + "); stop them first",
              g.campaigns(),
              Map.of());
      case MISSING_REFERENCE ->
          // What the request's own check found, deleted before the write's transaction.
          throw ApiException.invalid(
              "invalid " + kind,
              g.missing().stream()
                  .map(f -> new FieldError(f, "names something that does not exist"))
                  .toList());
      default -> throw new IllegalStateException("unknown outcome " + g.kind());
    }
  }
}
