# SPDX-License-Identifier: MIT
"""`kizuki verify`: intact chains, and chains tampered with behind
kizuki's back (SPEC C3)."""

import re
import sqlite3

from tests.cli import clihelp
from tests.cli.clihelp import CliTestCase, sqlite_only


@sqlite_only("tampers with the SQLite file itself; tests/api/test_verify_audit,"
             " test_meta and test_need_to_know tamper on both engines")
class TestVerify(CliTestCase):

    def setUp(self):
        super().setUp()
        # Two incidents: INC-2026-0001 with at least 5 entries (kizuki
        # adds its own when a change moves the triage score),
        # INC-2026-0002 with 2.
        self.ref = self.create({"title": "USBメモリの紛失"})["ref"]
        self.kz("incident", "move", self.ref, "triage", expect=0)
        self.kz("incident", "note", self.ref, "警察に遺失届を出した",
                "--kind", "action", expect=0)
        self.kz("incident", "set", self.ref, "severity", "S3", "--reason",
                "紛失物に個人情報なし", expect=0)
        self.kz("incident", "note", self.ref, "本人に聞き取り", expect=0)
        self.other = self.create({"title": "不審メール"})["ref"]
        self.kz("incident", "note", self.other, "ヘッダを確認", expect=0)

    def sql(self, *statements):
        """Run SQL on the database behind kizuki's back, with the
        append-only triggers dropped first."""
        con = sqlite3.connect(self.db)
        try:
            con.execute("DROP TRIGGER IF EXISTS chronology_no_update")
            con.execute("DROP TRIGGER IF EXISTS chronology_no_delete")
            for s in statements:
                con.execute(*s) if isinstance(s, tuple) else con.execute(s)
            con.commit()
        finally:
            con.close()

    def rows(self, ref):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(
                "SELECT c.seq, c.kind, c.actor, c.at, c.body, c.prev_hash,"
                " c.hash FROM chronology c JOIN incident i"
                " ON i.id = c.incident_id WHERE i.ref = ? ORDER BY c.seq",
                (ref,)).fetchall()
        finally:
            con.close()

    def assertBreak(self, r, ref, seq, expected, found):
        """The text report names the incident, the entry and both
        hashes."""
        m = re.search(r"(?m)^\s+%s #(\d+): .+\n\s+期待値: ([0-9a-f]+)\n"
                      r"\s+実際:\s+([0-9a-f]+)$" % re.escape(ref), r.out)
        self.assertIsNotNone(m, str(r))
        self.assertEqual(int(m.group(1)), seq, str(r))
        self.assertEqual(m.group(2), expected, str(r))
        self.assertEqual(m.group(3), found, str(r))

    def linked_entries(self):
        """Entries verify must recompute: every chronology entry, plus
        the audit log's where the store keeps one (SPEC C15)."""
        con = sqlite3.connect(self.db)
        try:
            n = con.execute("SELECT count(*) FROM chronology").fetchone()[0]
            if con.execute("SELECT 1 FROM sqlite_schema WHERE type ="
                           " 'table' AND name = 'audit'").fetchone():
                n += con.execute("SELECT count(*) FROM audit").fetchone()[0]
            return n
        finally:
            con.close()

    def test_intact_says_how_many_entries(self):
        self.assertGreaterEqual(len(self.rows(self.ref)), 5)
        self.assertEqual(len(self.rows(self.other)), 2)
        n = self.linked_entries()
        r = self.kz("verify", expect=0)
        self.assertIn("記録は改ざんされていません", r.out)
        self.assertIn("%d 件の記録を検証" % n, r.out)
        self.assertIn("2 件の経緯", r.out)
        out = self.kz_json("verify", expect=0)
        self.assertEqual(
            {k: out[k] for k in ("ok", "checked", "incidents", "broken")},
            {"ok": True, "checked": n, "incidents": 2, "broken": []})

    def test_stored_hashes_follow_the_documented_form(self):
        # Anyone can recompute the chain from the documented bytes.
        for ref in (self.ref, self.other):
            prev = clihelp.GENESIS
            for seq, kind, actor, at, body, prev_hash, h in self.rows(ref):
                self.assertEqual(prev_hash, prev)
                self.assertEqual(
                    h, clihelp.chron_hash(prev, ref, seq, kind, actor,
                                          clihelp.utc_text(at), body))
                prev = h

    def test_empty_database_is_intact(self):
        self.kz("init", "--db", self.db + "2", expect=0)
        out = self.kz_json("verify", "--db", self.db + "2", expect=0)
        self.assertEqual((out["ok"], out["incidents"], out["broken"]),
                         (True, 0, []))

    def test_the_database_refuses_edits_and_deletions(self):
        con = sqlite3.connect(self.db)
        try:
            with self.assertRaises(sqlite3.DatabaseError):
                con.execute("UPDATE chronology SET body = 'x'")
            with self.assertRaises(sqlite3.DatabaseError):
                con.execute("DELETE FROM chronology")
        finally:
            con.close()
        self.kz("verify", expect=0)

    def test_altered_body(self):
        rows = self.rows(self.ref)
        seq, kind, actor, at, body, prev_hash, stored = rows[2]
        self.sql(("UPDATE chronology SET body = ? WHERE seq = ? AND"
                  " incident_id = (SELECT id FROM incident WHERE ref = ?)",
                  ("届は出していない", seq, self.ref)))
        want = clihelp.chron_hash(prev_hash, self.ref, seq, kind, actor,
                                  clihelp.utc_text(at), "届は出していない")
        r = self.kz("verify", expect=1)
        self.assertIn("記録の改ざんまたは欠落が見つかりました (1)", r.out)
        self.assertIn("書き換え", r.out)
        # Expected: the hash of what is stored now; found: the sealed one.
        self.assertBreak(r, self.ref, 3, want, stored)
        self.assertNotIn(self.other, r.out)
        out = self.kz_json("verify", expect=1)
        self.assertFalse(out["ok"])
        self.assertEqual(len(out["broken"]), 1)
        b = out["broken"][0]
        self.assertEqual((b["ref"], b["seq"], b["expected"], b["found"]),
                         (self.ref, 3, want, stored))

    def test_altered_actor_and_time(self):
        self.sql(("UPDATE chronology SET actor = 'someone-else'"
                  " WHERE seq = 2 AND incident_id = (SELECT id FROM incident"
                  " WHERE ref = ?)", (self.other,)))
        r = self.kz("verify", expect=1)
        self.assertIn(self.other + " #2", r.out)
        self.sql("UPDATE chronology SET at = at + 60 WHERE seq = 1")
        out = self.kz_json("verify", expect=1)
        self.assertEqual(sorted((b["ref"], b["seq"]) for b in out["broken"]),
                         [(self.ref, 1), (self.other, 1)])

    def test_deleted_middle_entry(self):
        rows = self.rows(self.ref)
        self.sql(("DELETE FROM chronology WHERE seq = 3 AND incident_id ="
                  " (SELECT id FROM incident WHERE ref = ?)", (self.ref,)))
        r = self.kz("verify", expect=1)
        # The entry after the gap no longer links to the one before it.
        self.assertBreak(r, self.ref, 4, rows[1][6], rows[3][5])
        self.assertIn("削除", r.out)
        out = self.kz_json("verify", expect=1)
        self.assertEqual([(b["ref"], b["seq"]) for b in out["broken"]],
                         [(self.ref, 4)])

    def test_deleted_last_entry(self):
        rows = self.rows(self.ref)
        last = len(rows)
        self.sql(("DELETE FROM chronology WHERE seq = ? AND incident_id ="
                  " (SELECT id FROM incident WHERE ref = ?)",
                  (last, self.ref)))
        r = self.kz("verify", expect=1)
        # Only the head recorded on the incident shows the loss.
        self.assertBreak(r, self.ref, last, rows[-1][6], rows[-2][6])
        self.assertIn("末尾", r.out)

    def test_entry_reordered(self):
        self.sql(("UPDATE chronology SET seq = seq + 10 WHERE seq = 2 AND"
                  " incident_id = (SELECT id FROM incident WHERE ref = ?)",
                  (self.ref,)))
        r = self.kz("verify", expect=1)
        self.assertIn(self.ref + " #3", r.out)

    def test_head_moved_back_to_hide_a_removal(self):
        rows = self.rows(self.other)
        self.sql(("DELETE FROM chronology WHERE seq = 2 AND incident_id ="
                  " (SELECT id FROM incident WHERE ref = ?)", (self.other,)),
                 ("UPDATE incident SET chron_count = 1, chron_head = ?"
                  " WHERE ref = ?", (rows[0][6], self.other)))
        # A consistent truncation of both is the one thing the chain alone
        # cannot show; the audit log recorded entry 2 when the note was
        # written, so the cross-check does (issue 9 item 7).
        r = self.kz("verify", expect=1)
        self.assertIn(self.other + " #2", r.out)
        self.assertIn("監査ログが最後に記録した時点", r.out)
        out = self.kz_json("verify", expect=1)
        self.assertEqual(
            [(b["ref"], b["seq"], b["expected"], b["found"])
             for b in out["broken"]],
            [(self.other, 2, rows[1][6], "")])

    def test_verify_in_english(self):
        self.sql("UPDATE chronology SET body = 'x' WHERE seq = 2")
        r = self.kz("verify", "--lang", "en", expect=1)
        self.assertIn("expected:", r.out)
        self.assertIn("found:", r.out)
        self.assertIn(self.ref + " #2", r.out)
