-- One-time pairing codes (a QR code shown to a signed-in person), kept only as SHA-256 hashes.
CREATE TABLE pairing_codes (
    code_hash   VARCHAR(64)              NOT NULL PRIMARY KEY,
    username    VARCHAR(64)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE
);

-- Phones and other browsers signed in by pairing: a named login (refresh-token family) of a user.
CREATE TABLE devices (
    id          VARCHAR(32)              NOT NULL PRIMARY KEY,
    username    VARCHAR(64)              NOT NULL,
    name        VARCHAR(64)              NOT NULL,
    family_id   VARCHAR(64)              NOT NULL,
    paired_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX devices_user ON devices (username);
CREATE INDEX devices_family ON devices (family_id);
