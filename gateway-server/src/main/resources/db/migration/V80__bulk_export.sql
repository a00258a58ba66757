-- Bulk Data export jobs (export.* in the code, docs/export.md).
--
-- export_job   one kick-off: who asked (client, purpose, policy, scopes: the AccessContext is rebuilt from the
--              current client registry after a restart), what (kind, parameters as JSON), its horizon
--              (transaction_time and horizon_xid, see export.Horizon) and its state.
-- export_part  one unit of work (one resource type, one chunk of a Group's members), claimed by a node with
--              SELECT ... FOR UPDATE SKIP LOCKED in a transaction held open while the node works on it: a node that
--              dies releases it with its connection, and no two nodes ever hold it at once.
-- export_progress  where a part stands, committed after every page (on another connection than the claim): the
--              next page token, the current file and its committed length, so a resumed part truncates what a
--              crash left beyond it and continues: every resource exactly once.
-- export_file  finished files (output NDJSON and error OperationOutcome NDJSON).
CREATE TABLE export_job (
    job_id            VARCHAR(64)   PRIMARY KEY,
    client_name       VARCHAR(128)  NOT NULL,
    purpose           VARCHAR(32)   NOT NULL,
    policy            VARCHAR(128)  NOT NULL,
    scopes            TEXT[]        NOT NULL,
    request_url       TEXT          NOT NULL,
    base_url          TEXT          NOT NULL,
    parameters        TEXT          NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    transaction_time  BIGINT        NOT NULL,
    horizon_xid       BIGINT        NOT NULL,
    created_at        BIGINT        NOT NULL,
    completed_at      BIGINT,
    expires_at        BIGINT,
    failure           TEXT
);
CREATE INDEX ix_export_job_status ON export_job (status, created_at);

CREATE TABLE export_part (
    job_id     VARCHAR(64)  NOT NULL REFERENCES export_job (job_id) ON DELETE CASCADE,
    part_no    INT          NOT NULL,
    res_type   VARCHAR(64)  NOT NULL,
    members    TEXT[],
    done       BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT pk_export_part PRIMARY KEY (job_id, part_no)
);
CREATE INDEX ix_export_part_open ON export_part (job_id, part_no) WHERE NOT done;

CREATE TABLE export_progress (
    job_id      VARCHAR(64)  NOT NULL,
    part_no     INT          NOT NULL,
    page_token  TEXT,
    file_no     INT          NOT NULL,
    file_bytes  BIGINT       NOT NULL,
    file_count  BIGINT       NOT NULL,
    CONSTRAINT pk_export_progress PRIMARY KEY (job_id, part_no),
    CONSTRAINT fk_export_progress_part FOREIGN KEY (job_id, part_no) REFERENCES export_part (job_id, part_no)
        ON DELETE CASCADE
);

CREATE TABLE export_file (
    job_id     VARCHAR(64)  NOT NULL REFERENCES export_job (job_id) ON DELETE CASCADE,
    file_name  VARCHAR(128) NOT NULL,
    res_type   VARCHAR(64)  NOT NULL,
    is_error   BOOLEAN      NOT NULL,
    part_no    INT          NOT NULL,
    file_no    INT          NOT NULL,
    resources  BIGINT       NOT NULL,
    bytes      BIGINT       NOT NULL,
    CONSTRAINT pk_export_file PRIMARY KEY (job_id, file_name)
);
