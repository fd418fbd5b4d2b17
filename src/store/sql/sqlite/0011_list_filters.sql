-- 0011_list_filters.sql: what the incident list needs for daily use
-- (issue 10 item 7): the overdue-duties filter and saved filters.

-- The soonest due time of each incident's reporting duties that still
-- apply and are neither filed nor judged not applicable (NULL: none
-- with a due time).  The duties are computed by core/obligation.c from
-- the record, its filings and the regimes switched on; app/duty_due.c
-- writes this row whenever one of those changes, so that "a duty is past
-- its deadline" is an index range (due_at < now), not a computation over
-- every incident.  'rules' names the rules and regimes the row was
-- computed with: a row of other rules, or a missing row, is recomputed
-- when the server starts (existing databases get theirs then).
CREATE TABLE incident_duty_due (
    incident_id INTEGER PRIMARY KEY REFERENCES incident(id),
    due_at INTEGER,
    rules INTEGER NOT NULL
) STRICT;

CREATE INDEX incident_duty_due_at ON incident_duty_due(due_at)
    WHERE due_at IS NOT NULL;

-- A person's saved list filters: a name, and the list's query string in
-- the canonical form app/list_query.c writes (validated like the list's
-- own parameters).  Only the owner sees them; at most one is the
-- default the list opens with.
CREATE TABLE saved_filter (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL REFERENCES account(name),
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (account, name)
) STRICT;

CREATE UNIQUE INDEX saved_filter_default ON saved_filter(account)
    WHERE is_default = 1;
