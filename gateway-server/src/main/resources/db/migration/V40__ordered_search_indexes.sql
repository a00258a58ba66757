-- _sort on a date walks these in order and stops after a page (search.OrderedWalk): ascending by the lowest lo of
-- a resource, descending by the highest hi, ties by res_pk ascending in both. They replace ix_date_lo
-- (param_hash, lo, hi, res_pk) and ix_date_hi (param_hash, hi, res_pk), which range predicates used the same way.
DROP INDEX ix_date_lo;
CREATE INDEX ix_date_lo_pk ON idx_date (param_hash, lo, res_pk, hi);
DROP INDEX ix_date_hi;
CREATE INDEX ix_date_hi_pk ON idx_date (param_hash, hi DESC, res_pk);
-- Unsorted searches walk the resources of a type in res_pk order.
CREATE INDEX ix_resource_type_pk ON resource (res_type, res_pk);
