-- Conditional-write identity: a conditional create/update first claims (type, normalised criteria) here and locks
-- the row, so two writers with the same criteria are serialised and can never create twins; the unique key makes
-- the database, not the code, the final judge (a violation makes the writer retry and find the winner's resource).
CREATE TABLE conditional_identity (
    res_type     VARCHAR(64)  NOT NULL,
    criteria_key VARCHAR(64)  NOT NULL,
    CONSTRAINT pk_conditional_identity PRIMARY KEY (res_type, criteria_key)
);
