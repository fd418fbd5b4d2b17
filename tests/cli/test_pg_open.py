# SPDX-License-Identifier: MIT
"""The store on PostgreSQL (issue 11): `--db postgresql://…` and
KIZUKI_DB select it; `init` creates the schema; a server that cannot be
reached, another application's database and a newer kizuki schema are
refused with a clear message and nothing written.  Runs in the
PostgreSQL pass of the suite (make pg-cli-api-test); skipped otherwise."""

import os
import unittest

from tests import dbaccess
from tests.cli.clihelp import CliTestCase


@unittest.skipUnless(dbaccess.on_postgres(),
                     "needs KIZUKI_TEST_BACKEND=postgresql and KIZUKI_TEST_PG")
class TestPostgresOpen(CliTestCase):
    init_db = False

    def fresh(self):
        name, uri = dbaccess.create_database("kzo")
        self.addCleanup(dbaccess.drop_database, name)
        return uri

    def test_init_creates_the_schema_and_the_store_works(self):
        r = self.kz("init", expect=0)
        self.assertIn("データベースを準備しました", r.out)
        db = self.database()
        self.assertIn("incident", db.tables())
        self.assertIn("schema_version", db.tables())
        (latest,) = db.read("SELECT max(version) FROM schema_version")[0]
        out = self.kz_json("init")
        self.assertEqual(out["schema"], latest)
        # Through --db, beating KIZUKI_DB.
        other = self.fresh()
        self.kz("init", "--db", other, expect=0)
        self.assertIn("incident", dbaccess.Database(other).tables())

    def test_a_database_not_initialised_is_not_found_with_advice(self):
        r = self.kz("incident", "list", expect=1)
        self.assertIn("kizuki init", r.err)
        self.assertEqual(self.database().tables(), [],
                         "nothing may be written before init")

    def test_unreachable_server_names_the_host_and_the_reason(self):
        uri = ("postgresql://kizuki:s3cret-pw@127.0.0.1:1/kizuki"
               "?connect_timeout=3")
        for args in (("incident", "list"), ("init",),
                     ("serve", "--listen", "127.0.0.1:0")):
            r = self.kz(*args, "--db", uri, expect=3)
            self.assertIn("127.0.0.1", r.err)
            self.assertIn("port 1", r.err)
            self.assertIn("PostgreSQL に接続できません", r.err)
            self.assertNotIn("s3cret-pw", r.err + r.out)
        r = self.kz("incident", "list", "--db", uri, "--json", "--lang",
                    "en", expect=3)
        self.assertIn("Cannot connect to PostgreSQL", r.json()["error"]
                      ["message"])

    def test_another_applications_database_is_refused(self):
        db = self.database()
        db.write("CREATE TABLE customers (id INTEGER PRIMARY KEY,"
                 " name TEXT)")
        before = db.dump()
        tables = db.tables()
        r = self.kz("init", expect=3)
        self.assertTrue(r.err.strip(), r)
        self.assertEqual(db.tables(), tables)
        self.assertEqual(db.dump(), before)

    def test_a_newer_schema_is_refused_and_nothing_written(self):
        self.kz("init", expect=0)
        db = self.database()
        (latest,) = db.read("SELECT max(version) FROM schema_version")[0]
        db.write("INSERT INTO schema_version(version, applied_at)"
                 " VALUES (?, 0)", (latest + 1,))
        before = db.dump()
        r = self.kz("incident", "list", expect=3)
        self.assertTrue(r.err.strip(), r)
        self.assertEqual(db.dump(), before)

    def test_evidence_directory_is_named_by_the_operator(self):
        self.kz("init", expect=0)
        ref = self.create()["ref"]
        ev = os.path.join(self.tmp, "shared-evidence")
        path = os.path.join(self.tmp, "memo.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("証拠\n")
        self.kz("evidence", "add", ref, path, "--evidence-dir", ev,
                expect=0)
        files = [f for _, _, fs in os.walk(ev) for f in fs]
        self.assertTrue(files, "the file went to --evidence-dir")
        self.kz("verify", "--evidence-dir", ev, expect=0)
