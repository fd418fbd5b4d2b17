# SPDX-License-Identifier: MIT
"""The list's q through the search index (issue 10 item 6): in every
order, both directions, with a filter and page after page, GET
/api/v1/incidents?q= lists exactly the incidents of the list without q
that match, in the same order, restricted ones only for their members;
a reference or a piece of one still finds its incident."""

from urllib.parse import quote, urlencode

from tests.api.server import ApiTestCase, DISCOVERED

COLUMNS = ["id", "ref", "title", "phase", "severity", "kind", "category",
           "reported_at", "owner", "updated_at"]
SECRET = "役員の顧客名簿 LISTQ-SECRET"


class ListQTest(ApiTestCase):

    extra_users = {"handler2": "handler"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.c("handler")
        specs = [  # title, description, category, severity, owner
            ("顧客へのメール誤送信", None, "misdirected_email", "S2",
             "handler"),
            ("USBメモリ紛失", "顧客名簿が入っていた", "device_loss", None,
             None),
            ("Alpha", None, "malware", "S1", "commander"),
            ("ﾒｰﾙ 宛先誤り", "取引先の顧客", "misdirected_email", "S3",
             None),
            ("顧客", None, "malware", None, "handler"),
            ("beta", "社内のみ", None, "S4", "commander"),
            ("顧客情報の漏洩", None, "malware", "S2", None),
        ]
        cls.refs = []
        cls.by_title = {}
        for i, (title, desc, cat, sev, owner) in enumerate(specs):
            body = {"title": title, "discovered_at": DISCOVERED}
            for key, value in (("description", desc), ("category", cat),
                               ("owner", owner)):
                if value:
                    body[key] = value
            if sev:
                body["severity"] = sev
                body["severity_reason"] = "確認済み"
            r = h.post("/api/v1/incidents", body)
            assert r.status == 201, str(r)
            cls.refs.append(r.json["ref"])
            cls.by_title[title] = r.json["ref"]
            if i % 3 == 1:
                r = h.post("/api/v1/incidents/%s/phase" % r.json["ref"],
                           {"to": "triage"})
                assert r.status == 200, str(r)
        # A word found only in the timeline.
        r = h.post("/api/v1/incidents/%s/timeline" % cls.by_title["beta"],
                   {"body": "後日、顧客から問い合わせがあった"})
        assert r.status == 201, str(r)
        r = cls.c("commander").post("/api/v1/incidents", {
            "title": SECRET, "discovered_at": DISCOVERED,
            "category": "malware", "severity": "S1",
            "severity_reason": "役員", "restricted": True,
            "members": ["handler"]})
        assert r.status == 201, str(r)
        cls.secret = r.json["ref"]

    def walk(self, who, query, limit):
        """Every page of the list with this query; the refs in order."""
        refs = []
        cursor = None
        for _ in range(100):
            path = "/api/v1/incidents?%s&limit=%d" % (query, limit)
            if cursor is not None:
                path += "&cursor=" + quote(cursor, safe="")
            r = self.c(who).get(path)
            self.assertEqual(r.status, 200, str(r))
            refs += [it["ref"] for it in r.json["items"]]
            cursor = r.json["next_cursor"]
            if cursor is None:
                return refs
        self.fail("paging does not end")

    def check(self, q, matching, who="handler"):
        """The list with q, in every order, with and without a filter,
        is the list without q keeping 'matching' (refs)."""
        for col in COLUMNS:
            for order in ("asc", "desc"):
                for flt in ("", "&category=malware"):
                    base = "sort=%s&order=%s%s" % (col, order, flt)
                    want = [ref for ref in self.walk(who, base, 1000)
                            if ref in matching]
                    for limit in (1, 2, 1000):
                        with self.subTest(q=q, col=col, order=order,
                                          flt=flt, limit=limit, who=who):
                            got = self.walk(
                                who, base + "&" + urlencode({"q": q}), limit)
                            self.assertEqual(got, want)

    def test_one_word_in_every_order(self):
        t = self.by_title
        matching = {t["顧客へのメール誤送信"], t["USBメモリ紛失"],
                    t["ﾒｰﾙ 宛先誤り"], t["顧客"], t["beta"],
                    t["顧客情報の漏洩"], self.secret}
        self.check("顧客", matching)
        # Need-to-know in the query: not even the place of the secret.
        self.check("顧客", matching - {self.secret}, who="handler2")
        r = self.c("handler2").get(
            "/api/v1/incidents?" + urlencode({"q": "LISTQ-SECRET"}))
        self.assertEqual(r.json["items"], [])

    def test_several_words_and_a_phrase(self):
        t = self.by_title
        # Every word in one document: the title of the first; the other
        # has ﾒｰﾙ in its title and 顧客 in its description.
        self.check("顧客 メール", {t["顧客へのメール誤送信"]})
        self.check("「顧客情報」", {t["顧客情報の漏洩"]})
        self.check("存在しない語", set())

    def test_a_reference_or_a_piece_of_one(self):
        ref = self.refs[2]
        year_on = ref[len("INC-"):]
        for q in (ref, ref.lower(), year_on):
            self.check(q, {ref})
        # Any other piece of a reference: every ref holding it.
        number = ref.split("-")[2]
        self.check(number, {x for x in self.refs + [self.secret]
                            if number in x})
