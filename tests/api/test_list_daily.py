# SPDX-License-Identifier: MIT
"""The incident list for daily use (issue 10 item 7): sorted by every
column in both directions, paged with keyset cursors that neither skip nor
repeat rows however many share a value, an unknown sort refused with 422,
and need-to-know kept in every order."""

from datetime import datetime
from urllib.parse import quote

from tests.api.server import ApiTestCase, DISCOVERED

PHASES = ["reported", "triage", "containment", "investigation",
          "notification", "recovery", "aftercare", "review", "closed"]
KINDS = ["incident", "near_miss", "exercise"]
SECRET = "秘密の案件 SORT-SECRET"


def ref_key(ref):
    _, year, number = ref.split("-")
    return int(year) * 10 ** 9 + int(number)


def sort_value(col, it):
    """What the server orders by, computed from an item as the API shows
    it (missing severity 0, missing text "", phase and kind by rank)."""
    if col == "id" or col == "ref":
        return ref_key(it["ref"])
    if col == "title":
        return it["title"]
    if col == "phase":
        return PHASES.index(it["phase"])
    if col == "severity":
        return int(it["severity"][1:]) if it.get("severity") else 0
    if col == "kind":
        return KINDS.index(it["kind"])
    if col in ("category", "owner"):
        return it.get(col) or ""
    if col in ("reported_at", "updated_at"):
        return datetime.fromisoformat(it[col]).timestamp()
    raise AssertionError(col)


COLUMNS = ["id", "ref", "title", "phase", "severity", "kind", "category",
           "reported_at", "owner", "updated_at"]


class ListSortTest(ApiTestCase):

    extra_users = {"handler2": "handler"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.c("handler")
        # Few distinct values, so every column has long runs of ties.
        specs = [
            ("ルーター設定ミス", "malware", "S2", "handler", "incident"),
            ("ルーター設定ミス", None, None, None, "near_miss"),
            ("Alpha", "malware", "S1", "commander", "incident"),
            ("Alpha", "device_loss", None, "handler", "exercise"),
            ("beta", "device_loss", "S2", None, "incident"),
            ("Alpha", None, "S4", "commander", "near_miss"),
            ("ルーター設定ミス", "malware", "S2", "handler", "incident"),
            ("zeta", "malware", None, None, "incident"),
        ]
        cls.refs = []
        for i, (title, cat, sev, owner, kind) in enumerate(specs):
            body = {"title": title, "discovered_at": DISCOVERED,
                    "kind": kind}
            if cat:
                body["category"] = cat
            if sev:
                body["severity"] = sev
                body["severity_reason"] = "確認済み"
            if owner:
                body["owner"] = owner
            r = h.post("/api/v1/incidents", body)
            assert r.status == 201, str(r)
            cls.refs.append(r.json["ref"])
            if i % 3 == 1:
                r = h.post("/api/v1/incidents/%s/phase" % r.json["ref"],
                           {"to": "containment" if i % 2 else "triage"})
                assert r.status == 200, str(r)
        # Reported later, so that reported_at and updated_at differ.
        cls.server.restart(now="2026-11-23T08:15:00+09:00")
        r = cls.c("handler").post("/api/v1/incidents", {
            "title": "beta", "discovered_at": DISCOVERED,
            "category": "malware"})
        assert r.status == 201, str(r)
        cls.refs.append(r.json["ref"])
        r = cls.c("commander").post("/api/v1/incidents", {
            "title": SECRET, "discovered_at": DISCOVERED,
            "category": "malware", "severity": "S1",
            "severity_reason": "役員", "restricted": True,
            "members": ["handler"]})
        assert r.status == 201, str(r)
        cls.secret = r.json["ref"]

    def all_items(self, who):
        r = self.c(who).get("/api/v1/incidents?limit=1000")
        self.assertEqual(r.status, 200, str(r))
        self.assertIsNone(r.json["next_cursor"])
        return r.json["items"]

    def walk(self, who, col, order, limit):
        """Every page of the list in this order; the refs in order."""
        refs = []
        cursor = None
        for _ in range(100):
            path = "/api/v1/incidents?sort=%s&order=%s&limit=%d" % (
                col, order, limit)
            if cursor is not None:
                path += "&cursor=" + quote(cursor, safe="")
            r = self.c(who).get(path)
            self.assertEqual(r.status, 200, str(r))
            refs += [it["ref"] for it in r.json["items"]]
            cursor = r.json["next_cursor"]
            if cursor is None:
                return refs
        self.fail("paging does not end")

    def expected(self, items, col, order):
        return [it["ref"] for it in sorted(
            items, key=lambda it: (sort_value(col, it), ref_key(it["ref"])),
            reverse=(order == "desc"))]

    def test_every_column_both_ways_pages_without_gaps(self):
        items = self.all_items("handler")
        self.assertEqual(len(items), len(self.refs) + 1)
        for col in COLUMNS:
            for order in ("asc", "desc"):
                want = self.expected(items, col, order)
                for limit in (1, 2, 3, 1000):
                    with self.subTest(col=col, order=order, limit=limit):
                        self.assertEqual(
                            self.walk("handler", col, order, limit), want)

    def test_order_is_meaningful(self):
        items = self.all_items("handler")
        r = self.c("handler").get("/api/v1/incidents?sort=severity&order=desc")
        sev = [int(it["severity"][1:]) if it.get("severity") else 0
               for it in r.json["items"]]
        self.assertEqual(sev, sorted(sev, reverse=True))
        self.assertEqual(sev[0], 4)
        r = self.c("handler").get("/api/v1/incidents?sort=phase&order=desc")
        self.assertEqual(r.json["items"][0]["phase"], "containment")
        r = self.c("handler").get("/api/v1/incidents?sort=reported_at")
        self.assertEqual({it["title"] for it in r.json["items"][:2]},
                         {"beta", SECRET})
        r = self.c("handler").get(
            "/api/v1/incidents?sort=reported_at&order=asc")
        self.assertEqual(r.json["items"][0]["ref"], self.refs[0])
        # The default is still newest first, its cursor the bare id.
        r = self.c("handler").get("/api/v1/incidents?limit=2")
        self.assertEqual([it["ref"] for it in r.json["items"]],
                         self.expected(items, "id", "desc")[:2])
        self.assertRegex(r.json["next_cursor"], r"^[0-9]+$")

    def test_bad_sort_order_and_cursor_are_422(self):
        h = self.c("handler")
        for q in ("sort=nope", "sort=", "sort=TITLE", "order=up",
                  "order=", "sort=title&cursor=12",
                  "sort=title&order=desc&cursor=title.a.t41.1",
                  "sort=title&order=asc&cursor=phase.a.n1.1",
                  "sort=title&order=asc&cursor=title.a.t4.1",
                  "sort=title&order=asc&cursor=title.a.t00.1",
                  "sort=title&order=asc&cursor=title.a.tzz.1",
                  # Not UTF-8: no title is those bytes.
                  "sort=title&order=asc&cursor=title.a.tf48f.1",
                  "sort=title&order=asc&cursor=title.a.tc3.1",
                  "sort=title&order=asc&cursor=title.a.t41.0",
                  "sort=severity&order=asc&cursor=severity.a.n+1.3",
                  "sort=severity&order=asc&cursor=severity.a.t41.3",
                  "cursor=abc", "cursor=0"):
            with self.subTest(q=q):
                r = h.get("/api/v1/incidents?" + q)
                self.assertEqual(r.status, 422, str(r))
        r = h.get("/api/v1/incidents?sort=title&order=asc&cursor="
                  + "title.a.t" + "41" * 1300 + ".1")
        self.assertIn(r.status, (414, 422), str(r))
        # A well-formed cursor of this order is fine, even after the end.
        r = h.get("/api/v1/incidents?sort=title&order=asc"
                  "&cursor=title.a.tf48fbfbf.999")
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["items"], [])

    def test_need_to_know_in_every_order(self):
        self.assertIn(self.secret,
                      [it["ref"] for it in self.all_items("handler")])
        for col in COLUMNS:
            for order in ("asc", "desc"):
                with self.subTest(col=col, order=order):
                    refs = self.walk("handler2", col, order, 2)
                    self.assertNotIn(self.secret, refs)
                    self.assertEqual(sorted(refs), sorted(self.refs))


class ExportCsvTest(ApiTestCase):
    """GET /api/v1/exports/incidents.csv: what the list shows, as bytes a
    spreadsheet opens safely."""

    extra_users = {"handler2": "handler"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.c("handler")
        cls.refs = []
        for title in ("=HYPERLINK(\"http://evil\",\"x\")", "+81 3 1234",
                      "-2+3", "@SUM(A1:A2)", "カンマ, と \"引用\"",
                      "普通の件名"):
            r = h.post("/api/v1/incidents", {
                "title": title, "discovered_at": DISCOVERED,
                "category": "malware", "tags": ["=cmd", "web"]})
            assert r.status == 201, str(r)
            cls.refs.append(r.json["ref"])
        r = cls.c("commander").post("/api/v1/incidents", {
            "title": SECRET, "discovered_at": DISCOVERED,
            "category": "malware", "restricted": True,
            "members": ["handler"]})
        assert r.status == 201, str(r)
        cls.secret = r.json["ref"]

    def export(self, who, query=""):
        r = self.c(who).get("/api/v1/exports/incidents.csv" + query)
        self.assertEqual(r.status, 200, str(r))
        return r

    def rows(self, body):
        import csv
        import io
        self.assertTrue(body.startswith(b"\xef\xbb\xbf"))
        text = body[3:].decode("utf-8")
        return list(csv.reader(io.StringIO(text, newline="")))

    def test_bytes_bom_crlf_quoting_and_formulas(self):
        r = self.export("handler", "?sort=ref&order=asc")
        self.assertTrue(r.header("Content-Type").startswith("text/csv"))
        self.assertIn("attachment", r.header("Content-Disposition"))
        body = r.body
        self.assertEqual(body[:3], b"\xef\xbb\xbf")
        # Every row ends in CRLF, and there is no bare LF (titles are one
        # line; quoting of line breaks is in tests/unit/util/test_csv.c).
        self.assertTrue(body.endswith(b"\r\n"))
        self.assertEqual(body.count(b"\n"), body.count(b"\r\n"))
        self.assertEqual(body.count(b"\r\n"), len(self.refs) + 2)
        self.assertIn("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"".encode(),
                      body)
        rows = self.rows(body)
        self.assertEqual(rows[0][0], "参照番号")
        self.assertEqual(len(rows), 1 + len(self.refs) + 1)
        by_ref = {row[0]: row for row in rows[1:]}
        titles = [by_ref[ref][1] for ref in self.refs]
        self.assertEqual(titles, [
            "'=HYPERLINK(\"http://evil\",\"x\")", "'+81 3 1234", "'-2+3",
            "'@SUM(A1:A2)", "カンマ, と \"引用\"", "普通の件名"])
        # Labels, not keys; the tags joined, the formula one defused too.
        row = by_ref[self.refs[-1]]
        self.assertEqual(row[2], "インシデント")
        self.assertEqual(row[3], "マルウェア感染")
        self.assertEqual(row[8], "'=cmd web")
        self.assertEqual(by_ref[self.secret][9], "はい")
        self.assertEqual([row[0] for row in rows[1:]],
                         sorted(by_ref, key=ref_key))

    def test_english_headers(self):
        r = self.c("handler").get("/api/v1/exports/incidents.csv",
                                  headers={"Accept-Language": "en"})
        self.assertEqual(r.status, 200, str(r))
        rows = self.rows(r.body)
        self.assertEqual(rows[0][:3], ["Reference", "Title", "Kind"])

    def test_filters_and_need_to_know(self):
        rows = self.rows(self.export("handler2").body)
        refs = [row[0] for row in rows[1:]]
        self.assertNotIn(self.secret, refs)
        self.assertNotIn(SECRET.encode(), self.export("handler2").body)
        self.assertEqual(sorted(refs), sorted(self.refs))
        rows = self.rows(self.export("handler", "?phase=closed").body)
        self.assertEqual(len(rows), 1)
        # A reporter sees only what they filed: nothing here.
        rows = self.rows(self.export("reporter").body)
        self.assertEqual(len(rows), 1)
        for q in ("?sort=nope", "?limit=5", "?cursor=3", "?colour=red"):
            with self.subTest(q=q):
                r = self.c("handler").get("/api/v1/exports/incidents.csv" + q)
                self.assertEqual(r.status, 422, str(r))
        r = self.server.client().get("/api/v1/exports/incidents.csv")
        self.assertEqual(r.status, 401, str(r))


class ListFilterTest(ApiTestCase):
    """Filters for daily use: open only, owner, tag, a reported-at range;
    they combine with the existing ones and with the export, and a
    restricted incident stays hidden whatever matches."""

    extra_users = {"handler2": "handler"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.c("handler")
        specs = [  # title, owner, tags, reported_at, closed
            ("a", "handler", ["web", "vpn"], "2026-11-20T10:00:00+09:00", False),
            ("b", "commander", ["web"], "2026-11-21T10:00:00+09:00", True),
            ("c", None, ["メール"], "2026-11-21T23:59:00+09:00", False),
            ("d", "handler", [], "2026-11-22T09:00:00+09:00", True),
        ]
        cls.by_title = {}
        for title, owner, tags, reported, closed in specs:
            body = {"title": title, "discovered_at": "2026-11-19T09:00:00+09:00",
                    "reported_at": reported, "tags": tags}
            if owner:
                body["owner"] = owner
            r = h.post("/api/v1/incidents", body)
            assert r.status == 201, str(r)
            ref = r.json["ref"]
            cls.by_title[title] = ref
            if closed:
                r = h.post("/api/v1/incidents/%s/phase" % ref, {"to": "closed"})
                assert r.status == 200, str(r)
        r = cls.c("commander").post("/api/v1/incidents", {
            "title": "s", "discovered_at": "2026-11-19T09:00:00+09:00",
            "reported_at": "2026-11-21T10:00:00+09:00", "owner": "handler",
            "tags": ["web"], "restricted": True, "members": ["handler"]})
        assert r.status == 201, str(r)
        cls.secret = r.json["ref"]

    def titles(self, who, query):
        r = self.c(who).get("/api/v1/incidents?sort=title&order=asc&" + query)
        self.assertEqual(r.status, 200, str(r))
        return [it["title"] for it in r.json["items"]]

    def test_filters(self):
        cases = [
            ("open=true", ["a", "c"]),
            ("open=false", ["b", "d"]),
            ("owner=handler", ["a", "d"]),
            ("owner=nobody", []),
            ("tag=web", ["a", "b"]),
            ("tag=" + quote("メール"), ["c"]),
            ("tag=we", []),
            ("since=2026-11-21T00:00:00%2B09:00", ["b", "c", "d"]),
            ("until=2026-11-22T00:00:00%2B09:00", ["a", "b", "c"]),
            ("since=2026-11-21T00:00:00%2B09:00"
             "&until=2026-11-22T00:00:00%2B09:00", ["b", "c"]),
            ("open=true&owner=handler&tag=vpn", ["a"]),
        ]
        for q, want in cases:
            with self.subTest(q=q):
                self.assertEqual(self.titles("handler2", q), want)
        # The member sees the restricted one where it matches.
        self.assertEqual(self.titles("handler", "tag=web&owner=handler"),
                         ["a", "s"])
        self.assertEqual(self.titles("handler2", "tag=web&owner=handler"),
                         ["a"])

    def test_export_takes_the_filters(self):
        r = self.c("handler2").get(
            "/api/v1/exports/incidents.csv?open=true&sort=title&order=asc")
        self.assertEqual(r.status, 200, str(r))
        lines = r.body[3:].decode("utf-8").split("\r\n")
        self.assertEqual([ln.split(",")[1] for ln in lines[1:-1]], ["a", "c"])

    def test_bad_filters_are_422(self):
        for q, field in (("open=yes", "open"), ("open=", "open"),
                         ("until=tomorrow", "until"),
                         ("since=2026-11-22T00:00:00%2B09:00"
                          "&until=2026-11-21T00:00:00%2B09:00", "until"),
                         ("owner=" + "x" * 201, "owner"),
                         ("tag=" + "x" * 201, "tag")):
            with self.subTest(q=q):
                r = self.c("handler").get("/api/v1/incidents?" + q)
                self.assertEqual(r.status, 422, str(r))
                self.assertIn(field, r.json["error"]["fields"])
