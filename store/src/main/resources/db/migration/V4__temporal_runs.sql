-- Issue 12: every result links to the Temporal runs that originated and recorded its call. A
-- dialing lane continues as new, so the run that sent an attempt's Originate and the run that
-- recorded its result may differ. The originating workflow and run are written with the
-- ORIGINATE_SENT mark (attempt) and copied to the result with the run that recorded it. Ids are
-- the system's own (workflow ids such as campaign-<uuid>/lane-default-<n>, run ids UUIDs); rows
-- written before this change have none.
ALTER TABLE attempt
  ADD COLUMN workflow_id VARCHAR(255) NULL,
  ADD COLUMN originate_run_id VARCHAR(64) NULL;
ALTER TABLE result
  ADD COLUMN workflow_id VARCHAR(255) NULL,
  ADD COLUMN originate_run_id VARCHAR(64) NULL,
  ADD COLUMN record_run_id VARCHAR(64) NULL;
