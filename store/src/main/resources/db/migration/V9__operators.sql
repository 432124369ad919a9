-- Issue 14: the people who sign in to the API and its console, each with a token of their own, so
-- that the history of a campaign names who started or stopped it. A viewer reads; a supervisor
-- also creates, changes, imports and starts, stops, pauses and force-stops campaigns. Only the
-- token's SHA-256 digest is kept: the token itself is shown once, when the operator is created.
CREATE TABLE operator (
  name         VARCHAR(64) NOT NULL PRIMARY KEY,
  -- 'viewer' or 'supervisor'
  role         VARCHAR(16) NOT NULL,
  token_sha256 BINARY(32)  NOT NULL,
  created_at   DATETIME(3) NOT NULL,
  -- the operator (or 'api', the shared token) who created it
  created_by   VARCHAR(64) NOT NULL,
  UNIQUE KEY operator_token (token_sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
