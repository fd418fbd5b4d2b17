# SPDX-License-Identifier: MIT
"""GET /api/v1/verify compares the incidents with the audit log (issue 9
item 7): a whole incident deleted behind kizuki's back is reported, named
to an administrator and by its audit entry to an auditor."""

import sqlite3

from tests.api.server import ApiTestCase


class VerifyAgainstAuditLogTest(ApiTestCase):

    def test_deleted_incident_is_reported(self):
        kept = self.create("handler")["ref"]
        gone = self.create("handler", title="削除される記録")["ref"]
        r = self.c("auditor").get("/api/v1/verify")
        self.assertEqual(r.status, 200, str(r))
        self.assertTrue(r.json["ok"], str(r))
        created = self.server.db_read(
            "SELECT seq FROM audit WHERE action = 'incident.create'"
            " AND target = ?", (gone,))[0][0]
        con = sqlite3.connect(self.server.db, timeout=10)
        try:
            for (name,) in con.execute("SELECT name FROM sqlite_schema WHERE"
                                       " type = 'trigger' AND tbl_name ="
                                       " 'chronology'").fetchall():
                con.execute('DROP TRIGGER "%s"' % name)
            (iid,) = con.execute("SELECT id FROM incident WHERE ref = ?",
                                 (gone,)).fetchone()
            con.execute("DELETE FROM outbox WHERE summons_id IN (SELECT id"
                        " FROM summons WHERE incident_id = ?)", (iid,))
            for (t,) in con.execute("SELECT m.name FROM sqlite_schema m,"
                                    " pragma_table_info(m.name) p WHERE"
                                    " m.type = 'table' AND p.name ="
                                    " 'incident_id'").fetchall():
                con.execute('DELETE FROM "%s" WHERE incident_id = ?' % t,
                            (iid,))
            con.execute("DELETE FROM incident WHERE id = ?", (iid,))
            con.commit()
        finally:
            con.close()

        r = self.c("admin").get("/api/v1/verify")
        self.assertEqual(r.status, 200, str(r))
        self.assertFalse(r.json["ok"])
        self.assertEqual([(b["ref"], b["seq"]) for b in r.json["broken"]],
                         [(gone, created)])
        self.assertIn("削除", r.json["broken"][0]["problem"])
        en = self.c("admin").with_lang("en").get("/api/v1/verify")
        self.assertIn("deleted", en.json["broken"][0]["problem"])

        r = self.c("auditor").get("/api/v1/verify")
        self.assertFalse(r.json["ok"])
        self.assertEqual([(b["ref"], b["seq"]) for b in r.json["broken"]],
                         [("audit", created)])
        self.assertNotIn(gone, r.text)
        self.assertNotIn(kept, r.text)
        self.assertNotEqual(self.server.kz("verify").returncode, 0)
