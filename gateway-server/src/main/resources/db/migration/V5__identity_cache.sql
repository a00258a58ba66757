-- H2 writes out its whole store (every page changed since the last commit, of every table) each time an identity
-- sequence runs out of cached values, 32 by default: measured at a fifth of the write CPU under load. A large cache
-- only costs a gap in the numbers after a crash. PostgreSQL keeps its default (identity_cache = 1): its cache is per
-- session, which would interleave the numbers of concurrent writers.
ALTER TABLE resource ALTER COLUMN res_pk SET CACHE ${identity_cache};
ALTER TABLE change_log ALTER COLUMN seq SET CACHE ${identity_cache};
