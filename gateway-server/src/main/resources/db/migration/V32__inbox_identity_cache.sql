-- See V5: the inbox id sequence, cached for the same reason (one store write per 32 received messages otherwise).
ALTER TABLE inbox ALTER COLUMN id SET CACHE ${identity_cache};
