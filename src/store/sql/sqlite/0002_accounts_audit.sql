-- 0002_accounts_audit.sql: accounts, API tokens, sessions and the global
-- hash-chained audit log (SPEC C15).  Secrets are stored only as SHA-256
-- digests; passwords only as Argon2id hashes.

CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,       -- lower-case login name
    role TEXT NOT NULL,              -- taxonomy role
    password_hash TEXT,              -- Argon2id (libsodium); NULL: no password
    disabled INTEGER NOT NULL DEFAULT 0, -- 1: may not sign in or use tokens
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE api_token (
    id TEXT PRIMARY KEY,             -- public part of the token (hex)
    account_id INTEGER NOT NULL REFERENCES account(id),
    digest TEXT NOT NULL,            -- SHA-256 hex of the secret part
    label TEXT NOT NULL DEFAULT '',  -- what the token is for
    created_at INTEGER NOT NULL,
    expires_at INTEGER,              -- NULL: does not expire
    revoked INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX api_token_account ON api_token(account_id);

CREATE TABLE session (
    id TEXT PRIMARY KEY,             -- public part of the cookie (hex)
    account_id INTEGER NOT NULL REFERENCES account(id),
    digest TEXT NOT NULL,            -- SHA-256 hex of the secret part
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX session_account ON session(account_id);

-- One chain over the whole store; 'audit_head' records where it ends so
-- that removing the newest entries is detected too.
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,         -- 1, 2, ...
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,             -- account name, '-' when unknown
    action TEXT NOT NULL,            -- login.failure, incident.update, ...
    target TEXT NOT NULL,            -- INC-2026-0001, user:alice, ''
    source TEXT NOT NULL,            -- client address, 'cli' for commands
    detail TEXT NOT NULL,            -- JSON or ''
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
) STRICT;

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL,
    hash TEXT NOT NULL
) STRICT;

INSERT INTO audit_head(id, count, hash) VALUES
    (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
