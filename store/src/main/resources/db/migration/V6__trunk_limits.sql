-- Issue 13: a trunk's limits hold across every campaign dialing through it. Each originate on a
-- trunk with limits first takes the trunk's row lock (TrunkStore.take) and is given a channel and
-- a moment to leave, or told to wait.

-- The next moment a call may leave through the trunk, in microseconds since the epoch by the
-- database's clock (null: now): its calls-per-second limit spaces the moments it hands out.
ALTER TABLE trunk
  ADD COLUMN next_slot_us BIGINT NULL;

-- The trunk an attempt was given a channel of, and the moment it was given to leave (while it is
-- still RESERVED, that channel is held for it). An attempt in ORIGINATE_SENT with a trunk holds
-- one of its channels until the worker sees its call end (call_ended_at, every channel of the call
-- hung up; its result is recorded a little later) or it is settled.
ALTER TABLE attempt
  ADD COLUMN trunk_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NULL,
  ADD COLUMN trunk_slot_us BIGINT NULL,
  ADD COLUMN call_ended_at DATETIME(3) NULL,
  ADD KEY attempt_trunk_state (trunk_id, state);
