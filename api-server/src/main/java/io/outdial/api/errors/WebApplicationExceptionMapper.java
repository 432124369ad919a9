package io.outdial.api.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jersey's own refusals (no such path, method not allowed, unsupported media type ...) in the API's
 * error body, keeping their headers (such as {@code Allow}).
 */
@Provider
public final class WebApplicationExceptionMapper
    implements ExceptionMapper<WebApplicationException> {
  private static final Logger LOG = LoggerFactory.getLogger(WebApplicationExceptionMapper.class);

  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    int status = original.getStatus();
    ApiError error;
    if (status >= 500) {
      error = UnexpectedExceptionMapper.internalError(LOG, e);
    } else if (status == 403) {
      error = new ApiError(status, forbidden());
    } else {
      error = new ApiError(status, message(original));
    }
    Response.ResponseBuilder b =
        Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error);
    original
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> b.header(name, v));
              }
            });
    return b.build();
  }

  @jakarta.ws.rs.core.Context private jakarta.ws.rs.core.SecurityContext security;

  /** A role check refused the request (@RolesAllowed): only supervisors change things. */
  private String forbidden() {
    java.security.Principal p = security == null ? null : security.getUserPrincipal();
    String who =
        p instanceof io.outdial.api.auth.Operator o
            ? ", and " + o.name() + " is a " + o.role().wire()
            : "";
    return "forbidden: this needs the " + io.outdial.api.auth.Role.SUPERVISOR_NAME + " role" + who;
  }

  private static String message(Response r) {
    return switch (r.getStatus()) {
      case 404 -> "no such resource";
      case 415 ->
          "unsupported media type: send the body as application/json (dial list"
              + " entries also as text/csv)";
      case 406 -> "not acceptable: this API answers application/json";
      default -> {
        String reason = r.getStatusInfo().getReasonPhrase();
        yield reason == null ? "request refused" : reason.toLowerCase(Locale.ROOT);
      }
    };
  }
}
