-- 0020_signin_throttle.sql: failed sign-ins counted where every kizuki
-- server sees them (PostgreSQL), as
-- src/store/sql/sqlite/0020_signin_throttle.sql says why.
CREATE TABLE IF NOT EXISTS signin_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    pending BIGINT NOT NULL,
    pending_at BIGINT NOT NULL,
    last BIGINT NOT NULL,
    wait_until BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS signin_throttle_last ON signin_throttle(last);
