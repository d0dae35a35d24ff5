-- Facts about the event store itself, e.g. whether the last run closed it (and so stored every event).
CREATE TABLE store_state (
    name   VARCHAR(64)  NOT NULL PRIMARY KEY,
    val    VARCHAR(256) NOT NULL
);
