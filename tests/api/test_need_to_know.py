# SPDX-License-Identifier: MIT
"""Need-to-know (SPEC C15): a restricted incident exists only for its
members and administrators.  For everyone else it is absent everywhere:
404 on every direct route (answered exactly as for a reference that was
never filed), missing from lists, pages, search, the audit log and the
verification reports; and their attempts leave no trace in the
database."""

import json
import re

from tests.api.server import ApiTestCase, DISCOVERED
from tests.api.test_roles import routes_in_source

SECRET_WORD = "KIMITSU-ZETTAI"
SECRET_DESC = "secret-description-xyz"
NOWHERE = "INC-2026-9999"


class NeedToKnowTest(ApiTestCase):

    extra_users = {"handler2": "handler", "commander2": "commander",
                   "auditor2": "auditor", "reporter2": "reporter"}
    # Non-members of the secret, each of a different role.
    outsiders = ("handler2", "commander2", "communicator", "auditor",
                 "reporter", "reporter2")
    members = ("commander", "handler", "auditor2")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cmd = cls.c("commander")
        for i in range(4):
            r = cls.c("handler").post("/api/v1/incidents", {
                "title": "plain %d" % i, "discovered_at": DISCOVERED,
                "category": "malware"})
            assert r.status == 201, str(r)
        r = cmd.post("/api/v1/incidents", {
            "title": "役員のPC %s" % SECRET_WORD, "description": SECRET_DESC,
            "discovered_at": DISCOVERED, "category": "insider_wrongdoing",
            "severity": "S1", "severity_reason": "役員の端末",
            "restricted": True,
            "members": ["handler", "auditor2"]})
        assert r.status == 201, str(r)
        cls.secret = r.json
        cls.ref = r.json["ref"]
        assert "commander" in r.json["members"], r.json
        for i in range(2):
            r = cls.c("handler").post("/api/v1/incidents", {
                "title": "plain later %d" % i, "discovered_at": DISCOVERED,
                "category": "insider_wrongdoing"})
            assert r.status == 201, str(r)
        h = cls.c("handler")
        r = h.post("/api/v1/incidents/%s/timeline" % cls.ref,
                   {"body": "内部で確認中 " + SECRET_WORD})
        assert r.status == 201, str(r)
        r = h.post("/api/v1/incidents/%s/phase" % cls.ref, {"to": "triage"})
        assert r.status == 200, str(r)
        cls.version = r.json["version"]

    # -- direct routes --------------------------------------------------------

    def requests_about(self, ref):
        """Every route that names an incident, valid and invalid forms."""
        v = str(self.version)
        return [
            ("GET", "/api/v1/incidents/" + ref, None, {}),
            ("PATCH", "/api/v1/incidents/" + ref, {"title": "x"},
             {"If-Match": v}),
            ("PATCH", "/api/v1/incidents/" + ref, {"title": "x"},
             {"If-Match": "1"}),
            ("PATCH", "/api/v1/incidents/" + ref, {"restricted": False},
             {"If-Match": v}),
            ("PATCH", "/api/v1/incidents/" + ref,
             {"members": ["handler2"]}, {"If-Match": v}),
            ("PATCH", "/api/v1/incidents/" + ref, {"title": "x"}, {}),
            ("PATCH", "/api/v1/incidents/" + ref, {"category": "nope"},
             {"If-Match": v}),
            ("POST", "/api/v1/incidents/%s/phase" % ref, {"to": "closed"},
             {}),
            ("POST", "/api/v1/incidents/%s/phase" % ref, {"to": "triage"},
             {}),
            ("POST", "/api/v1/incidents/%s/phase" % ref,
             {"to": "reported"}, {}),
            ("POST", "/api/v1/incidents/%s/phase" % ref, {"to": "nope"}, {}),
            ("GET", "/api/v1/incidents/%s/timeline" % ref, None, {}),
            ("POST", "/api/v1/incidents/%s/timeline" % ref,
             {"body": "見えますか"}, {}),
            ("POST", "/api/v1/incidents/%s/timeline" % ref, {}, {}),
            ("GET", "/api/v1/incidents/%s/verify" % ref, None, {}),
            ("GET", "/api/v1/incidents/%s/tasks" % ref, None, {}),
            ("POST", "/api/v1/incidents/%s/tasks" % ref, {"title": "t"}, {}),
            ("POST", "/api/v1/incidents/%s/tasks" % ref, {}, {}),
            ("PATCH", "/api/v1/incidents/%s/tasks/1" % ref,
             {"status": "done"}, {"If-Match": "1"}),
            ("GET", "/api/v1/incidents/%s/summons" % ref, None, {}),
        ]

    def test_outsiders_get_what_a_missing_ref_gets(self):
        before = self.server.counts()
        for who in self.outsiders:
            for lang in (None, "en"):
                cl = self.c(who).with_lang(lang)
                for (m, p, b, h), (m2, p2, b2, h2) in zip(
                        self.requests_about(self.ref),
                        self.requests_about(NOWHERE)):
                    with self.subTest(who=who, method=m, path=p, body=b,
                                      headers=h):
                        secret = cl.request(m, p, b, headers=h)
                        missing = cl.request(m2, p2, b2, headers=h2)
                        self.assertEqual(
                            (secret.status, secret.body),
                            (missing.status, missing.body.replace(
                                NOWHERE.encode(), self.ref.encode())))
                        self.assertIn(secret.status, (400, 403, 404, 422, 428),
                                      str(secret))
                        self.assertNotIn(SECRET_WORD, secret.text)
                        self.assertIsNone(secret.header("ETag"))
        # Nothing of it was written: no read audited, no change, no note.
        self.assertUnchanged(before)

    def test_every_ref_route_hides_it(self):
        """Every route of routes.c that names an incident, including those
        added after this test was written, answers an outsider as it
        answers a reference never filed, and writes nothing."""
        routes = sorted(r for r in routes_in_source() if "{ref}" in r[1])
        self.assertGreaterEqual(len(routes), 8)
        before = self.server.counts()
        for who in self.outsiders:
            cl = self.c(who)
            for method, pattern in routes:
                rest = re.sub(r"\{(?!ref\})[a-z_]+\}", "1", pattern)
                body = {} if method in ("POST", "PUT", "PATCH") else None
                h = {"If-Match": str(self.version)}
                with self.subTest(who=who, method=method, path=pattern):
                    secret = cl.request(method, rest.replace(
                        "{ref}", self.ref), body, headers=h)
                    missing = cl.request(method, rest.replace(
                        "{ref}", NOWHERE), body, headers=h)
                    self.assertEqual((secret.status, secret.body),
                                     (missing.status, missing.body))
                    self.assertNotIn(SECRET_WORD, secret.text)
                    if method == "GET":
                        self.assertIn(secret.status, (403, 404), str(secret))
        self.assertUnchanged(before)

    def test_response_and_duty_routes_hide_it_with_valid_input(self):
        """The routes of tasks, duties, disclosure and aftercare refuse
        unknown keys and bad bodies before they look for the incident;
        with valid ones they must still answer an outsider as for a
        reference never filed."""
        cmd = self.c("commander")
        r = cmd.post("/api/v1/incidents/%s/aftercare" % self.ref,
                     {"kind": "call", "party": "本人"})
        self.assertEqual(r.status, 201, str(r))
        care = r.json["items"][-1]["id"]
        r = cmd.post("/api/v1/incidents/%s/tasks" % self.ref,
                     {"title": "内部調査"})
        self.assertEqual(r.status, 201, str(r))
        task = r.json["id"]
        requests = [
            ("GET", "/obligations", None),
            ("POST", "/obligations/appi_final", {"status": "filed"}),
            ("POST", "/obligations/appi_final",
             {"status": "not_applicable", "reason": "対象外"}),
            ("GET", "/damage", None),
            ("POST", "/costs", {"category": "legal", "amount_yen": 1}),
            ("GET", "/readiness", None),
            ("PUT", "/facts/persons", {"owner": "handler2"}),
            ("GET", "/drafts/appi_report", None),
            ("GET", "/drafts/press_release?format=html&lang=en", None),
            ("GET", "/disclosures", None),
            ("POST", "/disclosures", {"kind": "press_release"}),
            ("GET", "/aftercare", None),
            ("POST", "/aftercare", {"kind": "call", "party": "本人"}),
            ("PATCH", "/aftercare/%d" % care, {"note": "再連絡"}),
            ("GET", "/tasks", None),
            ("POST", "/tasks", {"title": "t"}),
            ("PATCH", "/tasks/%d" % task, {"status": "done"}),
            ("GET", "/summons", None),
        ]
        before = self.server.snapshot()
        for who in self.outsiders:
            cl = self.c(who)
            for method, rest, body in requests:
                with self.subTest(who=who, method=method, path=rest):
                    secret = cl.request(method, "/api/v1/incidents/" +
                                        self.ref + rest, body)
                    missing = cl.request(method, "/api/v1/incidents/" +
                                         NOWHERE + rest, body)
                    self.assertEqual((secret.status, secret.body),
                                     (missing.status, missing.body.replace(
                                         NOWHERE.encode(),
                                         self.ref.encode())))
                    self.assertIn(secret.status, (403, 404), str(secret))
                    self.assertNotIn(SECRET_WORD, secret.text)
        self.assertEqual(self.server.snapshot(), before)
        # A member reads and records them.
        h = self.c("handler")
        for method, rest, body in requests[:2]:
            r = h.request(method, "/api/v1/incidents/" + self.ref + rest,
                          body)
            self.assertEqual(r.status, 200, str(r))

    def test_no_listing_mentions_it(self):
        """No GET route without parameters (lists, deadlines, the audit
        log, verification, configuration) mentions it to an outsider."""
        routes = sorted(p for m, p in routes_in_source()
                        if m == "GET" and "{" not in p)
        self.assertIn("/api/v1/incidents", routes)
        for who in self.outsiders:
            for path in routes:
                with self.subTest(who=who, path=path):
                    r = self.c(who).get(path)
                    self.assertNotIn(self.ref, r.text)
                    self.assertNotIn(SECRET_WORD, r.text)
                    self.assertNotIn(SECRET_DESC, r.text)
        # The admin does see it where incidents are listed.
        self.assertIn(self.ref, self.c("admin").get(
            "/api/v1/incidents").text)

    def test_plain_get_is_404(self):
        for who in self.outsiders:
            self.assertError(self.c(who).get("/api/v1/incidents/" + self.ref),
                             404, "not_found")

    def test_members_and_admin_see_it(self):
        for who in self.members + ("admin",):
            with self.subTest(who=who):
                r = self.c(who).get("/api/v1/incidents/" + self.ref)
                self.assertEqual(r.status, 200, str(r))
                self.assertTrue(r.json["restricted"])
                refs = [i["ref"] for i in self.list_all(who)]
                self.assertIn(self.ref, refs)
                q = self.c(who).get("/api/v1/incidents?q=" + SECRET_WORD)
                self.assertEqual([i["ref"] for i in q.json["items"]],
                                 [self.ref])

    def test_member_reads_are_audited(self):
        def reads():
            return self.server.db_read(
                "SELECT actor FROM audit WHERE action = 'incident.read'"
                " AND target = ?", (self.ref,))
        before = len(reads())
        h = self.c("handler")
        self.assertEqual(h.get("/api/v1/incidents/" + self.ref).status, 200)
        self.assertEqual(h.get("/api/v1/incidents/%s/timeline" %
                               self.ref).status, 200)
        self.assertEqual(h.get("/api/v1/incidents/%s/verify" %
                               self.ref).status, 200)
        self.assertEqual(self.c("admin").get(
            "/api/v1/incidents/" + self.ref).status, 200)
        after = reads()
        self.assertEqual(len(after), before + 4)
        self.assertEqual([a for (a,) in after[-4:]],
                         ["handler", "handler", "handler", "admin"])
        # A plain incident's read is not audited.
        plain = self.list_all("handler", "q=plain%201")[0]["ref"]
        n = self.server.counts()["audit"]
        self.assertEqual(h.get("/api/v1/incidents/" + plain).status, 200)
        self.assertEqual(self.server.counts()["audit"], n)

    def test_reading_any_part_is_audited_with_the_part(self):
        """The drafts, duties, damage and the rest hold as much as the
        record itself: each read of them is on the audit log too."""
        parts = ["tasks", "summons", "obligations", "damage", "readiness",
                 "drafts/appi_report", "disclosures", "aftercare"]
        h = self.c("handler")
        before = self.server.counts()["audit"]
        for part in parts:
            r = h.get("/api/v1/incidents/%s/%s" % (self.ref, part))
            self.assertEqual(r.status, 200, str(r))
        rows = self.server.db_read(
            "SELECT actor, action, target, detail FROM audit"
            " WHERE seq > ? ORDER BY seq", (before,))
        self.assertEqual(
            [(a, act, t, json.loads(d)["part"]) for a, act, t, d in rows],
            [("handler", "incident.read", self.ref, p) for p in parts])
        # Outsiders are refused, and a refusal reads nothing.
        n = self.server.counts()["audit"]
        for part in parts:
            self.assertEqual(self.c("auditor").get(
                "/api/v1/incidents/%s/%s" % (self.ref, part)).status, 404)
        self.assertEqual(self.server.counts()["audit"], n)

    # -- lists, pages, search -------------------------------------------------

    def test_absent_from_lists_pages_and_search(self):
        everything = [i["ref"] for i in self.list_all("admin")]
        self.assertIn(self.ref, everything)
        for who in self.outsiders:
            with self.subTest(who=who):
                role = self.users[who]["role"]
                expect = [r for r in everything if r != self.ref]
                if role == "reporter":
                    expect = [i["ref"] for i in self.list_all("admin")
                              if i["created_by"] == who
                              and i["ref"] != self.ref]
                # One page.
                self.assertEqual([i["ref"] for i in self.list_all(who)],
                                 expect)
                # One per page: the count and the cursors skip it too.
                paged = [i["ref"] for i in self.list_all(who, limit=1)]
                self.assertEqual(paged, expect)
                paged = [i["ref"] for i in self.list_all(who, limit=3)]
                self.assertEqual(paged, expect)
                for query in ("q=" + SECRET_WORD, "q=" + self.ref,
                              "q=" + SECRET_DESC, "q=" + self.ref[4:],
                              "category=insider_wrongdoing&severity=S1",
                              "phase=triage", "severity=S1"):
                    got = [i["ref"] for i in self.list_all(who, query)]
                    self.assertNotIn(self.ref, got, query)
                r = self.c(who).get("/api/v1/incidents?limit=1000")
                self.assertNotIn(SECRET_WORD, r.text)
                self.assertNotIn(self.ref, r.text)

    def test_cursor_next_to_it_does_not_reveal_it(self):
        """A page that ends just before or after the secret gives a
        cursor that the outsider's next page continues from without it."""
        for who in ("handler2", "auditor"):
            items = self.list_all(who, limit=1)
            refs = [i["ref"] for i in items]
            self.assertNotIn(self.ref, refs)
            self.assertEqual(len(refs), len(set(refs)))

    def test_restricting_a_reporters_report_hides_it_from_them(self):
        mine = self.create("reporter2", title="自分の報告")
        ref = mine["ref"]
        rep = self.c("reporter2")
        self.assertEqual(rep.get("/api/v1/incidents/" + ref).status, 200)
        r = self.c("commander").patch("/api/v1/incidents/" + ref,
                                      {"restricted": True},
                                      headers={"If-Match": "1"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["members"], ["commander"])
        self.assertError(rep.get("/api/v1/incidents/" + ref), 404)
        self.assertNotIn(ref, [i["ref"] for i in self.list_all("reporter2")])
        self.assertError(rep.post("/api/v1/incidents/%s/timeline" % ref,
                                  {"body": "追記"}), 404)
        # Made a member again, they see it.
        r = self.c("commander").patch("/api/v1/incidents/" + ref,
                                      {"members": ["commander", "reporter2"]},
                                      headers={"If-Match": "2"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(rep.get("/api/v1/incidents/" + ref).status, 200)

    def test_member_handler_cannot_change_the_list(self):
        r = self.c("handler").patch(
            "/api/v1/incidents/" + self.ref, {"members": ["handler"]},
            headers={"If-Match": str(self.version)})
        self.assertError(r, 403, "forbidden")

    def test_members_must_be_accounts(self):
        r = self.c("commander").post("/api/v1/incidents", {
            "title": "x", "discovered_at": DISCOVERED, "restricted": True,
            "members": ["handler", "no-such-account"]})
        self.assertError(r, 422, "validation_failed", ["members[1]"])

    # -- the audit log and verification -----------------------------------------

    def audit_all(self, who):
        items = []
        since = 0
        for _ in range(1000):
            r = self.c(who).get("/api/v1/audit?limit=7&since=%d" % since)
            self.assertEqual(r.status, 200, str(r))
            items += r.json["items"]
            if r.json["next"] is None:
                return items, r
            since = r.json["next"]
        self.fail("audit pages do not end")

    def test_audit_log_leaves_it_out_for_outsiders(self):
        admin_items, _ = self.audit_all("admin")
        about = [e for e in admin_items if e["target"] == self.ref]
        self.assertGreaterEqual(len(about), 3)
        self.assertIn("incident.create", [e["action"] for e in about])
        items, _ = self.audit_all("auditor")
        self.assertTrue(items)
        self.assertEqual([e for e in items if e["target"] == self.ref], [])
        text = repr(items)
        self.assertNotIn(self.ref, text)
        self.assertNotIn(SECRET_WORD, text)
        # Everything else is there.
        self.assertEqual([e["seq"] for e in items],
                         [e["seq"] for e in admin_items
                          if e["target"] != self.ref])
        # A member auditor sees the entries about it.
        items2, _ = self.audit_all("auditor2")
        self.assertEqual([e["seq"] for e in items2 if e["target"] == self.ref],
                         [e["seq"] for e in about])

    def test_verify_counts_leave_it_out(self):
        admin = self.c("admin").get("/api/v1/verify").json
        aud = self.c("auditor").get("/api/v1/verify").json
        mem = self.c("auditor2").get("/api/v1/verify").json
        self.assertTrue(admin["ok"])

        def hidden_from(who):
            return len([i for i in self.list_all("admin")
                        if i["restricted"] and who not in i["members"]])
        self.assertGreaterEqual(hidden_from("auditor"), 1)
        self.assertEqual(aud["incidents"],
                         admin["incidents"] - hidden_from("auditor"))
        self.assertEqual(mem["incidents"],
                         admin["incidents"] - hidden_from("auditor2"))
        self.assertLess(aud["checked"], admin["checked"])
        self.assertNotIn(self.ref, repr(aud))


class NeedToKnowVerifyTest(ApiTestCase):
    """A tampered restricted chronology: reported to those who may know
    of the incident, invisible to those who may not."""

    extra_users = {"auditor2": "auditor"}

    def tamper(self, ref):
        self.server.tamper([
            ("UPDATE chronology SET body = body || ' (altered)'"
             " WHERE seq = 2 AND incident_id ="
             " (SELECT id FROM incident WHERE ref = ?)", (ref,))])

    def test_broken_list(self):
        plain = self.create("handler")["ref"]
        r = self.c("commander").post("/api/v1/incidents", {
            "title": "restricted " + SECRET_WORD,
            "discovered_at": DISCOVERED, "restricted": True,
            "members": ["auditor2"]})
        self.assertEqual(r.status, 201, str(r))
        ref = r.json["ref"]
        for target in (plain, ref):
            r = self.c("commander").post(
                "/api/v1/incidents/%s/timeline" % target, {"body": "note"})
            self.assertEqual(r.status, 201, str(r))
        self.tamper(ref)
        self.tamper(plain)
        admin = self.c("admin").get("/api/v1/verify")
        self.assertEqual(admin.status, 200, str(admin))
        self.assertFalse(admin.json["ok"])
        self.assertEqual(sorted(b["ref"] for b in admin.json["broken"]),
                         sorted([plain, ref]))
        for b in admin.json["broken"]:
            self.assertEqual(b["seq"], 2)
        member = self.c("auditor2").get("/api/v1/verify").json
        self.assertEqual(sorted(b["ref"] for b in member["broken"]),
                         sorted([plain, ref]))
        outsider = self.c("auditor").get("/api/v1/verify")
        self.assertEqual(outsider.status, 200)
        self.assertFalse(outsider.json["ok"])
        self.assertEqual([b["ref"] for b in outsider.json["broken"]], [plain])
        self.assertNotIn(ref, outsider.text)
        self.assertNotIn(SECRET_WORD, outsider.text)
        # Per incident: the outsider gets 404, the member the break.
        self.assertError(self.c("auditor").get(
            "/api/v1/incidents/%s/verify" % ref), 404)
        v = self.c("auditor2").get("/api/v1/incidents/%s/verify" % ref)
        self.assertEqual(v.status, 200, str(v))
        self.assertFalse(v.json["ok"])
        self.assertEqual([b["seq"] for b in v.json["broken"]], [2])
        v = self.c("handler").get("/api/v1/incidents/%s/verify" % plain)
        self.assertFalse(v.json["ok"])
        # The command line agrees.
        cli = self.server.kz("verify")
        self.assertNotEqual(cli.returncode, 0, cli)
