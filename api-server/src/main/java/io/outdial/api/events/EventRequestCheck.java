package io.outdial.api.events;

import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.store.CampaignStore;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a request for {@code GET /v1/events} before Jersey matches it: an events request is
 * suspended (held open) as soon as its method is chosen, so what is wrong in it is refused here, as
 * every other resource refuses it: unknown query parameters, a campaign that is not an id or does
 * not exist (422 or 404 naming it), a Last-Event-ID that is not an event id. Runs after the token
 * check.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 10)
public final class EventRequestCheck implements ContainerRequestFilter {
  static final Set<String> KNOWN = new TreeSet<>(List.of("campaign", "lastEventId"));
  private static final String LAST_EVENT_RULE =
      "must be an event id this server sent (a number, 0 or more)";

  private final CampaignStore campaigns;

  public EventRequestCheck(CampaignStore campaigns) {
    this.campaigns = campaigns;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    if (!path.equals("v1/events") || !request.getMethod().equals("GET")) {
      return;
    }
    MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
    Violations v = new Violations();
    io.outdial.api.paging.Paging.onlyKnown(v, query.keySet(), KNOWN);
    String campaign = query.getFirst("campaign");
    if (campaign != null) {
      v.uuid("campaign", campaign);
    }
    String header = request.getHeaderString("Last-Event-ID");
    if (header != null) {
      eventId(v, "Last-Event-ID", header);
    }
    String param = query.getFirst("lastEventId");
    if (param != null) {
      eventId(v, "lastEventId", param);
    }
    v.throwIfAny("invalid events request");
    if (campaign != null && campaigns.findCampaign(campaign).isEmpty()) {
      throw ApiException.notFound("campaign", campaign);
    }
  }

  private static void eventId(Violations v, String field, String value) {
    if (value.isBlank()) {
      return;
    }
    try {
      if (Long.parseLong(value.strip()) < 0) {
        v.add(field, LAST_EVENT_RULE);
      }
    } catch (NumberFormatException e) {
      v.add(field, LAST_EVENT_RULE);
    }
  }
}
