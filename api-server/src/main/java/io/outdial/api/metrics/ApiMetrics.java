package io.outdial.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.outdial.store.AttemptStore;
import io.outdial.store.AttemptStore.InFlight;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api-server's metrics, in Prometheus' text format on its admin port ({@code GET /prometheus};
 * Dropwizard's own {@code /metrics} stays JSON):
 *
 * <ul>
 *   <li>{@code outdial_calls_in_flight{campaign}} and {@code outdial_pbx_calls_in_flight{pbx}}: the
 *       attempts ORIGINATE_SENT, read from the database at each scrape, so they count every
 *       worker's calls once;
 *   <li>{@code outdial_imports_total{format,outcome}}, {@code outdial_import_entries_total{format}}
 *       and {@code outdial_import_seconds}: bulk imports of entries (EntryResource);
 *   <li>the JVM's.
 * </ul>
 */
public final class ApiMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(ApiMetrics.class);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AttemptStore attempts;
  private final MultiGauge byCampaign;
  private final MultiGauge byPbx;

  public ApiMetrics(AttemptStore attempts) {
    this.attempts = attempts;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    byCampaign =
        MultiGauge.builder("outdial.calls.in.flight")
            .description("Calls in flight (attempts ORIGINATE_SENT) of each campaign")
            .register(registry);
    byPbx =
        MultiGauge.builder("outdial.pbx.calls.in.flight")
            .description("Calls in flight (attempts ORIGINATE_SENT) on each PBX")
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Reads the calls in flight, then every meter in Prometheus' text format. */
  public String scrape() {
    try {
      List<InFlight> rows = attempts.inFlightByCampaignAndPbx();
      Map<String, Long> campaigns = new HashMap<>();
      Map<String, Long> pbxs = new HashMap<>();
      for (InFlight f : rows) {
        campaigns.merge(f.campaignId(), f.calls(), Long::sum);
        pbxs.merge(f.pbx(), f.calls(), Long::sum);
      }
      // Campaigns and PBXs with no call in flight any more drop out of the scrape.
      byCampaign.register(
          campaigns.entrySet().stream()
              .map(e -> MultiGauge.Row.of(Tags.of("campaign", e.getKey()), e.getValue()))
              .toList(),
          true);
      byPbx.register(
          pbxs.entrySet().stream()
              .map(e -> MultiGauge.Row.of(Tags.of("pbx", e.getKey()), e.getValue()))
              .toList(),
          true);
    } catch (RuntimeException e) {
      LOG.warn("calls in flight not read for the metrics: {}", e.toString());
    }
    return registry.scrape();
  }

  /** {@link #scrape} as a servlet, for the admin port. */
  public HttpServlet servlet() {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
      }
    };
  }
}
