-- 0019_outbox_claim.sql: each outbox message delivered by one server
-- (issue 11 item 3).  A server claims due messages before sending them:
-- 'claimed_by' names it (host, process, random: one per start) and
-- 'claim_until' ends the claim, so that the claims of a server that
-- crashed run out and another server takes the messages over.  Both
-- are NULL while no one holds the message; recording an attempt clears
-- them.  Additive: existing messages are unclaimed.

ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claim_until INTEGER;
