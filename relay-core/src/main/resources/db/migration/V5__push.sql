-- Web Push subscriptions: one per browser and relay (each relay signs its pushes with its own VAPID
-- key), tied to the login (refresh-token family) that made it, so a revoked or signed-out device gets
-- nothing more.
CREATE TABLE push_subscriptions (
    relay       VARCHAR(64)              DEFAULT 'local' NOT NULL,
    endpoint    VARCHAR(2048)            NOT NULL,
    username    VARCHAR(64)              NOT NULL,
    family_id   VARCHAR(64)              NOT NULL,
    p256dh      VARCHAR(128)             NOT NULL,
    auth        VARCHAR(64)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (relay, endpoint)
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (username);

-- The asks and task endings already pushed, so none is pushed twice (a reconnect, a relay restart).
CREATE TABLE push_sent (
    relay       VARCHAR(64)              DEFAULT 'local' NOT NULL,
    session_id  VARCHAR(128)             NOT NULL,
    task_id     VARCHAR(128)             NOT NULL,
    ask_ts      BIGINT                   NOT NULL,
    sent_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (relay, session_id, task_id, ask_ts)
);
