# SPDX-License-Identifier: MIT
"""The reporter keeps sight of their report (issue 9 item 21): once an
incident is restricted without them, the account that filed it still
gets its receipt — what was reported, when, the phase — and nothing of
the restricted record; everyone else outside the need-to-know list gets
what a missing reference gets."""

import json

from tests.api.server import ApiTestCase, DISCOVERED

RECEIPT_KEYS = {"ref", "title", "description", "reported_at", "phase",
                "phase_label", "restricted"}


class ReceiptTest(ApiTestCase):
    extra_users = {"reporter2": "reporter", "handler2": "handler"}

    def setUp(self):
        r = self.c("reporter").post("/api/v1/incidents", {
            "title": "ノートPCを電車に置き忘れた",
            "description": "帰宅途中の電車の網棚",
            "discovered_at": DISCOVERED})
        self.assertEqual(r.status, 201, str(r))
        self.ref = r.json["ref"]
        self.reported_at = r.json["reported_at"]
        h = self.c("handler")
        r = h.patch("/api/v1/incidents/" + self.ref,
                    {"title": "役員PC紛失（社外秘）",
                     "description": "顧客名簿 3,000件を含む",
                     "severity": "S1", "severity_reason": "役員の端末"},
                    headers={"If-Match": "1"})
        self.assertEqual(r.status, 200, str(r))
        r = h.post("/api/v1/incidents/%s/phase" % self.ref, {"to": "triage"})
        self.assertEqual(r.status, 200, str(r))
        r = self.c("commander").patch(
            "/api/v1/incidents/" + self.ref, {"restricted": True},
            headers={"If-Match": str(r.json["version"])})
        self.assertEqual(r.status, 200, str(r))
        self.assertNotIn("reporter", r.json["members"])

    def receipt(self, who):
        return self.c(who).get("/api/v1/incidents/%s/receipt" % self.ref)

    def test_the_filer_sees_only_what_they_reported(self):
        rep = self.c("reporter")
        self.assertError(rep.get("/api/v1/incidents/" + self.ref), 404)
        r = self.receipt("reporter")
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(set(r.json), RECEIPT_KEYS)
        self.assertEqual(r.json["ref"], self.ref)
        self.assertEqual(r.json["title"], "ノートPCを電車に置き忘れた")
        self.assertEqual(r.json["description"], "帰宅途中の電車の網棚")
        self.assertEqual(r.json["reported_at"], self.reported_at)
        self.assertEqual(r.json["phase"], "triage")
        self.assertTrue(r.json["phase_label"])
        self.assertTrue(r.json["restricted"])
        # Nothing restricted in it, in any form.
        for word in ("社外秘", "顧客名簿", "S1", "役員", "commander"):
            self.assertNotIn(word, r.text)

    def test_the_phase_follows_the_incident(self):
        r = self.c("commander").post(
            "/api/v1/incidents/%s/phase" % self.ref, {"to": "containment"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(self.receipt("reporter").json["phase"],
                         "containment")

    def test_others_get_not_found(self):
        missing = self.c("reporter").get(
            "/api/v1/incidents/INC-2026-9999/receipt")
        self.assertError(missing, 404)
        before = self.server.counts()["audit"]
        for who in ("reporter2", "handler", "handler2", "communicator",
                    "auditor"):
            with self.subTest(who=who):
                r = self.receipt(who)
                self.assertError(r, 404)
                self.assertEqual(r.json, missing.json)
        self.assertEqual(self.server.counts()["audit"], before)
        # Members and administrators see it as they see the record.
        for who in ("commander", "admin"):
            self.assertEqual(self.receipt(who).status, 200)

    def test_reading_it_is_audited(self):
        before = self.server.counts()["audit"]
        self.assertEqual(self.receipt("reporter").status, 200)
        rows = self.server.db_read(
            "SELECT actor, action, target, detail FROM audit WHERE seq > ?",
            (before,))
        # Every audit entry about an incident also says where its
        # chronology stood ("chron", for kizuki verify).
        details = [json.loads(d) for _, _, _, d in rows]
        for d in details:
            self.assertIn("count", d.pop("chron"))
        self.assertEqual([(a, act, t) for a, act, t, _ in rows],
                         [("reporter", "incident.read", self.ref)])
        self.assertEqual(details, [{"part": "receipt"}])

    def test_an_unchanged_report_reads_as_it_is(self):
        r = self.c("reporter2").post("/api/v1/incidents", {
            "title": "不審なメール", "discovered_at": DISCOVERED})
        ref = r.json["ref"]
        r = self.c("reporter2").get("/api/v1/incidents/%s/receipt" % ref)
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["title"], "不審なメール")
        self.assertIsNone(r.json["description"])
        self.assertFalse(r.json["restricted"])
        self.assertEqual(r.json["phase"], "reported")
