# SPDX-License-Identifier: MIT
"""Alert intake (issue 10 item 3): one alert or a batch of up to 10,000 in
one request, de-duplicated by (source, source_ref) and grouped by
fingerprint; a batch with one bad alert refused whole, naming its index;
the queue with its filters and paging; status changes with reasons in the
audit log; promotion to a new incident or attachment to an existing one;
the ingest role confined to its one route; need-to-know on the incident
an alert was attached to."""

import json

from tests.api.server import ApiTestCase, DISCOVERED

OCCURRED = "2026-11-22T10:15:00+09:00"
SECRET_WORD = "HIMITSU-ALERT"


def alert(ref, **kw):
    a = {"source": "siem", "source_ref": ref,
         "title": "Suspicious login from 203.0.113.7",
         "description": "5 failed logins then a success",
         "severity": "high", "occurred_at": OCCURRED,
         "observables": [{"type": "ipv4", "value": "203.0.113.7"},
                         {"type": "account", "value": "tanaka"}],
         "raw": {"rule": 4711, "host": "web01", "tags": ["auth", "bf"]}}
    a.update(kw)
    return a


class AlertsTest(ApiTestCase):

    extra_users = {"sensor": "ingest", "handler2": "handler"}

    def post(self, body, who="sensor", expect=201):
        r = self.c(who).post("/api/v1/alerts", body)
        self.assertEqual(r.status, expect, str(r))
        return r.json

    def queue(self, query="", who="handler"):
        r = self.c(who).get("/api/v1/alerts" + ("?" + query if query else ""))
        self.assertEqual(r.status, 200, str(r))
        return r.json

    def count(self):
        return self.server.db_read("SELECT count(*) FROM alert")[0][0]

    # -- intake ----------------------------------------------------------------

    def test_one_alert_is_created_and_shown_in_the_queue(self):
        got = self.post(alert("one-1"))
        self.assertEqual((got["created"], got["updated"]), (1, 0))
        (item,) = got["items"]
        self.assertEqual((item["status"], item["repeat_count"]), ("new", 1))
        r = self.c("handler").get("/api/v1/alerts/%d" % item["id"])
        self.assertEqual(r.status, 200, str(r))
        a = r.json
        self.assertEqual((a["source"], a["source_ref"], a["severity"]),
                         ("siem", "one-1", "high"))
        self.assertEqual(a["observables"],
                         [{"type": "ipv4", "value": "203.0.113.7"},
                          {"type": "account", "value": "tanaka"}])
        # raw is kept as the JSON text of what was sent.
        self.assertEqual(json.loads(a["raw"]),
                         {"rule": 4711, "host": "web01",
                          "tags": ["auth", "bf"]})
        self.assertIsNone(a["incident"])
        ids = [i["id"] for i in self.queue("source=siem&limit=1000")["items"]]
        self.assertIn(item["id"], ids)

    def test_batch_of_10000_in_one_request(self):
        before = self.count()
        batch = [alert("big-%05d" % i, title="Port scan %d" % (i % 50),
                       observables=[{"type": "ipv4",
                                     "value": "198.51.100.%d" % (i % 200)}],
                       raw={"n": i})
                 for i in range(10000)]
        got = self.post({"alerts": batch})
        self.assertEqual((got["created"], got["updated"]), (10000, 0))
        self.assertEqual(len(got["items"]), 10000)
        self.assertEqual(self.count(), before + 10000)
        # In the order sent: ids increase with the index.
        ids = [i["id"] for i in got["items"]]
        self.assertEqual(ids, sorted(ids))
        r = self.c("handler").get("/api/v1/alerts/%d" % ids[1234])
        self.assertEqual(r.json["source_ref"], "big-01234")
        # Over the limit: refused whole, nothing written.
        over = [alert("over-%05d" % i) for i in range(10001)]
        r = self.c("sensor").post("/api/v1/alerts", {"alerts": over})
        self.assertError(r, 422, "validation_failed", fields=("alerts",))
        self.assertEqual(self.count(), before + 10000)

    def test_same_source_ref_counts_a_repeat(self):
        first = self.post(alert("dup-1"))["items"][0]
        again = self.post({"alerts": [
            alert("dup-1", severity="critical", raw={"again": True}),
            alert("dup-2"), alert("dup-2")]})
        self.assertEqual((again["created"], again["updated"]), (1, 2))
        a, b, c = again["items"]
        self.assertEqual((a["id"], a["repeat_count"]), (first["id"], 2))
        # The second item of one batch is a repeat of the first.
        self.assertEqual(b["repeat_count"], 1)
        self.assertEqual((c["id"], c["repeat_count"]), (b["id"], 2))
        got = self.c("handler").get("/api/v1/alerts/%d" % first["id"]).json
        self.assertEqual(got["severity"], "critical")
        self.assertEqual(json.loads(got["raw"]), {"again": True})
        self.assertEqual(got["repeat_count"], 2)
        # What a repeat leaves out is kept.
        bare = {"source": "siem", "source_ref": "dup-1", "title": "again"}
        self.assertEqual(self.post(bare)["items"][0]["repeat_count"], 3)
        got = self.c("handler").get("/api/v1/alerts/%d" % first["id"]).json
        self.assertEqual((got["title"], got["severity"]), ("again", "critical"))
        self.assertEqual(len(got["observables"]), 2)
        self.assertEqual(json.loads(got["raw"]), {"again": True})
        self.assertEqual(got["description"], "5 failed logins then a success")
        # Another source with the same ref is another alert.
        other = self.post(alert("dup-1", source="edr"))["items"][0]
        self.assertNotEqual(other["id"], first["id"])

    def test_observables_are_normalised_as_an_incidents_are(self):
        got = self.post({"alerts": [
            alert("norm-1", title="Phish",
                  observables=[{"type": "domain",
                                "value": "Login-EVIL[.]example"}]),
            alert("norm-2", title="Phish",
                  observables=[{"type": "domain",
                                "value": "login-evil.example"}])]})["items"]
        self.assertEqual(got[1]["group"], got[0]["id"])
        a = self.c("handler").get("/api/v1/alerts/%d" % got[0]["id"]).json
        self.assertEqual(a["observables"],
                         [{"type": "domain", "value": "login-evil.example"}])

    def test_same_fingerprint_shares_a_group(self):
        obs = [{"type": "domain", "value": "evil.example"},
               {"type": "ipv4", "value": "192.0.2.55"}]
        got = self.post({"alerts": [
            alert("grp-1", title="Beacon to  C2", observables=obs),
            # Title case and spacing, observable order: same fingerprint.
            alert("grp-2", title="beacon to c2",
                  observables=list(reversed(obs))),
            alert("grp-3", title="Beacon to C2",
                  observables=obs[:1]),
            alert("grp-4", title="Beacon to C2", source="edr",
                  observables=obs)]})["items"]
        self.assertEqual(got[0]["group"], got[0]["id"])
        self.assertEqual(got[1]["group"], got[0]["id"])
        self.assertNotEqual(got[2]["group"], got[0]["group"])
        self.assertNotEqual(got[3]["group"], got[0]["group"])
        q = self.queue("group=%d" % got[0]["id"])["items"]
        self.assertEqual(sorted(i["id"] for i in q),
                         sorted([got[0]["id"], got[1]["id"]]))

    def test_group_window_is_a_setting(self):
        r = self.c("admin").patch("/api/v1/settings",
                                  {"alert_group_hours": 0})
        self.assertError(r, 422, "validation_failed",
                         fields=("alert_group_hours",))
        r = self.c("admin").patch("/api/v1/settings",
                                  {"alert_group_hours": 48})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(self.c("admin").get("/api/v1/settings")
                         .json["alert_group_hours"], 48)
        r = self.c("admin").patch("/api/v1/settings",
                                  {"alert_group_hours": 24})
        self.assertEqual(r.status, 200, str(r))

    def test_one_invalid_alert_refuses_the_batch_naming_its_index(self):
        before = self.server.snapshot()
        n = self.count()
        batch = [alert("bad-%02d" % i) for i in range(30)]
        batch[17]["occurred_at"] = "yesterday"
        batch[21]["observables"] = [{"type": "colour", "value": "red"},
                                    {"type": "ipv4", "value": "300.1.1.1"}]
        batch[25]["severity"] = "S1"
        del batch[28]["title"]
        r = self.c("sensor").post("/api/v1/alerts", {"alerts": batch})
        self.assertError(r, 422, "validation_failed",
                         fields=("alerts[17].occurred_at",
                                 "alerts[21].observables[0].type",
                                 "alerts[21].observables[1].value",
                                 "alerts[25].severity",
                                 "alerts[28].title"))
        self.assertEqual(self.count(), n)
        self.assertEqual(self.server.snapshot(), before)
        for body, field in (
                ({"alerts": [alert("x", extra=1)]}, "alerts[0].extra"),
                ({"alerts": "no"}, "alerts"),
                ({"alerts": []}, "alerts"),
                ({"alerts": [alert("x")], "more": 1}, ""),
                (alert("x", source_ref=""), "source_ref"),
                (alert("x", title="a\x07b"), "title"),
                (alert("x", occurred_at="2030-01-01T00:00:00Z"),
                 "occurred_at")):
            with self.subTest(field=field):
                r = self.c("sensor").post("/api/v1/alerts", body)
                self.assertError(r, 422, "validation_failed",
                                 fields=(field,) if field else ())
        self.assertEqual(self.count(), n)

    # -- the ingest role -------------------------------------------------------

    def test_ingest_token_is_limited_to_posting_alerts(self):
        s = self.c("sensor")
        a = self.post(alert("ing-1"))["items"][0]
        ref = self.create("handler", title="取込ロール確認")["ref"]
        for method, path, body in (
                ("GET", "/api/v1/alerts", None),
                ("GET", "/api/v1/alerts/%d" % a["id"], None),
                ("PATCH", "/api/v1/alerts/%d" % a["id"],
                 {"status": "under_review"}),
                ("POST", "/api/v1/alerts/promote",
                 {"alerts": [a["id"]], "incident": None}),
                ("GET", "/api/v1/incidents", None),
                ("GET", "/api/v1/incidents/" + ref, None),
                ("POST", "/api/v1/incidents",
                 {"title": "x", "discovered_at": DISCOVERED}),
                ("GET", "/api/v1/me", None),
                ("GET", "/api/v1/taxonomies", None),
                ("GET", "/api/v1/tokens", None),
                ("POST", "/api/v1/tokens", {"label": "more"}),
                ("GET", "/api/v1/users", None),
                ("GET", "/api/v1/audit", None),
                ("GET", "/api/v1/settings", None),
                ("GET", "/api/v1/deadlines", None)):
            with self.subTest(method=method, path=path):
                r = s.request(method, path, body)
                self.assertError(r, 403, "forbidden")
        # The routes that triage are not for other roles either.
        for who in ("reporter", "communicator"):
            r = self.c(who).get("/api/v1/alerts")
            self.assertError(r, 403, "forbidden")
        r = self.c("auditor").get("/api/v1/alerts")
        self.assertEqual(r.status, 200, str(r))
        r = self.c("auditor").patch("/api/v1/alerts/%d" % a["id"],
                                    {"status": "under_review"})
        self.assertError(r, 403, "forbidden")
        r = self.c("reporter").post("/api/v1/alerts", alert("rep-1"))
        self.assertError(r, 403, "forbidden")

    def test_ingest_account_from_the_cli(self):
        r = self.server.kz("user", "add", "sensor2", "--role", "ingest")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        r = self.server.kz("token", "create", "sensor2", "--json")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        token = json.loads(r.stdout)["token"]
        c = self.server.client(token=token)
        r = c.post("/api/v1/alerts", alert("cli-ingest-1"))
        self.assertEqual(r.status, 201, str(r))
        self.assertError(c.get("/api/v1/incidents"), 403, "forbidden")

    # -- status ----------------------------------------------------------------

    def test_status_changes_need_a_reason_to_ignore_and_are_audited(self):
        a = self.post(alert("st-1"))["items"][0]
        path = "/api/v1/alerts/%d" % a["id"]
        h = self.c("handler")
        r = h.patch(path, {"status": "under_review"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["status"], "under_review")
        r = h.patch(path, {"status": "ignored"})
        self.assertError(r, 422, "validation_failed", fields=("reason",))
        r = h.patch(path, {"status": "ignored", "reason": "  "})
        self.assertError(r, 422, "validation_failed", fields=("reason",))
        r = h.patch(path, {"status": "ignored", "reason": "検証環境からの誤検知"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual((r.json["status"], r.json["reason"]),
                         ("ignored", "検証環境からの誤検知"))
        r = h.patch(path, {"status": "promoted"})
        self.assertError(r, 422, "validation_failed", fields=("status",))
        r = h.patch(path, {"status": "closed"})
        self.assertError(r, 422, "validation_failed", fields=("status",))
        r = h.patch(path, {"status": "new", "extra": 1})
        self.assertError(r, 422, "validation_failed", fields=("extra",))
        r = h.patch(path, {"status": "new"})
        self.assertEqual(r.status, 200, str(r))
        self.assertIsNone(r.json["reason"])
        rows = self.server.db_read(
            "SELECT actor, detail FROM audit WHERE action = 'alert.status'"
            " AND target = ? ORDER BY seq", ("alert/%d" % a["id"],))
        self.assertEqual([json.loads(d)["to"] for _, d in rows],
                         ["under_review", "ignored", "new"])
        self.assertEqual(json.loads(rows[1][1])["reason"],
                         "検証環境からの誤検知")
        self.assertEqual(rows[0][0], "handler")
        r = h.patch("/api/v1/alerts/999999", {"status": "new"})
        self.assertError(r, 404, "not_found")
        ignored = self.queue("status=ignored&limit=1000")["items"]
        self.assertNotIn(a["id"], [i["id"] for i in ignored])
        r = h.get("/api/v1/alerts?status=bogus")
        self.assertError(r, 422, "validation_failed", fields=("status",))

    # -- promotion -------------------------------------------------------------

    def test_promote_to_a_new_incident_carries_the_observables(self):
        got = self.post({"alerts": [
            alert("pro-1", severity="medium"),
            alert("pro-2", severity="critical", title="Ransom note on fs01",
                  observables=[{"type": "sha256", "value": "a" * 64}])]})
        ids = [i["id"] for i in got["items"]]
        r = self.c("handler").post("/api/v1/alerts/promote",
                                   {"alerts": ids, "incident": None})
        self.assertEqual(r.status, 201, str(r))
        ref = r.json["incident"]
        inc = self.get_incident(ref, who="handler")
        self.assertEqual(inc["title"], "Suspicious login from 203.0.113.7")
        self.assertEqual(inc["severity"], "S1")
        self.assertEqual(inc["detection_trigger"], "tool_alert")
        for text in ("203.0.113.7", "tanaka", "a" * 64, "pro-1", "pro-2"):
            self.assertIn(text, inc["description"])
        for i in ids:
            a = self.c("handler").get("/api/v1/alerts/%d" % i).json
            self.assertEqual((a["status"], a["incident"]), ("promoted", ref))
        tl = self.c("handler").get("/api/v1/incidents/%s/timeline" % ref)
        self.assertTrue(any("pro-2" in e["body"] for e in tl.json["items"]))
        # The observables are the incident's own now, once each, sighted.
        r = self.c("handler").get("/api/v1/incidents/%s/observables" % ref)
        self.assertEqual(r.status, 200, str(r))
        got = sorted((o["type"], o["value"], o["sighted"])
                     for o in r.json["items"])
        self.assertEqual(got, [("account", "tanaka", True),
                               ("ipv4", "203.0.113.7", True),
                               ("sha256", "a" * 64, True)])
        # Promoted alerts cannot be promoted again nor reopened.
        r = self.c("handler").post("/api/v1/alerts/promote",
                                   {"alerts": ids[:1], "incident": None})
        self.assertError(r, 409, "conflict", fields=("alerts[0]",))
        r = self.c("handler").patch("/api/v1/alerts/%d" % ids[0],
                                    {"status": "new"})
        self.assertError(r, 409, "conflict")
        rows = self.server.db_read(
            "SELECT count(*) FROM audit WHERE action = 'alert.promote'"
            " AND target = ?", (ref,))
        self.assertEqual(rows[0][0], 1)

    def test_attach_to_an_existing_incident(self):
        ref = self.create("handler", title="既存の事案")["ref"]
        a = self.post(alert("att-1"))["items"][0]
        r = self.c("handler").post("/api/v1/alerts/promote",
                                   {"alerts": [a["id"]], "incident": ref})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["incident"], ref)
        got = self.c("handler").get("/api/v1/alerts/%d" % a["id"]).json
        self.assertEqual((got["status"], got["incident"]), ("merged", ref))
        tl = self.c("handler").get("/api/v1/incidents/%s/timeline" % ref)
        self.assertTrue(any("att-1" in e["body"] for e in tl.json["items"]))
        r = self.c("handler").get("/api/v1/incidents/%s/observables" % ref)
        self.assertEqual(sorted(o["value"] for o in r.json["items"]),
                         ["203.0.113.7", "tanaka"])

    def test_promotion_refusals_write_nothing(self):
        a = self.post(alert("ref-1"))["items"][0]
        before = self.server.snapshot()
        n = self.count()
        for body, status, fields in (
                ({"alerts": [a["id"], 999999], "incident": None}, 422,
                 ("alerts[1]",)),
                ({"alerts": [a["id"], a["id"]], "incident": None}, 422,
                 ("alerts[1]",)),
                ({"alerts": [], "incident": None}, 422, ("alerts",)),
                ({"alerts": ["x"], "incident": None}, 422, ("alerts[0]",)),
                ({"alerts": [a["id"]], "incident": "INC-2026-9999"}, 404,
                 ())):
            with self.subTest(body=body):
                r = self.c("handler").post("/api/v1/alerts/promote", body)
                self.assertError(r, status, fields=fields)
        self.assertEqual(self.server.snapshot(), before)
        self.assertEqual(self.count(), n)

    # -- need-to-know ----------------------------------------------------------

    def test_restricted_incident_shown_only_to_those_who_may_see_it(self):
        r = self.c("commander").post("/api/v1/incidents", {
            "title": "役員PC " + SECRET_WORD, "discovered_at": DISCOVERED,
            "restricted": True, "members": ["handler"],
            "severity": "S1", "severity_reason": "役員"})
        self.assertEqual(r.status, 201, str(r))
        secret = r.json["ref"]
        a = self.post(alert("ntk-1"))["items"][0]
        # A non-member cannot attach to it: it does not exist for them.
        r = self.c("handler2").post("/api/v1/alerts/promote",
                                    {"alerts": [a["id"]], "incident": secret})
        self.assertError(r, 404, "not_found")
        r = self.c("handler").post("/api/v1/alerts/promote",
                                   {"alerts": [a["id"]], "incident": secret})
        self.assertEqual(r.status, 200, str(r))
        path = "/api/v1/alerts/%d" % a["id"]
        self.assertEqual(self.c("handler").get(path).json["incident"], secret)
        self.assertEqual(self.c("admin").get(path).json["incident"], secret)
        for who in ("handler2", "auditor"):
            got = self.c(who).get(path).json
            self.assertEqual(got["status"], "merged")
            self.assertIsNone(got["incident"])
            listed = [i for i in self.queue("limit=1000", who=who)["items"]
                      if i["id"] == a["id"]]
            self.assertEqual(len(listed), 1)
            self.assertIsNone(listed[0]["incident"])
            self.assertNotIn(secret, json.dumps(self.queue(
                "limit=1000", who=who)))
        # The audit entry is filed under the incident, hidden with it.
        r = self.c("auditor").get("/api/v1/audit?limit=1000")
        self.assertEqual(r.status, 200, str(r))
        self.assertNotIn(secret, r.text)

    # -- paging ----------------------------------------------------------------

    def test_queue_pages_with_a_cursor(self):
        self.post({"alerts": [alert("page-%02d" % i, source="pager")
                              for i in range(25)]})
        seen = []
        cursor = None
        for _ in range(10):
            q = "source=pager&limit=10" + ("&cursor=" + cursor
                                           if cursor else "")
            page = self.queue(q)
            seen += [i["source_ref"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        self.assertEqual(seen, ["page-%02d" % i for i in range(24, -1, -1)])
        for q, field in (("limit=0", "limit"), ("cursor=abc", "cursor"),
                         ("group=x", "group"), ("severity=S1", "severity"),
                         ("colour=red", "colour")):
            with self.subTest(q=q):
                r = self.c("handler").get("/api/v1/alerts?" + q)
                self.assertError(r, 422, "validation_failed",
                                 fields=(field,))
        items = self.queue("source=pager&severity=high&limit=3")["items"]
        self.assertEqual(len(items), 3)
        self.assertEqual(set(items[0]) >= {
            "id", "source", "source_ref", "title", "status", "repeat_count",
            "group", "severity", "occurred_at", "first_seen", "last_seen",
            "incident"}, True)
