-- Passkeys (WebAuthn credentials), a user's second sign-in factor for the web console. Shared by a
-- fleet like the users they belong to. 'credential' is the authenticator's attested credential data
-- (AAGUID, credential ID, COSE public key), base64url; 'credential_id' the credential ID, base64url.
CREATE TABLE passkeys (
    id            VARCHAR(32)              NOT NULL PRIMARY KEY,
    username      VARCHAR(64)              NOT NULL,
    name          VARCHAR(64)              NOT NULL,
    credential_id VARCHAR(1400)            NOT NULL,
    credential    VARCHAR(4096)            NOT NULL,
    sign_count    BIGINT                   NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at  TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX passkeys_credential ON passkeys (credential_id);
CREATE INDEX passkeys_user ON passkeys (username);

-- The open passkey ceremonies: a registration, or a sign-in waiting for its second step. Each is
-- spent by its first answer and lasts a few minutes; the client holds a random handle, kept here
-- only as its SHA-256 hash.
CREATE TABLE passkey_challenges (
    handle_hash   VARCHAR(64)              NOT NULL PRIMARY KEY,
    username      VARCHAR(64)              NOT NULL,
    purpose       VARCHAR(16)              NOT NULL,
    challenge     VARCHAR(64)              NOT NULL,
    device        VARCHAR(64),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
