package io.outdial.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outdial.api.errors.ApiError;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The admin port's tasks ({@code /tasks/log-level}, {@code /tasks/gc} ...) change the running
 * server, so they need the API's bearer token like {@code /v1} does: the admin port is often
 * reachable by more than the operators (a load balancer's health probe, a metrics scraper). Health
 * checks and metrics stay open for those; this filter is mapped to {@value #PATTERN} only.
 */
public final class AdminTaskTokenFilter implements Filter {
  /** The URL pattern of Dropwizard's task servlet on the admin port. */
  public static final String PATTERN = "/tasks/*";

  private final BearerToken token;
  private final ObjectMapper mapper;

  public AdminTaskTokenFilter(BearerToken token, ObjectMapper mapper) {
    this.token = token;
    this.mapper = mapper;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String refusal = token.refusal(((HttpServletRequest) request).getHeader("Authorization"));
    if (refusal == null) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletResponse http = (HttpServletResponse) response;
    http.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    http.setHeader("WWW-Authenticate", BearerTokenFilter.CHALLENGE);
    http.setContentType("application/json");
    byte[] body = mapper.writeValueAsBytes(new ApiError(401, refusal));
    http.setContentLength(body.length);
    http.getOutputStream().write(body);
  }
}
