-- 0018_search_cost.sql: what the search index costs a create (issue 9,
-- docs/internals/search.md "What a create costs").
--
-- A new incident gets a task for each step of its category's playbook:
-- fourteen titles, the same text in every incident of that category.
-- Indexed one document per task, they were four fifths of the tokens an
-- incident put into the index, and of the segment writes and merges at
-- each commit.  A playbook task's title is now indexed ONCE, as a
-- template document (incident id 0, so no incident search ever lists it
-- by itself), and each incident has one 'tasks' document that only
-- names the templates of its playbook tasks (SEARCH_REF_MARK tokens,
-- search_token.h).  A search first finds the templates its words match
-- and then also asks the index for the incidents naming them
-- (sqlite_search_match); the hit is shown as the task's title.
--
-- A task written by a person (added by hand, or a playbook task whose
-- title was changed) keeps a document of its own as before: its text is
-- not shared, and a template must stay a bounded set.

CREATE TABLE search_template (
    id INTEGER PRIMARY KEY,          -- the document (2^63 - 2^24) + id
    title TEXT NOT NULL UNIQUE
) STRICT;

-- Incidents whose 'tasks' document is to be rebuilt at commit
-- (sqlite_search_flush), like search_doc rows whose body is not NULL.
CREATE TABLE search_tasks_dirty (
    incident_id INTEGER PRIMARY KEY
) STRICT;

CREATE TRIGGER search_template_new AFTER INSERT ON search_template
BEGIN
    INSERT INTO search_doc(id, incident_id, kind, source_id, body)
        VALUES ((549755813887 << 24) + new.id, 0, 'template', new.id,
                new.title);
END;

DROP TRIGGER search_task_new;

-- A task added by hand: a document of its own, as in 0017.
CREATE TRIGGER search_task_new AFTER INSERT ON task
    WHEN substr(new.source, 1, 9) <> 'playbook:'
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

-- A playbook's task: its title as a template (once), and the incident's
-- 'tasks' document to be rebuilt at commit.
CREATE TRIGGER search_task_playbook AFTER INSERT ON task
    WHEN substr(new.source, 1, 9) = 'playbook:'
BEGIN
    INSERT OR IGNORE INTO search_template(title) VALUES (new.title);
    INSERT OR IGNORE INTO search_tasks_dirty(incident_id)
        VALUES (new.incident_id);
END;

-- A title changed by a person is that task's own text from then on: a
-- document of its own (made here when it had none), and no longer a
-- reference in the 'tasks' document.
DROP TRIGGER search_task_title;

CREATE TRIGGER search_task_title AFTER UPDATE OF title ON task
    WHEN new.title IS NOT old.title
BEGIN
    UPDATE search_doc SET body = new.title
        WHERE incident_id = new.incident_id AND kind = 'task'
          AND source_id = new.id;
    INSERT OR IGNORE INTO search_doc(id, incident_id, kind, source_id, body)
        VALUES (max(((549755813887 - new.incident_id) << 24) + 2,
                    coalesce((SELECT max(id) + 1 FROM search_doc
                              WHERE id >= (549755813887 - new.incident_id)
                                          << 24
                                AND id < (549755813888 - new.incident_id)
                                         << 24), 0)),
                new.incident_id, 'task', new.id, new.title);
    INSERT OR IGNORE INTO search_tasks_dirty(incident_id)
        SELECT new.incident_id
        WHERE substr(new.source, 1, 9) = 'playbook:';
END;

DROP TRIGGER search_task_gone;

CREATE TRIGGER search_task_gone AFTER DELETE ON task
BEGIN
    DELETE FROM search_doc
        WHERE incident_id = old.incident_id AND kind = 'task'
          AND source_id = old.id;
    INSERT OR IGNORE INTO search_tasks_dirty(incident_id)
        SELECT old.incident_id
        WHERE substr(old.source, 1, 9) = 'playbook:';
END;

-- Existing databases keep the task documents they have (0017 indexed
-- every task on its own, and whether a playbook task's title was edited
-- since is not recorded): such a task has its own document and is named
-- by no 'tasks' document, which is the rule of sqlite_search_flush.

-- FTS5 merges its segments once 16 (not 4) of a level exist.  Every
-- commit writes a segment, and a create is one commit when the server is
-- not busy: with 4 each indexed token was copied again about every
-- fourth commit, which was the largest single cost of a create.  16 is
-- FTS5's maximum; a search reads at most 15 segments per level, a few
-- more b-tree descents per term (docs/internals/search.md has the
-- measured search times).
INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 16);
