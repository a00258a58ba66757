-- Enhanced acknowledgment mode: the application acknowledgment (per MSH-16) built once the message was applied or
-- failed. Kept for the sender to collect / the admin API; not pushed to the sender (no outbound connection yet).
ALTER TABLE inbox ADD COLUMN app_ack_text TEXT;
