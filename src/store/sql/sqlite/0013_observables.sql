-- 0013_observables.sql: observables (indicators) of incidents (issue 10
-- item 2): typed values, normalised by core/observable.c, with TLP and the
-- IOC and sighted flags.  An incident holds each (type, value) once; the
-- same (type, value) on several incidents is what relates them, so it is
-- indexed for "seen in N other incidents" and for finding a value.
-- Removing an observable deletes its row; the chronology and the audit
-- log keep that it existed.

CREATE TABLE observable (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    type TEXT NOT NULL,               -- ipv4, ipv6, cidr, domain, url, …
    value TEXT NOT NULL,              -- normalised
    display TEXT NOT NULL,            -- as shown (Unicode domain, …)
    tlp TEXT NOT NULL DEFAULT 'amber',
    ioc INTEGER NOT NULL DEFAULT 0,
    sighted INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    created_at INTEGER NOT NULL,
    created_by TEXT,
    UNIQUE (incident_id, type, value)
) STRICT;

-- Where a value was seen: every incident carrying (type, value).
CREATE INDEX observable_value ON observable(type, value, incident_id);
