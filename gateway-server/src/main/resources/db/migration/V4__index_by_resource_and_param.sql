-- Per-resource lookups (sort values, :missing, deletes) use (res_pk, param_hash): one probe per resource
-- instead of a scan of every row of the parameter.
DROP INDEX ix_token_res;
CREATE INDEX ix_token_res_param ON idx_token (res_pk, param_hash);
DROP INDEX ix_string_res;
CREATE INDEX ix_string_res_param ON idx_string (res_pk, param_hash);
DROP INDEX ix_date_res;
CREATE INDEX ix_date_res_param ON idx_date (res_pk, param_hash);
DROP INDEX ix_number_res;
CREATE INDEX ix_number_res_param ON idx_number (res_pk, param_hash);
DROP INDEX ix_quantity_res;
CREATE INDEX ix_quantity_res_param ON idx_quantity (res_pk, param_hash);
DROP INDEX ix_uri_res;
CREATE INDEX ix_uri_res_param ON idx_uri (res_pk, param_hash);
DROP INDEX ix_reference_res;
CREATE INDEX ix_reference_res_param ON idx_reference (res_pk, param_hash);
