-- R4 Subscriptions (docs/subscriptions.md). The Subscription resource itself is an ordinary stored resource; this
-- row is what the gateway needs to deliver it: the parsed criteria, the channel and the owner (the client that
-- created it, whose AccessContext is rebuilt from the configuration at each delivery).
CREATE TABLE subscription (
    sub_id         VARCHAR(64)  PRIMARY KEY,
    criteria_type  VARCHAR(64)  NOT NULL,
    criteria       TEXT         NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    owner_client   VARCHAR(128) NOT NULL,
    owner_purpose  VARCHAR(32)  NOT NULL,
    endpoint       TEXT         NOT NULL,
    headers        TEXT[]       NOT NULL,
    payload        VARCHAR(16)  NOT NULL,
    error          TEXT,
    events         BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX ix_subscription_active_type ON subscription (criteria_type) WHERE status = 'active';

-- Changes to notify, written in the same transaction as the write itself (only for types some active subscription
-- watches). The writer holds an advisory lock on the lane (the patient) from this insert to its commit, so within
-- one lane seq order is commit order. Rows go once matched against the subscriptions.
CREATE TABLE subscription_outbox (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    res_type      VARCHAR(64)  NOT NULL,
    res_id        VARCHAR(64)  NOT NULL,
    version       BIGINT       NOT NULL,
    lane          VARCHAR(200) NOT NULL,
    committed_at  BIGINT       NOT NULL
);

-- One notification to deliver to one subscription; deleted once the receiver answered 2xx. The head of a
-- (subscription, lane) is the row with the lowest outbox_seq: only it may be delivered.
CREATE TABLE subscription_notification (
    notification_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sub_id            VARCHAR(64)  NOT NULL,
    outbox_seq        BIGINT       NOT NULL,
    lane              VARCHAR(200) NOT NULL,
    res_type          VARCHAR(64)  NOT NULL,
    res_id            VARCHAR(64)  NOT NULL,
    version           BIGINT       NOT NULL,
    committed_at      BIGINT       NOT NULL,
    attempts          INT          NOT NULL DEFAULT 0,
    next_attempt_at   BIGINT       NOT NULL,
    first_failure_at  BIGINT,
    leased_until      BIGINT,
    last_error        TEXT,
    CONSTRAINT uq_notification UNIQUE (sub_id, outbox_seq)
);
CREATE INDEX ix_notification_lane ON subscription_notification (sub_id, lane, outbox_seq);
CREATE INDEX ix_notification_due ON subscription_notification (next_attempt_at);
