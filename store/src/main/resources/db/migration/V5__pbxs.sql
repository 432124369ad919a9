-- Issue 13: several PBXs. A pbx row is how workers reach one Asterisk's AMI. Its secret is never
-- stored: secret_ref names where the worker reads it, an environment variable (env:NAME) or a file
-- (file:/path). The name is the PBX's dialing lanes' and task queue's name
-- (campaign-<id>/lane-<name>-<n>, outdial-pbx-<name>): lower-case ASCII letters, digits and '-',
-- fixed once created. "default" is the PBX a worker reaches through its AMI_* environment; plans
-- that name no trunk dial through it, as before this change.
CREATE TABLE pbx (
  id          CHAR(36)     CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL PRIMARY KEY,
  name        VARCHAR(48)  NOT NULL,
  detail      TEXT         NULL,
  ami_host    VARCHAR(255) NOT NULL,
  ami_port    INT          NOT NULL DEFAULT 5038,
  ami_user    VARCHAR(64)  NOT NULL,
  secret_ref  VARCHAR(255) NOT NULL,
  created_at  DATETIME(3)  NOT NULL,
  updated_at  DATETIME(3)  NOT NULL,
  UNIQUE KEY pbx_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A trunk of a PBX and its limits, which hold across every campaign dialing through it (null: no
-- limit of its own).
CREATE TABLE trunk (
  id               CHAR(36)     CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL PRIMARY KEY,
  pbx_id           CHAR(36)     CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  name             VARCHAR(64)  NOT NULL,
  max_channels     INT          NULL,
  calls_per_second DOUBLE       NULL,
  created_at       DATETIME(3)  NOT NULL,
  updated_at       DATETIME(3)  NOT NULL,
  UNIQUE KEY trunk_name (pbx_id, name),
  CONSTRAINT trunk_pbx FOREIGN KEY (pbx_id) REFERENCES pbx (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The trunk a plan dials through (null: the default PBX, no trunk limits).
ALTER TABLE plan
  ADD COLUMN trunk_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NULL,
  ADD CONSTRAINT plan_trunk FOREIGN KEY (trunk_id) REFERENCES trunk (id);

-- The PBX an attempt's Originate went to, written with its ORIGINATE_SENT mark: a worker recovers
-- and sweeps the attempts of the PBXs it serves only. Rows from before this change went to the
-- default PBX.
ALTER TABLE attempt
  ADD COLUMN pbx VARCHAR(48) NOT NULL DEFAULT 'default',
  ADD KEY attempt_pbx_state (pbx, state);
