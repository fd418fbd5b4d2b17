-- 0014_alerts.sql: alerts from detection tools (issue 10 item 3).
-- One row per (source, source_ref): the same alert sent again counts a
-- repeat on its row.  'group_of' is the id of the first alert of the
-- group (same fingerprint within the grouping window); NULL when the
-- alert started its own group, so that a new alert is one INSERT (its
-- id is not known before it).  Observables are kept as text, one
-- "type<TAB>value" line each (core/alert.h), in the order sent.

CREATE TABLE alert (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    source_ref TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    severity TEXT,                   -- info, low, medium, high, critical
    occurred_at INTEGER,
    observables TEXT NOT NULL DEFAULT '',
    raw TEXT,                        -- the tool's JSON as received
    fingerprint TEXT NOT NULL,
    group_of INTEGER,                -- NULL: its own group
    status TEXT NOT NULL DEFAULT 'new',
    reason TEXT,
    repeat_count INTEGER NOT NULL DEFAULT 1,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    incident_id INTEGER REFERENCES incident(id),
    updated_at INTEGER,
    updated_by TEXT,
    UNIQUE (source, source_ref)
) STRICT;

-- Grouping looks for the latest alert of a fingerprint in the window.
CREATE INDEX alert_fingerprint ON alert(fingerprint, last_seen);
-- The queue's filters, newest first.
CREATE INDEX alert_status ON alert(status, id);
CREATE INDEX alert_group ON alert(coalesce(group_of, id), id);
