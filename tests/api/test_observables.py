# SPDX-License-Identifier: MIT
"""Observables (issue 10 item 2): typed values on an incident, validated
and normalised, with TLP, IOC, sighted and a note; "seen in N other
incidents" and the incidents related by shared observables, counted only
in incidents the caller may see; where a value was seen; candidates
extracted from pasted mail headers; batches all or nothing; repeats 409
and unparseable values 422 naming the type and the value; every change in
the chronology and the audit log."""

from urllib.parse import quote

from tests.api.server import ApiTestCase

HEADERS = (
    "Received: from mail.evil.example (mail.evil.example [203.0.113.5])\r\n"
    "\tby mx.ours.example (Postfix) with ESMTPS id 4AbC;\r\n"
    "\tMon, 7 Dec 2026 10:00:00 +0900 (JST)\r\n"
    "From: =?UTF-8?B?5bGx55Sw?= <billing@evil.example>\r\n"
    "To: victim@ours.example\r\n"
    "Message-ID: <1234@mailer.evil.example>\r\n"
    "Subject: invoice\r\n\r\n"
    "Pay at hxxps://evil[.]example/pay now.\r\n")
SECRET_WORD = "OBS-HIMITSU"


class ObservablesTest(ApiTestCase):

    extra_users = {"handler2": "handler", "reporter2": "reporter"}

    def new(self, who="admin", **fields):
        fields.setdefault("category", "targeted_email")
        return self.create(who, **fields)["ref"]

    def add(self, ref, who="admin", expect=201, **body):
        r = self.c(who).post("/api/v1/incidents/%s/observables" % ref, body)
        self.assertEqual(r.status, expect, str(r))
        return r.json

    def items(self, ref, who="admin"):
        r = self.c(who).get("/api/v1/incidents/%s/observables" % ref)
        self.assertEqual(r.status, 200, str(r))
        return r.json["items"]

    def timeline(self, ref):
        r = self.c("admin").get("/api/v1/incidents/%s/timeline" % ref)
        self.assertEqual(r.status, 200, str(r))
        return r.json["items"]

    # -- adding and reading --------------------------------------------------

    def test_add_normalises_and_lists_every_field(self):
        ref = self.new()
        made = self.add(ref, type="domain", value="Evil[.]Example.",
                        tlp="amber+strict", ioc=True, note="送信元ドメイン")
        self.assertEqual(made["value"], "evil.example")
        self.assertEqual(made["display"], "evil.example")
        (item,) = self.items(ref)
        for key in ("id", "type", "value", "display", "tlp", "ioc",
                    "sighted", "seen_in", "note", "created_at", "created_by"):
            self.assertIn(key, item)
        self.assertEqual(
            (item["id"], item["type"], item["value"], item["tlp"],
             item["ioc"], item["sighted"], item["seen_in"], item["note"],
             item["created_by"]),
            (made["id"], "domain", "evil.example", "amber+strict", True,
             False, 0, "送信元ドメイン", "admin"))
        # The default TLP is amber; IDN keeps its Unicode form to show.
        idn = self.add(ref, type="url", value="http://例え.テスト/ログイン")
        self.assertEqual(idn["value"],
                         "http://xn--r8jz45g.xn--zckzah/ログイン")
        self.assertEqual(idn["display"], "http://例え.テスト/ログイン")
        self.assertEqual(idn["tlp"], "amber")
        six = self.add(ref, type="ipv6", value="2001:DB8::0:1", sighted=True)
        self.assertEqual((six["value"], six["sighted"]),
                         ("2001:db8::1", True))

    def test_every_type_is_accepted(self):
        ref = self.new()
        values = {
            "ipv4": "198.51.100.20", "ipv6": "::ffff:1.2.3.4",
            "cidr": "10.1.2.3/8", "domain": "ＥＸＡＭＰＬＥ.com",
            "url": "hxxps://evil[.]example/a", "email": "a[@]evil.example",
            "md5": "D41D8CD98F00B204E9800998ECF8427E",
            "sha1": "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca49"
                      "5991b7852b855",
            "filename": "請求書.pdf.exe", "account": "CORP\\yamada",
            "phone": "+81 3-1234-5678", "other": "mutex Global\\xyz"}
        want = {"cidr": "10.0.0.0/8", "domain": "example.com",
                "url": "https://evil.example/a", "email": "a@evil.example",
                "md5": "d41d8cd98f00b204e9800998ecf8427e",
                "phone": "+81312345678"}
        for t, v in values.items():
            with self.subTest(type=t):
                made = self.add(ref, type=t, value=v)
                self.assertEqual(made["type"], t)
                self.assertEqual(made["value"], want.get(t, v))
        self.assertEqual(len(self.items(ref)), len(values))

    def test_unparseable_value_is_422_naming_type_and_value(self):
        ref = self.new()
        before = self.server.snapshot()
        cases = [("ipv4", "1.2.3.04"), ("cidr", "10.0.0.1/33"),
                 ("md5", "abc"), ("sha256", "D41D8CD98F00B204E9800998ECF8427E"),
                 ("domain", "not a domain"), ("url", "evil.example/a"),
                 ("email", "nobody"), ("phone", "12")]
        for t, v in cases:
            with self.subTest(type=t):
                r = self.c("admin").post(
                    "/api/v1/incidents/%s/observables" % ref,
                    {"type": t, "value": v})
                err = self.assertError(r, 422, "validation_failed",
                                       fields=("value",))
                self.assertEqual((err["type"], err["value"]), (t, v))
        for body, field in (({"type": "hash", "value": "x"}, "type"),
                            ({"type": "ipv4"}, "value"),
                            ({"type": "ipv4", "value": "1.2.3.4",
                              "tlp": "white"}, "tlp"),
                            ({"type": "ipv4", "value": "1.2.3.4",
                              "ioc": "yes"}, "ioc"),
                            ({"type": "ipv4", "value": "1.2.3.4",
                              "colour": 1}, "colour")):
            with self.subTest(body=body):
                r = self.c("admin").post(
                    "/api/v1/incidents/%s/observables" % ref, body)
                self.assertError(r, 422, "validation_failed",
                                 fields=(field,))
        self.assertEqual(self.server.snapshot(), before)
        # English callers read English.
        r = self.c("admin").with_lang("en").post(
            "/api/v1/incidents/%s/observables" % ref,
            {"type": "ipv4", "value": "1.2.3.04"})
        self.assertIn("IPv4", r.json["error"]["fields"]["value"])

    def test_exact_repeat_is_409_naming_it(self):
        ref = self.new()
        self.add(ref, type="ipv4", value="203.0.113.5")
        before = self.server.snapshot()
        r = self.c("admin").post("/api/v1/incidents/%s/observables" % ref,
                                 {"type": "ipv4", "value": "203[.]0.113.5"})
        err = self.assertError(r, 409, "conflict", fields=("value",))
        self.assertEqual((err["type"], err["value"]),
                         ("ipv4", "203[.]0.113.5"))
        self.assertEqual(self.server.snapshot(), before)
        # The same value as another type is another observable.
        self.add(ref, type="other", value="203.0.113.5")

    def test_batch_is_all_or_nothing_naming_the_index(self):
        ref = self.new()
        before = self.server.snapshot()
        r = self.c("admin").post(
            "/api/v1/incidents/%s/observables" % ref,
            {"items": [{"type": "domain", "value": "ok.example"},
                       {"type": "ipv4", "value": "1.2.3.04"}]})
        err = self.assertError(r, 422, "validation_failed",
                               fields=("items[1].value",))
        self.assertEqual((err["index"], err["type"], err["value"]),
                         (1, "ipv4", "1.2.3.04"))
        r = self.c("admin").post(
            "/api/v1/incidents/%s/observables" % ref,
            {"items": [{"type": "domain", "value": "ok.example"},
                       {"type": "domain", "value": "OK.example."}]})
        err = self.assertError(r, 409, "conflict",
                               fields=("items[1].value",))
        self.assertEqual(err["index"], 1)
        for body in ({"items": []}, {"items": {}},
                     {"items": [{"type": "ipv4", "value": "1.2.3.4"}],
                      "type": "ipv4"},
                     {"items": [{"type": "ipv4", "value": "1.2.3.4"}] * 1001}):
            r = self.c("admin").post(
                "/api/v1/incidents/%s/observables" % ref, body)
            self.assertError(r, 422, "validation_failed", fields=("items",))
        self.assertEqual(self.server.snapshot(), before)
        r = self.c("admin").post(
            "/api/v1/incidents/%s/observables" % ref,
            {"items": [{"type": "domain", "value": "ok.example"},
                       {"type": "ipv4", "value": "192.0.2.9", "ioc": True}]})
        self.assertEqual(r.status, 201, str(r))
        self.assertEqual([i["value"] for i in r.json["items"]],
                         ["ok.example", "192.0.2.9"])
        # One chronology line for the batch, one audit entry.
        last = self.timeline(ref)[-1]
        self.assertIn("ok.example", last["text"])
        self.assertIn("192.0.2.9", last["text"])
        rows = self.server.db_read(
            "SELECT count(*) FROM audit WHERE action = 'observable.add'"
            " AND target = ?", (ref,))
        self.assertEqual(rows[0][0], 1)

    def test_patch_and_delete_are_recorded(self):
        ref = self.new()
        other = self.new()
        made = self.add(ref, type="sha1",
                        value="da39a3ee5e6b4b0d3255bfef95601890afd80709")
        path = "/api/v1/incidents/%s/observables/%d" % (ref, made["id"])
        r = self.c("handler").patch(path, {"tlp": "red", "ioc": True,
                                           "sighted": True, "note": "EDRで検知"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual((r.json["tlp"], r.json["ioc"], r.json["sighted"],
                          r.json["note"]), ("red", True, True, "EDRで検知"))
        r = self.c("handler").patch(path, {"note": None})
        self.assertEqual(r.json["note"], None)
        self.assertEqual(r.json["tlp"], "red")
        for body, field in (({"tlp": "white"}, "tlp"),
                            ({"ioc": 1}, "ioc"), ({"value": "x"}, "value")):
            r = self.c("handler").patch(path, body)
            self.assertError(r, 422, "validation_failed", fields=(field,))
        # Not an observable of the other incident.
        r = self.c("handler").delete("/api/v1/incidents/%s/observables/%d"
                                     % (other, made["id"]))
        self.assertError(r, 404, "not_found")
        r = self.c("handler").delete(path)
        self.assertEqual(r.status, 204, str(r))
        self.assertEqual(self.items(ref), [])
        last = self.timeline(ref)[-1]
        self.assertIn("da39a3ee5e6b4b0d3255bfef95601890afd80709",
                      last["text"])
        self.assertEqual(last["actor"], "handler")
        actions = [row[0] for row in self.server.db_read(
            "SELECT action FROM audit WHERE target = ? AND action LIKE"
            " 'observable.%' ORDER BY seq", (ref,))]
        self.assertEqual(actions, ["observable.add", "observable.update",
                                   "observable.update", "observable.remove"])
        r = self.c("handler").delete(path)
        self.assertError(r, 404, "not_found")

    # -- across incidents ----------------------------------------------------

    def test_seen_in_across_three_incidents_and_related(self):
        a, b, c = self.new(), self.new(), self.new()
        for ref in (a, b, c):
            self.add(ref, type="domain", value="campaign.example")
        self.add(a, type="ipv4", value="203.0.113.77")
        self.add(b, type="ipv4", value="203.0.113.77")
        items = {i["value"]: i for i in self.items(a)}
        self.assertEqual(items["campaign.example"]["seen_in"], 2)
        self.assertEqual(items["203.0.113.77"]["seen_in"], 1)
        r = self.c("handler").get("/api/v1/incidents/%s/related" % a)
        self.assertEqual(r.status, 200, str(r))
        rel = r.json["items"]
        self.assertEqual([x["ref"] for x in rel], [b, c])
        self.assertEqual(rel[0]["shared"], 2)
        self.assertEqual(sorted(v["value"] for v in rel[0]["values"]),
                         ["203.0.113.77", "campaign.example"])
        self.assertEqual(rel[1]["shared"], 1)
        self.assertIn("title", rel[0])
        # Where a value was seen, looked up as typed.
        r = self.c("handler").get(
            "/api/v1/observables?type=domain&value=" +
            quote("Campaign[.]Example."))
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["value"], "campaign.example")
        self.assertEqual(sorted(x["ref"] for x in r.json["items"]),
                         sorted([a, b, c]))
        # The duplicate offer counts the observables in common.
        r = self.c("handler").get("/api/v1/incidents/%s/duplicates" % a)
        self.assertEqual(r.status, 200, str(r))
        offers = {o["ref"]: o for o in r.json["items"]}
        self.assertEqual(offers[b]["shared_observables"], 2)
        self.assertEqual(offers[c]["shared_observables"], 1)

    def test_find_refuses_what_does_not_parse(self):
        r = self.c("handler").get("/api/v1/observables?type=ipv4&value=" +
                                  quote("1.2.3.04"))
        err = self.assertError(r, 422, "validation_failed", fields=("value",))
        self.assertEqual((err["type"], err["value"]), ("ipv4", "1.2.3.04"))
        r = self.c("handler").get("/api/v1/observables?type=ipv4")
        self.assertError(r, 422, "validation_failed", fields=("value",))
        r = self.c("handler").get("/api/v1/observables?type=x&value=y&z=1")
        self.assertEqual(r.status, 422, str(r))
        r = self.c("handler").get(
            "/api/v1/observables?type=ipv4&value=192.0.2.200")
        self.assertEqual((r.status, r.json["items"]), (200, []))

    def test_restricted_incidents_count_only_for_those_who_see_them(self):
        plain = self.new(who="handler")
        secret = self.create(
            "commander", title="役員の端末 " + SECRET_WORD,
            category="targeted_email", restricted=True,
            members=["handler"])["ref"]
        for ref, who in ((plain, "handler"), (secret, "handler")):
            self.add(ref, who=who, type="domain", value="secret-c2.example")
        # Members and administrators count it; others do not.
        for who, n in (("admin", 1), ("handler", 1), ("commander", 1),
                       ("handler2", 0), ("auditor", 0), ("communicator", 0)):
            with self.subTest(who=who):
                (item,) = self.items(plain, who=who)
                self.assertEqual(item["seen_in"], n)
                r = self.c(who).get("/api/v1/incidents/%s/related" % plain)
                self.assertEqual(len(r.json["items"]), n, str(r))
                if n == 0:
                    self.assertNotIn(SECRET_WORD, r.text)
                r = self.c(who).get(
                    "/api/v1/observables?type=domain&value=secret-c2.example")
                refs = [x["ref"] for x in r.json["items"]]
                self.assertEqual(secret in refs, n == 1, refs)
                if n == 0:
                    self.assertNotIn(SECRET_WORD, r.text)
                r = self.c(who).post(
                    "/api/v1/incidents/%s/observables/extract" % plain,
                    {"text": "see secret-c2.example"})
                self.assertEqual(r.json["items"][0]["seen_in"], n)
                r = self.c(who).get("/api/v1/incidents/%s/duplicates" % plain)
                self.assertEqual(secret in [o["ref"] for o in
                                            r.json["items"]], n == 1)
        # The outsider's view of the secret's own observables is 404, as
        # for a reference never filed.
        r = self.c("handler2").get("/api/v1/incidents/%s/observables" % secret)
        missing = self.c("handler2").get(
            "/api/v1/incidents/INC-2026-9999/observables")
        self.assertEqual((r.status, r.body), (missing.status, missing.body))
        # A reporter sees only what they filed.
        mine = self.new(who="reporter2")
        self.add(mine, type="domain", value="secret-c2.example")
        (item,) = self.items(mine, who="reporter2")
        self.assertEqual(item["seen_in"], 0)
        r = self.c("reporter2").get(
            "/api/v1/observables?type=domain&value=secret-c2.example")
        self.assertEqual([x["ref"] for x in r.json["items"]], [mine])

    # -- extraction ----------------------------------------------------------

    def test_extract_from_mail_headers_stores_nothing(self):
        ref = self.new()
        other = self.new()
        self.add(ref, type="ipv4", value="203.0.113.5")
        self.add(other, type="domain", value="mailer.evil.example")
        before = self.server.snapshot()
        r = self.c("handler").post(
            "/api/v1/incidents/%s/observables/extract" % ref,
            {"text": HEADERS})
        self.assertEqual(r.status, 200, str(r))
        got = {(i["type"], i["value"]): i for i in r.json["items"]}
        for key in (("ipv4", "203.0.113.5"), ("email", "billing@evil.example"),
                    ("domain", "evil.example"),
                    ("domain", "mailer.evil.example"),
                    ("url", "https://evil.example/pay")):
            self.assertIn(key, got)
        self.assertTrue(got[("ipv4", "203.0.113.5")]["known"])
        self.assertFalse(got[("domain", "mailer.evil.example")]["known"])
        self.assertEqual(got[("domain", "mailer.evil.example")]["seen_in"], 1)
        self.assertNotIn(("domain", "mx.ours.example"), got)
        self.assertNotIn(("email", "victim@ours.example"), got)
        self.assertEqual(self.server.snapshot(), before)
        for body, field in (({}, "text"), ({"text": 1}, "text"),
                            ({"text": "x" * (256 * 1024 + 1)}, "text")):
            r = self.c("handler").post(
                "/api/v1/incidents/%s/observables/extract" % ref, body)
            self.assertError(r, 422, "validation_failed", fields=(field,))
