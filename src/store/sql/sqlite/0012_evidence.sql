-- 0012_evidence.sql: evidence items and their chain of custody (issue 10
-- item 1).  The bytes live in the content-addressed store beside the
-- database (<datadir>/evidence/<aa>/<sha256>); a row names them by hash,
-- so the same bytes uploaded twice are one file and two items.  An item
-- recorded without content (a disk in a locked cabinet) has no hash and
-- a location instead.  Items are never deleted: disposal is a custody
-- event (docs/internals/evidence.md).

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    name TEXT NOT NULL,
    original_name TEXT,             -- as received, when sanitising changed it
    description TEXT NOT NULL DEFAULT '',
    has_content INTEGER NOT NULL CHECK (has_content IN (0, 1)),
    size INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL DEFAULT '',
    md5 TEXT NOT NULL DEFAULT '',
    sha1 TEXT NOT NULL DEFAULT '',
    media_type TEXT,
    location TEXT,
    acquired_at INTEGER NOT NULL,
    acquired_by TEXT,
    uploaded_at INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'held',
    custody_count INTEGER NOT NULL DEFAULT 0,
    custody_head TEXT NOT NULL
) STRICT;

CREATE INDEX evidence_incident ON evidence(incident_id, id);
-- Which items a stored file belongs to (verification, dedup).
CREATE INDEX evidence_sha256 ON evidence(sha256);

-- One row per custody event, hash-chained per item.
CREATE TABLE custody_event (
    id INTEGER PRIMARY KEY,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id),
    seq INTEGER NOT NULL,
    action TEXT NOT NULL,
    from_party TEXT NOT NULL DEFAULT '',
    to_party TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (evidence_id, seq)
) STRICT;
