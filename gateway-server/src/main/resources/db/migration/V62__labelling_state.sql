-- Which labelling the stored labels agree with (store.Relabelling): the fingerprint of the labeller's ValueSets
-- and rules. Null: not known (data written before labels existed, V60), so the first start re-labels everything.
-- The one row is inserted by the first gateway to start (store.Relabelling), not here: a restore needs the
-- migrated schema empty.
-- While a sweep runs, target is the labelling it moves to, phase what it walks (Patients first, so that their
-- compartments inherit the right confidentiality, then the rest) and done_through the last res_pk it finished.
CREATE TABLE labelling_state (
    singleton     BOOLEAN      PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    fingerprint   VARCHAR(64),
    target        VARCHAR(64),
    phase         VARCHAR(16)  NOT NULL DEFAULT 'patients',
    done_through  BIGINT       NOT NULL DEFAULT 0
);
