package io.outdial.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /v1/openapi.json}: the API's OpenAPI 3 document, written by hand in {@value #RESOURCE}
 * (YAML is easier to keep than JSON) and served as JSON. It needs no token. {@code
 * OpenApiDocumentIT} keeps it equal to the resources: every path and method both ways, and every
 * field of every request and response body.
 */
@Path("/v1/openapi.json")
public final class OpenApiResource {
  public static final String RESOURCE = "/io/outdial/api/openapi/openapi.yaml";

  private final byte[] json;

  public OpenApiResource(ObjectMapper mapper) {
    this.json = toJson(load(), mapper);
  }

  /** The document as a tree. */
  public static JsonNode load() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static byte[] toJson(JsonNode doc, ObjectMapper mapper) {
    try {
      return mapper.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] get() {
    return json;
  }
}
