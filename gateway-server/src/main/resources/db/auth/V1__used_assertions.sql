-- SMART Backend Services client assertions already used (jti), kept until they expire, so that no node of a
-- deployment sharing this database accepts the same assertion twice. Owned by server.auth (own Flyway history table).
CREATE TABLE auth_used_assertion (
    client_name VARCHAR(200) NOT NULL,
    jti         VARCHAR(300) NOT NULL,
    expires_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (client_name, jti)
);
CREATE INDEX auth_used_assertion_expiry ON auth_used_assertion (expires_at);
