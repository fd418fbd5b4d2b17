-- 0007_chronology_for_report.sql (PostgreSQL): a chronology entry marked
-- as belonging in the APPI report's course of events (事実経過); as
-- sql/sqlite/0007_chronology_for_report.sql.  The mark is sealed into the
-- entry's hash when set; entries written before carry 0.
ALTER TABLE chronology ADD COLUMN for_report BIGINT NOT NULL DEFAULT 0
    CHECK (for_report IN (0, 1));
