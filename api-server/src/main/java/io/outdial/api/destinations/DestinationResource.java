package io.outdial.api.destinations;

import io.outdial.api.data.CatalogueResource;
import io.outdial.api.data.ResourceStore;
import io.outdial.store.Rows.DestinationRow;
import jakarta.ws.rs.Path;

/**
 * Destinations: where answered calls go. One used by a campaign that is not in STOP cannot be
 * deleted, nor changed other than its name and detail.
 */
@Path("/v1/destinations")
public final class DestinationResource extends CatalogueResource<DestinationRequest, DestinationRow, DestinationResponse> {
  public DestinationResource(ResourceStore store) {
    super("destination", DestinationRow::id, DestinationResponse::of, new Rows<>(store::listDestinations, store::insertDestination,
        store::findDestination, row -> store.updateDestination(row, DestinationRequest::changesDialing),
        store::deleteDestination));
  }
}
