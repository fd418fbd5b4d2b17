# SPDX-License-Identifier: MIT
"""The APPI report draft over the API (issue 9, item 16): the stage
query, the reporting business from the settings, timeline entries marked
for the report (sealed, and the chain still verifies), and the printable
page whose one inline style the Content-Security-Policy allows by hash.
"""

import base64
import hashlib
import re

from tests.api.server import ApiTestCase

SCENARIO = {
    "title": "顧客1,200名へのメール誤送信",
    "category": "misdirected_email",
    "discovered_at": "2026-11-20T10:00:00+09:00",
    "info_types": [{"type": "name", "count": 1200}],
    "affected_persons": 1200,
}


class DraftsAppiTest(ApiTestCase):

    def scenario(self):
        r = self.c("handler").post("/api/v1/incidents", SCENARIO)
        self.assertEqual(r.status, 201, str(r))
        return r.json["ref"]

    def draft(self, ref, query):
        return self.c("handler").get(
            "/api/v1/incidents/%s/drafts/appi_report?%s" % (ref, query))

    def test_stage_is_a_choice(self):
        ref = self.scenario()
        pre = self.draft(ref, "lang=ja")
        self.assertEqual(pre.status, 200, str(pre))
        self.assertIn("【速報】", pre.text)
        self.assertIn("## 確報で報告する事項", pre.text)
        self.assertEqual(self.draft(ref, "lang=ja&stage=preliminary").text,
                         pre.text)
        fin = self.draft(ref, "lang=ja&stage=final")
        self.assertEqual(fin.status, 200, str(fin))
        self.assertIn("【確報】", fin.text)
        self.assertIn("## 未確定の事項", fin.text)
        before = self.server.snapshot()
        for bad in ("draft", "FINAL", ""):
            self.assertError(self.draft(ref, "stage=" + bad), 422,
                             "validation_failed", ["stage"], exact=True)
        self.assertEqual(self.server.snapshot(), before)

    def test_reporting_business_from_the_settings(self):
        ref = self.scenario()
        self.assertIn("- **代表者**: 【未設定】",
                      self.draft(ref, "lang=ja").text)
        admin = self.c("admin")
        self.assertError(admin.patch("/api/v1/settings",
                                     {"business_telephone": "03-1234-5678!",
                                      "business_address": "東京都"}),
                         422, "validation_failed", ["business_telephone"],
                         exact=True)
        self.assertIsNone(admin.get("/api/v1/settings")
                          .json["business_address"])
        r = admin.patch("/api/v1/settings",
                        {"organisation_name": "株式会社きづき",
                         "business_representative": "代表取締役 鈴木 一郎",
                         "business_address": "東京都港区芝公園4-2-8",
                         "business_contact_person": "情報セキュリティ室 田中",
                         "business_telephone": "03-1234-5678"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["business_telephone"], "03-1234-5678")
        text = self.draft(ref, "lang=ja").text
        for line in ("- **名称**: 株式会社きづき",
                     "- **代表者**: 代表取締役 鈴木 一郎",
                     "- **所在地**: 東京都港区芝公園4-2-8",
                     "- **電話番号**: 03-1234-5678"):
            self.assertIn(line, text)

    def test_marked_entries_go_into_the_course_of_events(self):
        ref = self.scenario()
        h = self.c("handler")
        base = "/api/v1/incidents/%s/timeline" % ref
        self.assertError(h.post(base, {"body": "x", "for_report": "yes"}),
                         422, "validation_failed", ["for_report"], exact=True)
        r = h.post(base, {"body": "社内の打ち合わせメモ"})
        self.assertEqual(r.status, 201, str(r))
        self.assertIs(r.json["for_report"], False)
        r = h.post(base, {"kind": "action", "for_report": True,
                          "body": "誤送信先から削除完了の連絡を受けた"})
        self.assertEqual(r.status, 201, str(r))
        self.assertIs(r.json["for_report"], True)
        items = h.get(base).json["items"]
        self.assertEqual([e["for_report"] for e in items[-2:]],
                         [False, True])
        course = self.draft(ref, "lang=ja").text.split("### 事実経過")[1]
        course = course.split("\n## ")[0]
        self.assertIn("誤送信先から削除完了の連絡を受けた", course)
        self.assertNotIn("打ち合わせメモ", course)
        self.assertNotIn("タスク", course)
        self.assertNotIn("+09:00", course)
        self.assertRegex(course, r"- 2026年\d+月\d+日 \d\d:\d\d ")
        v = h.get("/api/v1/incidents/%s/verify" % ref)
        self.assertEqual(v.status, 200, str(v))
        self.assertTrue(v.json["ok"], v.json)

    def test_printable_page_allows_its_style_by_hash(self):
        ref = self.scenario()
        r = self.draft(ref, "format=html&lang=ja")
        self.assertEqual(r.status, 200, str(r))
        csp = r.header("Content-Security-Policy")
        style = re.search(r"<style>(.*?)</style>", r.text, re.S).group(1)
        self.assertIn("@page{size:A4", style)
        digest = base64.b64encode(
            hashlib.sha256(style.encode()).digest()).decode()
        self.assertIn("style-src 'sha256-%s'" % digest, csp)
        self.assertIn("default-src 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertNotIn("script", r.text.lower())
        # Markdown keeps the policy that lets nothing in.
        md = self.draft(ref, "lang=ja")
        self.assertEqual(md.header("Content-Security-Policy"),
                         "default-src 'none'; frame-ancestors 'none'")
