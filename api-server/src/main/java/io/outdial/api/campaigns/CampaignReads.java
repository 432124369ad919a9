package io.outdial.api.campaigns;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.outdial.store.AttemptStore;
import io.outdial.store.CampaignStore;
import io.outdial.store.Rows.CampaignCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What a campaign read shows that costs more than its row: its counts (the entries left to dial are
 * counted over its list) and why it is not progressing (Temporal's descriptions of its workflows).
 * Each is kept per campaign for at most {@link #MAX_AGE}: a read finds it computed by an earlier
 * one, and once it is half that old the next read has it computed again in the background while it
 * takes the one kept. However many clients poll a campaign, the database and Temporal see about one
 * computation of each per campaign per half {@link #MAX_AGE}. The campaign's row (its status) is
 * read on every request, and an operator action, or a read that finds its status changed since the
 * last read (the workflow moved it, say to STOP when its last call was recorded), drops what is
 * kept of its campaign: a campaign that has ended shows its final counts at once.
 */
public final class CampaignReads {
  /** How old, at most, the counts and problem of a read are. */
  public static final Duration MAX_AGE = Duration.ofSeconds(1);

  /** Campaigns no one read for this long are forgotten. */
  static final Duration FORGOTTEN_AFTER = Duration.ofMinutes(2);

  /**
   * An attempt not settled this long after it was made is looked at when the campaign reports a
   * problem (campaign runs from before dialing lanes ran each attempt as its own workflow).
   */
  static final Duration ATTEMPT_PROBLEM_AGE = Duration.ofSeconds(5);

  /** How many of a campaign's oldest unsettled attempts a problem report looks at. */
  static final int ATTEMPTS_ASKED = 3;

  private final LoadingCache<String, CampaignCounts> counts;
  private final LoadingCache<String, Optional<CampaignProblem>> problems;
  private final LoadingCache<String, CampaignStore.Pace> paces;
  private final com.github.benmanes.caffeine.cache.Cache<String, Integer> statuses;

  public CampaignReads(
      CampaignStore campaigns,
      AttemptStore attempts,
      CampaignRuns runs,
      Clock clock,
      Executor pool) {
    this(
        campaigns::campaignCounts,
        id -> campaigns.pace(id, clock.instant()),
        id -> {
          Instant now = clock.instant();
          List<String> oldAttempts =
              attempts.unsettledAttempts(id, 0, ATTEMPTS_ASKED).stream()
                  .filter(a -> a.createdAt().isBefore(now.minus(ATTEMPT_PROBLEM_AGE)))
                  .map(a -> a.id())
                  .toList();
          return runs.problem(id, oldAttempts);
        },
        pool,
        Ticker.systemTicker(),
        MAX_AGE);
  }

  CampaignReads(
      CacheLoader<String, CampaignCounts> counts,
      CacheLoader<String, CampaignStore.Pace> paces,
      CacheLoader<String, Optional<CampaignProblem>> problems,
      Executor pool,
      Ticker ticker,
      Duration maxAge) {
    this.counts = cache(pool, ticker, maxAge, counts);
    this.problems = cache(pool, ticker, maxAge, problems);
    this.paces = cache(pool, ticker, maxAge, paces);
    this.statuses =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterAccess(FORGOTTEN_AFTER)
            .maximumSize(100_000)
            .build();
  }

  private static <V> LoadingCache<String, V> cache(
      Executor pool, Ticker ticker, Duration maxAge, CacheLoader<String, V> loader) {
    return Caffeine.newBuilder()
        .executor(pool)
        .ticker(ticker)
        .expireAfterWrite(maxAge)
        .refreshAfterWrite(maxAge.dividedBy(2))
        .expireAfterAccess(FORGOTTEN_AFTER)
        .maximumSize(100_000)
        .build(loader);
  }

  /**
   * Tells what status a read found the campaign in (its row, read on every request): when it is not
   * the one the last read found, or no read found one yet (the live feed may have had its counts
   * computed), what is kept of the campaign is dropped first.
   */
  public void seen(String campaignId, int status) {
    Integer before = statuses.asMap().put(campaignId, status);
    if (before == null || before != status) {
      changed(campaignId);
    }
  }

  /** The campaign's counts, at most {@link #MAX_AGE} old. */
  public CampaignCounts counts(String campaignId) {
    return counts.get(campaignId);
  }

  /** Why the campaign is not progressing, if it is not, as seen at most {@link #MAX_AGE} ago. */
  public Optional<CampaignProblem> problem(String campaignId) {
    return problems.get(campaignId);
  }

  /** When it moved to START and its results of the last minute, at most {@link #MAX_AGE} old. */
  public CampaignStore.Pace pace(String campaignId) {
    return paces.get(campaignId);
  }

  /** Forgets what is kept of the campaign: the next read computes it (after an operator action). */
  public void changed(String campaignId) {
    counts.invalidate(campaignId);
    problems.invalidate(campaignId);
    paces.invalidate(campaignId);
  }
}
