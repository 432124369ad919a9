package io.outdial.api.paging;

import io.outdial.api.errors.Violations;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code offset} and {@code limit} of a list request (default 0 and {@value #DEFAULT_LIMIT}, at
 * most {@value #MAX_LIMIT}). Query parameters are read as text so that a bad one is a 422 naming it
 * (Jersey would answer a parameter it cannot convert with a bare 404), and a query parameter the
 * endpoint does not know is refused rather than silently ignored (a misspelt filter would otherwise
 * list everything).
 */
public record Paging(int offset, int limit) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  public static final int MAX_OFFSET = 1_000_000_000;

  /**
   * Reads offset and limit, and refuses query parameters outside {@code known} (plus those two).
   */
  public static Paging read(Violations v, UriInfo uri, String... known) {
    Set<String> allowed = new TreeSet<>(List.of(known));
    allowed.add("offset");
    allowed.add("limit");
    onlyKnown(v, uri.getQueryParameters().keySet(), allowed);
    Integer offset =
        integer(v, "offset", uri.getQueryParameters().getFirst("offset"), 0, 0, MAX_OFFSET);
    Integer limit =
        integer(
            v, "limit", uri.getQueryParameters().getFirst("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
    return new Paging(offset == null ? 0 : offset, limit == null ? DEFAULT_LIMIT : limit);
  }

  /**
   * Refuses the query parameters {@code given} holds outside {@code known}, naming those it knows:
   * the one check of every read that takes a query (lists, the CSV export, the event stream).
   */
  public static void onlyKnown(
      Violations v, java.util.Collection<String> given, java.util.Collection<String> known) {
    Set<String> sorted = new TreeSet<>(known);
    for (String name : given) {
      if (!sorted.contains(name)) {
        v.add(name, "is not a known query parameter (known: " + String.join(", ", sorted) + ")");
      }
    }
  }

  /** How many rows to fetch: one more than the limit, to know whether a next page exists. */
  public int fetch() {
    return limit + 1;
  }

  /** The page of {@code rows} (fetched with {@link #fetch()}), mapped for the response. */
  public <R, T> Page<T> page(List<R> rows, Function<R, T> map) {
    boolean more = rows.size() > limit;
    List<T> items = (more ? rows.subList(0, limit) : rows).stream().map(map).toList();
    return new Page<>(items, offset, limit, more ? offset + limit : null);
  }

  /** An optional integer query parameter between min and max; null after recording an error. */
  public static Integer integer(
      Violations v, String field, String text, int absent, int min, int max) {
    if (text == null || text.isEmpty()) {
      return absent;
    }
    try {
      int value = Integer.parseInt(text.strip());
      return v.range(field, value, min, max) ? value : null;
    } catch (NumberFormatException e) {
      v.add(field, "must be an integer between " + min + " and " + max);
      return null;
    }
  }
}
