-- 0007_chronology_for_report.sql: a person may mark a chronology entry
-- when writing it as belonging in the APPI report's course of events
-- (事実経過).  The mark is sealed into the entry's hash when set (docs/
-- internals/hashchain.md); entries written before carry 0 and keep their
-- hashes, so existing chains still verify.
ALTER TABLE chronology ADD COLUMN for_report INTEGER NOT NULL DEFAULT 0
    CHECK (for_report IN (0, 1));
