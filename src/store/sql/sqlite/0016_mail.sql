-- 0016_mail.sql: the messages mail intake has taken (issue 10 item 4).
-- One row per message, keyed by its Message-ID (else the SHA-256 of its
-- bytes), so a message the MTA delivers twice, or a maildir read again,
-- is not filed twice.  'outcome' says what became of it: a new report, a
-- reply added to an incident's timeline, or ignored (an automatic reply,
-- a message kizuki sent itself).  The message itself is kept as evidence
-- of the incident, or in the mail store; this table only remembers it.

CREATE TABLE mail_message (
    id INTEGER PRIMARY KEY,
    message_key TEXT NOT NULL UNIQUE,  -- "<Message-ID>" or "sha256:<hex>"
    sha256 TEXT NOT NULL,              -- of the message as received
    size INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    sender TEXT NOT NULL,              -- the From address
    outcome TEXT NOT NULL,             -- new_report, reply, ignored
    incident_id INTEGER REFERENCES incident(id)
) STRICT;

CREATE INDEX mail_message_incident ON mail_message(incident_id);
