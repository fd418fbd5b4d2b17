-- 0001_incident.sql: the incident record, its chronology and the
-- reference counters (SPEC C2, C3).  Times are UTC seconds since 1970.
-- A released migration is never edited; changes go in a new file.

CREATE TABLE ref_counter (
    year INTEGER PRIMARY KEY,   -- calendar year of reported_at (display zone)
    last INTEGER NOT NULL       -- highest number handed out; never decreases
) STRICT;

CREATE TABLE incident (
    id INTEGER PRIMARY KEY,          -- internal key; listings page by it
    ref TEXT NOT NULL UNIQUE,        -- INC-2026-0001
    title TEXT NOT NULL,
    description TEXT,
    kind TEXT NOT NULL,              -- taxonomy kind
    category TEXT,                   -- taxonomy category, NULL: not yet
    phase TEXT NOT NULL,             -- taxonomy phase
    severity INTEGER,                -- 1..4 for S1..S4, NULL: not set
    priority INTEGER,                -- 1..4, NULL: not set
    occurred_at INTEGER,
    discovered_at INTEGER NOT NULL,
    reported_at INTEGER NOT NULL,
    phase_times TEXT NOT NULL,       -- JSON object phase -> UTC seconds
    place TEXT,                      -- taxonomy place
    detection_trigger TEXT,          -- taxonomy detection_trigger
    discoverer TEXT,
    reporter TEXT,
    owner TEXT,
    parties TEXT NOT NULL,           -- JSON array of taxonomy party keys
    assets TEXT NOT NULL,            -- JSON array of asset names
    info_types TEXT NOT NULL,        -- JSON array of [type, count|null]
    affected_persons INTEGER,        -- NULL: not known yet
    impacts TEXT NOT NULL,           -- JSON array of taxonomy impact keys
    direct_cause TEXT,
    latent_factors TEXT,
    initial_response TEXT,
    additional_measures TEXT,
    prevention_measures TEXT NOT NULL, -- JSON array of prevention keys
    tags TEXT NOT NULL,              -- JSON array of strings
    tlp TEXT NOT NULL,               -- taxonomy tlp
    restricted INTEGER NOT NULL,     -- 1: need-to-know (members only)
    members TEXT NOT NULL,           -- JSON array; mirrored in incident_member
    version INTEGER NOT NULL,        -- optimistic concurrency, from 1
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    created_by TEXT,                 -- account that filed the report
    chron_count INTEGER NOT NULL DEFAULT 0, -- entries in its chronology
    chron_head TEXT NOT NULL         -- hash of the last entry
) STRICT;

CREATE INDEX incident_phase ON incident(phase, id);
CREATE INDEX incident_category ON incident(category, id);
CREATE INDEX incident_created_by ON incident(created_by, id);

-- Need-to-know members, one row each, so access checks are index lookups.
CREATE TABLE incident_member (
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    username TEXT NOT NULL,
    PRIMARY KEY (incident_id, username)
) STRICT, WITHOUT ROWID;

CREATE INDEX incident_member_user ON incident_member(username, incident_id);

-- SPEC C3: append-only, hash-chained timeline of each incident.
CREATE TABLE chronology (
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    seq INTEGER NOT NULL,            -- 1, 2, ... within the incident
    kind TEXT NOT NULL,              -- taxonomy entry_kind
    actor TEXT NOT NULL,
    at INTEGER NOT NULL,
    body TEXT NOT NULL,
    prev_hash TEXT NOT NULL,         -- hash of entry seq-1 (zeros for 1)
    hash TEXT NOT NULL,              -- SHA-256 link, docs/internals/hashchain.md
    PRIMARY KEY (incident_id, seq)
) STRICT, WITHOUT ROWID;

-- Corrections are new entries: the database itself refuses edits and
-- deletions, and verification catches anyone who drops these triggers.
CREATE TRIGGER chronology_no_update BEFORE UPDATE ON chronology
BEGIN
    SELECT RAISE(ABORT, 'chronology is append-only');
END;

CREATE TRIGGER chronology_no_delete BEFORE DELETE ON chronology
BEGIN
    SELECT RAISE(ABORT, 'chronology is append-only');
END;
