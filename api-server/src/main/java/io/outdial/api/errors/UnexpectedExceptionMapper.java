package io.outdial.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything not foreseen: logged with its stack trace under an id, answered with a 500 that names
 * only that id, so no internals reach the client.
 */
@Provider
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

  @Override
  public Response toResponse(Throwable e) {
    return ApiExceptionMapper.respond(internalError(LOG, e));
  }

  static ApiError internalError(Logger log, Throwable e) {
    String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
    log.error("Error handling a request: {}", id, e);
    return new ApiError(500, "internal server error (logged as " + id + ")");
  }
}
