-- 0019_outbox_claim.sql (PostgreSQL): as sql/sqlite/0019_outbox_claim.sql.
-- Servers claim due messages with UPDATE … WHERE id IN (SELECT …
-- FOR UPDATE SKIP LOCKED), so two servers claiming at the same moment
-- take different messages; 'claim_until' lets the claims of a crashed
-- server run out.

ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claim_until BIGINT;
