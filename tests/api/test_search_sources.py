# SPDX-License-Identifier: MIT
"""Search over what issue 10 added beside the record itself: evidence
names and descriptions, observable values (and the Unicode form of a
domain) and the titles of alerts once they belong to an incident
(0017_search.sql), each found with its field named, and none of them
found through an incident the caller may not see."""

import urllib.parse

from tests.api.server import ApiTestCase, DISCOVERED

OCCURRED = "2026-11-01T10:00:00+09:00"


def q(text):
    return "/api/v1/search?" + urllib.parse.urlencode({"q": text})


class SearchSourcesTest(ApiTestCase):

    extra_users = {"handler2": "handler"}

    def new(self, who="handler", **rec):
        rec.setdefault("discovered_at", DISCOVERED)
        rec.setdefault("title", "調査中の案件")
        r = self.c(who).post("/api/v1/incidents", rec)
        self.assertEqual(r.status, 201, str(r))
        return r.json["ref"]

    def found(self, text, who="handler"):
        """{ref: [fields]} of what 'text' finds for 'who'."""
        r = self.c(who).get(q(text))
        self.assertEqual(r.status, 200, str(r))
        return {i["ref"]: i["fields"] for i in r.json["items"]}

    def evidence(self, ref, name, description, who="handler"):
        r = self.c(who).request(
            "POST", "/api/v1/incidents/%s/evidence" % ref, raw=b"original",
            content_type="application/octet-stream",
            headers={"X-Filename": urllib.parse.quote(name, safe=""),
                     "X-Description": urllib.parse.quote(description,
                                                         safe="")})
        self.assertEqual(r.status, 201, str(r))

    def test_evidence_name_and_description(self):
        ref = self.new()
        self.evidence(ref, "受信トレイ書き出し.eml", "金庫で保管する誤送信の原本")
        self.assertIn("evidence", self.found("金庫で保管").get(ref, []))
        self.assertIn("evidence", self.found("受信トレイ").get(ref, []))

    def test_observable_value_and_unicode_domain(self):
        ref = self.new()
        for obs in ({"type": "domain", "value": "phish-kanri.example"},
                    {"type": "domain", "value": "例え.テスト"}):
            r = self.c("handler").post(
                "/api/v1/incidents/%s/observables" % ref, obs)
            self.assertEqual(r.status, 201, str(r))
        self.assertIn("observable", self.found("phish-kanri").get(ref, []))
        # Stored as punycode, found by its Unicode form too.
        self.assertIn("observable", self.found("例え").get(ref, []))

    def test_alert_title_once_attached_only(self):
        ref = self.new()
        r = self.c("handler").post("/api/v1/alerts", {
            "source": "edr", "source_ref": "beacon-1",
            "title": "Beaconing to qwzx-c2 host", "severity": "high",
            "occurred_at": OCCURRED})
        self.assertEqual(r.status, 201, str(r))
        alert_id = r.json["items"][0]["id"]
        # In the queue only: not a document of any incident yet.
        self.assertEqual(self.found("qwzx"), {})
        r = self.c("handler").post("/api/v1/alerts/promote",
                                   {"alerts": [alert_id], "incident": ref})
        self.assertEqual(r.status, 200, str(r))
        self.assertIn("alert", self.found("qwzx").get(ref, []))

    def test_restricted_incident_sources_stay_hidden(self):
        # Filed by a commander, shared with one handler only.
        ref = self.new(who="commander", restricted=True, title="役員案件",
                       members=["handler"])
        self.evidence(ref, "board.pdf", "取締役会資料の写しzqv")
        r = self.c("handler").post("/api/v1/incidents/%s/observables" % ref,
                                   {"type": "domain",
                                    "value": "zqv-secret.example"})
        self.assertEqual(r.status, 201, str(r))
        self.assertIn(ref, self.found("zqv"))
        self.assertEqual(self.found("zqv", who="handler2"), {})
