-- 0017_search.sql (PostgreSQL): full-text search (issue 10 item 6,
-- docs/internals/search.md, section "PostgreSQL").  The same tables as
-- sql/sqlite/0017_search.sql: search_doc is the generic document table,
-- one row per indexed text, kept by the triggers below in the transaction
-- of the change; search_gone holds the ids of deleted documents; and
-- search_fts — an FTS5 table on SQLite — is an ordinary table here whose
-- 'tsv' column holds the document's tokens with their positions, under a
-- GIN index.
--
-- The tokens are kizuki's own (bigrams and unigrams of NFKC-normalised
-- text, src/core/search_token.c), not PostgreSQL's parser's: the store
-- computes them in C and writes the tsvector through its input syntax
-- ('tok':1 'tok2':2,5), and queries are tsquery values written the same
-- way ('誤送' <-> '送信'), so no text search configuration, parser or
-- stemmer ever sees the text.  As on SQLite, the triggers only mark a
-- document dirty (body not NULL) and the store fills search_fts from the
-- dirty rows when the outermost transaction commits, before COMMIT.
--
-- A document's id is ((2^39 - 1 - incident id) << 24) + n, as on SQLite:
-- ascending ids are incidents newest first, each one's documents together.

CREATE TABLE search_doc (
    id BIGINT PRIMARY KEY,           -- ((2^39-1 - incident_id) << 24) + n
    incident_id BIGINT NOT NULL,
    kind TEXT NOT NULL,              -- title, description, timeline, task, ...
    source_id BIGINT NOT NULL,       -- the row of 'kind' it reflects
    body TEXT,                       -- not NULL: to be indexed at commit
    UNIQUE (incident_id, kind, source_id)
);

CREATE INDEX search_doc_dirty ON search_doc(id) WHERE body IS NOT NULL;

CREATE TABLE search_gone (
    id BIGINT PRIMARY KEY            -- a document to drop from the index
);

-- SQLite's FTS5 table, as a table: the text (for the snippets, which the
-- store cuts in C after re-tokenizing it) and its tokens.  Positions are
-- 1-based token positions; a unigram shares the position of the bigram it
-- starts (FTS5_TOKEN_COLOCATED on SQLite).  tsvector positions stop at
-- 16383: tokens beyond it all sit at 16383, so a phrase lying entirely
-- past the first 16,383 tokens of one document is not found (single
-- tokens still are).
CREATE TABLE search_fts (
    id BIGINT PRIMARY KEY,           -- search_doc.id (SQLite: the rowid)
    body TEXT NOT NULL,
    tsv tsvector NOT NULL
);

CREATE INDEX search_fts_tsv ON search_fts USING gin (tsv);

-- One document more for an incident: the next free n from 2.  Two
-- servers adding documents to one incident at the same moment would both
-- see the same max(id), so the incident's documents are numbered under a
-- transaction-scoped advisory lock (class 1802001, "search_doc"; the
-- second key is the incident id, folded into 32 bits: a shared key only
-- makes two incidents wait for each other).  'ignore': a document already
-- there for (incident, kind, source) is kept (SQLite's INSERT OR IGNORE).
CREATE FUNCTION kizuki_search_doc_add(p_incident BIGINT, p_kind TEXT,
                                      p_source BIGINT, p_body TEXT,
                                      p_ignore BOOLEAN)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    base BIGINT := (549755813887 - p_incident) << 24;
    next_id BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(1802001, (p_incident % 2147483647)::int);
    SELECT greatest(base + 2, coalesce(max(id) + 1, 0)) INTO next_id
        FROM search_doc
        WHERE id >= base AND id < ((549755813888 - p_incident) << 24);
    IF p_ignore THEN
        INSERT INTO search_doc(id, incident_id, kind, source_id, body)
            VALUES (next_id, p_incident, p_kind, p_source, p_body)
            ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO search_doc(id, incident_id, kind, source_id, body)
            VALUES (next_id, p_incident, p_kind, p_source, p_body);
    END IF;
END;
$$;

CREATE FUNCTION kizuki_search_doc_gone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_gone(id) VALUES (old.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_doc_gone AFTER DELETE ON search_doc
    FOR EACH ROW EXECUTE FUNCTION kizuki_search_doc_gone();

-- Incident title and description: documents n = 0 and n = 1.  The
-- argument says which trigger runs the function: 'new', 'title' or
-- 'description' (one trigger each, as on SQLite).
CREATE FUNCTION kizuki_search_incident() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    base BIGINT := (549755813887 - new.id) << 24;
BEGIN
    IF TG_ARGV[0] = 'new' THEN
        INSERT INTO search_doc(id, incident_id, kind, source_id, body)
            VALUES (base, new.id, 'title', new.id, new.title);
    ELSIF TG_ARGV[0] = 'title' THEN
        UPDATE search_doc SET body = new.title WHERE id = base;
        RETURN NULL;
    ELSE
        DELETE FROM search_doc WHERE id = base + 1;
    END IF;
    IF coalesce(new.description, '') <> '' THEN
        INSERT INTO search_doc(id, incident_id, kind, source_id, body)
            VALUES (base + 1, new.id, 'description', new.id,
                    new.description);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_incident_new AFTER INSERT ON incident
    FOR EACH ROW EXECUTE FUNCTION kizuki_search_incident('new');
CREATE TRIGGER search_incident_title AFTER UPDATE OF title ON incident
    FOR EACH ROW WHEN (new.title IS DISTINCT FROM old.title)
    EXECUTE FUNCTION kizuki_search_incident('title');
CREATE TRIGGER search_incident_description
    AFTER UPDATE OF description ON incident
    FOR EACH ROW WHEN (new.description IS DISTINCT FROM old.description)
    EXECUTE FUNCTION kizuki_search_incident('description');

-- Timeline: what people wrote (notes, decisions, contacts, actions), not
-- the entries kizuki writes itself as message keys.
CREATE FUNCTION kizuki_search_chronology() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kizuki_search_doc_add(new.incident_id, 'timeline', new.seq,
                                  new.body, false);
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_chronology_new AFTER INSERT ON chronology
    FOR EACH ROW
    WHEN (new.kind NOT IN ('phase_change', 'field_change')
          AND substr(new.body, 1, 14) <> '{"msg":"chron.')
    EXECUTE FUNCTION kizuki_search_chronology();

-- Tasks, evidence, observables and alerts: one function per table, for
-- insert, update and delete; the WHEN clauses say which changes matter.
CREATE FUNCTION kizuki_search_task() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM kizuki_search_doc_add(new.incident_id, 'task', new.id,
                                      new.title, false);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE search_doc SET body = new.title
            WHERE incident_id = new.incident_id AND kind = 'task'
              AND source_id = new.id;
    ELSE
        DELETE FROM search_doc
            WHERE incident_id = old.incident_id AND kind = 'task'
              AND source_id = old.id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_task_new AFTER INSERT ON task
    FOR EACH ROW EXECUTE FUNCTION kizuki_search_task();
CREATE TRIGGER search_task_title AFTER UPDATE OF title ON task
    FOR EACH ROW WHEN (new.title IS DISTINCT FROM old.title)
    EXECUTE FUNCTION kizuki_search_task();
CREATE TRIGGER search_task_gone AFTER DELETE ON task
    FOR EACH ROW EXECUTE FUNCTION kizuki_search_task();

-- Evidence: its file name and description, one document per item.
CREATE FUNCTION kizuki_search_evidence() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    text_ TEXT := trim(new.name || ' ' || coalesce(new.original_name, '') ||
                       ' ' || new.description);
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM kizuki_search_doc_add(new.incident_id, 'evidence', new.id,
                                      text_, false);
    ELSE
        UPDATE search_doc SET body = text_
            WHERE incident_id = new.incident_id AND kind = 'evidence'
              AND source_id = new.id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_evidence_new AFTER INSERT ON evidence
    FOR EACH ROW EXECUTE FUNCTION kizuki_search_evidence();
CREATE TRIGGER search_evidence_text
    AFTER UPDATE OF name, original_name, description ON evidence
    FOR EACH ROW EXECUTE FUNCTION kizuki_search_evidence();

-- Observables: the value as stored and as shown (a Unicode domain).
CREATE FUNCTION kizuki_search_observable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM kizuki_search_doc_add(
            new.incident_id, 'observable', new.id,
            CASE WHEN new.display = new.value THEN new.value
                 ELSE new.value || ' ' || new.display END, false);
    ELSE
        DELETE FROM search_doc
            WHERE incident_id = old.incident_id AND kind = 'observable'
              AND source_id = old.id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_observable_new AFTER INSERT ON observable
    FOR EACH ROW EXECUTE FUNCTION kizuki_search_observable();
CREATE TRIGGER search_observable_gone AFTER DELETE ON observable
    FOR EACH ROW EXECUTE FUNCTION kizuki_search_observable();

-- Alerts: the title, once the alert belongs to an incident (promoted or
-- attached); one in the queue is found in the queue, not here.
CREATE FUNCTION kizuki_search_alert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR old.incident_id IS NULL THEN
        PERFORM kizuki_search_doc_add(new.incident_id, 'alert', new.id,
                                      new.title, true);
    ELSE
        UPDATE search_doc SET body = new.title
            WHERE incident_id = new.incident_id AND kind = 'alert'
              AND source_id = new.id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_alert_new AFTER INSERT ON alert
    FOR EACH ROW WHEN (new.incident_id IS NOT NULL)
    EXECUTE FUNCTION kizuki_search_alert();
CREATE TRIGGER search_alert_attached AFTER UPDATE OF incident_id ON alert
    FOR EACH ROW
    WHEN (new.incident_id IS NOT NULL AND old.incident_id IS NULL)
    EXECUTE FUNCTION kizuki_search_alert();
CREATE TRIGGER search_alert_title AFTER UPDATE OF title ON alert
    FOR EACH ROW
    WHEN (new.incident_id IS NOT NULL AND old.incident_id IS NOT NULL
          AND new.title IS DISTINCT FROM old.title)
    EXECUTE FUNCTION kizuki_search_alert();

-- What a database filled before this migration holds (as on SQLite; a
-- PostgreSQL store is new at 0017, so this finds nothing unless rows were
-- copied in first).  The rows stay dirty: the store indexes them at its
-- next commit, since the tokens are computed in C.
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
          WHERE incident_id IS NOT NULL) AS docs;
