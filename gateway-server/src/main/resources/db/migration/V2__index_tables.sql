-- Search index rows for the CURRENT version of each resource only, one table per parameter kind.
-- param_hash = hash(resource type, parameter name); token and uri hashes also include the parameter,
-- so every lookup is one indexed equality.
CREATE TABLE idx_token (
    res_pk          BIGINT        NOT NULL,
    param_hash      BIGINT        NOT NULL,
    hash_value      BIGINT        NOT NULL,
    hash_system     BIGINT        NOT NULL,
    hash_sys_value  BIGINT        NOT NULL,
    sys             VARCHAR(512),
    val             VARCHAR(512),
    text_norm       VARCHAR(512)
);
CREATE INDEX ix_token_value ON idx_token (hash_value, res_pk);
CREATE INDEX ix_token_system ON idx_token (hash_system, res_pk);
CREATE INDEX ix_token_sys_value ON idx_token (hash_sys_value, res_pk);
CREATE INDEX ix_token_param ON idx_token (param_hash, res_pk);
CREATE INDEX ix_token_res ON idx_token (res_pk);

CREATE TABLE idx_string (
    res_pk      BIGINT         NOT NULL,
    param_hash  BIGINT         NOT NULL,
    val_norm    VARCHAR(512)   NOT NULL,
    val_exact   VARCHAR(512)   NOT NULL
);
CREATE INDEX ix_string_norm ON idx_string (param_hash, val_norm, res_pk);
CREATE INDEX ix_string_res ON idx_string (res_pk);

-- Dates as inclusive epoch-millisecond ranges [lo, hi], so precision is kept (a year is a whole year).
CREATE TABLE idx_date (
    res_pk      BIGINT   NOT NULL,
    param_hash  BIGINT   NOT NULL,
    lo          BIGINT   NOT NULL,
    hi          BIGINT   NOT NULL
);
CREATE INDEX ix_date_lo ON idx_date (param_hash, lo, hi, res_pk);
CREATE INDEX ix_date_hi ON idx_date (param_hash, hi, res_pk);
CREATE INDEX ix_date_res ON idx_date (res_pk);

CREATE TABLE idx_number (
    res_pk      BIGINT          NOT NULL,
    param_hash  BIGINT          NOT NULL,
    val         NUMERIC(38, 10) NOT NULL
);
CREATE INDEX ix_number_val ON idx_number (param_hash, val, res_pk);
CREATE INDEX ix_number_res ON idx_number (res_pk);

CREATE TABLE idx_quantity (
    res_pk      BIGINT          NOT NULL,
    param_hash  BIGINT          NOT NULL,
    val         NUMERIC(38, 10) NOT NULL,
    sys         VARCHAR(256),
    code        VARCHAR(128)
);
CREATE INDEX ix_quantity_val ON idx_quantity (param_hash, val, res_pk);
CREATE INDEX ix_quantity_res ON idx_quantity (res_pk);

CREATE TABLE idx_uri (
    res_pk      BIGINT          NOT NULL,
    param_hash  BIGINT          NOT NULL,
    hash_uri    BIGINT          NOT NULL,
    uri         VARCHAR(1024)   NOT NULL
);
CREATE INDEX ix_uri_hash ON idx_uri (hash_uri, res_pk);
CREATE INDEX ix_uri_param ON idx_uri (param_hash, uri);
CREATE INDEX ix_uri_res ON idx_uri (res_pk);

-- References: local ones as (target_type, target_id); absolute URLs kept in target_url.
CREATE TABLE idx_reference (
    res_pk       BIGINT          NOT NULL,
    param_hash   BIGINT          NOT NULL,
    target_type  VARCHAR(64),
    target_id    VARCHAR(64),
    target_url   VARCHAR(1024)
);
CREATE INDEX ix_reference_param_target ON idx_reference (param_hash, target_type, target_id, res_pk);
CREATE INDEX ix_reference_target ON idx_reference (target_type, target_id, res_pk);
CREATE INDEX ix_reference_url ON idx_reference (param_hash, target_url);
CREATE INDEX ix_reference_res ON idx_reference (res_pk);
