package io.outdial.api.dlmas;

import io.outdial.api.data.CatalogueResource;
import io.outdial.store.CatalogueStore;
import io.outdial.store.Rows.DlmaRow;
import jakarta.ws.rs.Path;

/**
 * Dial list masters. A list used by a campaign that is not in STOP cannot be deleted, nor have its
 * variables changed. Its entries are under {@link EntryResource}; they stay in the database when
 * their list is deleted, hidden with it.
 */
@Path("/v1/dlmas")
public final class DlmaResource extends CatalogueResource<DlmaRequest, DlmaRow, DlmaResponse> {
  public DlmaResource(CatalogueStore catalogue) {
    super(
        "dlma",
        DlmaRow::id,
        DlmaResponse::of,
        new Rows<>(
            catalogue::listDlmas,
            catalogue::insertDlma,
            catalogue::findDlma,
            row -> catalogue.updateDlma(row, DlmaRequest::changesDialing),
            catalogue::deleteDlma));
  }

  /** The list, or 404: for its entries' operations. */
  static DlmaRow find(CatalogueStore catalogue, String id) {
    return CatalogueResource.require("dlma", id, catalogue::findDlma);
  }
}
