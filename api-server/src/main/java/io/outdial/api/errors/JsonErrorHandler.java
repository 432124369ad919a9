package io.outdial.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before Jersey sees the request (an ambiguous URI, a bad header
 * ...), in the API's one error body instead of Jetty's HTML page. Nothing of the cause is shown.
 */
public final class JsonErrorHandler extends ErrorHandler {
  private final ObjectMapper mapper;

  public JsonErrorHandler(ObjectMapper mapper) {
    this.mapper = mapper;
    setShowStacks(false);
    setShowCauses(false);
  }

  /** Every method gets the body: Jetty's default is GET, POST and HEAD only (a PATCH got none). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int code,
      String message,
      Throwable cause)
      throws IOException {
    byte[] body = body(code, message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** Requests so broken that they never became a request (bad header, bad request line). */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    try {
      return ByteBuffer.wrap(body(status, reason));
    } catch (JsonProcessingException e) {
      return super.badMessageError(status, reason, fields);
    }
  }

  private byte[] body(int code, String message) throws JsonProcessingException {
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    return mapper.writeValueAsBytes(new ApiError(code, text));
  }
}
