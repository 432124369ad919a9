package io.outdial.api.auth;

import io.dropwizard.auth.Auth;
import io.outdial.api.errors.ApiError;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.FieldError;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.paging.Paging;
import io.outdial.store.Column;
import io.outdial.store.OperatorStore;
import io.outdial.store.OperatorStore.OperatorRow;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is signed in ({@code GET /v1/me}) and the operators ({@code /v1/operators}): supervisors
 * create them, each with a token shown once in the answer to the create (only its digest is kept),
 * list them and delete them (their token stops working at once).
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class OperatorResource {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorResource.class);

  /** Random bytes of a token: 256 bits, in base64url without padding (43 characters). */
  static final int TOKEN_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final OperatorStore operators;
  private final OperatorAuth auth;
  private final Clock clock;

  public OperatorResource(OperatorStore operators, OperatorAuth auth, Clock clock) {
    this.operators = operators;
    this.auth = auth;
    this.clock = clock;
  }

  /** Who the request's token belongs to. */
  public record Me(String name, String role, boolean sharedToken) {}

  public record OperatorRequest(String name, String role) {}

  /** An operator; {@code token} only in the answer to its create. */
  public record OperatorResponse(
      String name,
      String role,
      Instant createdAt,
      String createdBy,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          String token) {
    static OperatorResponse of(OperatorRow o, String token) {
      return new OperatorResponse(o.name(), o.role(), o.createdAt(), o.createdBy(), token);
    }
  }

  @GET
  @Path("me")
  public Me me(@Auth Operator me) {
    return new Me(me.name(), me.role().wire(), me.sharedToken());
  }

  @GET
  @Path("operators")
  public Page<OperatorResponse> list(@Context UriInfo uri) {
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(
        operators.list(paging.offset(), paging.fetch()), o -> OperatorResponse.of(o, null));
  }

  @POST
  @Path("operators")
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response create(@Auth Operator by, OperatorRequest body, @Context UriInfo uri) {
    OperatorRequest r = ApiException.requireBody(body);
    Violations v = new Violations();
    String name = r.name() == null ? null : r.name().strip();
    if (v.requiredText("name", name, Column.OPERATOR_NAME)) {
      if (name.indexOf('\t') >= 0 || name.indexOf('/') >= 0) {
        v.add("name", "must not contain a tab or a /");
      } else if (name.matches("[Aa][Pp][Ii]")) {
        v.add("name", "must not be " + Operator.SHARED_NAME + ": it names the shared API token");
      }
    }
    Role role = null;
    if (r.role() == null) {
      v.add("role", "is required: " + Role.VIEWER_NAME + " or " + Role.SUPERVISOR_NAME);
    } else {
      role = Role.of(r.role()).orElse(null);
      if (role == null) {
        v.add("role", "must be " + Role.VIEWER_NAME + " or " + Role.SUPERVISOR_NAME);
      }
    }
    v.throwIfAny("invalid operator");
    byte[] random = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    OperatorRow row =
        new OperatorRow(name, role.wire(), BearerToken.sha256(token), clock.instant(), by.name());
    if (!operators.create(row)) {
      throw new ApiException(
          new ApiError(
              409,
              "an operator named " + name + " exists already",
              List.of(new FieldError("name", "must be unique: an operator is named " + name))));
    }
    LOG.info("Operator {} ({}) created by {}", name, row.role(), by.name());
    return Response.created(uri.getAbsolutePathBuilder().path(name).build())
        .entity(OperatorResponse.of(operators.find(name).orElse(row), token))
        .build();
  }

  @GET
  @Path("operators/{name}")
  public OperatorResponse get(@PathParam("name") String name) {
    return operators
        .find(name)
        .map(o -> OperatorResponse.of(o, null))
        .orElseThrow(() -> ApiException.notFound("operator", name));
  }

  @DELETE
  @Path("operators/{name}")
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response delete(@Auth Operator by, @PathParam("name") String name) {
    if (!operators.delete(name)) {
      throw ApiException.notFound("operator", name);
    }
    auth.forgetSignIns();
    LOG.info("Operator {} deleted by {}", name, by.name());
    return Response.noContent().build();
  }
}
