-- A failed message holds its lane (patient): the lane's later messages, and a merge naming that lane, stay
-- 'received' while an earlier message of the lane is 'failed' ("held", derived, not stored). An administrator
-- releases the lane by replaying the failed message ($hl7v2-replay) or by skipping it ($hl7v2-skip):
--
-- status: skipped   was failed; an administrator decided it is not to be applied (final, never deleted)
--
-- released_by / released_at: who (the admin client name) and when the failed message was last replayed or skipped.
-- Numbered after V30 (already applied on existing databases): Flyway refuses a lower version it has not applied.
-- The hold query (status = 'failed' AND lane = ? / merge_lane = ?) uses inbox_pending and inbox_merge_pending.
ALTER TABLE inbox ADD COLUMN released_by VARCHAR(200);
ALTER TABLE inbox ADD COLUMN released_at TIMESTAMP WITH TIME ZONE;
