# SPDX-License-Identifier: MIT
"""The incident endpoints (SPEC C2, C3, §7): create, list with filters and
keyset pagination, read, change with If-Match, move between phases, the
timeline and its verification."""

import hashlib
import re

from tests.api.server import ApiTestCase, DISCOVERED, NOW

REF_RE = re.compile(r"^INC-\d{4}-\d{4,9}$")
GENESIS = "0" * 64


def chron_hash(prev_hash, ref, seq, kind, actor, at_utc, body):
    """A chronology link recomputed independently (core/hashchain.h)."""
    h = hashlib.sha256(prev_hash.encode("ascii"))
    for field in ("kizuki.chronology.v1", ref, str(seq), kind, actor, at_utc,
                  body):
        b = field.encode("utf-8")
        h.update(b"%d:" % len(b) + b + b"\n")
    return h.hexdigest()


class CreateReadTest(ApiTestCase):

    def test_create_answers_201_with_location_and_record(self):
        r = self.c("handler").post("/api/v1/incidents", {
            "title": "標的型メールの開封", "discovered_at": DISCOVERED,
            "category": "phishing", "severity": "S2", "kind": "incident",
            "severity_reason": "全社員に届いたため",
            "tags": ["mail"], "info_types": [{"type": "name", "count": 120}],
        })
        self.assertEqual(r.status, 201, str(r))
        rec = r.json
        self.assertRegex(rec["ref"], REF_RE)
        self.assertEqual(r.header("Location"), "/api/v1/incidents/" +
                         rec["ref"])
        self.assertEqual(r.header("ETag"), '"1"')
        self.assertEqual(rec["version"], 1)
        self.assertEqual(rec["phase"], "reported")
        self.assertEqual(rec["created_by"], "handler")
        self.assertEqual(rec["reported_at"], NOW)
        self.assertEqual(rec["category"], "phishing")
        self.assertEqual(rec["info_types"], [{"type": "name", "count": 120}])
        self.assertFalse(rec["restricted"])
        # What Location names is the record.
        got = self.c("handler").get(r.header("Location"))
        self.assertEqual(got.status, 200, str(got))
        self.assertEqual(got.json, rec)
        self.assertEqual(got.header("ETag"), '"1"')
        # Filed, on the timeline and in the audit log.
        tl = self.c("handler").get(r.header("Location") + "/timeline")
        self.assertEqual(tl.json["items"][0]["kind"], "phase_change")
        self.assertEqual(tl.json["items"][0]["change"],
                         {"from": None, "to": "reported"})
        rows = self.server.db_read(
            "SELECT actor FROM audit WHERE action = 'incident.create'"
            " AND target = ?", (rec["ref"],))
        self.assertEqual(rows, [("handler",)])

    def test_references_count_up(self):
        a = self.create()["ref"]
        b = self.create()["ref"]
        self.assertEqual(int(b.split("-")[2]), int(a.split("-")[2]) + 1)

    def test_unknown_ref_is_404(self):
        for ref in ("INC-2026-9999", "INC-1999-0001"):
            self.assertError(self.c("admin").get("/api/v1/incidents/" + ref),
                             404, "not_found")

    def test_json_headers(self):
        r = self.c("handler").get("/api/v1/incidents")
        self.assertTrue(r.header("Content-Type").startswith(
            "application/json"))
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        self.assertEqual(r.header("Cache-Control"), "no-store")

    def test_validation_names_every_field(self):
        before = self.server.counts()
        r = self.c("handler").post("/api/v1/incidents", {
            "title": "", "discovered_at": "2099-01-01T00:00:00+09:00",
            "severity": "S9", "priority": 7, "category": "nope",
            "severity_reason": "r",
            "place": "moon", "affected_persons": -1,
        })
        self.assertError(r, 422, "validation_failed",
                         ["title", "discovered_at", "severity", "priority",
                          "category", "place", "affected_persons"])
        self.assertError(
            self.c("handler").post("/api/v1/incidents", {"title": "x"}),
            422, "validation_failed", ["discovered_at"])
        self.assertUnchanged(before)

    def test_severity_override_needs_a_reason(self):
        before = self.server.counts()
        for lang in (None, "en"):
            r = self.c("handler").with_lang(lang).post("/api/v1/incidents", {
                "title": "x", "discovered_at": DISCOVERED, "severity": "S1"})
            self.assertEqual(r.status, 422, str(r))
            self.assertIn("severity_reason", r.json["error"]["fields"])
            if r.json["error"]["fields"]["severity_reason"] == \
                    "v.severity_reason":
                self.skipTest("the catalogue lacks v.severity_reason")
            self.assertError(r, 422, "validation_failed",
                             ["severity_reason"])
        self.assertUnchanged(before)

    def test_messages_in_the_request_language(self):
        bad = {"title": "x", "discovered_at": DISCOVERED, "category": "nope"}
        ja = self.c("handler").post("/api/v1/incidents", bad)
        en = self.c("handler").with_lang("en").post("/api/v1/incidents", bad)
        self.assertError(ja, 422, fields=["category"])
        self.assertError(en, 422, fields=["category"])
        self.assertRegex(ja.json["error"]["message"], r"[\u3040-\u30ff]")
        self.assertRegex(en.json["error"]["fields"]["category"], r"^[ -~]+$")
        self.assertNotEqual(ja.json["error"]["fields"]["category"],
                            en.json["error"]["fields"]["category"])


class ListTest(ApiTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.c("admin")
        cls.refs = []
        specs = [
            {"category": "phishing", "severity": "S1", "kind": "incident",
             "severity_reason": "r"},
            {"category": "malware", "severity": "S2", "kind": "near_miss",
             "severity_reason": "r"},
            {"category": "phishing", "kind": "exercise"},
            {"category": "misdirected_email", "severity": "S1",
             "severity_reason": "r"},
            {"title": "サーバールームの鍵 50%_off", "kind": "near_miss"},
        ]
        for i, spec in enumerate(specs):
            rec = {"title": "list item %d" % i, "discovered_at": DISCOVERED}
            rec.update(spec)
            r = admin.post("/api/v1/incidents", rec)
            assert r.status == 201, str(r)
            cls.refs.append(r.json["ref"])
        r = admin.post("/api/v1/incidents/%s/phase" % cls.refs[0],
                       {"to": "triage"})
        assert r.status == 200, str(r)

    def refs_of(self, query, who="admin"):
        r = self.c(who).get("/api/v1/incidents?" + query)
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(set(r.json), {"items", "next_cursor"})
        return [i["ref"] for i in r.json["items"]]

    def test_newest_first(self):
        refs = self.refs_of("")
        mine = [x for x in refs if x in self.refs]
        self.assertEqual(mine, list(reversed(self.refs)))

    def test_filters(self):
        R = self.refs
        self.assertEqual(set(self.refs_of("category=phishing")) & set(R),
                         {R[0], R[2]})
        self.assertEqual(set(self.refs_of("kind=near_miss")) & set(R),
                         {R[1], R[4]})
        s1 = {i["ref"] for i in self.list_all("admin")
              if i["severity"] == "S1"}
        self.assertTrue({R[0], R[3]} <= s1)
        self.assertEqual(set(self.refs_of("severity=S1")), s1)
        self.assertEqual(set(self.refs_of("phase=triage")), {R[0]})
        self.assertEqual(set(self.refs_of("category=phishing&severity=S1")),
                         {R[0]})
        # Without a severity given, triage scores one: none is "not set".
        unset = {i["ref"] for i in self.list_all("admin")
                 if i["severity"] is None}
        self.assertEqual(set(self.refs_of("severity=none")), unset)

    def test_search(self):
        R = self.refs
        self.assertEqual(self.refs_of("q=list%20item%203"), [R[3]])
        self.assertEqual(self.refs_of("q=" + R[1]), [R[1]])
        # LIKE wildcards match themselves only.
        self.assertEqual(self.refs_of("q=50%25_off"), [R[4]])
        self.assertEqual(self.refs_of("q=%25"), [R[4]])
        self.assertEqual(self.refs_of("q=_"), [R[4]])
        self.assertEqual(self.refs_of("q=%E9%8D%B5"), [R[4]])  # 鍵
        self.assertEqual(self.refs_of("q=nothing-like-this"), [])

    def test_pagination_is_stable_under_inserts(self):
        before = self.list_all("admin")
        seen = []
        r = self.c("admin").get("/api/v1/incidents?limit=2")
        self.assertEqual(len(r.json["items"]), 2)
        seen += [i["ref"] for i in r.json["items"]]
        cursor = r.json["next_cursor"]
        self.assertIsInstance(cursor, str)
        added = []
        while cursor is not None:
            # Someone files a report between two pages.
            added.append(self.create(title="inserted")["ref"])
            r = self.c("admin").get("/api/v1/incidents?limit=2&cursor=" +
                                    cursor)
            self.assertEqual(r.status, 200, str(r))
            self.assertLessEqual(len(r.json["items"]), 2)
            seen += [i["ref"] for i in r.json["items"]]
            cursor = r.json["next_cursor"]
        self.assertEqual(seen, [i["ref"] for i in before])
        self.assertFalse(set(added) & set(seen))
        # The last page says there is no next one.
        self.assertIsNone(cursor)

    def test_limit_exactly_all(self):
        n = len(self.list_all("admin"))
        r = self.c("admin").get("/api/v1/incidents?limit=%d" % n)
        self.assertEqual(len(r.json["items"]), n)
        self.assertIsNone(r.json["next_cursor"])

    def test_bad_query_names_the_parameter(self):
        cases = [
            ("phase=nope", "phase"), ("kind=nope", "kind"),
            ("category=nope", "category"), ("severity=S7", "severity"),
            ("limit=0", "limit"), ("limit=1001", "limit"),
            ("limit=abc", "limit"), ("limit=-1", "limit"),
            ("cursor=abc", "cursor"), ("cursor=0", "cursor"),
            ("cursor=99999999999999999999999", "cursor"),
            ("since=yesterday", "since"), ("bogus=1", "bogus"),
            ("q=" + "x" * 201, "q"), ("q=%FF", "q"), ("phase=%C3", "phase"),
            ("q=a%00b", "q"), ("category=phishing%00x", "category"),
            # Digits only: strtoll alone would skip a space and take a '+'.
            ("limit=%205", "limit"), ("limit=%2B5", "limit"),
            ("cursor=%2B1", "cursor"), ("limit=5%20", "limit"),
        ]
        for query, field in cases:
            with self.subTest(query=query):
                self.assertError(
                    self.c("handler").get("/api/v1/incidents?" + query),
                    422, "validation_failed", [field])

    def test_too_many_parameters(self):
        q = "&".join("q=%d" % i for i in range(20))
        r = self.c("handler").get("/api/v1/incidents?" + q)
        self.assertError(r, 422, "validation_failed")


class PatchTest(ApiTestCase):

    def test_patch_needs_if_match(self):
        ref = self.create()["ref"]
        before = self.server.counts()
        r = self.c("handler").patch("/api/v1/incidents/" + ref,
                                    {"title": "new"})
        self.assertError(r, 428, "precondition_required")
        self.assertUnchanged(before)

    def test_stale_version_is_409_with_the_current_one(self):
        ref = self.create()["ref"]
        h = self.c("handler")
        ok = h.patch("/api/v1/incidents/" + ref, {"title": "first"},
                     headers={"If-Match": '"1"'})
        self.assertEqual(ok.status, 200, str(ok))
        self.assertEqual(ok.json["version"], 2)
        self.assertEqual(ok.header("ETag"), '"2"')
        before = self.server.counts()
        stale = self.c("commander").patch("/api/v1/incidents/" + ref,
                                          {"title": "second"},
                                          headers={"If-Match": '"1"'})
        err = self.assertError(stale, 409, "conflict")
        self.assertEqual(err["current_version"], 2)
        self.assertEqual(stale.header("ETag"), '"2"')
        self.assertUnchanged(before)
        self.assertEqual(self.get_incident(ref)["title"], "first")

    def test_if_match_forms(self):
        ref = self.create()["ref"]
        h = self.c("handler")
        for i, form in enumerate(["1", '"2"', 'W/"3"']):
            r = h.patch("/api/v1/incidents/" + ref, {"title": "t%d" % i},
                        headers={"If-Match": form})
            self.assertEqual(r.status, 200, "%s: %s" % (form, r))
        self.assertEqual(self.get_incident(ref)["version"], 4)

    def test_malformed_if_match_is_400(self):
        ref = self.create()["ref"]
        before = self.server.counts()
        for bad in ("abc", "", "*", "0", "-1", '"x"', "1" * 30):
            with self.subTest(if_match=bad):
                r = self.c("handler").patch("/api/v1/incidents/" + ref,
                                            {"title": "x"},
                                            headers={"If-Match": bad})
                self.assertError(r, 400, "malformed", ["If-Match"])
        self.assertUnchanged(before)

    def test_changes_are_on_the_timeline_and_audited(self):
        ref = self.create()["ref"]
        r = self.c("handler").patch("/api/v1/incidents/" + ref, {
            "title": "changed", "severity": "S3", "owner": "handler",
            "severity_reason": "影響が限定的", "description": None},
            headers={"If-Match": "1"})
        self.assertEqual(r.status, 200, str(r))
        tl = self.c("handler").get("/api/v1/incidents/%s/timeline" % ref)
        changes = [e["change"] for e in tl.json["items"]
                   if e["kind"] == "field_change"]
        # A person's severity takes it over from the score: recorded too.
        self.assertEqual(sorted(c["field"] for c in changes),
                         ["owner", "severity", "severity_reason",
                          "severity_source", "title"])
        for c in changes:
            if c["field"] == "title":
                self.assertEqual((c["from"], c["to"]),
                                 ("ノートPCの紛失", "changed"))
        rows = self.server.db_read(
            "SELECT actor, detail FROM audit WHERE action = 'incident.update'"
            " AND target = ?", (ref,))
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][0], "handler")
        # The audit names fields, never their values.
        self.assertNotIn("changed", rows[0][1])
        self.assertNotIn("影響が限定的", rows[0][1])
        self.assertIn("severity", rows[0][1])

    def test_no_change_keeps_the_version(self):
        rec = self.create()
        before = self.server.counts()
        r = self.c("handler").patch("/api/v1/incidents/" + rec["ref"],
                                    {"title": rec["title"]},
                                    headers={"If-Match": "1"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["version"], 1)
        self.assertUnchanged(before)

    def test_read_only_fields(self):
        rec = self.create()
        h = self.c("handler")
        before = self.server.counts()
        for field, value in [("ref", "INC-2026-0999"), ("phase", "closed"),
                             ("version", 9), ("created_by", "someone"),
                             ("created_at", NOW.replace("12:", "11:"))]:
            with self.subTest(field=field):
                r = h.patch("/api/v1/incidents/" + rec["ref"],
                            {field: value}, headers={"If-Match": "1"})
                self.assertError(r, 422, "validation_failed", [field])
        self.assertUnchanged(before)
        # Sending back what was read is fine.  (Not severity and priority:
        # sending back the scored value counts as overriding the score,
        # which needs a reason.)
        echo = {k: v for k, v in rec.items()
                if k not in ("severity", "priority")}
        r = h.patch("/api/v1/incidents/" + rec["ref"], echo,
                    headers={"If-Match": "1"})
        self.assertEqual(r.status, 200, str(r))

    def test_patch_unknown_ref_is_404(self):
        r = self.c("handler").patch("/api/v1/incidents/INC-2026-9999",
                                    {"title": "x"}, headers={"If-Match": "1"})
        self.assertError(r, 404, "not_found")


class PhaseTimelineTest(ApiTestCase):

    def test_move_forward_and_back(self):
        ref = self.create()["ref"]
        h = self.c("handler")
        r = h.post("/api/v1/incidents/%s/phase" % ref, {"to": "containment"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["phase"], "containment")
        self.assertEqual(r.json["version"], 2)
        self.assertIn("containment", r.json["phase_times"])
        before = self.server.counts()
        back = h.post("/api/v1/incidents/%s/phase" % ref, {"to": "triage"})
        self.assertError(back, 422, "validation_failed", ["reason"])
        same = h.post("/api/v1/incidents/%s/phase" % ref,
                      {"to": "containment"})
        self.assertError(same, 422, "validation_failed", ["to"])
        for body, field in [({"to": "nowhere"}, "to"), ({}, "to"),
                            ({"to": 3}, "to"),
                            ({"to": "triage", "reason": 5}, "reason"),
                            ({"to": "triage", "why": "x"}, "why")]:
            with self.subTest(body=body):
                self.assertError(
                    h.post("/api/v1/incidents/%s/phase" % ref, body), 422,
                    "validation_failed", [field])
        self.assertUnchanged(before)
        r = h.post("/api/v1/incidents/%s/phase" % ref,
                   {"to": "triage", "reason": "範囲の見直し"})
        self.assertEqual(r.status, 200, str(r))
        self.assertNotIn("containment", r.json["phase_times"])
        tl = h.get("/api/v1/incidents/%s/timeline" % ref).json["items"]
        moves = [e["change"] for e in tl if e["kind"] == "phase_change"]
        self.assertEqual(moves[-1], {"from": "containment", "to": "triage",
                                     "reason": "範囲の見直し"})
        rows = self.server.db_read(
            "SELECT count(*) FROM audit WHERE action = 'incident.move'"
            " AND target = ?", (ref,))
        self.assertEqual(rows, [(2,)])

    def test_timeline_entries_are_chained(self):
        ref = self.create()["ref"]
        h = self.c("handler")
        for kind in ("note", "decision", "contact", "action"):
            r = h.post("/api/v1/incidents/%s/timeline" % ref,
                       {"kind": kind, "body": "%s です" % kind})
            self.assertEqual(r.status, 201, str(r))
            self.assertEqual(r.json["kind"], kind)
            self.assertEqual(r.json["actor"], "handler")
        r = h.post("/api/v1/incidents/%s/timeline" % ref, {"body": "default"})
        self.assertEqual(r.json["kind"], "note")
        items = h.get("/api/v1/incidents/%s/timeline" % ref).json["items"]
        self.assertEqual([e["seq"] for e in items], [1, 2, 3, 4, 5, 6])
        prev = GENESIS
        for e in items:
            self.assertEqual(e["prev_hash"], prev)
            at = self.server.db_read(
                "SELECT at FROM chronology c JOIN incident i"
                " ON i.id = c.incident_id WHERE i.ref = ? AND c.seq = ?",
                (ref, e["seq"]))[0][0]
            import datetime
            at_utc = datetime.datetime.fromtimestamp(
                at, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            self.assertEqual(e["hash"], chron_hash(prev, ref, e["seq"],
                                                   e["kind"], e["actor"],
                                                   at_utc, e["body"]))
            prev = e["hash"]
        v = h.get("/api/v1/incidents/%s/verify" % ref)
        self.assertEqual(v.status, 200, str(v))
        self.assertEqual(v.json, {"ref": ref, "ok": True, "checked": 6,
                                  "broken": []})

    def test_bad_timeline_entries(self):
        ref = self.create()["ref"]
        h = self.c("handler")
        before = self.server.counts()
        for body, field in [({}, "body"), ({"body": ""}, "body"),
                            ({"body": "   "}, "body"), ({"body": 5}, "body"),
                            ({"body": "x", "kind": "phase_change"}, "kind"),
                            ({"body": "x", "kind": "field_change"}, "kind"),
                            ({"body": "x", "kind": "gossip"}, "kind"),
                            ({"body": "x", "kind": 1}, "kind"),
                            ({"body": "x", "at": NOW}, "at"),
                            ({"body": "x" * 100001}, "body")]:
            with self.subTest(body=str(body)[:60]):
                self.assertError(
                    h.post("/api/v1/incidents/%s/timeline" % ref, body), 422,
                    "validation_failed", [field])
        # JSON's \u0000 is refused by the parser: malformed, not stored.
        self.assertError(h.post("/api/v1/incidents/%s/timeline" % ref,
                                {"body": "a\u0000b"}), 400, "malformed")
        self.assertUnchanged(before)

    def test_timeline_of_unknown_ref_is_404(self):
        h = self.c("handler")
        self.assertError(h.get("/api/v1/incidents/INC-2026-9999/timeline"),
                         404)
        self.assertError(h.post("/api/v1/incidents/INC-2026-9999/timeline",
                                {"body": "x"}), 404)
        self.assertError(h.post("/api/v1/incidents/INC-2026-9999/phase",
                                {"to": "triage"}), 404)
        self.assertError(h.get("/api/v1/incidents/INC-2026-9999/verify"),
                         404)
