-- 0003_response.sql: the response engine (SPEC C4, C5): triage overrides
-- on the record, the asset inventory, contacts, convocation rules and
-- playbooks (kept as JSON documents), summonses with their delivery
-- outbox, incident tasks and settings.

ALTER TABLE incident ADD COLUMN severity_source TEXT NOT NULL
    DEFAULT 'triage';                -- 'triage' (computed) or 'manual'
ALTER TABLE incident ADD COLUMN severity_reason TEXT; -- why it was overridden
ALTER TABLE incident ADD COLUMN priority_source TEXT NOT NULL
    DEFAULT 'triage';                -- 'triage' or 'manual'

-- Configuration records, validated by core and stored whole as JSON.
CREATE TABLE asset (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,       -- incidents name affected assets by it
    doc TEXT NOT NULL,               -- the record as JSON (json/response_json.c)
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE conv_rule (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- An administrator's playbook for a category replaces kizuki's default.
CREATE TABLE playbook (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,       -- the category key
    doc TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- A rule fires once per incident.
CREATE TABLE conv_fired (
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    rule_id INTEGER NOT NULL REFERENCES conv_rule(id),
    fired_at INTEGER NOT NULL,
    PRIMARY KEY (incident_id, rule_id)
) STRICT, WITHOUT ROWID;

-- One person called to one incident; escalation adds the next step.
CREATE TABLE summons (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    rule_id INTEGER NOT NULL REFERENCES conv_rule(id),
    contact_id INTEGER NOT NULL REFERENCES contact(id),
    role TEXT,                       -- role called for; NULL: named by the rule
    step INTEGER NOT NULL,           -- 0 first call, 1.. escalations
    token_digest TEXT NOT NULL UNIQUE, -- SHA-256 of the acknowledgement token
    created_at INTEGER NOT NULL,
    ack_due_at INTEGER NOT NULL,
    acked_at INTEGER,
    acked_by TEXT,
    escalated INTEGER NOT NULL DEFAULT 0 -- 1: the next step was called
) STRICT;

CREATE INDEX summons_incident ON summons(incident_id);
CREATE INDEX summons_due ON summons(acked_at, escalated, ack_due_at);

-- Durable delivery: a message is written with the change that caused it
-- and deleted from the queue only by being sent (or given up).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    summons_id INTEGER REFERENCES summons(id),
    channel TEXT NOT NULL,           -- 'webhook' or 'email'
    target TEXT NOT NULL,            -- URL or address; URLs may hold secrets
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    idem_key TEXT NOT NULL UNIQUE,   -- Idempotency-Key / Message-ID
    status TEXT NOT NULL,            -- 'pending', 'sent' or 'failed'
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
) STRICT;

CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE task (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    phase TEXT NOT NULL,
    title TEXT NOT NULL,
    owner TEXT,
    due_at INTEGER,
    status TEXT NOT NULL,            -- taxonomy task_status
    done_at INTEGER,
    done_by TEXT,
    source TEXT NOT NULL,            -- 'playbook:<category>' or 'manual'
    first_aid INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX task_incident ON task(incident_id, id);
CREATE INDEX task_open_due ON task(status, due_at);

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,             -- secrets (SMTP password) never leave
    updated_at INTEGER NOT NULL      -- the server through the API
) STRICT;
