-- 0020_signin_throttle.sql: failed sign-ins counted where every kizuki
-- server sees them (issue 11, item 3).
--
-- One row per account name and per client address ("u:" or "a:" and
-- the SHA-256 of the name or address in hex: the names people type,
-- sometimes a password in the wrong field, are not kept).  Used on
-- PostgreSQL, where several servers share one database: counted in one
-- server's memory, an attacker alternating between two servers got twice
-- the tries.  A server on SQLite counts in its own memory
-- (src/app/throttle.c says why) and leaves this table empty; it exists
-- here so that both schemas stay alike and a store moved between the
-- engines has it.  IF NOT EXISTS: a test takes a database back to an
-- older schema by removing rows of schema_version only.
CREATE TABLE IF NOT EXISTS signin_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,   -- failed checks since the last success
    pending INTEGER NOT NULL,    -- checks reserved and not yet settled
    pending_at INTEGER NOT NULL, -- the latest reservation: a lease, so a
                                 -- server that died mid-check frees it
    last INTEGER NOT NULL,       -- the latest failure (or the first try)
    wait_until INTEGER NOT NULL  -- no check before this time
);
CREATE INDEX IF NOT EXISTS signin_throttle_last ON signin_throttle(last);
