# SPDX-License-Identifier: MIT
"""`kizuki init`, the database argument and the top-level help."""

import os

from tests.cli import clihelp
from tests.cli.clihelp import CliTestCase, sqlite_only


@sqlite_only("the database file, its creation and its directory")
class TestInit(CliTestCase):
    init_db = False

    def test_init_creates_the_database_and_says_what_next(self):
        r = self.kz("init", expect=0)
        self.assertTrue(os.path.exists(self.db))
        self.assertIn("データベースを準備しました", r.out)
        self.assertIn(self.db, r.out)
        self.assertIn("kizuki incident new", r.out)
        schema = self.dump()
        for table in ("incident", "chronology", "ref_counter",
                      "schema_version"):
            self.assertIn('CREATE TABLE %s' % table, schema.replace('"', ''))
        self.assertIn("chronology_no_update", schema)
        self.assertIn("chronology_no_delete", schema)

    def test_init_again_changes_nothing(self):
        self.kz("init", expect=0)
        ref = self.create()["ref"]
        before = self.dump()
        r = self.kz("init", expect=0)
        self.assertIn("データベースを準備しました", r.out)
        self.assertEqual(self.dump(), before)
        self.assertEqual(self.show(ref)["incident"]["ref"], ref)

    def test_init_json(self):
        out = self.kz_json("init")
        self.assertEqual(out["db"], self.db)
        self.assertIsInstance(out["schema"], int)
        self.assertGreaterEqual(out["schema"], 1)

    def test_db_option_wins_over_environment(self):
        other = os.path.join(self.tmp, "other.db")
        self.kz("init", "--db", other, expect=0)
        self.assertTrue(os.path.exists(other))
        self.assertFalse(os.path.exists(self.db))

    def test_database_from_environment(self):
        self.kz("init", expect=0, KIZUKI_DB=os.path.join(self.tmp, "env.db"))
        self.assertTrue(os.path.exists(os.path.join(self.tmp, "env.db")))

    def test_missing_database_is_not_found_with_advice(self):
        commands = [
            ("incident", "list"),
            ("incident", "show", "INC-2026-0001"),
            ("incident", "move", "INC-2026-0001", "triage"),
            ("incident", "note", "INC-2026-0001", "メモ"),
            ("incident", "set", "INC-2026-0001", "severity", "S1"),
            ("incident", "new", "--title", "紛失",
             "--discovered-at", clihelp.DISCOVERED),
            ("verify",),
        ]
        for args in commands:
            with self.subTest(args=args):
                r = self.kz(*args, expect=1)
                self.assertIn("kizuki init", r.err)
                self.assertIn(self.db, r.err)
                self.assertFalse(os.path.exists(self.db),
                                 "a command other than init created the "
                                 "database")

    def test_missing_database_json_envelope(self):
        out = self.kz_json("incident", "list", expect=1)
        self.assertEqual(out["error"]["code"], "not_found")
        self.assertIn("kizuki init", out["error"]["message"])
        self.assertFalse(os.path.exists(self.db))

    def test_missing_database_in_english(self):
        r = self.kz("verify", "--lang", "en", expect=1)
        self.assertIn("kizuki init", r.err)
        self.assertIn("error", r.err)

    def test_init_where_no_file_can_be_made_is_a_database_error(self):
        path = os.path.join(self.tmp, "no", "such", "dir", "k.db")
        r = self.kz("init", "--db", path, expect=3)
        self.assertIn(path, r.err)
        # It cannot be created, so telling the person to run init again
        # would send them round in a circle.
        self.assertNotIn("kizuki init", r.err)
        self.assertFalse(os.path.exists(path))

    def test_init_refuses_extra_arguments_and_empty_db(self):
        self.kz("init", "extra", expect=2)
        r = self.kz("init", "--db", "", expect=2)
        self.assertIn("--db", r.err)
        self.assertFalse(os.path.exists(self.db))

    def test_init_refuses_another_applications_database(self):
        import sqlite3
        con = sqlite3.connect(self.db)
        con.execute("CREATE TABLE payroll (name TEXT, amount INTEGER)")
        con.commit()
        con.close()
        r = self.kz("init", expect=3)
        self.assertTrue(r.err.strip())
        # None of kizuki's tables go into it.  (The store's bookkeeping
        # table schema_version is still created there; see the report.)
        schema = self.dump()
        self.assertIn("payroll", schema)
        for table in ("incident", "chronology", "ref_counter"):
            self.assertNotIn("CREATE TABLE %s " % table, schema)


class TestHelp(CliTestCase):
    init_db = False

    def test_help_lists_the_commands(self):
        r = self.kz("--help", expect=0)
        for cmd in ("init", "incident", "verify", "taxonomy"):
            self.assertIn(cmd, r.out)
        self.assertIn("終了コード", r.out)

    def test_no_arguments_is_a_usage_error(self):
        r = self.kz(expect=2)
        self.assertIn("incident", r.out)

    def test_incident_help(self):
        r = self.kz("incident", "--help", expect=0)
        for verb in ("new", "list", "show", "move", "note", "set"):
            self.assertIn(verb, r.out)
        self.kz("incident", expect=2)

    def test_subcommand_help(self):
        for args in (("incident", "new"), ("incident", "list"),
                     ("incident", "show"), ("incident", "move"),
                     ("incident", "note"), ("incident", "set"),
                     ("verify",), ("taxonomy",), ("init",)):
            with self.subTest(args=args):
                r = self.kz(*args, "--help", expect=0)
                self.assertIn("kizuki", r.out)
        self.assertFalse(os.path.exists(self.db))

    def test_unknown_command(self):
        r = self.kz("frobnicate", expect=2)
        self.assertIn("frobnicate", r.err)
        r = self.kz("incident", "frobnicate", expect=2)
        self.assertIn("知らないコマンド", r.err)

    def test_version(self):
        r = self.kz("--version", expect=0)
        self.assertRegex(r.out, r"^kizuki \d+\.\d+\.\d+")
