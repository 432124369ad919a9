package io.outdial.store;

import static io.outdial.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * PBXs (how workers reach one Asterisk's AMI) and their trunks, the tables of {@code V5__pbxs.sql}.
 * A PBX's AMI secret is never stored: {@code secretRef} says where a worker reads it. A PBX's name
 * is fixed once it is created, since task queues and dialing lanes are named after it.
 *
 * <p>Deletes are real deletes, not soft ones: the tables keep no {@code deleted_at}, nothing but
 * plans refers to their rows (an attempt names its PBX by name), and a deleted PBX's name may be
 * used again. A trunk that a live plan dials through cannot be removed, nor its PBX deleted; a
 * deleted plan's reference to a removed trunk is cleared, since the foreign key would forbid the
 * delete and a deleted plan dials no more.
 */
public final class PbxStore {
  /** The port of a PBX's AMI when none is given, Asterisk's own default. */
  public static final int DEFAULT_AMI_PORT = 5038;

  /**
   * A PBX as its row holds it, with its trunks (ordered by name). {@code secretRef} is {@code
   * env:NAME} or {@code file:/path}: where the secret is, never the secret.
   */
  public record PbxRow(
      String id,
      String name,
      String detail,
      String amiHost,
      int amiPort,
      String amiUser,
      String secretRef,
      List<TrunkRow> trunks) {
    public PbxRow {
      trunks = trunks == null ? List.of() : List.copyOf(trunks);
    }
  }

  /**
   * A trunk of the PBX {@code pbxId}, with the limits that hold across every campaign dialing
   * through it; a null limit is no limit of the trunk's own.
   */
  public record TrunkRow(
      String id, String pbxId, String name, Integer maxChannels, Double callsPerSecond) {}

  /**
   * Outcome of a write: done; no such PBX; its name is another PBX's; its name would change (it is
   * fixed); or live plans dial through trunks it would remove ({@code trunks} by name, {@code
   * plans} by id, both sorted).
   */
  public record PbxWrite(Kind kind, List<String> trunks, List<String> plans) {
    public enum Kind {
      DONE,
      NOT_FOUND,
      NAME_TAKEN,
      NAME_FIXED,
      TRUNKS_IN_USE
    }

    public PbxWrite {
      trunks = trunks == null ? List.of() : List.copyOf(trunks);
      plans = plans == null ? List.of() : List.copyOf(plans);
    }

    static PbxWrite of(Kind kind) {
      return new PbxWrite(kind, null, null);
    }
  }

  private final Jdbi jdbi;

  PbxStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Inserts a PBX and its trunks (each trunk's {@code pbxId} is taken to be the PBX's), unless
   * another PBX has its name.
   */
  public PbxWrite insert(PbxRow pbx) {
    requireDistinctTrunkNames(pbx);
    try {
      return jdbi.inTransaction(
          h -> {
            if (nameTaken(h, pbx.name())) {
              return PbxWrite.of(PbxWrite.Kind.NAME_TAKEN);
            }
            String now = ts(Instant.now());
            h.createUpdate(
                    """
              INSERT INTO pbx (id, name, detail, ami_host, ami_port, ami_user, secret_ref,
                created_at, updated_at)
              VALUES (:id, :name, :detail, :amiHost, :amiPort, :amiUser, :secretRef, :now, :now)""")
                .bindMethods(pbx)
                .bind("now", now)
                .execute();
            for (TrunkRow t : pbx.trunks()) {
              insertTrunk(h, pbx.id(), t, now);
            }
            return PbxWrite.of(PbxWrite.Kind.DONE);
          });
    } catch (RuntimeException e) {
      // Two inserts of one name at once: the unique key refuses the second.
      if (isDuplicateKey(e)) {
        return PbxWrite.of(PbxWrite.Kind.NAME_TAKEN);
      }
      throw e;
    }
  }

  public Optional<PbxRow> find(String id) {
    return jdbi.withHandle(
        h ->
            withTrunks(
                    h,
                    h.createQuery("SELECT * FROM pbx WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> pbx(rs))
                        .list())
                .stream()
                .findFirst());
  }

  /** The PBX of this name (the names workers are told to serve, {@code OUTDIAL_PBXS}). */
  public Optional<PbxRow> findByName(String name) {
    return jdbi.withHandle(
        h ->
            withTrunks(
                    h,
                    h.createQuery("SELECT * FROM pbx WHERE name = :name")
                        .bind("name", name)
                        .map((rs, ctx) -> pbx(rs))
                        .list())
                .stream()
                .findFirst());
  }

  /** One page of the PBXs, oldest first, each with its trunks. */
  public List<PbxRow> list(int offset, int limit) {
    return jdbi.withHandle(
        h ->
            withTrunks(
                h,
                h.createQuery(
                        "SELECT * FROM pbx ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                    .bind("limit", limit)
                    .bind("offset", offset)
                    .map((rs, ctx) -> pbx(rs))
                    .list()));
  }

  /** A trunk by its id (the id a plan's {@code trunkId} holds). */
  public Optional<TrunkRow> findTrunk(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM trunk WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> trunk(rs))
                .findOne());
  }

  /** The trunk plan {@code planId} dials through, if it names one. */
  static Optional<TrunkRow> trunkOfPlan(Handle h, String planId) {
    return h.createQuery("SELECT t.* FROM trunk t JOIN plan p ON p.trunk_id = t.id WHERE p.id = :p")
        .bind("p", planId)
        .map((rs, ctx) -> trunk(rs))
        .findOne();
  }

  /**
   * Replaces a PBX's fields and its list of trunks, in one transaction. A trunk whose name stays
   * (case is ignored, as the unique key ignores it) keeps its id and the plans that use it, and
   * takes the new limits and spelling; a new name is a new trunk with the id given; a name left out
   * removes its trunk, which live plans using it forbid. The name itself cannot change.
   */
  public PbxWrite update(PbxRow pbx) {
    requireDistinctTrunkNames(pbx);
    return jdbi.inTransaction(
        h -> {
          Optional<String> name =
              h.createQuery("SELECT name FROM pbx WHERE id = :id FOR UPDATE")
                  .bind("id", pbx.id())
                  .mapTo(String.class)
                  .findOne();
          if (name.isEmpty()) {
            return PbxWrite.of(PbxWrite.Kind.NOT_FOUND);
          }
          if (!name.get().equals(pbx.name())) {
            return PbxWrite.of(PbxWrite.Kind.NAME_FIXED);
          }
          Map<String, TrunkRow> old = new LinkedHashMap<>();
          for (TrunkRow t : lockTrunks(h, pbx.id())) {
            old.put(key(t.name()), t);
          }
          Map<String, TrunkRow> removed = new LinkedHashMap<>(old);
          for (TrunkRow t : pbx.trunks()) {
            removed.remove(key(t.name()));
          }
          PbxWrite refused = inUse(h, removed.values());
          if (refused != null) {
            return refused;
          }
          removeTrunks(h, removed.values());
          String now = ts(Instant.now());
          for (TrunkRow t : pbx.trunks()) {
            TrunkRow kept = old.get(key(t.name()));
            if (kept == null) {
              insertTrunk(h, pbx.id(), t, now);
            } else {
              h.createUpdate(
                      """
                UPDATE trunk SET name = :name, max_channels = :maxChannels,
                  calls_per_second = :callsPerSecond, updated_at = :now
                WHERE id = :id""")
                  .bindMethods(t)
                  .bind("id", kept.id())
                  .bind("now", now)
                  .execute();
            }
          }
          h.createUpdate(
                  """
            UPDATE pbx SET detail = :detail, ami_host = :amiHost, ami_port = :amiPort,
              ami_user = :amiUser, secret_ref = :secretRef, updated_at = :now
            WHERE id = :id""")
              .bindMethods(pbx)
              .bind("now", now)
              .execute();
          return PbxWrite.of(PbxWrite.Kind.DONE);
        });
  }

  /** Deletes a PBX and its trunks, unless live plans dial through any of them. */
  public PbxWrite delete(String id) {
    return jdbi.inTransaction(
        h -> {
          boolean exists =
              h.createQuery("SELECT id FROM pbx WHERE id = :id FOR UPDATE")
                  .bind("id", id)
                  .mapTo(String.class)
                  .findOne()
                  .isPresent();
          if (!exists) {
            return PbxWrite.of(PbxWrite.Kind.NOT_FOUND);
          }
          List<TrunkRow> trunks = lockTrunks(h, id);
          PbxWrite refused = inUse(h, trunks);
          if (refused != null) {
            return refused;
          }
          removeTrunks(h, trunks);
          h.createUpdate("DELETE FROM pbx WHERE id = :id").bind("id", id).execute();
          return PbxWrite.of(PbxWrite.Kind.DONE);
        });
  }

  // ---- within a transaction ----------------------------------------------------------------

  /** Whether the trunk exists; share-locks it until commit, so it cannot be removed before. */
  static boolean trunkExists(Handle h, String id) {
    return h.createQuery("SELECT COUNT(*) FROM trunk WHERE id = :id LOCK IN SHARE MODE")
            .bind("id", id)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /**
   * Whether a committed PBX has this name. A plain read, not a locking one: two inserts of one new
   * name that both share-locked the gap would deadlock, while without the lock the unique key makes
   * the second wait for the first and refuse it.
   */
  private static boolean nameTaken(Handle h, String name) {
    return h.createQuery("SELECT COUNT(*) FROM pbx WHERE name = :name")
            .bind("name", name)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  private static List<TrunkRow> lockTrunks(Handle h, String pbxId) {
    return h.createQuery("SELECT * FROM trunk WHERE pbx_id = :p ORDER BY name, id FOR UPDATE")
        .bind("p", pbxId)
        .map((rs, ctx) -> trunk(rs))
        .list();
  }

  /**
   * The refusal when live plans dial through any of {@code trunks} (their rows share-locked, so
   * none can take one of these trunks before commit), or null.
   */
  private static PbxWrite inUse(Handle h, Collection<TrunkRow> trunks) {
    if (trunks.isEmpty()) {
      return null;
    }
    Map<String, String> names = new LinkedHashMap<>();
    trunks.forEach(t -> names.put(t.id(), t.name()));
    Set<String> usedTrunks = new TreeSet<>();
    Set<String> plans = new TreeSet<>();
    h.createQuery(
            "SELECT id, trunk_id FROM plan WHERE trunk_id IN (<trunks>) AND deleted_at IS NULL"
                + " ORDER BY id LOCK IN SHARE MODE")
        .bindList("trunks", List.copyOf(names.keySet()))
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(
            e -> {
              plans.add(e.getKey());
              usedTrunks.add(names.get(e.getValue()));
            });
    return plans.isEmpty()
        ? null
        : new PbxWrite(PbxWrite.Kind.TRUNKS_IN_USE, List.copyOf(usedTrunks), List.copyOf(plans));
  }

  /** Deletes trunks no live plan uses, clearing deleted plans' references to them first. */
  private static void removeTrunks(Handle h, Collection<TrunkRow> trunks) {
    if (trunks.isEmpty()) {
      return;
    }
    List<String> ids = trunks.stream().map(TrunkRow::id).toList();
    h.createUpdate(
            "UPDATE plan SET trunk_id = NULL WHERE trunk_id IN (<ids>) AND deleted_at IS NOT NULL")
        .bindList("ids", ids)
        .execute();
    h.createUpdate("DELETE FROM trunk WHERE id IN (<ids>)").bindList("ids", ids).execute();
  }

  private static void insertTrunk(Handle h, String pbxId, TrunkRow t, String now) {
    h.createUpdate(
            """
        INSERT INTO trunk (id, pbx_id, name, max_channels, calls_per_second, created_at,
          updated_at)
        VALUES (:id, :pbx, :name, :maxChannels, :callsPerSecond, :now, :now)""")
        .bindMethods(t)
        .bind("pbx", pbxId)
        .bind("now", now)
        .execute();
  }

  /** The PBXs with their trunks, read in one more query. */
  private static List<PbxRow> withTrunks(Handle h, List<PbxRow> pbxs) {
    if (pbxs.isEmpty()) {
      return pbxs;
    }
    Map<String, List<TrunkRow>> trunks = new LinkedHashMap<>();
    pbxs.forEach(p -> trunks.put(p.id(), new ArrayList<>()));
    h.createQuery("SELECT * FROM trunk WHERE pbx_id IN (<ids>) ORDER BY name, id")
        .bindList("ids", List.copyOf(trunks.keySet()))
        .map((rs, ctx) -> trunk(rs))
        .forEach(t -> trunks.get(t.pbxId()).add(t));
    return pbxs.stream()
        .map(
            p ->
                new PbxRow(
                    p.id(),
                    p.name(),
                    p.detail(),
                    p.amiHost(),
                    p.amiPort(),
                    p.amiUser(),
                    p.secretRef(),
                    trunks.get(p.id())))
        .toList();
  }

  // ---- rows ----------------------------------------------------------------------------------

  /** A trunk name as the unique key {@code (pbx_id, name)} compares it: case ignored. */
  private static String key(String trunkName) {
    return trunkName.toLowerCase(Locale.ROOT);
  }

  private static void requireDistinctTrunkNames(PbxRow pbx) {
    Set<String> seen = new HashSet<>();
    for (TrunkRow t : pbx.trunks()) {
      if (!seen.add(key(t.name()))) {
        throw new IllegalArgumentException(
            "PBX " + pbx.name() + " names trunk " + t.name() + " twice (case is ignored)");
      }
    }
  }

  /** Whether {@code e} comes of a unique key refusing a row (MySQL and MariaDB error 1062). */
  static boolean isDuplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getErrorCode() == 1062) {
        return true;
      }
    }
    return false;
  }

  private static PbxRow pbx(ResultSet rs) throws SQLException {
    return new PbxRow(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("detail"),
        rs.getString("ami_host"),
        rs.getInt("ami_port"),
        rs.getString("ami_user"),
        rs.getString("secret_ref"),
        List.of());
  }

  private static TrunkRow trunk(ResultSet rs) throws SQLException {
    return new TrunkRow(
        rs.getString("id"),
        rs.getString("pbx_id"),
        rs.getString("name"),
        (Integer) rs.getObject("max_channels", Integer.class),
        (Double) rs.getObject("calls_per_second", Double.class));
  }
}
