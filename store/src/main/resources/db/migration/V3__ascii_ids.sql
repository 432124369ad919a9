-- Ids (UUIDs) as ASCII with a simple case-insensitive collation instead of utf8mb4_unicode_ci,
-- whose Unicode comparisons made every primary-key and foreign-key lookup of a 36-character id
-- costly: a bulk import of dial list entries writes about 1.6 times the rows per second with
-- these (api-server/bench/import-bench.sh). Still case-insensitive, as before. MariaDB does not
-- let a column of a foreign key change type, so the four foreign keys are dropped first and made
-- again, unchanged, once both sides are ASCII.
ALTER TABLE dl_entry DROP FOREIGN KEY dl_entry_dlma;
ALTER TABLE campaign DROP FOREIGN KEY campaign_plan, DROP FOREIGN KEY campaign_destination,
  DROP FOREIGN KEY campaign_dlma;

ALTER TABLE plan
  MODIFY id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL;
ALTER TABLE destination
  MODIFY id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL;
ALTER TABLE dlma
  MODIFY id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL;
ALTER TABLE dl_entry
  MODIFY id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY dlma_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL;
ALTER TABLE campaign
  MODIFY id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY plan_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY destination_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY dlma_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY next_campaign_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NULL;
ALTER TABLE attempt
  MODIFY id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY campaign_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY entry_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL;
ALTER TABLE result
  MODIFY id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY attempt_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY campaign_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  MODIFY entry_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL;

ALTER TABLE dl_entry ADD CONSTRAINT dl_entry_dlma FOREIGN KEY (dlma_id) REFERENCES dlma (id);
ALTER TABLE campaign
  ADD CONSTRAINT campaign_plan FOREIGN KEY (plan_id) REFERENCES plan (id),
  ADD CONSTRAINT campaign_destination FOREIGN KEY (destination_id) REFERENCES destination (id),
  ADD CONSTRAINT campaign_dlma FOREIGN KEY (dlma_id) REFERENCES dlma (id);
