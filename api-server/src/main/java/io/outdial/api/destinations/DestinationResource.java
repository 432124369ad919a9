package io.outdial.api.destinations;

import io.outdial.api.data.CatalogueResource;
import io.outdial.store.CatalogueStore;
import io.outdial.store.Rows.DestinationRow;
import jakarta.ws.rs.Path;

/**
 * Destinations: where answered calls go. One used by a campaign that is not in STOP cannot be
 * deleted, nor changed other than its name and detail.
 */
@Path("/v1/destinations")
public final class DestinationResource
    extends CatalogueResource<DestinationRequest, DestinationRow, DestinationResponse> {
  public DestinationResource(CatalogueStore catalogue) {
    super(
        "destination",
        DestinationRow::id,
        DestinationResponse::of,
        new Rows<>(
            catalogue::listDestinations,
            catalogue::insertDestination,
            catalogue::findDestination,
            row -> catalogue.updateDestination(row, DestinationRequest::changesDialing),
            catalogue::deleteDestination));
  }
}
