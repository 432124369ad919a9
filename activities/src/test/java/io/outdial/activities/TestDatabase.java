package io.outdial.activities;

import io.outdial.store.AttemptStore.Reservation;
import io.outdial.store.Database;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.store.ScratchDatabase;
import io.outdial.workflows.AttemptInput;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A database of its own on the stack's MariaDB, migrated by Flyway, dropped on close; and the rows
 * a dial attempt needs. A missing MariaDB fails the test with a message saying how to start it.
 */
public final class TestDatabase implements AutoCloseable {
  private final ScratchDatabase scratch;
  private final Database database;

  private TestDatabase(ScratchDatabase scratch) {
    this.scratch = scratch;
    this.database = scratch.database();
  }

  public static TestDatabase create(String prefix) throws SQLException {
    return new TestDatabase(ScratchDatabase.create(prefix, 8));
  }

  public Database database() {
    return database;
  }

  /** What a campaign dials with; {@link #campaign} writes it. */
  public record Dialing(
      String tech,
      String trunk,
      int dialTimeoutMs,
      String priority,
      Map<String, String> variables) {
    public static Dialing local(int dialTimeoutMs) {
      return new Dialing("Local/", "targets", dialTimeoutMs, "1", Map.of());
    }
  }

  /** A campaign in START on a plan, a destination (agents, sales) and one entry per number. */
  public String campaign(Dialing d, String... numbers) {
    String plan = UUID.randomUUID().toString();
    database
        .catalogue()
        .insertPlan(
            new PlanRow(
                plan,
                "p",
                null,
                0,
                d.dialTimeoutMs(),
                null,
                d.tech(),
                d.trunk(),
                60,
                List.of(2, 1, 1, 1, 1, 1, 1, 1),
                0,
                1,
                d.variables(),
                null,
                null,
                null,
                null));
    String destination = UUID.randomUUID().toString();
    database
        .catalogue()
        .insertDestination(
            new DestinationRow(
                destination,
                "d",
                null,
                DestinationRow.TYPE_EXTENSION,
                "agents",
                "sales",
                d.priority(),
                null,
                null,
                Map.of()));
    String dlma = UUID.randomUUID().toString();
    database.catalogue().insertDlma(new DlmaRow(dlma, "l", null, Map.of()));
    List<EntryRow> entries = new ArrayList<>();
    for (int i = 0; i < numbers.length; i++) {
      entries.add(
          new EntryRow(
              UUID.randomUUID().toString(),
              dlma,
              "c" + i,
              null,
              List.of(numbers[i], "", "", "", "", "", "", ""),
              null,
              null,
              Map.of(),
              null,
              0,
              List.of(0, 0, 0, 0, 0, 0, 0, 0),
              null,
              null,
              null,
              null));
    }
    database.entries().insertEntries(entries);
    String campaign = UUID.randomUUID().toString();
    database
        .campaigns()
        .insertCampaign(
            new CampaignRow(campaign, "c", null, plan, destination, dlma, "{}", null, 1, null));
    return campaign;
  }

  /** Reserves the campaign's next attempt, as the campaign workflow's reservation step does. */
  public Reservation reserve(String campaign) {
    List<Reservation> r =
        database
            .attempts()
            .reserveAttempts(campaign, UUID.randomUUID().toString(), 1, Instant.now());
    if (r.size() != 1) {
      throw new IllegalStateException("campaign " + campaign + " has nothing left to reserve");
    }
    return r.get(0);
  }

  /** The dial step's input for a reservation; the one place tests build it. */
  public static AttemptInput input(String campaign, Reservation r, long dialTimeoutMs) {
    return new AttemptInput(
        campaign, r.attemptId(), r.entryId(), r.numberIndex(), r.tryCount(), dialTimeoutMs);
  }

  @Override
  public void close() throws SQLException {
    scratch.close();
  }
}
