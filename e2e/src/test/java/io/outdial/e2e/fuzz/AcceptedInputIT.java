package io.outdial.e2e.fuzz;

import io.outdial.e2e.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Issue 10: no input the API accepts can wedge a campaign. Generated plans, destinations, dial
 * lists with entries, campaigns with schedules and operator actions, every field at, around or past
 * its limits ({@link ApiInputs}), go through the real REST API of one stack (simulator, worker and
 * api-server as processes); every accepted campaign runs on the simulator. Checked for each try
 * ({@link CaseRunner}): no 5xx; every refusal is a 4xx whose errors name fields the generator
 * changed; every accepted campaign reaches STOP by itself (when its list should finish soon) or on
 * a stop; every attempt has exactly one result row; and no workflow task failure, failed workflow
 * or endlessly retried activity appears in Temporal ({@link Histories}).
 *
 * <p>Every try runs to its end whatever an earlier one found, so one run lists every failure; the
 * property fails at the end with all of them. {@code -Dfuzz.tries=} sets the number of campaigns
 * (default {@value #DEFAULT_TRIES}, a few minutes here), {@code -Dfuzz.seed=} the seed (default
 * {@value #DEFAULT_SEED}) to replay a run. Shrinking is off: each try is a campaign on the real
 * stack, and a report with the whole input says more than a smaller one found an hour later.
 */
class AcceptedInputIT {
  static final int DEFAULT_TRIES = 100;
  static final String DEFAULT_SEED = "20261201";

  private static Stack stack;
  private static Histories histories;
  private static CaseRunner runner;
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final AtomicInteger ACCEPTED = new AtomicInteger();
  private static final List<CaseRunner.Outcome> FAILED = new ArrayList<>();

  @AddLifecycleHook(OneStack.class)
  @Property(
      tries = DEFAULT_TRIES,
      seed = DEFAULT_SEED,
      shrinking = ShrinkingMode.OFF,
      generation = GenerationMode.RANDOMIZED)
  void everyAcceptedCampaignRunsToStop(@ForAll("cases") CampaignCase c) throws Exception {
    int n = CASES.incrementAndGet();
    long t0 = System.nanoTime();
    CaseRunner.Outcome o = runner.run(n, c);
    if (o.accepted()) {
      ACCEPTED.incrementAndGet();
    }
    System.out.printf(
        "AcceptedInputIT: case %d %s in %.1f s%s%n",
        n,
        o.accepted() ? "accepted, campaign " + o.campaignId() : "refused",
        (System.nanoTime() - t0) / 1e9,
        o.failures().isEmpty() ? "" : ", " + o.failures().size() + " FAILURE(S)");
    if (!o.failures().isEmpty()) {
      System.out.println(o.report());
      FAILED.add(o);
    }
  }

  @Provide
  Arbitrary<CampaignCase> cases() {
    return ApiInputs.cases();
  }

  /**
   * One stack for the whole property (a stack takes tens of seconds to start), the tries and seed
   * from system properties, and the summary of every try at the end.
   */
  static final class OneStack implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(
        PropertyLifecycleContext context, PropertyExecutor property) throws Throwable {
      int tries = Integer.getInteger("fuzz.tries", DEFAULT_TRIES);
      String seed = System.getProperty("fuzz.seed", DEFAULT_SEED);
      context.attributes().setTries(tries);
      context.attributes().setSeed(seed);
      System.out.printf(
          "AcceptedInputIT: %d tries, seed %s (replay: -Dfuzz.seed=%s" + " -Dfuzz.tries=%d)%n",
          tries, seed, seed, tries);
      long t0 = System.nanoTime();
      stack = new Stack();
      histories = new Histories(stack.temporalAddress);
      PropertyExecutionResult result;
      try {
        stack.startSimulator(
            "*=answer:100:500",
            Map.of("PBXSIM_CONTEXTS", String.join(",", ApiInputs.LONG_CONTEXTS)));
        stack.startWorker();
        stack.startApi();
        runner = new CaseRunner(stack, histories);
        result = property.execute();
      } finally {
        histories.close();
        stack.close();
      }
      int n = CASES.get();
      int accepted = ACCEPTED.get();
      long wronglyRefused = FAILED.stream().filter(o -> !o.accepted()).count();
      String summary =
          String.format(
              "AcceptedInputIT: ran %d campaigns (%d accepted, %d refused"
                  + " with 4xx, %d refused wrongly), %d failures in %d cases, seed %s, %d s",
              n,
              accepted,
              n - accepted - wronglyRefused,
              wronglyRefused,
              FAILED.stream().mapToInt(o -> o.failures().size()).sum(),
              FAILED.size(),
              seed,
              Duration.ofNanos(System.nanoTime() - t0).toSeconds());
      System.out.println(summary);
      if (FAILED.isEmpty()) {
        return result;
      }
      StringBuilder report = new StringBuilder(summary).append('\n');
      for (CaseRunner.Outcome o : FAILED) {
        report.append('\n').append(o.report()).append('\n');
      }
      return result.mapToFailed(report.toString());
    }
  }
}
