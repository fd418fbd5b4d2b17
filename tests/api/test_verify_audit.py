# SPDX-License-Identifier: MIT
"""GET /api/v1/verify compares the incidents with the audit log (issue 9
item 7): a whole incident deleted behind kizuki's back is reported, named
to an administrator and by its audit entry to an auditor."""


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
        srv = self.server
        (iid,) = srv.db_read("SELECT id FROM incident WHERE ref = ?",
                             (gone,))[0]
        srv.tamper(
            [("DELETE FROM outbox WHERE summons_id IN (SELECT id"
              " FROM summons WHERE incident_id = ?)", (iid,))] +
            [('DELETE FROM "%s" WHERE incident_id = ?' % t, (iid,))
             for t in srv.tables_with_column("incident_id")] +
            [("DELETE FROM incident WHERE id = ?", (iid,))])

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
