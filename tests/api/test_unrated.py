# SPDX-License-Identifier: MIT
"""A thin report is not "S4 軽微" (issue 9 item 18): when the record lacks
the facts the score needs, the severity is unrated with the missing facts
listed and priority 1, until the facts come in; a person's severity still
wins."""

from tests.api.server import ApiTestCase


class UnratedTest(ApiTestCase):

    def file(self, **fields):
        rec = {"title": "薄い報告", "discovered_at": "2026-11-22T09:30:00+09:00"}
        rec.update(fields)
        r = self.c("handler").post("/api/v1/incidents", rec)
        self.assertEqual(r.status, 201, str(r))
        return r.json

    def test_misdirected_email_without_information_types(self):
        rec = self.file(category="misdirected_email")
        t = rec["triage"]
        self.assertIsNone(rec["severity"])
        self.assertEqual(rec["priority"], 1)
        self.assertEqual((t["severity"], t["unrated"], t["at_least"]),
                         (None, True, "S4"))
        self.assertEqual(t["label"], "未評価 — 情報不足")
        self.assertEqual([m["key"] for m in t["missing"]], ["info_types"])
        self.assertEqual(t["missing"][0]["text"], "漏えい等した情報の種類")
        en = self.c("handler").with_lang("en").get(
            "/api/v1/incidents/" + rec["ref"]).json["triage"]
        self.assertEqual(en["label"], "Unrated — facts missing")
        self.assertIn("types of information", en["missing"][0]["text"])
        # Listed as "no severity", and first by priority.
        listed = self.c("handler").get("/api/v1/incidents?severity=none")
        self.assertIn(rec["ref"], [i["ref"] for i in listed.json["items"]])

        # The types without a count: the count is what is missing now.
        r = self.c("handler").patch(
            "/api/v1/incidents/" + rec["ref"],
            {"info_types": [{"type": "name", "count": None}]},
            headers={"If-Match": str(rec["version"])})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual([m["key"] for m in r.json["triage"]["missing"]],
                         ["count"])
        self.assertIsNone(r.json["severity"])
        # With the count, it is rated.
        r = self.c("handler").patch(
            "/api/v1/incidents/" + rec["ref"],
            {"info_types": [{"type": "name", "count": 3}]},
            headers={"If-Match": str(r.json["version"])})
        self.assertEqual(r.status, 200, str(r))
        t = r.json["triage"]
        self.assertEqual((t["unrated"], t["missing"]), (False, []))
        self.assertEqual(r.json["severity"], "S4")
        self.assertEqual(r.json["severity"], t["severity"])
        self.assertEqual(r.json["priority"], 4)

    def test_dos_needs_assets_or_stoppage_not_information(self):
        rec = self.file(category="dos")
        self.assertEqual([m["key"] for m in rec["triage"]["missing"]],
                         ["assets"])
        self.assertIsNone(rec["severity"])
        rec = self.file(category="dos", impacts=["service_stopped"])
        self.assertEqual(rec["triage"]["missing"], [])
        self.assertEqual(rec["severity"], "S2")

    def test_no_category(self):
        rec = self.file()
        self.assertEqual([m["key"] for m in rec["triage"]["missing"]],
                         ["category"])
        self.assertIsNone(rec["severity"])

    def test_a_persons_severity_wins(self):
        rec = self.file(category="misdirected_email", severity="S3",
                        severity_reason="社外秘の資料が添付されていた")
        self.assertEqual((rec["severity"], rec["severity_source"]),
                         ("S3", "manual"))
        # The score still says what it lacks.
        self.assertTrue(rec["triage"]["unrated"])
