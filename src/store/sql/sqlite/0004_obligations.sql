-- 0004_obligations.sql: what the reporting duties and the damage model
-- need on the record, the filings of each obligation, the cost ledger,
-- disclosures with the facts as stated, and aftercare (SPEC C7-C10).

-- aware_at, possible_leak, leak_kinds, leak_indicators, encrypted,
-- improper_purpose, eu_data_subjects, social_responsibility,
-- response_evaluation, materiality_determined_at: one JSON object.
ALTER TABLE incident ADD COLUMN reporting TEXT NOT NULL DEFAULT '{}';

-- What was done about one reporting duty of one incident.
CREATE TABLE obligation_filing (
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    key TEXT NOT NULL,               -- appi_preliminary, gdpr_authority, ...
    status TEXT NOT NULL,            -- 'filed' or 'not_applicable'
    filed_at INTEGER,                -- when it was filed
    reference TEXT,                  -- the authority's receipt number
    reason TEXT,                     -- why it does not apply / how it was met
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (incident_id, key)
) STRICT, WITHOUT ROWID;

CREATE TABLE cost (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    category TEXT NOT NULL,          -- taxonomy cost_category
    amount_yen INTEGER NOT NULL,
    note TEXT,
    spent_on INTEGER,                -- when the cost arose
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
) STRICT;

CREATE INDEX cost_incident ON cost(incident_id, id);

-- Every communication that went out, with the facts as stated then.
CREATE TABLE disclosure (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    kind TEXT NOT NULL,              -- taxonomy disclosure_kind
    audience TEXT,                   -- who it went to
    sent_at INTEGER NOT NULL,
    summary TEXT,
    facts TEXT NOT NULL,             -- JSON snapshot of the stated facts
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
) STRICT;

CREATE INDEX disclosure_incident ON disclosure(incident_id, id);

-- Contacts with affected persons and requests to wrong recipients.
CREATE TABLE aftercare (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    kind TEXT NOT NULL,              -- taxonomy aftercare_kind
    party TEXT NOT NULL,             -- who (a name, or "顧客 123名")
    count INTEGER NOT NULL DEFAULT 1, -- how many persons it covers
    sent_at INTEGER,
    confirmed_at INTEGER,            -- NULL: not confirmed yet
    note TEXT,
    version INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
) STRICT;

CREATE INDEX aftercare_incident ON aftercare(incident_id, id);
