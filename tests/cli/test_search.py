# SPDX-License-Identifier: MIT
"""`kizuki search QUERY [--limit N] [--json]` (issue 10 item 6): the
search box from the command line, with the query language of the API."""

from tests.cli.clihelp import CliTestCase


class TestSearch(CliTestCase):

    def setUp(self):
        super().setUp()
        self.mail = self.create({
            "title": "顧客へのメール誤送信",
            "description": "ﾒｰﾙの宛先を誤った",
            "category": "misdirected_email"})["ref"]
        self.loss = self.create({"title": "ノートPCの紛失",
                                 "category": "device_loss"})["ref"]
        self.kz("incident", "note", self.loss, "警察へ遺失届を提出", expect=0)

    def test_words_and_highlights(self):
        r = self.kz("search", "顧客 誤送信", expect=0)
        self.assertIn(self.mail, r.out)
        self.assertNotIn(self.loss, r.out)
        # the matched terms between 【】, the field named
        self.assertIn("【顧客】へのメール【誤送信】", r.out)
        self.assertIn("[件名]", r.out)
        r = self.kz("search", "ﾒｰﾙ", "--lang", "en", expect=0)
        self.assertIn("[title]", r.out)
        self.assertIn("[description] 【ﾒｰﾙ】の宛先を誤った", r.out)

    def test_json(self):
        out = self.kz_json("search", "遺失届")
        (item,) = out["items"]
        self.assertEqual(item["ref"], self.loss)
        # the note, and the playbook's task about it
        self.assertIn("timeline", item["fields"])
        i = item["fields"].index("timeline")
        self.assertEqual(item["snippets"][i], "警察へ遺失届を提出")
        s, e = item["highlights"][i][0]
        self.assertEqual(item["snippets"][i][s:e], "遺失届")
        out = self.kz_json("search", "category:device_loss")
        self.assertEqual([i["ref"] for i in out["items"]], [self.loss])
        self.assertEqual(out["items"][0]["snippets"], [])

    def test_limit_and_nothing_found(self):
        out = self.kz_json("search", "の", "--limit", "1")
        self.assertEqual(len(out["items"]), 1)
        self.assertEqual(out["items"][0]["ref"], self.loss)  # newest first
        r = self.kz("search", "存在しない語", expect=0)
        self.assertIn("一致する事案はありません", r.out)

    def test_bad_input(self):
        r = self.kz("search", "!!!", expect=2)
        self.assertIn("記号だけでは検索できません", r.err)
        r = self.kz("search", "あ" * 201, expect=2)
        self.assertIn("200文字まで", r.err)
        r = self.kz("search", "phase:nope", "--lang", "en", expect=2)
        self.assertIn("A filter's value is not valid", r.err)
        self.kz("search", expect=2)
        self.kz("search", "a", "b", expect=2)
        self.kz("search", "a", "--limit", "0", expect=2)
        self.kz("search", "a", "--limit", "x", expect=2)
        out = self.kz_json("search", "!!!", expect=2)
        self.assertIn("q", out["error"]["fields"])
