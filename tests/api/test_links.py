# SPDX-License-Identifier: MIT
"""Related and duplicate incidents (issue 10 item 5): links shown on both
incidents under their proper names, a duplicate closed with the original
named in its chronology, the refusals (itself, missing or invisible,
cycles, repeats), removal of a mistaken link, the possible duplicates
offered for a new report, and need-to-know throughout."""

from tests.api.server import ApiTestCase, DISCOVERED

NOWHERE = "INC-2026-9999"
SECRET_WORD = "HIMITSU-LINK"


class LinksTest(ApiTestCase):

    extra_users = {"handler2": "handler"}

    def new(self, who="admin", **fields):
        fields.setdefault("category", "misdirected_email")
        return self.create(who, **fields)["ref"]

    def links(self, ref, who="admin"):
        r = self.c(who).get("/api/v1/incidents/%s/links" % ref)
        self.assertEqual(r.status, 200, str(r))
        return r.json["items"]

    def link(self, ref, kind, other, who="admin", expect=201):
        r = self.c(who).post("/api/v1/incidents/%s/links" % ref,
                             {"kind": kind, "ref": other})
        self.assertEqual(r.status, expect, str(r))
        return r

    def chronology(self, ref):
        r = self.c("admin").get("/api/v1/incidents/%s/timeline" % ref)
        self.assertEqual(r.status, 200, str(r))
        return r.json["items"]

    # -- links on both ends --------------------------------------------------

    def test_each_kind_shows_on_both_incidents_with_its_inverse(self):
        inverse = {"related": "related", "duplicate_of": "has_duplicate",
                   "caused_by": "caused", "part_of": "contains"}
        for kind, inv in inverse.items():
            with self.subTest(kind=kind):
                a = self.new(title="リンク元 " + kind)
                b = self.new(title="リンク先 " + kind)
                made = self.link(a, kind, b).json
                self.assertEqual(made["kind"], kind)
                self.assertEqual(made["ref"], b)
                self.assertEqual(made["direction"], "outgoing")
                (out,) = self.links(a)
                self.assertEqual(
                    (out["kind"], out["ref"], out["relation"],
                     out["direction"], out["title"], out["id"]),
                    (kind, b, kind, "outgoing", "リンク先 " + kind,
                     made["id"]))
                self.assertEqual(out["phase"], "reported")
                (back,) = self.links(b)
                self.assertEqual(
                    (back["kind"], back["ref"], back["relation"],
                     back["direction"], back["id"]),
                    (kind, a, inv, "incoming", made["id"]))
                # Both chronologies say so, and the audit log.
                self.assertIn(b, self.chronology(a)[-1 if kind !=
                              "duplicate_of" else -2]["body"])
                self.assertIn(a, self.chronology(b)[-1]["body"])
                rows = self.server.db_read(
                    "SELECT action, target FROM audit WHERE action ="
                    " 'incident.link' AND target = ?", (a,))
                self.assertEqual(len(rows), 1)

    def test_marking_a_duplicate_closes_it_naming_the_original(self):
        orig = self.new(title="顧客へのメール誤送信")
        dup = self.new(title="顧客宛メールの誤送信")
        # The duplicate is under way, with open tasks from its playbook:
        # a normal close would have things left to do, a duplicate's does
        # not, since the original carries the response.
        r = self.c("admin").post("/api/v1/incidents/%s/phase" % dup,
                                 {"to": "triage"})
        self.assertEqual(r.status, 200, str(r))
        self.link(dup, "duplicate_of", orig)
        inc = self.c("admin").get("/api/v1/incidents/" + dup).json
        self.assertEqual(inc["phase"], "closed")
        last = self.chronology(dup)[-1]
        self.assertEqual(last["kind"], "phase_change")
        self.assertEqual(last["change"]["to"], "closed")
        self.assertIn(orig, last["change"]["reason"])
        self.assertIn("重複", last["change"]["reason"])
        # The original stays open and shows its duplicate.
        o = self.c("admin").get("/api/v1/incidents/" + orig).json
        self.assertEqual(o["phase"], "reported")
        (back,) = self.links(orig)
        self.assertEqual((back["relation"], back["ref"], back["phase"]),
                         ("has_duplicate", dup, "closed"))

    def test_duplicate_of_an_already_closed_incident_only_links(self):
        orig = self.new()
        dup = self.new()
        self.settle(dup)
        r = self.c("admin").post("/api/v1/incidents/%s/phase" % dup,
                                 {"to": "closed"})
        self.assertEqual(r.status, 200, str(r))
        n = len(self.chronology(dup))
        self.link(dup, "duplicate_of", orig)
        self.assertEqual(len(self.chronology(dup)), n + 1)

    # -- refusals --------------------------------------------------------------

    def refused(self, ref, body, status, code, field, msg=None, who="admin"):
        before = self.server.snapshot()
        r = self.c(who).post("/api/v1/incidents/%s/links" % ref, body)
        err = self.assertError(r, status, code, fields=(field,) if field
                               else ())
        if msg is not None:
            self.assertIn(msg, err["fields"][field], str(r))
        self.assertEqual(self.server.snapshot(), before,
                         "a refused link changed something: %s" % r)
        return r

    def test_refusals_are_named_and_write_nothing(self):
        a = self.new()
        b = self.new()
        c = self.new()
        self.refused(a, {"kind": "related", "ref": a}, 422,
                     "validation_failed", "ref", "自分自身")
        self.refused(a, {"kind": "merged", "ref": b}, 422,
                     "validation_failed", "kind")
        self.refused(a, {"ref": b}, 422, "validation_failed", "kind")
        self.refused(a, {"kind": "related"}, 422, "validation_failed", "ref")
        self.refused(a, {"kind": "related", "ref": 3}, 422,
                     "validation_failed", "ref")
        self.refused(a, {"kind": "related", "ref": b, "x": 1}, 422,
                     "validation_failed", "x")
        self.refused(a, {"kind": "related", "ref": NOWHERE}, 404,
                     "not_found", "ref")
        self.refused(NOWHERE, {"kind": "related", "ref": a}, 404,
                     "not_found", None)
        # An exact repeat, and "related" the other way round.
        self.link(a, "related", b)
        self.refused(a, {"kind": "related", "ref": b}, 409, "conflict",
                     "ref", "すでに")
        self.refused(b, {"kind": "related", "ref": a}, 409, "conflict",
                     "ref")
        # A duplicate chain that comes back: c -> a -> b -> c.
        self.link(a, "part_of", b)
        self.link(b, "part_of", c)
        self.refused(c, {"kind": "part_of", "ref": a}, 409, "conflict",
                     "ref", "循環")
        d = self.new()
        e = self.new()
        f = self.new()
        self.link(d, "duplicate_of", e)
        self.link(e, "duplicate_of", f)
        self.refused(f, {"kind": "duplicate_of", "ref": d}, 409, "conflict",
                     "ref", "循環")
        # One original per duplicate.
        self.refused(d, {"kind": "duplicate_of", "ref": f}, 409, "conflict",
                     "ref", "重複")
        # The same messages in English.
        r = self.c("admin").with_lang("en").post(
            "/api/v1/incidents/%s/links" % f, {"kind": "duplicate_of",
                                               "ref": d})
        self.assertIn("cycle", r.json["error"]["fields"]["ref"])

    def test_roles(self):
        a = self.new()
        b = self.new()
        for who, status in (("communicator", 403), ("auditor", 403),
                            ("reporter", 404)):
            with self.subTest(who=who):
                before = self.server.counts()
                r = self.c(who).post("/api/v1/incidents/%s/links" % a,
                                     {"kind": "related", "ref": b})
                self.assertEqual(r.status, status, str(r))
                self.assertUnchanged(before)
        # A reporter may not link even their own report.
        own = self.new("reporter")
        r = self.c("reporter").post("/api/v1/incidents/%s/links" % own,
                                    {"kind": "related", "ref": a})
        self.assertEqual(r.status, 403, str(r))
        self.link(a, "related", b, who="handler")

    # -- removal ----------------------------------------------------------------

    def test_remove_a_mistaken_link_from_either_end(self):
        a = self.new()
        b = self.new()
        lid = self.link(a, "caused_by", b).json["id"]
        before = self.server.counts()
        # Not a link of this incident.
        other = self.new()
        r = self.c("admin").delete("/api/v1/incidents/%s/links/%d" %
                                   (other, lid))
        self.assertError(r, 404, "not_found")
        r = self.c("communicator").delete("/api/v1/incidents/%s/links/%d" %
                                          (a, lid))
        self.assertError(r, 403, "forbidden")
        self.assertEqual(self.server.counts()["incident_link"],
                         before["incident_link"])
        r = self.c("admin").delete("/api/v1/incidents/%s/links/%d" %
                                   (b, lid))
        self.assertEqual(r.status, 204, str(r))
        self.assertEqual(self.links(a), [])
        self.assertEqual(self.links(b), [])
        self.assertIn("削除", self.chronology(a)[-1]["body"])
        self.assertIn("削除", self.chronology(b)[-1]["body"])
        rows = self.server.db_read(
            "SELECT detail FROM audit WHERE action = 'incident.unlink'"
            " AND target = ?", (a,))
        self.assertEqual(len(rows), 1)
        r = self.c("admin").delete("/api/v1/incidents/%s/links/%d" %
                                   (a, lid))
        self.assertError(r, 404, "not_found")
        # Removed, it may be made again.
        self.link(a, "caused_by", b)

    # -- possible duplicates ----------------------------------------------------

    def offered(self, ref, who="admin"):
        r = self.c(who).get("/api/v1/incidents/%s/duplicates" % ref)
        self.assertEqual(r.status, 200, str(r))
        return [i["ref"] for i in r.json["items"]], r.json["items"]

    def test_possible_duplicates_are_offered_never_merged(self):
        cat = "device_loss"
        first = self.new(title="営業部ノートPCの紛失", category=cat,
                         discovered_at="2026-11-20T10:00:00+09:00")
        similar = self.new(title="営業部 ノートＰＣ 紛失", category=cat,
                           discovered_at="2026-11-21T18:00:00+09:00")
        asset = self.new(title="鞄の置き忘れ", category=cat,
                         assets=["営業用PC-12"],
                         discovered_at="2026-11-22T08:00:00+09:00")
        self.c("admin").patch("/api/v1/incidents/" + first,
                              {"assets": ["営業用PC-12"]},
                              headers={"If-Match": "1"})
        other_cat = self.new(title="営業部ノートPCの紛失",
                             category="document_loss",
                             discovered_at="2026-11-20T10:00:00+09:00")
        too_late = self.new(title="営業部ノートPCの紛失", category=cat,
                            discovered_at="2026-11-10T10:00:00+09:00")
        unlike = self.new(title="USBメモリの盗難", category=cat,
                          discovered_at="2026-11-20T11:00:00+09:00")
        before = self.server.snapshot()
        refs, items = self.offered(first)
        self.assertEqual(set(refs), {similar, asset}, items)
        # A shared asset ranks first; the similarity is given.
        self.assertEqual(items[0]["ref"], asset)
        self.assertTrue(items[0]["shared_asset"])
        sim = [i for i in items if i["ref"] == similar][0]
        self.assertGreaterEqual(sim["similarity"], 50)
        self.assertFalse(sim["shared_asset"])
        for k in ("title", "phase", "category", "discovered_at"):
            self.assertIn(k, sim)
        for not_offered in (other_cat, too_late, unlike):
            self.assertNotIn(not_offered, refs)
        # Offering wrote nothing: nothing is merged or linked by itself.
        self.assertEqual(self.server.snapshot(), before)
        # Once linked it is no longer offered.
        self.link(similar, "duplicate_of", first)
        refs, _ = self.offered(first)
        self.assertEqual(refs, [asset])
        r = self.c("admin").get("/api/v1/incidents/%s/duplicates" % NOWHERE)
        self.assertError(r, 404, "not_found")

    # -- need-to-know -------------------------------------------------------------

    def test_restricted_incidents_never_leak(self):
        cat = "insider_wrongdoing"
        plain = self.new("handler", title="社外秘資料の持ち出し",
                         category=cat)
        secret = self.create(
            "commander", title="社外秘資料の持ち出し " + SECRET_WORD,
            category=cat, restricted=True, members=["handler"])["ref"]
        # A member links them, and sees the link from both ends.
        self.link(plain, "related", secret, who="handler")
        self.assertEqual([i["ref"] for i in self.links(plain, "handler")],
                         [secret])
        self.assertEqual([i["ref"] for i in self.links(secret, "handler")],
                         [plain])
        refs, _ = self.offered(plain, "handler")
        self.assertNotIn(secret, refs)  # linked already
        other = self.new("handler", title="社外秘資料の持ち出し",
                         category=cat)
        refs, _ = self.offered(other, "handler")
        self.assertIn(secret, refs)
        lid = self.links(plain, "handler")[0]["id"]
        # A plain report marked a duplicate of the restricted one: closed,
        # with a reason that does not name it.
        plain2 = self.new("handler", title="社外秘資料の持ち出し（再報告）",
                          category=cat)
        self.link(plain2, "duplicate_of", secret, who="handler")
        self.assertEqual(self.c("handler").get(
            "/api/v1/incidents/" + plain2).json["phase"], "closed")
        # What a non-member may read of the plain incidents never names
        # the restricted one: chronologies, the audit log.
        for ref in (plain, plain2):
            r = self.c("handler2").get("/api/v1/incidents/%s/timeline" % ref)
            self.assertEqual(r.status, 200, str(r))
            self.assertNotIn(secret, r.text)
            self.assertNotIn(SECRET_WORD, r.text)
        r = self.c("auditor").get("/api/v1/audit?limit=1000")
        self.assertEqual(r.status, 200, str(r))
        self.assertNotIn(secret, r.text)
        # Its members read both links in its own chronology.
        text = self.c("handler").get(
            "/api/v1/incidents/%s/timeline" % secret).text
        self.assertIn(plain, text)
        self.assertIn(plain2, text)
        before = self.server.snapshot()
        for who in ("handler2", "commander"):
            if who == "commander":
                continue  # the secret's creator is a member
            cl = self.c(who)
            with self.subTest(who=who):
                # The link to it is left out, and so is any count of it.
                r = cl.get("/api/v1/incidents/%s/links" % plain)
                self.assertEqual(r.status, 200, str(r))
                self.assertEqual(r.json["items"], [])
                self.assertNotIn(SECRET_WORD, r.text)
                self.assertNotIn(secret, r.text)
                # It is never offered.
                r = cl.get("/api/v1/incidents/%s/duplicates" % other)
                self.assertEqual(r.status, 200, str(r))
                self.assertNotIn(secret, r.text)
                # Linking to it answers as for a reference never filed.
                s = cl.post("/api/v1/incidents/%s/links" % other,
                            {"kind": "related", "ref": secret})
                m = cl.post("/api/v1/incidents/%s/links" % other,
                            {"kind": "related", "ref": NOWHERE})
                self.assertEqual((s.status, s.body), (m.status, m.body))
                self.assertEqual(s.status, 404)
                # Its own links and duplicates, and removing the link
                # from the plain end, as for a missing incident.
                for path in ("/api/v1/incidents/%s/links",
                             "/api/v1/incidents/%s/duplicates"):
                    s = cl.get(path % secret)
                    m = cl.get(path % NOWHERE)
                    self.assertEqual((s.status, s.body),
                                     (m.status, m.body.replace(
                                         NOWHERE.encode(), secret.encode())))
                r = cl.delete("/api/v1/incidents/%s/links/%d" % (plain, lid))
                self.assertError(r, 404, "not_found")
                r = cl.delete("/api/v1/incidents/%s/links/%d" % (plain,
                                                                 lid + 999))
                self.assertError(r, 404, "not_found")
        self.assertEqual(self.server.snapshot(), before)
