# SPDX-License-Identifier: MIT
"""The rest of the list for daily use (issue 10 item 7): the overdue-duties
filter (computed in the query from each incident's stored soonest due
time), the reported-at and assignee aliases, and saved filters per user
with the list's own validation, unique names and isolation between
people.  Need-to-know holds in every one of them."""

from urllib.parse import quote

from tests.api.server import ApiTestCase, DISCOVERED

LONG_AGO = "2026-10-01T10:00:00+09:00"  # every duty's clock has run out
SECRET = "役員の誤送信 OVERDUE-SECRET"

# Personal data of 1,200 people sent to the wrong address: APPI, My
# Number act (none here) and GDPR duties apply.
LEAK = {
    "category": "misdirected_email",
    "info_types": [{"type": "name", "count": 1200},
                   {"type": "address", "count": 1200}],
    "affected_persons": 1200,
}


class OverdueFilterTest(ApiTestCase):

    extra_users = {"handler2": "handler"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.c("handler")

        def file(who, **fields):
            body = {"discovered_at": DISCOVERED}
            body.update(fields)
            r = cls.c(who).post("/api/v1/incidents", body)
            assert r.status == 201, str(r)
            return r.json["ref"]

        cls.late = file("handler", title="誤送信（期限切れ）",
                        discovered_at=LONG_AGO, aware_at=LONG_AGO,
                        owner="handler", **LEAK)
        cls.fresh = file("handler", title="誤送信（今朝）",
                         aware_at=DISCOVERED, owner="handler2", **LEAK)
        cls.quiet = file("handler", title="不審メール", category="phishing")
        cls.secret = file("commander", title=SECRET, discovered_at=LONG_AGO,
                          aware_at=LONG_AGO, restricted=True,
                          members=["handler2"], **LEAK)
        r = h.get("/api/v1/incidents/" + cls.quiet)
        assert r.status == 200, str(r)

    def refs(self, who, query):
        r = self.c(who).get("/api/v1/incidents?limit=1000&" + query)
        self.assertEqual(r.status, 200, str(r))
        return [i["ref"] for i in r.json["items"]]

    def late_refs(self, who):
        """The incidents whose record says a duty is late."""
        r = self.c(who).get("/api/v1/incidents?limit=1000")
        self.assertEqual(r.status, 200, str(r))
        return {i["ref"] for i in r.json["items"] if i["duties"]["late"]}

    def test_overdue_lists_exactly_the_incidents_with_a_late_duty(self):
        self.assertIn(self.late, self.late_refs("admin"))
        self.assertNotIn(self.fresh, self.late_refs("admin"))
        over = self.refs("admin", "overdue=true")
        self.assertEqual(set(over), self.late_refs("admin"))
        self.assertIn(self.late, over)
        self.assertIn(self.secret, over)
        self.assertNotIn(self.fresh, over)
        self.assertNotIn(self.quiet, over)
        rest = self.refs("admin", "overdue=false")
        self.assertEqual(set(rest) & set(over), set())
        self.assertEqual(set(rest) | set(over),
                         set(self.refs("admin", "")))
        # With the other filters and a sort, paged one by one.
        r = self.c("admin").get(
            "/api/v1/incidents?overdue=true&owner=handler&sort=title&limit=1")
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual([i["ref"] for i in r.json["items"]], [self.late])
        self.assertIsNone(r.json["next_cursor"])

    def test_need_to_know_holds(self):
        # handler is not on the secret incident's list: neither the list
        # nor the export shows it, overdue or not.
        self.assertNotIn(self.secret, self.refs("handler", "overdue=true"))
        self.assertNotIn(self.secret, self.refs("handler", "overdue=false"))
        self.assertIn(self.secret, self.refs("handler2", "overdue=true"))
        r = self.c("handler").get(
            "/api/v1/exports/incidents.csv?overdue=true")
        self.assertEqual(r.status, 200, str(r))
        self.assertNotIn(self.secret, r.text)
        self.assertNotIn("OVERDUE-SECRET", r.text)
        self.assertIn(self.late, r.text)
        # The reporter sees only what they filed: none of these.
        self.assertEqual(self.refs("reporter", "overdue=true"), [])

    def test_csv_export_honours_the_filter(self):
        r = self.c("admin").get("/api/v1/exports/incidents.csv?overdue=true")
        self.assertEqual(r.status, 200, str(r))
        self.assertIn(self.late, r.text)
        self.assertIn(self.secret, r.text)
        self.assertNotIn(self.fresh, r.text)
        self.assertNotIn(self.quiet, r.text)
        r = self.c("admin").get(
            "/api/v1/exports/incidents.csv?assignee=handler2")
        self.assertEqual(r.status, 200, str(r))
        self.assertIn(self.fresh, r.text)
        self.assertNotIn(self.late, r.text)
        self.assertError(self.c("admin").get(
            "/api/v1/exports/incidents.csv?overdue=yes"), 422,
            "validation_failed", ["overdue"])

    def test_filing_the_late_duties_takes_it_off(self):
        ref = self.create("handler", title="誤送信（提出する）",
                          discovered_at=LONG_AGO, aware_at=LONG_AGO,
                          **LEAK)["ref"]
        self.assertIn(ref, self.refs("admin", "overdue=true"))
        self.settle(ref)
        self.assertNotIn(ref, self.refs("admin", "overdue=true"))
        self.assertIn(ref, self.refs("admin", "overdue=false"))
        self.assertEqual(self.get_incident(ref)["duties"]["late"], 0)

    def test_a_change_of_the_record_moves_it(self):
        ref = self.create("handler", title="誤送信（後で判明）",
                          aware_at=DISCOVERED, **LEAK)
        self.assertNotIn(ref["ref"], self.refs("admin", "overdue=true"))
        # Awareness corrected to weeks ago: the clocks ran out long since.
        r = self.c("handler").patch(
            "/api/v1/incidents/" + ref["ref"],
            {"aware_at": LONG_AGO, "discovered_at": LONG_AGO},
            headers={"If-Match": str(ref["version"])})
        self.assertEqual(r.status, 200, str(r))
        self.assertIn(ref["ref"], self.refs("admin", "overdue=true"))

    def test_switching_the_regimes_moves_it(self):
        admin = self.c("admin")
        off = {"regime_appi": False, "regime_mynumber": False,
               "regime_gdpr": False}
        try:
            r = admin.patch("/api/v1/settings", off)
            self.assertEqual(r.status, 200, str(r))
            self.assertNotIn(self.late, self.refs("admin", "overdue=true"))
        finally:
            r = admin.patch("/api/v1/settings", {k: True for k in off})
            self.assertEqual(r.status, 200, str(r))
        self.assertIn(self.late, self.refs("admin", "overdue=true"))

    def test_a_database_from_before_gets_its_due_times_on_start(self):
        self.server.stop()
        self.server.db_write("DELETE FROM incident_duty_due")
        # A row computed by other rules counts as missing too.
        self.server.db_write("INSERT INTO incident_duty_due VALUES (?, NULL,"
                             " 0)", (self.db_id(self.secret),))
        self.server.restart()
        self.assertEqual(set(self.refs("admin", "overdue=true")),
                         self.late_refs("admin"))
        self.assertIn(self.secret, self.refs("admin", "overdue=true"))
        n = self.server.db_read("SELECT count(*) FROM incident_duty_due")
        total = self.server.db_read("SELECT count(*) FROM incident")
        self.assertEqual(n, total)

    def db_id(self, ref):
        return self.server.db_read("SELECT id FROM incident WHERE ref = ?",
                                   (ref,))[0][0]

    def test_aliases_of_the_reported_range_and_the_owner(self):
        since, until = "2026-11-22T00:00:00+09:00", "2026-11-23T00:00:00+09:00"
        a = self.refs("admin", "since=%s&until=%s" % (quote(since),
                                                      quote(until)))
        b = self.refs("admin", "reported_from=%s&reported_to=%s" %
                      (quote(since), quote(until)))
        self.assertEqual(a, b)
        self.assertTrue(a)
        self.assertEqual(self.refs("admin", "assignee=handler2"),
                         self.refs("admin", "owner=handler2"))
        self.assertEqual(self.refs("admin", "assignee=handler2"),
                         [self.fresh])
        # The same value under both names is fine; two values are not.
        self.assertEqual(self.refs("admin",
                                   "owner=handler2&assignee=handler2"),
                         [self.fresh])
        self.assertError(self.c("admin").get(
            "/api/v1/incidents?owner=handler&assignee=handler2"), 422,
            "validation_failed", ["assignee"])
        self.assertError(self.c("admin").get(
            "/api/v1/incidents?reported_from=yesterday"), 422,
            "validation_failed", ["reported_from"], exact=True)
        self.assertError(self.c("admin").get(
            "/api/v1/incidents?reported_from=%s&reported_to=%s" %
            (quote(until), quote(since))), 422, "validation_failed",
            ["reported_to"], exact=True)

    def test_bad_overdue_is_422(self):
        for v in ("yes", "1", "", "TRUE"):
            self.assertError(self.c("admin").get(
                "/api/v1/incidents?overdue=" + v), 422, "validation_failed",
                ["overdue"], exact=True)


class SavedFiltersTest(ApiTestCase):

    extra_users = {"handler2": "handler"}

    def setUp(self):
        for who in ("handler", "handler2", "reporter"):
            for f in self.mine(who):
                r = self.c(who).delete("/api/v1/account/filters/%d" %
                                       f["id"])
                self.assertEqual(r.status, 204, str(r))

    def mine(self, who):
        r = self.c(who).get("/api/v1/account/filters")
        self.assertEqual(r.status, 200, str(r))
        return r.json["items"]

    def save(self, who, expect=201, **body):
        r = self.c(who).post("/api/v1/account/filters", body)
        self.assertEqual(r.status, expect, str(r))
        return r.json

    def rows(self):
        return self.server.db_read(
            "SELECT account, name, query, is_default FROM saved_filter"
            " ORDER BY id")

    def test_create_read_rename_change_delete(self):
        f = self.save("handler", name="自分の期限切れ",
                      query="?open=true&assignee=handler&overdue=true"
                            "&sort=severity&order=desc")
        self.assertEqual(set(f), {"id", "name", "query", "params",
                                  "default", "created_at", "updated_at"})
        # Canonical: the list's names and order, the alias resolved.
        self.assertEqual(f["query"], "open=true&owner=handler&overdue=true"
                                     "&sort=severity&order=desc")
        self.assertEqual(f["params"], {"open": "true", "owner": "handler",
                                       "overdue": "true",
                                       "sort": "severity", "order": "desc"})
        self.assertFalse(f["default"])
        self.assertEqual(self.mine("handler"), [f])
        # The saved query is a valid list query as it is.
        r = self.c("handler").get("/api/v1/incidents?" + f["query"])
        self.assertEqual(r.status, 200, str(r))
        # Rename, then replace the query with an object of parameters.
        r = self.c("handler").patch("/api/v1/account/filters/%d" % f["id"],
                                    {"name": "重大・未完了"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["name"], "重大・未完了")
        self.assertEqual(r.json["query"], f["query"])
        r = self.c("handler").patch(
            "/api/v1/account/filters/%d" % f["id"],
            {"query": {"severity": "S1", "open": True, "limit": 20,
                       "tag": "顧客 & 取引先", "reported_from":
                       "2026-11-01T00:00:00+09:00"}})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["query"],
                         "severity=S1&since=2026-11-01T00%3A00%3A00%2B09%3A00"
                         "&open=true&tag=%E9%A1%A7%E5%AE%A2%20%26%20%E5%8F%96"
                         "%E5%BC%95%E5%85%88&limit=20")
        self.assertEqual(r.json["params"]["tag"], "顧客 & 取引先")
        self.assertEqual(r.json["params"]["since"],
                         "2026-11-01T00:00:00+09:00")
        r = self.c("handler").get("/api/v1/incidents?" + r.json["query"])
        self.assertEqual(r.status, 200, str(r))
        # Delete; a second time there is nothing to delete.
        r = self.c("handler").delete("/api/v1/account/filters/%d" % f["id"])
        self.assertEqual(r.status, 204, str(r))
        self.assertEqual(self.mine("handler"), [])
        self.assertError(self.c("handler").delete(
            "/api/v1/account/filters/%d" % f["id"]), 404, "not_found")
        # Every change is in the audit log, under the person's name.
        acts = self.server.db_read(
            "SELECT action, actor, target FROM audit WHERE action LIKE"
            " 'filter.%' AND detail = ? ORDER BY seq",
            ('{"filter":%d}' % f["id"],))
        self.assertEqual(acts, [("filter.create", "handler", "user:handler"),
                                ("filter.update", "handler", "user:handler"),
                                ("filter.update", "handler", "user:handler"),
                                ("filter.delete", "handler", "user:handler")])

    def test_names_are_unique_per_person(self):
        a = self.save("handler", name="未完了", query="open=true")
        before = self.rows()
        self.assertError(self.c("handler").post(
            "/api/v1/account/filters", {"name": "未完了", "query": ""}),
            409, "conflict", ["name"])
        self.assertEqual(self.rows(), before)
        # Another person may use the same name.
        self.save("handler2", name="未完了", query="open=false")
        b = self.save("handler", name="終結", query="open=false")
        self.assertError(self.c("handler").patch(
            "/api/v1/account/filters/%d" % b["id"], {"name": "未完了"}),
            409, "conflict", ["name"])
        self.assertEqual([f["name"] for f in self.mine("handler")],
                         ["未完了", "終結"])
        self.assertEqual(self.mine("handler")[0], a)

    def test_only_the_owner_sees_and_changes_them(self):
        f = self.save("handler", name="mine", query="tag=VPN")
        self.assertEqual(self.mine("handler2"), [])
        self.assertEqual(self.mine("admin"), [])
        before = self.rows()
        for who in ("handler2", "admin"):
            self.assertError(self.c(who).patch(
                "/api/v1/account/filters/%d" % f["id"], {"name": "x"}),
                404, "not_found")
            self.assertError(self.c(who).delete(
                "/api/v1/account/filters/%d" % f["id"]), 404, "not_found")
        self.assertEqual(self.rows(), before)
        self.assertEqual(self.mine("handler"), [f])
        # Signed out: no filters at all.
        self.assertEqual(self.anon().get("/api/v1/account/filters").status,
                         401)
        # A reporter lists what they filed; their filters are theirs.
        self.save("reporter", name="mine", query="open=true")
        self.assertEqual([x["name"] for x in self.mine("reporter")], ["mine"])

    def test_every_parameter_is_checked_as_the_list_checks_it(self):
        bad = [
            ({"name": "x", "query": "phase=nope"}, ["query.phase"]),
            ({"name": "x", "query": "open=yes"}, ["query.open"]),
            ({"name": "x", "query": "overdue=1"}, ["query.overdue"]),
            ({"name": "x", "query": "severity=S9"}, ["query.severity"]),
            ({"name": "x", "query": "since=2026-13-01"}, ["query.since"]),
            ({"name": "x", "query": "since=2026-11-02T00:00:00Z"
                                    "&until=2026-11-01T00:00:00Z"},
             ["query.until"]),
            ({"name": "x", "query": "sort=colour"}, ["query.sort"]),
            ({"name": "x", "query": "order=up"}, ["query.order"]),
            ({"name": "x", "query": "limit=0"}, ["query.limit"]),
            ({"name": "x", "query": "limit=1001"}, ["query.limit"]),
            ({"name": "x", "query": "q=" + "あ" * 201}, ["query.q"]),
            ({"name": "x", "query": "owner=a&assignee=b"},
             ["query.assignee"]),
            ({"name": "x", "query": "cursor=abc"}, ["query.cursor"]),
            ({"name": "x", "query": "colour=red"}, ["query.colour"]),
            ({"name": "x", "query": "tag=a&tag=b"}, ["query.tag"]),
            ({"name": "x", "query": "tag=%zz"}, ["query"]),
            ({"name": "x", "query": "tag=%ff"}, ["query"]),
            ({"name": "x", "query": "tag=%00"}, ["query"]),
            ({"name": "x", "query": "=1"}, ["query"]),
            ({"name": "x", "query": "a=1&" * 40}, ["query"]),
            ({"name": "x", "query": 12}, ["query"]),
            ({"name": "x", "query": {"phase": ["triage"]}}, ["query.phase"]),
            ({"name": "x", "query": {"tag": "a\u0007"}}, ["query.tag"]),
            ({"name": "x"}, ["query"]),
            ({"query": "open=true"}, ["name"]),
            ({"name": "", "query": "open=true"}, ["name"]),
            ({"name": "a\nb", "query": "open=true"}, ["name"]),
            ({"name": "x" * 201, "query": "open=true"}, ["name"]),
            ({"name": 5, "query": "open=true"}, ["name"]),
            ({"name": "x", "query": "", "default": "yes"}, ["default"]),
            ({"name": "x", "query": "", "colour": 1}, ["colour"]),
        ]
        before = self.rows()
        for body, fields in bad:
            with self.subTest(body=body):
                self.assertError(self.c("handler").post(
                    "/api/v1/account/filters", body), 422,
                    "validation_failed", fields)
        self.assertEqual(self.rows(), before)
        f = self.save("handler", name="x", query="")
        self.assertEqual(f["query"], "")
        self.assertError(self.c("handler").patch(
            "/api/v1/account/filters/%d" % f["id"], {"query": "kind=x"}),
            422, "validation_failed", ["query.kind"])
        self.assertError(self.c("handler").patch(
            "/api/v1/account/filters/abc", {"name": "y"}), 404)
        self.assertEqual(self.mine("handler"), [f])

    def test_one_default_per_person(self):
        a = self.save("handler", name="a", query="open=true", default=True)
        self.assertTrue(a["default"])
        b = self.save("handler", name="b", query="open=false", default=True)
        self.assertTrue(b["default"])
        got = {f["name"]: f["default"] for f in self.mine("handler")}
        self.assertEqual(got, {"a": False, "b": True})
        # Another person's default is theirs.
        self.save("handler2", name="c", query="", default=True)
        r = self.c("handler").patch("/api/v1/account/filters/%d" % a["id"],
                                    {"default": True})
        self.assertEqual(r.status, 200, str(r))
        got = {f["name"]: f["default"] for f in self.mine("handler")}
        self.assertEqual(got, {"a": True, "b": False})
        r = self.c("handler").patch("/api/v1/account/filters/%d" % a["id"],
                                    {"default": False})
        self.assertEqual(r.status, 200, str(r))
        self.assertFalse(any(f["default"] for f in self.mine("handler")))
        self.assertTrue(self.mine("handler2")[0]["default"])
