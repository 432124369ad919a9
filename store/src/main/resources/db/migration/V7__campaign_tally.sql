-- Issue 14: a campaign's results counted as they are recorded, so that reading a campaign's counts
-- costs a few rows whatever its size, instead of aggregating its result rows on every read.
-- One row per campaign and dial result (resDial, PRODUCT.md's table): how many result rows the
-- campaign has with it. AttemptStore's settle and settleAll add to it in the transaction that
-- inserts the result rows, so it always equals what the result table holds.
CREATE TABLE campaign_tally (
  campaign_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  res_dial    INT    NOT NULL,
  n           BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, res_dial)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The results recorded before this migration.
INSERT INTO campaign_tally (campaign_id, res_dial, n)
SELECT campaign_id, res_dial, COUNT(*) FROM result GROUP BY campaign_id, res_dial;
