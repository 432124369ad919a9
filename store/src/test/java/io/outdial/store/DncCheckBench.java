package io.outdial.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * The do-not-call check a worker makes before each originate ({@link DncStore#blockingList}: the
 * number normalised with libphonenumber, then looked up), on a list of a million numbers, beside
 * the plain primary-key SELECT of a normalised number on the same table and pool, measured in the
 * same run. Half the numbers checked are on the list. It also times the add of the million numbers
 * through {@link DncStore#addNumbers}.
 *
 * <p>Run it from the repository root, MariaDB running: {@code mvn -q -pl store -am test-compile &&
 * mvn -q -pl store dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * -Dmdep.includeScope=test && java -cp "$(cat
 * store/target/test-classpath.txt):store/target/classes:store/target/test-classes"
 * io.outdial.store.DncCheckBench [numbers] [checks]}.
 */
public final class DncCheckBench {
  private DncCheckBench() {}

  /** The i-th number of the list, as an entry would hold it: {@code prefix} and 8 digits. */
  private static String national(String prefix, int i) {
    return String.format(Locale.ROOT, "%s%08d", prefix, i);
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int checks = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    try (ScratchDatabase scratch = ScratchDatabase.create("outdial_bench_dnc", 4)) {
      Database db = scratch.database();
      DncStore dnc = db.dnc();
      String list = UUID.randomUUID().toString();
      Instant now = Instant.now();
      dnc.createList(new DncStore.DncListRow(list, "bench", "FR", true, 0, now, now));
      List<String> numbers = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        numbers.add(PhoneNumbers.normalise(national("06", i), "FR"));
      }
      long t0 = System.nanoTime();
      long added = dnc.addNumbers(list, numbers, Instant.now());
      double addSecs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "added %d numbers in %.1f s: %.0f numbers/s%n",
          added,
          addSecs,
          added / addSecs);

      List<DncStore.Applying> lists = dnc.applying(UUID.randomUUID().toString());
      Random random = new Random(42);
      String[] asked = new String[checks];
      for (int i = 0; i < checks; i++) {
        // Half on the list (06...), half not (07...).
        asked[i] = national(i % 2 == 0 ? "06" : "07", random.nextInt(n));
      }
      for (int i = 0; i < 2000; i++) {
        dnc.blockingList(lists, asked[i % checks]);
        plain(db, list, numbers.get(i));
      }
      long[] check = new long[checks];
      long[] base = new long[checks];
      int blocked = 0;
      for (int i = 0; i < checks; i++) {
        long s = System.nanoTime();
        if (dnc.blockingList(lists, asked[i]).isPresent()) {
          blocked++;
        }
        check[i] = System.nanoTime() - s;
        String normalised = "+33" + asked[i].substring(1);
        s = System.nanoTime();
        plain(db, list, normalised);
        base[i] = System.nanoTime() - s;
      }
      System.out.printf(Locale.ROOT, "%d checks, %d blocked%n", checks, blocked);
      System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s%n", "path", "p50 ms", "p99 ms", "max ms");
      print("DncStore.blockingList (normalise + look up)", check);
      print("baseline: primary-key SELECT of the number", base);
    }
  }

  private static void plain(Database db, String list, String number) {
    db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT 1 FROM dnc_number WHERE list_id = :l AND number = :n")
                    .bind("l", list)
                    .bind("n", number)
                    .mapTo(Integer.class)
                    .findOne());
  }

  private static void print(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(
        Locale.ROOT,
        "%-44s %8.3f %8.3f %8.3f%n",
        what,
        s[s.length / 2] / 1e6,
        s[(int) (s.length * 0.99)] / 1e6,
        s[s.length - 1] / 1e6);
  }
}
