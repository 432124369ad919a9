-- Issue 15: do-not-call lists. A number on a list that applies to a campaign is never dialed by it:
-- a global list applies to every campaign, any other to the campaigns attached to it. Numbers are
-- kept normalised (PhoneNumbers: E.164 when the list's region, or a leading +, makes them a phone
-- number; else their digits), as the number dialed is normalised before it is looked up.
CREATE TABLE dnc_list (
  id          CHAR(36)     CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL PRIMARY KEY,
  name        VARCHAR(255) NOT NULL,
  -- ISO 3166 alpha-2 region numbers without a leading + are read in (FR: 01 23 45 67 89)
  region      VARCHAR(2)   NULL,
  is_global   TINYINT(1)   NOT NULL DEFAULT 0,
  created_at  DATETIME(3)  NOT NULL,
  updated_at  DATETIME(3)  NOT NULL,
  KEY dnc_list_global (is_global)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A number on a list, normalised. The number's own index serves the check before an originate.
CREATE TABLE dnc_number (
  list_id   CHAR(36)    CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  number    VARCHAR(64) COLLATE utf8mb4_bin NOT NULL,
  added_at  DATETIME(3) NOT NULL,
  PRIMARY KEY (list_id, number),
  KEY dnc_number_number (number),
  CONSTRAINT dnc_number_list FOREIGN KEY (list_id) REFERENCES dnc_list (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The lists, other than the global ones, a campaign is held to.
CREATE TABLE campaign_dnc_list (
  campaign_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  list_id     CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  PRIMARY KEY (campaign_id, list_id),
  KEY campaign_dnc_list_list (list_id),
  CONSTRAINT campaign_dnc_list_list FOREIGN KEY (list_id) REFERENCES dnc_list (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- How many of a campaign's attempts each calling rule held back ('dnc': a number on a list),
-- counted in the transaction that records their results.
CREATE TABLE campaign_held (
  campaign_id CHAR(36)    CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  rule        VARCHAR(16) NOT NULL,
  n           BIGINT      NOT NULL,
  PRIMARY KEY (campaign_id, rule)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
