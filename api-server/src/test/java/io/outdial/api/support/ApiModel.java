package io.outdial.api.support;

import io.outdial.api.campaigns.CampaignResource;
import io.outdial.api.destinations.DestinationResource;
import io.outdial.api.dlmas.DlmaResource;
import io.outdial.api.dlmas.EntryResource;
import io.outdial.api.openapi.OpenApiResource;
import io.outdial.api.pbxs.PbxResource;
import io.outdial.api.plans.PlanResource;
import io.outdial.api.results.ResultResource;
import jakarta.ws.rs.core.MediaType;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.jersey.server.model.Invocable;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * The API as Jersey sees it: every (HTTP method, path template) of the resource classes the
 * application registers, read from Jersey's own resource model, for the OpenAPI and fuzz tests.
 */
public final class ApiModel {
  /** The resource classes ApiServerApplication registers (ApiServerIT checks the list). */
  public static final List<Class<?>> RESOURCES =
      List.of(
          PlanResource.class,
          PbxResource.class,
          DestinationResource.class,
          DlmaResource.class,
          EntryResource.class,
          CampaignResource.class,
          ResultResource.class,
          io.outdial.api.events.EventResource.class,
          io.outdial.api.auth.OperatorResource.class,
          io.outdial.api.dnc.DncResource.class,
          OpenApiResource.class);

  /**
   * One operation: {@code POST /v1/dlmas/{dlmaId}/entries} consuming text/csv, say. {@code entity}
   * (null when there is none) and {@code returned} are the types of its body and of what it
   * returns, as Jersey resolves them for the resource class (a method declared on a generic
   * superclass gets the subclass's type arguments).
   */
  public record Operation(
      String method,
      String path,
      List<String> consumes,
      Method javaMethod,
      Type entity,
      Type returned) {
    public String key() {
      return method + " " + path;
    }
  }

  private ApiModel() {}

  public static List<Operation> operations() {
    List<Operation> out = new ArrayList<>();
    for (Class<?> c : RESOURCES) {
      collect(Resource.from(c), "", out);
    }
    return out;
  }

  private static void collect(Resource r, String parent, List<Operation> out) {
    String path = join(parent, r.getPath());
    for (ResourceMethod m : r.getResourceMethods()) {
      List<String> consumes = m.getConsumedTypes().stream().map(MediaType::toString).toList();
      Invocable invocable = m.getInvocable();
      Type entity =
          invocable.getParameters().stream()
              .filter(p -> p.getSource() == Parameter.Source.ENTITY)
              .map(Parameter::getType)
              .findFirst()
              .orElse(null);
      out.add(
          new Operation(
              m.getHttpMethod(),
              path,
              consumes,
              invocable.getHandlingMethod(),
              entity,
              invocable.getResponseType()));
    }
    for (Resource child : r.getChildResources()) {
      collect(child, path, out);
    }
  }

  private static String join(String parent, String path) {
    String p = path == null ? "" : path;
    String joined = (parent + "/" + p).replaceAll("/+", "/");
    if (joined.length() > 1 && joined.endsWith("/")) {
      joined = joined.substring(0, joined.length() - 1);
    }
    return joined.startsWith("/") ? joined : "/" + joined;
  }
}
