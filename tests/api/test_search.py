# SPDX-License-Identifier: MIT
"""Full-text search (issue 10 item 6): GET /api/v1/search and the list's
q.  Japanese first: words separated by half- or full-width spaces must
all match, half-width katakana finds full-width, one- and two-character
words are found through the index; phrases, field filters, paging,
bad input (422), no query injection, and need-to-know in the query."""

import urllib.parse

from tests.api.server import ApiTestCase, DISCOVERED

SECRET = "極秘案件"
# The Japanese texts of the message keys (src/util/i18n_catalog.c).
MESSAGES = {
    "search.too_long": "検索語が長すぎます（200文字まで）",
    "search.nothing": "検索語がありません（記号だけでは検索できません）",
    "search.filter": "絞り込みの値が正しくありません（phase: category: "
                     "severity: は定義済みのキー、from: to: は YYYY-MM-DD）",
}


def q(text, **extra):
    args = {"q": text}
    args.update(extra)
    return "/api/v1/search?" + urllib.parse.urlencode(args)


class SearchTest(ApiTestCase):

    extra_users = {"handler2": "handler"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.c("handler")

        def new(who=h, **rec):
            rec.setdefault("discovered_at", DISCOVERED)
            r = who.post("/api/v1/incidents", rec)
            assert r.status == 201, str(r)
            return r.json

        cls.both = new(title="顧客へのメール誤送信",
                       description="営業部が顧客情報を含むﾒｰﾙを誤送信した。",
                       category="misdirected_email", tags=["メール"])
        cls.only_customer = new(title="顧客対応の記録",
                                description="問い合わせ窓口の件")
        cls.only_misdelivery = new(title="FAXの誤送信",
                                   description="取引先へのFAX",
                                   category="misdirected_email")
        cls.leak = new(title="USBメモリの紛失", description="情報漏洩のおそれ",
                       category="device_loss", severity="S1",
                       severity_reason="個人情報", owner="handler",
                       tags=["紛失"])
        r = h.post("/api/v1/incidents/%s/timeline" % cls.leak["ref"],
                   {"body": "警察へ遺失届を提出した"})
        assert r.status == 201, str(r)
        r = h.post("/api/v1/incidents/%s/tasks" % cls.leak["ref"],
                   {"title": "端末の遠隔ワイプ"})
        assert r.status == 201, str(r)
        cls.pages = [new(title="ページング試験 %d" % i) for i in range(5)]
        cls.secret = new(who=cls.c("commander"),
                         title="役員PCの%s" % SECRET,
                         description="顧客への誤送信の疑い " + SECRET,
                         restricted=True, members=["handler"])
        r = h.post("/api/v1/incidents/%s/timeline" % cls.secret["ref"],
                   {"body": "経過メモ " + SECRET})
        assert r.status == 201, str(r)

    def search(self, text, who="handler", status=200, **extra):
        r = self.c(who).get(q(text, **extra))
        self.assertEqual(r.status, status, str(r))
        return r

    def refs(self, text, who="handler", **extra):
        r = self.search(text, who, **extra)
        self.assertEqual(set(r.json), {"items", "next_cursor"})
        return [i["ref"] for i in r.json["items"]]

    # -- words ----------------------------------------------------------------

    def test_two_words_mean_and(self):
        for text in ("顧客 誤送信", "顧客\u3000誤送信", "誤送信  顧客"):
            with self.subTest(text=text):
                refs = self.refs(text, who="handler2")
                self.assertEqual(refs, [self.both["ref"]])

    def test_half_width_katakana_finds_full_width(self):
        self.assertIn(self.both["ref"], self.refs("「ﾒｰﾙ」"))
        self.assertIn(self.both["ref"], self.refs("メール"))
        # and the other way round: the description holds ﾒｰﾙ
        item = self.search("メール", who="handler2").json["items"]
        mine = [i for i in item if i["ref"] == self.both["ref"]][0]
        self.assertIn("description", mine["fields"])

    def test_full_width_letters_find_half_width(self):
        self.assertEqual(self.refs("ＵＳＢ"), [self.leak["ref"]])
        self.assertEqual(self.refs("usb"), [self.leak["ref"]])
        self.assertEqual(self.refs("ｆａｘ"), [self.only_misdelivery["ref"]])

    def test_one_character_query(self):
        self.assertEqual(self.refs("洩"), [self.leak["ref"]])  # end of 漏洩
        self.assertEqual(self.refs("漏"), [self.leak["ref"]])  # its start
        r = self.search("漏").json["items"][0]
        i = r["fields"].index("description")
        s, e = r["highlights"][i][0]
        self.assertEqual(r["snippets"][i][s:e], "漏")

    def test_two_character_words(self):
        self.assertEqual(self.refs("紛失"), [self.leak["ref"]])
        self.assertEqual(
            set(self.refs("顧客", who="handler2")),
            {self.both["ref"], self.only_customer["ref"]})

    def test_phrase(self):
        self.assertEqual(self.refs('"顧客情報"'), [self.both["ref"]])
        self.assertEqual(self.refs("「顧客情報」"), [self.both["ref"]])
        # the words of a phrase must be adjacent, in order
        self.assertEqual(self.refs('"情報顧客"'), [])
        self.assertEqual(self.refs('"メール誤送信"', who="handler2"),
                         [self.both["ref"]])

    def test_timeline_and_task_are_indexed(self):
        r = self.search("遺失届").json["items"]
        self.assertEqual([i["ref"] for i in r], [self.leak["ref"]])
        self.assertIn("timeline", r[0]["fields"])  # (the playbook's too)
        r = self.search("遠隔ワイプ").json["items"]
        self.assertEqual([i["ref"] for i in r], [self.leak["ref"]])
        self.assertIn("task", r[0]["fields"])

    def test_snippets_are_plain_text_with_highlights(self):
        r = self.search("顧客 誤送信", who="handler2").json["items"][0]
        self.assertEqual(len(r["snippets"]), len(r["highlights"]))
        self.assertEqual(len(r["snippets"]), len(r["fields"]))
        self.assertEqual(r["fields"], ["title", "description"])
        self.assertEqual(r["title"], "顧客へのメール誤送信")
        for snip, marks in zip(r["snippets"], r["highlights"]):
            self.assertIsInstance(snip, str)
            self.assertNotIn("<", snip)
            words = {snip[s:e] for s, e in marks}
            self.assertEqual(words, {"顧客", "誤送信"})

    def test_changes_are_searchable_at_once(self):
        h = self.c("handler")
        rec = h.post("/api/v1/incidents", {
            "title": "旧件名です", "discovered_at": DISCOVERED}).json
        self.assertEqual(self.refs("旧件名"), [rec["ref"]])
        r = h.patch("/api/v1/incidents/" + rec["ref"],
                    {"title": "新しい件名", "description": "詳細な説明文"},
                    headers={"If-Match": str(rec["version"])})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(self.refs("旧件名"), [])
        self.assertEqual(self.refs("新しい件名"), [rec["ref"]])
        self.assertEqual(self.refs("説明文"), [rec["ref"]])

    # -- filters --------------------------------------------------------------

    def test_field_filters(self):
        L = self.leak["ref"]
        self.assertEqual(self.refs("紛失 severity:S1"), [L])
        self.assertEqual(self.refs("紛失 severity:S2"), [])
        self.assertEqual(self.refs("紛失 category:device_loss"), [L])
        self.assertEqual(self.refs("紛失 category:misdirected_email"), [])
        self.assertEqual(self.refs("紛失 phase:reported"), [L])
        self.assertEqual(self.refs("紛失 phase:closed"), [])
        self.assertEqual(self.refs("紛失 tag:紛失"), [L])
        self.assertEqual(self.refs("紛失 assignee:handler"), [L])
        self.assertEqual(self.refs("紛失 assignee:nobody"), [])
        # dates are the reported date, in the display zone, both inclusive
        self.assertEqual(self.refs("紛失 from:2026-11-22 to:2026-11-22"), [L])
        self.assertEqual(self.refs("紛失 to:2026-11-21"), [])
        self.assertEqual(self.refs("紛失 from:2026-11-23"), [])

    def test_query_of_filters_only(self):
        refs = self.refs("category:misdirected_email", who="handler2")
        self.assertEqual(refs, [self.only_misdelivery["ref"],
                                self.both["ref"]])
        item = self.search("category:misdirected_email").json["items"][0]
        self.assertEqual(item["snippets"], [])

    # -- bad input ------------------------------------------------------------

    def test_422(self):
        for text, key in (("あ" * 201, "search.too_long"),
                          ("!!! ？？", "search.nothing"),
                          ("", "search.nothing"),
                          ("「」", "search.nothing"),
                          ("phase:nope", "search.filter"),
                          ("severity:S9 紛失", "search.filter"),
                          ("from:2026-13-01", "search.filter"),
                          ("from:2026-12-02 to:2026-12-01", "search.filter")):
            with self.subTest(text=text):
                r = self.search(text, status=422)
                self.assertEqual(list(r.json["error"]["fields"]), ["q"])
                self.assertEqual(r.json["error"]["fields"]["q"],
                                 MESSAGES[key], str(r))
        self.assertEqual(len("あ" * 200), 200)
        self.search("あ" * 200)
        for path in ("/api/v1/search", "/api/v1/search?q=a&limit=0",
                     "/api/v1/search?q=a&limit=101",
                     "/api/v1/search?q=a&cursor=x",
                     "/api/v1/search?q=a&cursor=-1",
                     "/api/v1/search?q=a&other=1"):
            with self.subTest(path=path):
                self.assertEqual(self.c("handler").get(path).status, 422)

    def test_no_query_injection(self):
        """FTS5's syntax in what a user types is only text."""
        C = self.both["ref"]
        for text, want in (('顧客"', None), ('"顧客', None), ("顧客*", None),
                           ("NEAR(顧客 誤送信)", []), ("顧客 OR 紛失", []),
                           ("-顧客 誤送信", [C]), ("^顧客 誤送信", [C]),
                           ("顧客: 誤送信", [C]), ("title:顧客 誤送信", []),
                           ('"顧客" OR "紛失"', []), ("*", "422"),
                           ("NEAR(", []), (":", "422"), ("AND", []),
                           ('""""', "422"), ("{顧客}", None)):
            with self.subTest(text=text):
                if want == "422":
                    self.search(text, who="handler2", status=422)
                    continue
                refs = self.refs(text, who="handler2")
                if want is not None:
                    self.assertEqual(refs, want)
                else:
                    self.assertIn(C, refs)

    # -- paging ---------------------------------------------------------------

    def test_paging_by_incident(self):
        seen, cursor, pages = [], None, 0
        while True:
            extra = {"limit": 2}
            if cursor:
                extra["cursor"] = cursor
            r = self.search("ページング試験", **extra).json
            seen += [i["ref"] for i in r["items"]]
            pages += 1
            cursor = r["next_cursor"]
            if cursor is None:
                break
            self.assertLess(pages, 10)
        self.assertEqual(seen, [p["ref"] for p in reversed(self.pages)])
        self.assertEqual(pages, 3)

    def test_one_item_per_incident(self):
        # title, description and timeline all match: one item
        r = self.search(SECRET).json["items"]
        self.assertEqual(len(r), 1)
        self.assertEqual(r[0]["fields"],
                         ["title", "description", "timeline"])

    # -- need-to-know ---------------------------------------------------------

    def test_restricted_is_never_matched_for_outsiders(self):
        S = self.secret["ref"]
        for who in ("handler2", "reporter", "auditor", "communicator"):
            for text in (SECRET, "顧客 誤送信", "役員", "経過メモ",
                         "category:misdirected_email", "phase:reported"):
                with self.subTest(who=who, text=text):
                    r = self.c(who).get(q(text))
                    self.assertEqual(r.status, 200, str(r))
                    self.assertNotIn(S, r.text)
                    self.assertNotIn(SECRET, r.text)
        # paging counts only what one may see: handler2 sees a full page
        # of the two visible matches and no cursor beyond them
        r = self.search("顧客", who="handler2", limit=2).json
        self.assertEqual(len(r["items"]), 2)
        self.assertIsNone(r["next_cursor"])
        # members and administrators find it, snippets included
        for who in ("handler", "admin"):
            r = self.search("顧客 誤送信", who=who).json["items"]
            self.assertIn(S, [i["ref"] for i in r])
            item = [i for i in r if i["ref"] == S][0]
            self.assertTrue(any(SECRET in s for s in item["snippets"]))

    def test_list_q_uses_the_search(self):
        r = self.c("handler2").get(
            "/api/v1/incidents?" + urllib.parse.urlencode(
                {"q": "顧客 誤送信"}))
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual([i["ref"] for i in r.json["items"]],
                         [self.both["ref"]])
        r = self.c("handler").get("/api/v1/incidents?" + urllib.parse.urlencode(
            {"q": "「ﾒｰﾙ」"}))
        self.assertIn(self.both["ref"], [i["ref"] for i in r.json["items"]])
        r = self.c("handler2").get("/api/v1/incidents?" + urllib.parse.urlencode(
            {"q": SECRET}))
        self.assertEqual(r.json["items"], [])
        # a reference still finds its incident
        r = self.c("handler").get("/api/v1/incidents?q=" + self.leak["ref"])
        self.assertEqual([i["ref"] for i in r.json["items"]],
                         [self.leak["ref"]])
