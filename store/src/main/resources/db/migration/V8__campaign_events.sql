-- Issue 14: what GET /v1/events streams, kept in order so that a client that comes back with the
-- last event id it saw misses nothing. One row per result recorded (written in the settle
-- transaction that inserts the result) and per change of a campaign's status (written with the
-- row's change). seq orders them; the api-server's feed reads them in seq order and waits a moment
-- on a gap (a transaction that took a seq and has not committed yet). Rows older than the feed's
-- retention are deleted by the api-server.
CREATE TABLE campaign_event (
  seq         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  campaign_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  -- 'result' or 'status'
  kind        VARCHAR(8)  NOT NULL,
  result_id   CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NULL,
  status      INT         NULL,
  reason      VARCHAR(1024) NULL,
  created_at  DATETIME(3) NOT NULL,
  KEY campaign_event_campaign (campaign_id, seq),
  KEY campaign_event_recent (campaign_id, kind, created_at),
  KEY campaign_event_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- When the campaign last moved to START (written with its status), for the API's reads: how long
-- it has been dialing, and with its recent results, when it should finish.
ALTER TABLE campaign ADD COLUMN started_at DATETIME(3) NULL;
