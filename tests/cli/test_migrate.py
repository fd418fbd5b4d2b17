# SPDX-License-Identifier: MIT
"""`kizuki migrate --from SRC --to DST` (issue 11 item 4): a populated
SQLite store moved to PostgreSQL and back without losing a row or a hash,
verified on the target before it commits; and every way it must refuse,
leaving the target as it was.

The PostgreSQL parts need a server: KIZUKI_TEST_PG (a cluster's URI, as
scripts/pg-cluster.sh prints it); each test makes a database of its own
through it with psql.  Without it they are skipped, visibly."""

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest
import uuid

from tests.cli import clihelp
from tests.cli.clihelp import CliTestCase

PG = os.environ.get("KIZUKI_TEST_PG") or None
PSQL = shutil.which("psql")

# Tables a copy does not carry: the target's own schema versions, and the
# search index, which the target's engine builds from the documents.
NOT_COPIED = ("schema_version",)


def need_pg(test):
    return unittest.skipUnless(
        PG and PSQL, "KIZUKI_TEST_PG not set (or no psql): skipped")(test)


def psql(uri, sql):
    """Run 'sql' through psql on 'uri'; the rows as lists of text."""
    r = subprocess.run([PSQL, uri, "-X", "-q", "-A", "-t", "-F", "\x1f",
                        "-v", "ON_ERROR_STOP=1", "-c", sql],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    if r.returncode != 0:
        raise AssertionError("psql: %s" % r.stderr.decode())
    out = r.stdout.decode("utf-8")
    return [line.split("\x1f") for line in out.splitlines() if line != ""]


def sqlite_tables(path):
    """Every kizuki table's rows (as text, sorted) of the SQLite file, and
    the search index's documents (rowid, text)."""
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main'"
            " AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
        out = {}
        for name in names:
            if name in NOT_COPIED:
                continue
            rows = con.execute('SELECT * FROM "%s"' % name).fetchall()
            out[name] = sorted(tuple("" if v is None else str(v) for v in r)
                               for r in rows)
        out["search_fts"] = sorted(con.execute(
            "SELECT rowid, body FROM search_fts").fetchall())
        return out
    finally:
        con.close()


def populate(directory):
    """A SQLite store in directory/kizuki.db with a row in every table a
    person's work fills, made through the CLI, its evidence in
    directory/evidence; the references of its incidents."""
    env = clihelp.clean_env(KIZUKI_DB=os.path.join(directory, "kizuki.db"))

    def kz(*args, input=None):
        r = clihelp.run(list(args), env, input=input)
        if r.rc != 0:
            raise AssertionError(str(r))
        return r

    kz("init")
    kz("user", "add", "sato", "--role", "handler", "--password-stdin",
       input="correct horse battery 42\n")
    kz("token", "create", "sato", "--label", "移行テスト")
    kz("contacts", "add", "name=情報システム部", "roles=it_admin",
       "email=cirt@example.jp")
    kz("rule", "add", "name=全件", "summon_contacts=1", "ack_minutes=30",
       "max_severity=S4")
    refs = []
    for i, cat in enumerate(("device_loss", "malware", "misdirected_email")):
        rec = {"title": "移行テスト %d" % i, "category": cat,
               "discovered_at": clihelp.DISCOVERED,
               "description": "顧客情報 %d 件" % (i + 1)}
        r = kz("incident", "new", "--json", "-",
               input=json.dumps(rec, ensure_ascii=False))
        refs.append(r.json()["ref"])
    ref = refs[0]
    # Triage summons the rule's contact: a summons and its message.
    kz("incident", "move", ref, "triage")
    kz("incident", "note", ref, "本人に聞き取り。紛失場所は駅")
    kz("task", "add", ref, "警察へ遺失届")
    kz("observable", "add", ref, "--type", "ipv4", "--value", "192.0.2.7")
    blob = os.path.join(directory, "mail.eml")
    with open(blob, "wb") as f:
        f.write(b"From: a@example.jp\r\n\r\nbody\r\n")
    kz("evidence", "add", ref, blob)
    kz("alert", "add", "--source", "edr", "--source-ref", "A-1",
       "--title", "不審な通信")
    kz("alert", "add", "--source", "edr", "--source-ref", "A-2",
       "--title", "不審なログイン")
    kz("alert", "promote", "2", "--incident", refs[1])
    return refs


class MigrateCase(CliTestCase):
    """A copy of one populated SQLite store in self.db (made once per
    class), with its evidence beside it."""

    init_db = False

    @classmethod
    def setUpClass(cls):
        cls.template = tempfile.mkdtemp(prefix="kizuki-migrate-")
        try:
            cls.refs = populate(cls.template)
        except BaseException:
            shutil.rmtree(cls.template, True)
            raise

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.template, True)

    def setUp(self):
        super().setUp()
        # The source is a SQLite file in either pass of the suite: the
        # PostgreSQL side is each test's own target.
        self.db = os.path.join(self.tmp, "kizuki.db")
        self.env = clihelp.clean_env(KIZUKI_DB=self.db)
        shutil.copy2(os.path.join(self.template, "kizuki.db"), self.db)
        self.evidence_dir = os.path.join(self.tmp, "evidence")
        shutil.copytree(os.path.join(self.template, "evidence"),
                        self.evidence_dir)
        self.source = sqlite_tables(self.db)

    def migrate(self, src, dst, *args, expect=0, **kw):
        return self.kz("migrate", "--from", src, "--to", dst,
                       "--evidence-dir", self.evidence_dir, *args,
                       expect=expect, **kw)

    def target(self, name="b.db"):
        return os.path.join(self.tmp, name)

    # -- PostgreSQL ---------------------------------------------------------

    def pg_database(self):
        """A fresh database of the cluster for this test (dropped after)."""
        name = "t_" + uuid.uuid4().hex[:12]
        psql(PG, "CREATE DATABASE %s" % name)
        self.addCleanup(psql, PG, "DROP DATABASE IF EXISTS %s WITH (FORCE)"
                        % name)
        return "%s%sdbname=%s" % (PG, "&" if "?" in PG else "?", name)

    def pg_count(self, uri, table):
        return int(psql(uri, "SELECT count(*) FROM %s" % table)[0][0])


class TestMigrateSqlite(MigrateCase):

    def test_source_fills_every_table_a_copy_must_carry(self):
        for table in ("account", "api_token", "incident", "chronology",
                      "audit", "evidence", "custody_event", "observable",
                      "task", "alert", "search_doc", "search_template",
                      "contact", "conv_rule", "summons", "outbox"):
            self.assertTrue(self.source[table], "no %s rows" % table)

    def test_copy_holds_every_row_and_verifies(self):
        dst = self.target()
        r = self.migrate(self.db, dst, "--json")
        j = r.json()
        self.assertTrue(j["ok"])
        for table, n in j["tables"].items():
            self.assertEqual(n["source"], n["target"], table)
            self.assertEqual(n["source"], len(self.source[table]), table)
        # A line per table on stderr as it is copied.
        for table in ("incident", "chronology", "audit", "outbox"):
            self.assertRegex(r.err, r"\b%s: \d" % table)
        self.assertEqual(sqlite_tables(dst), self.source)
        v = self.kz_json("verify", "--db", dst, "--evidence-dir",
                         self.evidence_dir)
        self.assertTrue(v["ok"])
        # The target works as a store: the search finds what it indexed.
        s = self.kz("search", "遺失届", "--db", dst, expect=0)
        self.assertIn(self.refs[0], s.out)
        # New rows go on after the copied ones.
        rec = self.create({"title": "移行後"}, KIZUKI_DB=dst)
        self.assertEqual(rec["ref"][-4:], "0004")

    def test_text_says_where_the_evidence_stays(self):
        r = self.migrate(self.db, self.target(), "--lang", "en")
        self.assertIn("Migrated and verified", r.out)
        self.assertIn(self.evidence_dir, r.out)
        self.assertIn("--evidence-dir", r.out)
        r = self.migrate(self.db, self.target("c.db"))
        self.assertIn("証拠ファイルは移動していません", r.out)

    def test_target_holding_data_is_refused_and_kept(self):
        dst = self.target()
        self.migrate(self.db, dst)
        self.kz("incident", "note", self.refs[0], "移行後の記録",
                KIZUKI_DB=dst, expect=0)
        before = clihelp.dump(dst)
        r = self.migrate(self.db, dst, "--lang", "en", expect=2)
        self.assertIn("already holds data", r.err)
        self.assertEqual(clihelp.dump(dst), before)

    def test_force_replaces_the_target(self):
        dst = self.target()
        self.migrate(self.db, dst)
        self.kz("incident", "note", self.refs[0], "移行後の記録",
                KIZUKI_DB=dst, expect=0)
        self.migrate(self.db, dst, "--force")
        self.assertEqual(sqlite_tables(dst), self.source)
        self.kz("verify", "--db", dst, "--evidence-dir", self.evidence_dir,
                expect=0)
        # The append-only triggers are back.
        con = sqlite3.connect(dst)
        try:
            with self.assertRaises(sqlite3.DatabaseError):
                con.execute("DELETE FROM chronology")
        finally:
            con.close()

    def test_tampered_source_is_refused_and_target_stays_empty(self):
        con = sqlite3.connect(self.db)
        try:
            con.executescript(
                "DROP TRIGGER chronology_no_update;"
                "UPDATE chronology SET body = body || '（改）'"
                " WHERE seq = 1 AND incident_id = 1;")
        finally:
            con.close()
        dst = self.target()
        r = self.migrate(self.db, dst, "--lang", "en", expect=1)
        self.assertIn("Verifying the target found a break", r.err)
        self.assertIn(self.refs[0], r.err)
        self.assertIn("rolled back", r.err)
        con = sqlite3.connect(dst)
        try:
            self.assertEqual(con.execute(
                "SELECT count(*) FROM incident").fetchone()[0], 0)
            self.assertEqual(con.execute(
                "SELECT count(*) FROM audit").fetchone()[0], 0)
        finally:
            con.close()

    def test_table_the_copy_does_not_know_is_refused(self):
        con = sqlite3.connect(self.db)
        try:
            con.execute("CREATE TABLE widget (id INTEGER PRIMARY KEY)")
            con.commit()
        finally:
            con.close()
        dst = self.target()
        r = self.migrate(self.db, dst, "--lang", "en", expect=3)
        self.assertIn("widget", r.err)
        self.assertIn("does not know", r.err)

    def test_missing_evidence_file_fails_verification(self):
        for root, _, files in os.walk(self.evidence_dir):
            for f in files:
                os.remove(os.path.join(root, f))
        self.migrate(self.db, self.target(), expect=1)

    def test_usage(self):
        r = self.kz("migrate", "--from", self.db, "--lang", "en", expect=2)
        self.assertIn("--to", r.err)
        self.kz("migrate", "--to", self.target(), expect=2)
        r = self.kz("migrate", "--from", self.db, "--to", self.db,
                    "--lang", "en", expect=2)
        self.assertIn("same database", r.err)
        r = self.kz("migrate", "--help", expect=0)
        self.assertIn("--from", r.out)

    def test_missing_source(self):
        dst = self.target()
        self.kz("migrate", "--from", os.path.join(self.tmp, "none.db"),
                "--to", dst, expect=1)
        self.assertFalse(os.path.exists(dst))

    def test_target_in_a_missing_directory(self):
        dst = os.path.join(self.tmp, "no", "such", "b.db")
        self.migrate(self.db, dst, expect=3)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "no")))

    def test_unreachable_target_exits_3_with_libpq_reason(self):
        r = self.kz("migrate", "--from", self.db, "--to",
                    "postgresql://kizuki:secret@127.0.0.1:1/kizuki"
                    "?connect_timeout=5", "--lang", "en", expect=3)
        self.assertIn("127.0.0.1", r.err)
        self.assertIn("refused", r.err)
        self.assertNotIn("secret", r.err)


class TestMigratePostgres(MigrateCase):

    @need_pg
    def test_round_trip_through_postgresql(self):
        pg = self.pg_database()
        r = self.migrate(self.db, pg, "--json")
        j = r.json()
        self.assertTrue(j["ok"])
        for table, n in j["tables"].items():
            self.assertEqual(n["source"], len(self.source[table]), table)
            self.assertEqual(self.pg_count(pg, table), n["source"], table)
        # The chains are byte for byte the same.
        con = sqlite3.connect(self.db)
        try:
            chron = sorted(
                (str(a), str(b), c) for a, b, c in con.execute(
                    "SELECT incident_id, seq, hash FROM chronology"))
            audit = sorted((str(a), b) for a, b in con.execute(
                "SELECT seq, hash FROM audit"))
        finally:
            con.close()
        self.assertEqual(sorted(tuple(r) for r in psql(
            pg, "SELECT incident_id, seq, hash FROM chronology")), chron)
        self.assertEqual(sorted(tuple(r) for r in psql(
            pg, "SELECT seq, hash FROM audit")), audit)
        v = self.kz_json("verify", "--db", pg, "--evidence-dir",
                         self.evidence_dir)
        self.assertTrue(v["ok"], str(v))
        # Identity columns go on after the copied ids.
        nxt = psql(pg, "SELECT nextval(pg_get_serial_sequence("
                   "'incident', 'id'))")[0][0]
        self.assertEqual(int(nxt), len(self.source["incident"]) + 1)
        # And back, for a laptop copy: every table as it was.
        back = self.target("back.db")
        self.migrate(pg, back)
        self.assertEqual(sqlite_tables(back), self.source)
        self.kz("verify", "--db", back, "--evidence-dir", self.evidence_dir,
                expect=0)

    @need_pg
    def test_postgresql_target_serves_the_copied_store(self):
        """What the store's operations read from the copy: the listing,
        a record and the search index the target's flush built.  Until
        the incident and search operations run on PostgreSQL (issue 11,
        other branches) they answer a storage error: skipped, saying so."""
        pg = self.pg_database()
        self.migrate(self.db, pg)
        r = self.kz("incident", "list", "--db", pg, "--json")
        if r.rc == 3:
            self.skipTest("incident operations not yet on PostgreSQL")
        self.assertEqual(r.rc, 0, str(r))
        self.assertEqual(sorted(i["ref"] for i in r.json()["items"]),
                         sorted(self.refs))
        show = self.kz_json("incident", "show", self.refs[0], "--db", pg)
        mine = self.kz_json("incident", "show", self.refs[0])
        self.assertEqual(show, mine)
        r = self.kz("search", "遺失届", "--db", pg)
        if r.rc == 3:
            self.skipTest("search not yet on PostgreSQL")
        self.assertEqual(r.rc, 0, str(r))
        self.assertIn(self.refs[0], r.out)
        # Every copied document was indexed when the copy committed.
        self.assertEqual(psql(pg, "SELECT count(*) FROM search_doc"
                              " WHERE body IS NOT NULL"), [["0"]])

    @need_pg
    def test_non_empty_postgresql_target_is_refused_and_kept(self):
        pg = self.pg_database()
        self.migrate(self.db, pg)
        before = psql(pg, "SELECT count(*), max(hash) FROM audit")
        self.migrate(self.db, pg, expect=2)
        self.assertEqual(psql(pg, "SELECT count(*), max(hash) FROM audit"),
                         before)
        self.migrate(self.db, pg, "--force")
        self.assertEqual(psql(pg, "SELECT count(*), max(hash) FROM audit"),
                         before)

    @need_pg
    def test_tampered_source_leaves_postgresql_target_empty(self):
        con = sqlite3.connect(self.db)
        try:
            con.executescript(
                "DROP TRIGGER audit_no_update;"
                "UPDATE audit SET actor = 'mallory' WHERE seq = 2;")
        finally:
            con.close()
        pg = self.pg_database()
        r = self.migrate(self.db, pg, "--lang", "en", expect=1)
        self.assertIn("audit", r.err)
        for table in ("incident", "chronology", "audit", "account",
                      "search_doc"):
            self.assertEqual(self.pg_count(pg, table), 0, table)
        # The triggers the copy switched off are on again.
        self.assertEqual(psql(
            pg, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"
            " AND tgenabled <> 'O'"), [["0"]])

    @need_pg
    def test_kizuki_init_target_is_fine(self):
        pg = self.pg_database()
        self.kz("init", "--db", pg, expect=0)
        self.migrate(self.db, pg)


if __name__ == "__main__":
    unittest.main()
