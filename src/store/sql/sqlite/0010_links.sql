-- 0010_links.sql: links between incidents (issue 10 item 5): related,
-- duplicate of, caused by, part of.  One row per link, from the incident
-- it was made on; the other incident shows it under the inverse name.
-- Removing a mistaken link deletes its row; the chronologies of both
-- incidents and the audit log keep that it existed.

CREATE TABLE incident_link (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,              -- related, duplicate_of, caused_by, part_of
    from_id INTEGER NOT NULL REFERENCES incident(id),
    to_id INTEGER NOT NULL REFERENCES incident(id),
    created_at INTEGER NOT NULL,
    created_by TEXT,
    CHECK (from_id <> to_id),
    UNIQUE (from_id, to_id, kind)
) STRICT;

-- Links are read from both ends.
CREATE INDEX incident_link_to ON incident_link(to_id, id);

-- Possible duplicates are looked for among incidents of one category
-- discovered within a few days.
CREATE INDEX incident_category_discovered
    ON incident(category, discovered_at);
