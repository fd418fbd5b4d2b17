-- 0017_search.sql: full-text search (issue 10 item 6,
-- docs/internals/search.md).  search_doc is the generic document table:
-- one row per indexed text (incident title, description, timeline entry,
-- task title, ...), kept by the triggers below in the transaction of the
-- change.  search_fts indexes the text with kizuki's own tokenizer
-- (bigrams of NFKC-normalised text, registered on every connection by
-- sqlite_search.c, see below for its name).
--
-- A document's id is ((2^39 - 1 - incident id) << 24) + n: the index
-- returns matches in id order, which is then incidents newest first, each
-- one's documents together and in order.  That is what lets a search page
-- by incident and stop early instead of ranking every match.
--
-- SQLite refuses writes to a virtual table from a trigger while
-- trusted_schema is off, so the triggers write search_doc only: a row
-- whose body is not NULL is waiting to be indexed, and the store moves it
-- into search_fts (and clears body) when the outermost transaction
-- commits, before COMMIT (sqlite_search_flush).  Deleted documents leave
-- their id in search_gone for the same step.

CREATE TABLE search_doc (
    id INTEGER PRIMARY KEY,          -- ((2^39-1 - incident_id) << 24) + n
    incident_id INTEGER NOT NULL,
    kind TEXT NOT NULL,              -- title, description, timeline, task, ...
    source_id INTEGER NOT NULL,      -- the row of 'kind' it reflects
    body TEXT,                       -- not NULL: to be indexed at commit
    UNIQUE (incident_id, kind, source_id)
) STRICT;

CREATE INDEX search_doc_dirty ON search_doc(id) WHERE body IS NOT NULL;

CREATE TABLE search_gone (
    id INTEGER PRIMARY KEY           -- a document to drop from the index
) STRICT;

-- The tokenizer is named 'unicode61' ON PURPOSE: kizuki registers its
-- own under that name on each of its connections (FTS5 takes the newest
-- registration), while any other SQLite client (the sqlite3 shell, a
-- backup script, Python's iterdump) finds the built-in one and can still
-- open, read and dump the table instead of failing with "no such
-- tokenizer".  Such a client must not write search_fts (it would index
-- with the wrong tokens); it never needs to: triggers write search_doc.
CREATE VIRTUAL TABLE search_fts USING fts5(
    body, tokenize = 'unicode61', columnsize = 0);

CREATE TRIGGER search_doc_gone AFTER DELETE ON search_doc
BEGIN
    INSERT OR IGNORE INTO search_gone(id) VALUES (old.id);
END;

-- Incident title and description: documents n = 0 and n = 1.
CREATE TRIGGER search_incident_new AFTER INSERT ON incident
BEGIN
    INSERT INTO search_doc(id, incident_id, kind, source_id, body)
        VALUES ((549755813887 - new.id) << 24, new.id, 'title', new.id,
                new.title);
    INSERT INTO search_doc(id, incident_id, kind, source_id, body)
        SELECT ((549755813887 - new.id) << 24) + 1, new.id, 'description',
               new.id, new.description
        WHERE coalesce(new.description, '') <> '';
END;

CREATE TRIGGER search_incident_title AFTER UPDATE OF title ON incident
    WHEN new.title IS NOT old.title
BEGIN
    UPDATE search_doc SET body = new.title
        WHERE id = (549755813887 - new.id) << 24;
END;

CREATE TRIGGER search_incident_description
    AFTER UPDATE OF description ON incident
    WHEN new.description IS NOT old.description
BEGIN
    DELETE FROM search_doc WHERE id = ((549755813887 - new.id) << 24) + 1;
    INSERT INTO search_doc(id, incident_id, kind, source_id, body)
        SELECT ((549755813887 - new.id) << 24) + 1, new.id, 'description',
               new.id, new.description
        WHERE coalesce(new.description, '') <> '';
END;

-- Other documents take the next free n from 2 within their incident.
-- Timeline: what people wrote (notes, decisions, contacts, actions), not
-- the entries kizuki writes itself as message keys.
CREATE TRIGGER search_chronology_new AFTER INSERT ON chronology
    WHEN new.kind NOT IN ('phase_change', 'field_change')
         AND substr(new.body, 1, 14) <> '{"msg":"chron.'
BEGIN
    INSERT INTO search_doc(id, incident_id, kind, source_id, body)
        VALUES (max(((549755813887 - new.incident_id) << 24) + 2,
                    coalesce((SELECT max(id) + 1 FROM search_doc
                              WHERE id >= (549755813887 - new.incident_id)
                                          << 24
                                AND id < (549755813888 - new.incident_id)
                                         << 24), 0)),
                new.incident_id, 'timeline', new.seq, new.body);
END;

CREATE TRIGGER search_task_new AFTER INSERT ON task
BEGIN
    INSERT INTO search_doc(id, incident_id, kind, source_id, body)
        VALUES (max(((549755813887 - new.incident_id) << 24) + 2,
                    coalesce((SELECT max(id) + 1 FROM search_doc
                              WHERE id >= (549755813887 - new.incident_id)
                                          << 24
                                AND id < (549755813888 - new.incident_id)
                                         << 24), 0)),
                new.incident_id, 'task', new.id, new.title);
END;

CREATE TRIGGER search_task_title AFTER UPDATE OF title ON task
    WHEN new.title IS NOT old.title
BEGIN
    UPDATE search_doc SET body = new.title
        WHERE incident_id = new.incident_id AND kind = 'task'
          AND source_id = new.id;
END;

CREATE TRIGGER search_task_gone AFTER DELETE ON task
BEGIN
    DELETE FROM search_doc
        WHERE incident_id = old.incident_id AND kind = 'task'
          AND source_id = old.id;
END;

-- Evidence: its file name and description, one document per item.
CREATE TRIGGER search_evidence_new AFTER INSERT ON evidence
BEGIN
    INSERT INTO search_doc(id, incident_id, kind, source_id, body)
        VALUES (max(((549755813887 - new.incident_id) << 24) + 2,
                    coalesce((SELECT max(id) + 1 FROM search_doc
                              WHERE id >= (549755813887 - new.incident_id)
                                          << 24
                                AND id < (549755813888 - new.incident_id)
                                         << 24), 0)),
                new.incident_id, 'evidence', new.id,
                trim(new.name || ' ' || coalesce(new.original_name, '') ||
                     ' ' || new.description));
END;

CREATE TRIGGER search_evidence_text
    AFTER UPDATE OF name, original_name, description ON evidence
BEGIN
    UPDATE search_doc
        SET body = trim(new.name || ' ' || coalesce(new.original_name, '') ||
                        ' ' || new.description)
        WHERE incident_id = new.incident_id AND kind = 'evidence'
          AND source_id = new.id;
END;

-- Observables: the value as stored and as shown (a Unicode domain).
CREATE TRIGGER search_observable_new AFTER INSERT ON observable
BEGIN
    INSERT INTO search_doc(id, incident_id, kind, source_id, body)
        VALUES (max(((549755813887 - new.incident_id) << 24) + 2,
                    coalesce((SELECT max(id) + 1 FROM search_doc
                              WHERE id >= (549755813887 - new.incident_id)
                                          << 24
                                AND id < (549755813888 - new.incident_id)
                                         << 24), 0)),
                new.incident_id, 'observable', new.id,
                CASE WHEN new.display = new.value THEN new.value
                     ELSE new.value || ' ' || new.display END);
END;

CREATE TRIGGER search_observable_gone AFTER DELETE ON observable
BEGIN
    DELETE FROM search_doc
        WHERE incident_id = old.incident_id AND kind = 'observable'
          AND source_id = old.id;
END;

-- Alerts: the title, once the alert belongs to an incident (promoted or
-- attached); one in the queue is found in the queue, not here.
CREATE TRIGGER search_alert_attached AFTER UPDATE OF incident_id ON alert
    WHEN new.incident_id IS NOT NULL AND old.incident_id IS NULL
BEGIN
    INSERT OR IGNORE INTO search_doc(id, incident_id, kind, source_id, body)
        VALUES (max(((549755813887 - new.incident_id) << 24) + 2,
                    coalesce((SELECT max(id) + 1 FROM search_doc
                              WHERE id >= (549755813887 - new.incident_id)
                                          << 24
                                AND id < (549755813888 - new.incident_id)
                                         << 24), 0)),
                new.incident_id, 'alert', new.id, new.title);
END;

CREATE TRIGGER search_alert_new AFTER INSERT ON alert
    WHEN new.incident_id IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO search_doc(id, incident_id, kind, source_id, body)
        VALUES (max(((549755813887 - new.incident_id) << 24) + 2,
                    coalesce((SELECT max(id) + 1 FROM search_doc
                              WHERE id >= (549755813887 - new.incident_id)
                                          << 24
                                AND id < (549755813888 - new.incident_id)
                                         << 24), 0)),
                new.incident_id, 'alert', new.id, new.title);
END;

CREATE TRIGGER search_alert_title AFTER UPDATE OF title ON alert
    WHEN new.incident_id IS NOT NULL AND new.title IS NOT old.title
BEGIN
    UPDATE search_doc SET body = new.title
        WHERE incident_id = new.incident_id AND kind = 'alert'
          AND source_id = new.id;
END;

-- What existing databases already hold.
INSERT INTO search_doc(id, incident_id, kind, source_id, body)
    SELECT (549755813887 - id) << 24, id, 'title', id, title FROM incident;
INSERT INTO search_doc(id, incident_id, kind, source_id, body)
    SELECT ((549755813887 - id) << 24) + 1, id, 'description', id,
           description FROM incident
    WHERE coalesce(description, '') <> '';
INSERT INTO search_doc(id, incident_id, kind, source_id, body)
    SELECT ((549755813887 - incident_id) << 24) + 1 + row_number() OVER
               (PARTITION BY incident_id ORDER BY k, source_id),
           incident_id, kind, source_id, body
    FROM (SELECT incident_id, 0 AS k, 'timeline' AS kind, seq AS source_id,
                 body
          FROM chronology
          WHERE kind NOT IN ('phase_change', 'field_change')
            AND substr(body, 1, 14) <> '{"msg":"chron.'
          UNION ALL
          SELECT incident_id, 1, 'task', id, title FROM task
          UNION ALL
          SELECT incident_id, 2, 'evidence', id,
                 trim(name || ' ' || coalesce(original_name, '') || ' ' ||
                      description)
          FROM evidence
          UNION ALL
          SELECT incident_id, 3, 'observable', id,
                 CASE WHEN display = value THEN value
                      ELSE value || ' ' || display END
          FROM observable
          UNION ALL
          SELECT incident_id, 4, 'alert', id, title FROM alert
          WHERE incident_id IS NOT NULL);
INSERT INTO search_fts(rowid, body)
    SELECT id, body FROM search_doc WHERE body IS NOT NULL;
UPDATE search_doc SET body = NULL WHERE body IS NOT NULL;
