package io.outdial.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.outdial.activities.ami.AmiClient;
import io.outdial.activities.ami.CallRegistry;
import io.outdial.store.Rows.ResultRow;
import io.outdial.workflows.DialResult;
import io.outdial.workflows.DialingStatus;
import io.outdial.workflows.HangupCause;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;

/**
 * The worker's metrics, in Prometheus' text format on its admin port ({@code GET /metrics}):
 *
 * <ul>
 *   <li>{@code outdial_originates_total{pbx,outcome}}: Originates this worker sent, by what came of
 *       each (accepted, refused, unanswered, not_sent);
 *   <li>{@code outdial_results_total{campaign,res_dial}} and {@code
 *       outdial_hangups_total{campaign,res_hangup}}: results it recorded, once each, counted after
 *       their transaction committed, with the codes' names;
 *   <li>{@code outdial_originate_to_answer_seconds}: from the Originate to Asterisk's answer of an
 *       answered call; {@code outdial_hangup_to_record_seconds}: from a call's hangup to its result
 *       committed (histograms);
 *   <li>{@code outdial_calls_tracked{pbx}}: the calls this worker follows now;
 *   <li>{@code outdial_ami_connected{pbx}} (1 or 0), {@code outdial_ami_reconnects_total{pbx}} and
 *       {@code outdial_ami_disconnects_total{pbx}};
 *   <li>the Temporal SDK's own ({@code temporal_*}: polls, task latencies, schedule-to-start, ...)
 *       and the JVM's.
 * </ul>
 *
 * Campaigns in flight and per PBX across every worker are the api-server's metrics, read from the
 * database: a worker only knows the calls it follows.
 */
final class WorkerMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer originateToAnswer;
  private final Timer hangupToRecord;

  WorkerMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    originateToAnswer =
        Timer.builder("outdial.originate.to.answer")
            .description(
                "From an answered call's Originate to Asterisk's answer (OriginateResponse)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(50))
            .maximumExpectedValue(Duration.ofMinutes(2))
            .register(registry);
    hangupToRecord =
        Timer.builder("outdial.hangup.to.record")
            .description("From a call's hangup to its result committed in the database")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(5))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry);
  }

  /** The scrape: every meter in Prometheus' text format. */
  String scrape() {
    return registry.scrape();
  }

  /** Where the Temporal SDK reports its metrics (the service stubs take it). */
  Scope temporalScope() {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
  }

  /** Counts the results the store just recorded (its {@code onSettled} listener). */
  void recorded(List<ResultRow> rows) {
    Instant now = Instant.now();
    for (ResultRow r : rows) {
      Counter.builder("outdial.results")
          .description("Results recorded, by campaign and dial result (resDial)")
          .tag("campaign", r.campaignId())
          .tag("res_dial", DialResult.nameOf(r.resDial()))
          .register(registry)
          .increment();
      Counter.builder("outdial.hangups")
          .description("Results recorded, by campaign and hangup cause (resHangup)")
          .tag("campaign", r.campaignId())
          .tag("res_hangup", HangupCause.nameOf(r.resHangup()))
          .register(registry)
          .increment();
      if (r.hangupAt() != null && !r.hangupAt().isAfter(now)) {
        hangupToRecord.record(Duration.between(r.hangupAt(), now));
      }
      if (r.resDial() == DialResult.ANSWERED.code()) {
        answerDelay(r.statusTrail()).ifPresent(originateToAnswer::record);
      }
    }
  }

  /** From the trail's ORIGINATE_SENT to its ORIGINATE_RESPONSE, when it has both. */
  static java.util.Optional<Duration> answerDelay(String trailJson) {
    try {
      Long sent = null;
      Long answered = null;
      for (JsonNode step : JSON.readTree(trailJson)) {
        int status = step.path("status").asInt();
        long at = step.path("atMs").asLong();
        if (status == DialingStatus.ORIGINATE_SENT.code() && sent == null) {
          sent = at;
        } else if (status == DialingStatus.ORIGINATE_RESPONSE.code() && answered == null) {
          answered = at;
        }
      }
      return sent != null && answered != null && answered >= sent
          ? java.util.Optional.of(Duration.ofMillis(answered - sent))
          : java.util.Optional.empty();
    } catch (java.io.IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** The meters of one PBX's AMI link and calls; returns the listener of its AMI events. */
  java.util.function.Consumer<ManagerEvent> pbx(String pbx, AmiClient ami, CallRegistry calls) {
    Gauge.builder("outdial.ami.connected", ami, a -> a.isConnected() ? 1 : 0)
        .description("1 while the AMI link to the PBX is logged in, else 0")
        .tag("pbx", pbx)
        .register(registry);
    Gauge.builder("outdial.calls.tracked", calls, CallRegistry::trackedCount)
        .description("Calls this worker follows on the PBX now")
        .tag("pbx", pbx)
        .register(registry);
    Counter reconnects =
        Counter.builder("outdial.ami.reconnects")
            .description("AMI logins after the first one")
            .tag("pbx", pbx)
            .register(registry);
    Counter disconnects =
        Counter.builder("outdial.ami.disconnects")
            .description("AMI links lost")
            .tag("pbx", pbx)
            .register(registry);
    for (AmiClient.Originate o : AmiClient.Originate.values()) {
      Counter.builder("outdial.originates")
          .description("Originates sent, by what came of each")
          .tag("pbx", pbx)
          .tag("outcome", o.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    ami.observeOriginates(
        o ->
            registry
                .counter(
                    "outdial.originates", "pbx", pbx, "outcome", o.name().toLowerCase(Locale.ROOT))
                .increment());
    AtomicBoolean connectedOnce = new AtomicBoolean();
    return event -> {
      if (event instanceof ConnectEvent && connectedOnce.getAndSet(true)) {
        reconnects.increment();
      } else if (event instanceof DisconnectEvent) {
        disconnects.increment();
      }
    };
  }
}
