-- 0004_obligations.sql: what the reporting duties and the damage model
-- need on the record, and the items the response produces around an
-- incident (SPEC C7-C10).

-- aware_at, possible_leak, leak_kinds, leak_indicators, encrypted,
-- improper_purpose, eu_data_subjects, social_responsibility,
-- response_evaluation, materiality_determined_at: one JSON object.
ALTER TABLE incident ADD COLUMN reporting TEXT NOT NULL DEFAULT '{}';

-- What the response produced around one incident, kept as JSON
-- documents validated by core: filings of reporting duties, the cost
-- ledger, disclosures with the facts as stated, aftercare contacts and
-- who finds which unknown fact.
CREATE TABLE incident_item (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    kind TEXT NOT NULL,              -- filing, cost, disclosure, aftercare,
                                     -- fact_owner
    key TEXT,                        -- filing: the duty; fact_owner: the
                                     -- fact; NULL for the other kinds
    doc TEXT NOT NULL,               -- the item as JSON
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX incident_item_key ON incident_item(incident_id, kind, key)
    WHERE key IS NOT NULL;
CREATE INDEX incident_item_of ON incident_item(incident_id, kind, id);
