-- Several relays may share one database: what belongs to one relay carries its name. A relay on its own
-- embedded database keeps its rows under 'local'.
ALTER TABLE events ADD COLUMN relay VARCHAR(64) DEFAULT 'local' NOT NULL;
ALTER TABLE events DROP PRIMARY KEY;
ALTER TABLE settings ADD COLUMN relay VARCHAR(64) DEFAULT 'local' NOT NULL;
ALTER TABLE settings DROP PRIMARY KEY;
ALTER TABLE store_state ADD COLUMN relay VARCHAR(64) DEFAULT 'local' NOT NULL;
ALTER TABLE store_state DROP PRIMARY KEY;
ALTER TABLE events ADD PRIMARY KEY (relay, session_id, seq);
ALTER TABLE settings ADD PRIMARY KEY (relay, session_id);
ALTER TABLE store_state ADD PRIMARY KEY (relay, name);

-- Which relay did what (its name), in a database several relays share.
ALTER TABLE audit ADD COLUMN relay VARCHAR(64);
