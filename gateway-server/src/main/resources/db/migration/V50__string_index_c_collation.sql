-- The prefix match of string searches (val_norm LIKE 'abc%') can use the (param_hash, val_norm) index only under the
-- C collation. The embedded server's cluster is created with it; an external server's database usually has another
-- (en_US.UTF-8, C.UTF-8), and then every name search read all the rows of its parameter. The values are normalised
-- (lower case, no accents), so byte order is also the order _sort gives, the same on every server.
ALTER TABLE idx_string ALTER COLUMN val_norm TYPE VARCHAR(512) COLLATE "C";
