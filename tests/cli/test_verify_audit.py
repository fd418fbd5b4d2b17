# SPDX-License-Identifier: MIT
"""`kizuki verify` compares the incidents with the audit log, and the
audit log with a head kept elsewhere (issue 9 item 7,
docs/internals/hashchain.md)."""

import re
import sqlite3

from tests.cli.clihelp import GENESIS, CliTestCase, sqlite_only

HEAD = re.compile(r"^(\d+):([0-9a-f]{64})\n$")


@sqlite_only("tampers with the SQLite file itself; tests/api/test_verify_audit,"
             " test_meta and test_need_to_know tamper on both engines")
class TestVerifyAgainstAuditLog(CliTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.create({"title": "USBメモリの紛失"})["ref"]
        self.kz("incident", "note", self.ref, "警察に遺失届を出した",
                expect=0)
        self.other = self.create({"title": "不審メール"})["ref"]
        self.kz("incident", "move", self.other, "triage", expect=0)

    def con(self):
        con = sqlite3.connect(self.db)
        self.addCleanup(con.close)
        return con

    def drop_triggers(self, con):
        """The guard triggers, as someone with the file would."""
        for (name,) in con.execute("SELECT name FROM sqlite_schema"
                                   " WHERE type = 'trigger'").fetchall():
            con.execute('DROP TRIGGER "%s"' % name)

    def delete_incident(self, ref):
        """Remove every row of 'ref' from every table."""
        con = self.con()
        self.drop_triggers(con)
        (iid,) = con.execute("SELECT id FROM incident WHERE ref = ?",
                             (ref,)).fetchone()
        con.execute("DELETE FROM outbox WHERE summons_id IN (SELECT id FROM"
                    " summons WHERE incident_id = ?)", (iid,))
        tables = [t for (t,) in con.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table'")]
        for t in tables:
            cols = [c for (c,) in con.execute(
                "SELECT name FROM pragma_table_info(?)", (t,))]
            if "incident_id" in cols:
                con.execute('DELETE FROM "%s" WHERE incident_id = ?' % t,
                            (iid,))
        con.execute("DELETE FROM incident WHERE id = ?", (iid,))
        con.commit()
        for t in tables:
            cols = [c for (c,) in con.execute(
                "SELECT name FROM pragma_table_info(?)", (t,))]
            if "incident_id" in cols:
                self.assertEqual(con.execute(
                    'SELECT count(*) FROM "%s" WHERE incident_id = ?' % t,
                    (iid,)).fetchone()[0], 0, t)

    def audit_seq(self, action, target):
        return self.con().execute(
            "SELECT min(seq) FROM audit WHERE action = ? AND target = ?",
            (action, target)).fetchone()[0]

    def head(self):
        r = self.kz("verify", "--print-head", expect=0)
        m = HEAD.match(r.out)
        self.assertIsNotNone(m, str(r))
        return int(m.group(1)), m.group(2)

    # -- the incidents against the audit log ------------------------------

    def test_intact_store_agrees_with_its_audit_log(self):
        out = self.kz_json("verify", expect=0)
        self.assertEqual((out["ok"], out["incidents"], out["broken"]),
                         (True, 2, []))

    def test_a_whole_incident_deleted_is_found(self):
        created = self.audit_seq("incident.create", self.ref)
        self.delete_incident(self.ref)
        r = self.kz("verify", expect=1)
        self.assertIn("記録の改ざんまたは欠落が見つかりました (1)", r.out)
        self.assertIn("%s #%d: 監査ログに作成が記録されたインシデントが"
                      "ありません（削除の可能性）" % (self.ref, created), r.out)
        self.assertNotIn(self.other, r.out)
        r = self.kz("verify", "--lang", "en", expect=1)
        self.assertIn("An incident whose creation the audit log records is"
                      " missing (deleted)", r.out)
        out = self.kz_json("verify", expect=1)
        self.assertFalse(out["ok"])
        self.assertEqual(out["incidents"], 1)
        self.assertEqual([(b["ref"], b["seq"]) for b in out["broken"]],
                         [(self.ref, created)])

    def test_every_incident_deleted_is_found(self):
        self.delete_incident(self.ref)
        self.delete_incident(self.other)
        out = self.kz_json("verify", expect=1)
        self.assertEqual(out["incidents"], 0)
        self.assertEqual(sorted(b["ref"] for b in out["broken"]),
                         sorted([self.ref, self.other]))

    def test_chronology_rewritten_consistently_is_found(self):
        # Entry 2 (the note) and the recorded head are rewritten so that
        # the chain alone still holds together: only the audit log, which
        # recorded the original entry 2, shows it.
        con = self.con()
        self.drop_triggers(con)
        (iid, h1) = con.execute(
            "SELECT i.id, c.hash FROM incident i JOIN chronology c ON"
            " c.incident_id = i.id WHERE i.ref = ? AND c.seq = 1",
            (self.ref,)).fetchone()
        rows = con.execute("SELECT seq, hash FROM chronology WHERE"
                           " incident_id = ? ORDER BY seq", (iid,)).fetchall()
        con.execute("DELETE FROM chronology WHERE incident_id = ? AND"
                    " seq > 1", (iid,))
        con.execute("UPDATE incident SET chron_count = 1, chron_head = ?"
                    " WHERE id = ?", (h1, iid))
        con.commit()
        out = self.kz_json("verify", expect=1)
        # The note's audit entry recorded the head at entry 3 (the
        # playbook's entry came before the note).
        noted = [s for s, _ in rows][-1]
        self.assertEqual(
            [(b["ref"], b["seq"], b["expected"], b["found"])
             for b in out["broken"]],
            [(self.ref, noted, rows[-1][1], "")])

    # -- the audit log against a head kept elsewhere ----------------------

    def test_print_head_is_the_last_audit_entry(self):
        seq, h = self.head()
        last = self.con().execute(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        self.assertEqual((seq, h), last)
        out = self.kz_json("verify", "--print-head", expect=0)
        self.assertEqual(out["audit_head"], {"seq": seq, "hash": h})

    def test_empty_log_head(self):
        self.kz("init", "--db", self.db + "2", expect=0)
        r = self.kz("verify", "--db", self.db + "2", "--print-head",
                    expect=0)
        self.assertEqual(r.out, "0:%s\n" % GENESIS)
        self.kz("verify", "--expect-head", "0:" + GENESIS, expect=0)

    def test_expect_head_holds_while_the_log_grows(self):
        seq, h = self.head()
        self.kz("incident", "note", self.other, "追記", expect=0)
        r = self.kz("verify", "--expect-head", "%d:%s" % (seq, h), expect=0)
        self.assertIn("記録は改ざんされていません", r.out)
        # As copied by hand, in capitals.
        self.kz("verify", "--expect-head", "%d:%s" % (seq, h.upper()),
                expect=0)

    def test_truncated_tail_fails_expect_head(self):
        seq, h = self.head()
        self.kz("incident", "note", self.other, "追記", expect=0)
        self.kz("incident", "note", self.other, "もう一つ", expect=0)
        anchor = self.head()
        # Cut the log back to where it was, head included: the chain that
        # is left is intact, and so are the incidents it recorded.
        con = self.con()
        self.drop_triggers(con)
        con.execute("DELETE FROM audit WHERE seq > ?", (seq,))
        con.execute("UPDATE audit_head SET count = ?, hash = ?", (seq, h))
        con.commit()
        self.kz("verify", expect=0)
        r = self.kz("verify", "--expect-head", "%d:%s" % anchor, expect=1)
        self.assertIn("audit #%d: 保管しておいた監査ログの記録がありません"
                      "（末尾の削除の可能性）" % anchor[0], r.out)
        self.assertIn(anchor[1], r.out)
        r = self.kz("verify", "--expect-head", "%d:%s" % anchor,
                    "--lang", "en", expect=1)
        self.assertIn("The audit log no longer holds the entry kept as its"
                      " anchor", r.out)
        out = self.kz_json("verify", "--expect-head", "%d:%s" % anchor,
                           expect=1)
        self.assertEqual(
            [(b["ref"], b["seq"], b["expected"], b["found"])
             for b in out["broken"]],
            [("audit", anchor[0], anchor[1], "")])
        # --print-head gives no head to keep from a log that failed.
        r = self.kz("verify", "--print-head", "--expect-head",
                    "%d:%s" % anchor, expect=1)
        self.assertIsNone(HEAD.match(r.out))

    def test_expect_head_with_another_hash_fails(self):
        seq, h = self.head()
        other = ("f" if h[0] != "f" else "e") + h[1:]
        out = self.kz_json("verify", "--expect-head", "%d:%s" % (seq, other),
                           expect=1)
        self.assertEqual(
            [(b["ref"], b["seq"], b["expected"], b["found"])
             for b in out["broken"]],
            [("audit", seq, other, h)])
        r = self.kz("verify", "--expect-head", "%d:%s" % (seq, other),
                    expect=1)
        self.assertIn("ハッシュが一致しません", r.out)

    def test_malformed_expect_head_is_a_usage_error(self):
        for bad in ("", "3", ":" + GENESIS, "x:" + GENESIS, "-1:" + GENESIS,
                    "3:" + GENESIS[:63], "3:" + GENESIS + "0",
                    "3:" + "g" * 64):
            r = self.kz("verify", "--expect-head", bad, expect=2)
            self.assertIn("--expect-head", r.err, bad)
        r = self.kz("verify", "--expect-head", "3", "--lang", "en", expect=2)
        self.assertIn("SEQ:HASH", r.err)
