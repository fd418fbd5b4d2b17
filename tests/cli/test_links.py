# SPDX-License-Identifier: MIT
"""`kizuki incident link REF KIND OTHER_REF`, `kizuki incident links REF
[--duplicates]` and `kizuki incident unlink REF ID` (issue 10 item 5)."""

from tests.cli.clihelp import CliTestCase


class TestLinks(CliTestCase):

    def setUp(self):
        super().setUp()
        self.orig = self.create({"title": "顧客へのメール誤送信",
                                 "category": "misdirected_email"})["ref"]
        self.dup = self.create({"title": "顧客宛メールの誤送信",
                                "category": "misdirected_email"})["ref"]
        self.other = self.create({"title": "サーバ室の入退室記録の欠落",
                                  "category": "misdirected_email"})["ref"]

    def test_link_list_and_unlink(self):
        r = self.kz("incident", "links", self.orig, expect=0)
        self.assertIn("リンクはありません", r.out)
        r = self.kz("incident", "link", self.other, "caused_by", self.orig,
                    expect=0)
        self.assertIn(self.orig, r.out)
        self.assertIn("をリンクしました", r.out)
        r = self.kz("incident", "links", self.orig, expect=0)
        self.assertIn("この事案が原因", r.out)
        self.assertIn(self.other, r.out)
        r = self.kz("incident", "links", self.orig, "--lang", "en", expect=0)
        self.assertIn("caused", r.out)
        out = self.kz_json("incident", "links", self.other)
        (item,) = out["items"]
        self.assertEqual((item["kind"], item["ref"], item["direction"]),
                         ("caused_by", self.orig, "outgoing"))
        chron = self.show(self.orig)["chronology"]
        self.assertIn(self.other, chron[-1]["body"])
        r = self.kz("incident", "unlink", self.orig, str(item["id"]),
                    expect=0)
        self.assertEqual(self.kz_json("incident", "links", self.other)
                         ["items"], [])
        self.assertIn("削除", self.show(self.other)["chronology"][-1]["body"])
        # Gone: a second removal finds nothing.
        self.kz("incident", "unlink", self.orig, str(item["id"]), expect=1)

    def test_duplicate_closes_and_is_offered_first(self):
        r = self.kz("incident", "links", self.orig, "--duplicates", expect=0)
        self.assertIn("重複の可能性がある事案", r.out)
        self.assertIn(self.dup, r.out)
        self.assertNotIn(self.other, r.out)
        out = self.kz_json("incident", "links", self.orig, "--duplicates")
        self.assertEqual([d["ref"] for d in out["duplicates"]], [self.dup])
        out = self.kz_json("incident", "link", self.dup, "duplicate_of",
                           self.orig)
        self.assertEqual((out["kind"], out["ref"]),
                         ("duplicate_of", self.orig))
        shown = self.show(self.dup)
        self.assertEqual(shown["incident"]["phase"], "closed")
        self.assertIn(self.orig, shown["chronology"][-1]["change"]["reason"])
        out = self.kz_json("incident", "links", self.orig, "--duplicates")
        self.assertEqual(out["items"][0]["relation"], "has_duplicate")
        self.assertEqual(out["duplicates"], [])

    def test_refusals(self):
        r = self.assertRefused("incident", "link", self.orig, "related",
                               self.orig, field="ref")
        self.assertIn("自分自身", r.err)
        self.assertRefused("incident", "link", self.orig, "merged",
                           self.dup, field="kind")
        r = self.assertRefused("incident", "link", self.orig, "related",
                               "INC-2026-9999", field="ref", expect=1)
        self.assertIn("見つかりません", r.err)
        self.assertRefused("incident", "link", "INC-2026-9999", "related",
                           self.orig, field=None, expect=1)
        self.kz("incident", "link", self.orig, "part_of", self.dup, expect=0)
        r = self.assertRefused("incident", "link", self.orig, "part_of",
                               self.dup, field="ref")
        self.assertIn("すでに", r.err)
        r = self.assertRefused("incident", "link", self.dup, "part_of",
                               self.orig, field="ref")
        self.assertIn("循環", r.err)
        r = self.assertRefused("incident", "link", self.dup, "part_of",
                               self.orig, "--json", field="ref",
                               json_mode=True)
        self.assertEqual(r.json()["error"]["code"], "conflict")
        # Usage errors.
        self.assertRefused("incident", "link", self.orig, "related",
                           field=None)
        self.assertRefused("incident", "link", self.orig, "related",
                           "not-a-ref", field=None)
        self.assertRefused("incident", "unlink", self.orig, "x", field=None)
        self.assertRefused("incident", "links", field=None)

    def test_help(self):
        r = self.kz("incident", "link", "--help", expect=0)
        self.assertIn("duplicate_of", r.out)
        r = self.kz("incident", "--help", expect=0)
        self.assertIn("link", r.out)
