# SPDX-License-Identifier: MIT
"""Bad input on every endpoint that takes a body or a path parameter:
malformed JSON, wrong types, unknown fields, invalid UTF-8, unknown
taxonomy keys, oversize bodies, wrong content types, path traversal and
overlong references.  Each gets its status and names the field where
there is one, and none writes anything (table counts before and after,
read through a read-only SQLite connection)."""

import json
import socket

from tests.api.server import ApiTestCase, DISCOVERED, PASSWORD

BODY_MAX = 1 << 20

MALFORMED = [
    b"", b"{", b"}", b"{]", b'{"title": }', b"{'title': 'x'}", b"null",
    b"[]", b'"text"', b"42", b"true", b'{"title": "x",}',
    b'{"title": "x"} {"title": "y"}', b'{"a": 1, "a": 2}',
    b"{" * 5000 + b"}" * 5000, b'{"title": NaN}', b'{"title": 1e999}',
    b"\xef\xbb\xbf{}",
]


class BadInputTest(ApiTestCase):

    extra_users = {"target": "reporter"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.c("admin").post("/api/v1/incidents", {
            "title": "bad input target", "discovered_at": DISCOVERED})
        assert r.status == 201, str(r)
        cls.ref = r.json["ref"]

    def bodied(self):
        """(method, path, extra headers, a good body) of every route that
        reads a JSON body."""
        ref = self.ref
        return [
            ("POST", "/api/v1/incidents", {},
             {"title": "x", "discovered_at": DISCOVERED}),
            ("PATCH", "/api/v1/incidents/" + ref, {"If-Match": "1"},
             {"title": "x"}),
            ("POST", "/api/v1/incidents/%s/phase" % ref, {},
             {"to": "triage"}),
            ("POST", "/api/v1/incidents/%s/timeline" % ref, {},
             {"body": "x"}),
            ("POST", "/api/v1/users", {},
             {"name": "new-one", "role": "reporter"}),
            ("PATCH", "/api/v1/users/target", {}, {"role": "handler"}),
            ("POST", "/api/v1/users/target/password", {}, {}),
            ("POST", "/api/v1/tokens", {}, {"label": "x"}),
            ("POST", "/api/v1/session", {},
             {"username": "nobody", "password": "x"}),
        ]

    def test_malformed_json_is_400(self):
        admin = self.c("admin")
        before = self.server.counts()
        for method, path, headers, _ in self.bodied():
            for raw in MALFORMED:
                with self.subTest(method=method, path=path, raw=raw[:40]):
                    r = admin.request(method, path, raw=raw, headers=headers)
                    self.assertError(r, 400, "malformed")
        self.assertUnchanged(before)

    def test_malformed_if_match_is_400_naming_it(self):
        """A version that cannot be read is refused, never taken as
        "no version": that would let a stale screen overwrite."""
        admin = self.c("admin")
        asset = admin.post("/api/v1/assets", {
            "name": "会計サーバ", "kind": "server"})
        self.assertEqual(asset.status, 201, str(asset))
        paths = [("/api/v1/incidents/" + self.ref, {"title": "x"}),
                 ("/api/v1/assets/%d" % asset.json["id"], {"name": "x"})]
        before = self.server.counts()
        for path, body in paths:
            for bad in ("abc", "1x", '"-1"', "0", "W/", '"1" "2"',
                        "99999999999999999999",
                        # a full-width digit, as UTF-8 bytes on the wire
                        "１".encode().decode("latin-1")):
                with self.subTest(path=path, bad=bad):
                    r = admin.patch(path, body, headers={"If-Match": bad})
                    self.assertError(r, 400, "malformed", ["If-Match"])
        self.assertUnchanged(before)

    def test_unknown_query_keys_are_named_on_every_route(self):
        """A key a route does not read would look like a filter that was
        applied (?stael=1 listing every contact): it is refused."""
        admin = self.c("admin")
        ref = self.ref
        for path, bad in [
                ("/api/v1/contacts?stael=1", "stael"),
                ("/api/v1/assets?kind=server", "kind"),
                ("/api/v1/incidents/%s?verbose=1" % ref, "verbose"),
                ("/api/v1/incidents/%s/timeline?limit=5" % ref, "limit"),
                ("/api/v1/deadlines?limit=5", "limit"),
                ("/api/v1/incidents/%s/drafts/appi_report?fmt=html" % ref,
                 "fmt"),
                ("/api/v1/audit?sinse=1", "sinse"),
                ("/api/v1/incidents?phse=triage", "phse")]:
            with self.subTest(path=path):
                self.assertError(admin.get(path), 422, "validation_failed",
                                 [bad], exact=True)
        # The keys a route reads still work.
        for path in ("/api/v1/contacts?stale=1", "/api/v1/tokens?all=true",
                     "/api/v1/audit?limit=1",
                     "/api/v1/incidents/%s/drafts/appi_report?format=md"
                     "&lang=en" % ref):
            with self.subTest(path=path):
                self.assertEqual(admin.get(path).status, 200, path)

    def test_control_and_bidi_characters_are_named(self):
        """Text that a terminal or a page would show otherwise than it is
        stored (escape sequences, C1 controls, bidi overrides) is refused,
        in the record and in the timeline."""
        admin = self.c("admin")
        before = self.server.counts()
        for text in ("請求書\u202efdp.exe", "a\u2066b\u2069", "x\u0085y",
                     "\x1b[31m赤\x1b[0m"):
            with self.subTest(text=text):
                r = admin.post("/api/v1/incidents", {
                    "title": text, "discovered_at": DISCOVERED})
                self.assertError(r, 422, "validation_failed", ["title"],
                                 exact=True)
                self.assertIn("制御文字", r.json["error"]["fields"]["title"])
                r = admin.post("/api/v1/incidents/%s/timeline" % self.ref,
                               {"body": text})
                self.assertError(r, 422, "validation_failed", ["body"],
                                 exact=True)
        self.assertUnchanged(before)
        # Right-to-left text itself, and marks, are fine.
        r = admin.post("/api/v1/incidents", {
            "title": "שלום 漏えい \u200f確認", "discovered_at": DISCOVERED})
        self.assertEqual(r.status, 201, str(r))

    def test_wrong_content_type_is_415(self):
        admin = self.c("admin")
        before = self.server.counts()
        for method, path, headers, good in self.bodied():
            raw = json.dumps(good).encode()
            for ct in ("text/plain", "application/x-www-form-urlencoded",
                       "multipart/form-data; boundary=x", "application/jsonx",
                       "application/json-patch+json", "text/json", None):
                with self.subTest(method=method, path=path, ct=ct):
                    r = admin.request(method, path, raw=raw,
                                      content_type=ct, headers=headers)
                    self.assertError(r, 415, "unsupported_media_type")
        self.assertUnchanged(before)
        # Parameters and case are fine.
        r = admin.post("/api/v1/incidents/%s/timeline" % self.ref,
                       {"body": "ok"},
                       content_type="Application/JSON; charset=utf-8")
        self.assertEqual(r.status, 201, str(r))

    def test_unknown_fields_are_named(self):
        admin = self.c("admin")
        before = self.server.counts()
        for method, path, headers, good in self.bodied():
            body = dict(good, bogus_field=1)
            with self.subTest(method=method, path=path):
                r = admin.request(method, path, body, headers=headers)
                self.assertError(r, 422, "validation_failed", ["bogus_field"])
        r = admin.post("/api/v1/incidents", {
            "title": "x", "discovered_at": DISCOVERED,
            "info_types": [{"type": "name", "count": 1, "extra": 2}]})
        self.assertError(r, 422, "validation_failed", ["info_types[0].extra"])
        self.assertUnchanged(before)

    def test_wrong_types_are_named(self):
        admin = self.c("admin")
        ref = self.ref
        before = self.server.counts()
        cases = [
            ("POST", "/api/v1/incidents", {}, {
                "title": 5, "discovered_at": DISCOVERED, "tags": "x",
                "restricted": "yes", "affected_persons": "many",
                "priority": "high", "members": [1], "kind": 3,
                "info_types": {"type": "name"}, "description": [],
                "occurred_at": 1700000000},
             ["title", "tags", "restricted", "affected_persons", "priority",
              "members[0]", "kind", "info_types", "description",
              "occurred_at"]),
            ("PATCH", "/api/v1/incidents/" + ref, {"If-Match": "1"},
             {"title": None, "severity": 2, "severity_reason": "r",
              "parties": [None]},
             ["title", "severity", "parties[0]"]),
            ("POST", "/api/v1/incidents/%s/phase" % ref, {},
             {"to": ["triage"], "reason": 1}, ["to", "reason"]),
            ("POST", "/api/v1/incidents/%s/timeline" % ref, {},
             {"body": {"text": "x"}, "kind": None}, ["body", "kind"]),
            ("POST", "/api/v1/users", {},
             {"name": 1, "role": "reporter"}, ["name"]),
            ("POST", "/api/v1/users", {},
             {"name": "x-y", "role": "emperor"}, ["role"]),
            ("PATCH", "/api/v1/users/target", {}, {"disabled": "true"},
             ["disabled"]),
            ("PATCH", "/api/v1/users/target", {}, {"role": 2}, ["role"]),
            ("POST", "/api/v1/users/target/password", {},
             {"password": 12345678901234}, ["password"]),
            ("POST", "/api/v1/users/target/password", {},
             {"password": "short"}, ["password"]),
            ("POST", "/api/v1/tokens", {}, {"expires_days": "30"},
             ["expires_days"]),
            ("POST", "/api/v1/tokens", {}, {"expires_days": -1},
             ["expires_days"]),
            ("POST", "/api/v1/tokens", {}, {"expires_days": 1.5},
             ["expires_days"]),
            ("POST", "/api/v1/tokens", {}, {"label": 7}, ["label"]),
            ("POST", "/api/v1/tokens", {}, {"label": "x" * 201}, ["label"]),
            ("POST", "/api/v1/users", {},
             {"name": "Not Valid!", "role": "reporter",
              "password": PASSWORD}, ["name"]),
        ]
        for method, path, headers, body, fields in cases:
            with self.subTest(method=method, path=path, body=body):
                r = admin.request(method, path, body, headers=headers)
                self.assertError(r, 422, "validation_failed", fields)
        self.assertUnchanged(before)

    def test_unknown_taxonomy_keys_are_named(self):
        admin = self.c("admin")
        before = self.server.counts()
        bad = {
            "category": "nope", "kind": "accident", "place": "moon",
            "detection_trigger": "psychic", "tlp": "purple",
            "parties": ["staff", "alien"], "impacts": ["none_found", "x"],
            "prevention_measures": ["prayer"],
            "info_types": [{"type": "soul", "count": 1}],
        }
        fields = ["category", "kind", "place", "detection_trigger", "tlp",
                  "parties[1]", "impacts[1]", "prevention_measures[0]",
                  "info_types[0].type"]
        r = admin.post("/api/v1/incidents",
                       dict(bad, title="x", discovered_at=DISCOVERED))
        self.assertError(r, 422, "validation_failed", fields)
        for key, value in bad.items():
            with self.subTest(key=key):
                r = admin.patch("/api/v1/incidents/" + self.ref,
                                {key: value}, headers={"If-Match": "1"})
                self.assertError(r, 422, "validation_failed")
                named = r.json["error"]["fields"]
                self.assertTrue(any(f == key or f.startswith(key + "[")
                                    for f in named), str(r))
        self.assertUnchanged(before)

    def test_invalid_utf8_names_the_field(self):
        admin = self.c("admin")
        before = self.server.counts()
        ref = self.ref
        cases = [
            ("POST", "/api/v1/incidents", {},
             b'{"title": "ok", "description": "bad \xff here",'
             b' "discovered_at": "' + DISCOVERED.encode() + b'"}',
             "description"),
            ("POST", "/api/v1/incidents", {},
             b'{"title": "\xc3\x28", "discovered_at": "x"}', "title"),
            ("POST", "/api/v1/incidents", {},
             b'{"title": "x", "tags": ["ok", "\xed\xa0\x80"]}', "tags[1]"),
            ("PATCH", "/api/v1/incidents/" + ref, {"If-Match": "1"},
             b'{"owner": "\xe3\x81"}', "owner"),
            ("POST", "/api/v1/incidents/%s/timeline" % ref, {},
             b'{"body": "\xc0\xaf"}', "body"),
            ("POST", "/api/v1/incidents/%s/phase" % ref, {},
             b'{"to": "triage", "reason": "\xf8\x88\x80\x80\x80"}',
             "reason"),
            ("POST", "/api/v1/tokens", {}, b'{"label": "\xfe"}', "label"),
            ("POST", "/api/v1/session", {},
             b'{"username": "adm\xffin", "password": "x"}', "username"),
            ("POST", "/api/v1/users", {},
             b'{"name": "x\x80", "role": "reporter"}', "name"),
        ]
        for method, path, headers, raw, field in cases:
            with self.subTest(method=method, path=path, field=field):
                r = admin.request(method, path, raw=raw, headers=headers)
                self.assertError(r, 422, "validation_failed", [field])
        # Invalid UTF-8 in a key: the body as a whole.
        r = admin.post("/api/v1/incidents", raw=b'{"ti\xfftle": "x"}')
        self.assertError(r, 422, "validation_failed", ["body"])
        # Outside any string: malformed is fine, so is naming the body.
        r = admin.post("/api/v1/incidents", raw=b'{"title": "x"}\xff')
        self.assertIn(r.status, (400, 422), str(r))
        self.assertUnchanged(before)

    def test_oversize_bodies_are_413(self):
        admin = self.c("admin")
        before = self.server.counts()
        big = json.dumps({"title": "x", "discovered_at": DISCOVERED,
                          "description": "あ" * (BODY_MAX // 3 + 10)})
        self.assertGreater(len(big.encode()), BODY_MAX)
        for method, path, headers, _ in self.bodied():
            with self.subTest(method=method, path=path):
                r = admin.request(method, path, raw=big.encode(),
                                  headers=headers)
                self.assertError(r, 413, "too_large")
        # Exactly the limit is read (and refused for what it says, not
        # for its size).
        exact = b'{"title": "' + b"x" * (BODY_MAX - 13) + b'"}'
        self.assertEqual(len(exact), BODY_MAX)
        r = admin.post("/api/v1/incidents", raw=exact)
        self.assertError(r, 422, "validation_failed", ["title"])
        self.assertUnchanged(before)

    def test_announced_oversize_is_413_before_the_body(self):
        """A Content-Length above the limit is refused at once: the server
        answers without waiting for a body that never comes."""
        before = self.server.counts()
        for path in ("/api/v1/incidents", "/api/v1/session"):
            s = socket.create_connection(("127.0.0.1", self.server.port),
                                         timeout=10)
            try:
                s.sendall(("POST %s HTTP/1.1\r\nHost: x\r\n"
                           "Authorization: Bearer %s\r\n"
                           "Content-Type: application/json\r\n"
                           "Content-Length: %d\r\n\r\n{" %
                           (path, self.users["admin"]["token"],
                            BODY_MAX + 1)).encode())
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
            finally:
                s.close()
            self.assertTrue(data.startswith(b"HTTP/1.1 413"), data[:200])
        r = self.c("admin").post("/api/v1/incidents", raw=b"{}",
                                 headers={"Content-Length": "99999999999"})
        self.assertError(r, 413, "too_large")
        self.assertUnchanged(before)

    def test_path_traversal_and_overlong_refs(self):
        admin = self.c("admin")
        before = self.server.counts()
        refs = [
            "..", ".", "%2e%2e", "..%5C..%5Cwin", "A" * 65,
            "INC-2026-" + "0" * 300, "inc-2026-0001", "INC-2026-1",
            "INC-26-0001", "INC-2026-00001x", "INC-2026-0001.json",
            "%E3%81%82", "INC-2026-" + "9" * 10,
        ]
        # Every route under an incident answers alike, those of its
        # tasks, duties and disclosures included.
        suffixes = ["", "/timeline", "/phase", "/verify", "/tasks",
                    "/summons", "/obligations", "/damage", "/costs",
                    "/readiness", "/disclosures", "/aftercare"]
        for ref in refs:
            for suffix in suffixes:
                path = "/api/v1/incidents/" + ref + suffix
                for method, body, headers in [
                        ("GET", None, {}),
                        ("PATCH", {"title": "x"}, {"If-Match": "1"}),
                        ("POST", {"to": "triage", "body": "x"}, {})]:
                    with self.subTest(method=method, path=path):
                        r = admin.request(method, path, body, headers=headers)
                        if r.status == 405:
                            continue  # the route has no such method
                        err = self.assertError(r, 404, "not_found")
                        self.assertIn("ref", err["fields"], str(r))
        # A NUL never cuts the path short (it used to be read as the
        # record itself: GET, PATCH and all).
        r = admin.get("/api/v1/incidents/%s%%00" % self.ref)
        self.assertError(r, 404, "not_found")
        for suffix in ("/timeline", "/phase", "/verify"):
            path = "/api/v1/incidents/%s%%00%s" % (self.ref, suffix)
            for method in ("GET", "PATCH"):
                with self.subTest(method=method, path=path):
                    r = admin.request(method, path, {"title": "x"},
                                      headers={"If-Match": "1"})
                    self.assertError(r, 404, "not_found")
        # A traversal that leaves the route table altogether is a plain 404.
        for path in ("/api/v1/../../etc/passwd", "/api/v1/incidents/../..",
                     "/api/v1/incidents/..%2F..%2Fetc%2Fpasswd",
                     "/api/v1/incidents/%s%%2F.." % self.ref,
                     "/api/v1/incidents/%s%%2F..%%2F..%%2Fverify" % self.ref,
                     "/api/v1/incidents/INC-2026-0001/../../../etc/passwd",
                     "/api/v1/%2e%2e/%2e%2e/etc"):
            with self.subTest(path=path):
                r = admin.get(path)
                self.assertError(r, 404, "not_found")
                self.assertNotIn("root:", r.text)
        # Outside the API the web UI's files are embedded: no file system.
        for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                     "/js/..%2F..%2F..%2Fetc%2Fpasswd"):
            with self.subTest(path=path):
                r = admin.get(path)
                self.assertNotIn("root:", r.text)
        self.assertUnchanged(before)

    def test_bad_path_names(self):
        admin = self.c("admin")
        before = self.server.counts()
        for path, method, body in [
                ("/api/v1/users/..", "PATCH", {"role": "admin"}),
                ("/api/v1/users/" + "a" * 65, "PATCH", {"role": "admin"}),
                ("/api/v1/users/a%20b/password", "POST", {}),
                ("/api/v1/tokens/..", "DELETE", None),
                ("/api/v1/taxonomies/..", "GET", None)]:
            with self.subTest(path=path):
                r = admin.request(method, path, body)
                self.assertError(r, 404, "not_found")
        # Names that are well formed but unknown: plain 404.
        for path, method, body in [
                ("/api/v1/users/nobody", "PATCH", {"role": "admin"}),
                ("/api/v1/users/nobody/password", "POST", {}),
                ("/api/v1/tokens/0123456789abcdef", "DELETE", None),
                ("/api/v1/taxonomies/nope", "GET", None)]:
            with self.subTest(path=path):
                r = admin.request(method, path, body)
                self.assertError(r, 404, "not_found")
        self.assertUnchanged(before)

    def test_method_not_allowed(self):
        admin = self.c("admin")
        for method, path in [("DELETE", "/api/v1/incidents"),
                             ("PUT", "/api/v1/incidents/" + self.ref),
                             ("PUT", "/api/v1/session"),
                             ("POST", "/api/v1/me"),
                             ("DELETE", "/api/v1/audit"),
                             ("POST", "/healthz")]:
            with self.subTest(method=method, path=path):
                self.assertError(admin.request(method, path), 405,
                                 "method_not_allowed")

    def test_unknown_api_path_is_404(self):
        for path in ("/api/v1/nothing", "/api/v2/incidents", "/api/",
                     "/api/v1/incidents/" + self.ref + "/nothing"):
            with self.subTest(path=path):
                self.assertError(self.c("admin").get(path), 404, "not_found")

    def test_duplicate_account_is_409(self):
        r = self.c("admin").post("/api/v1/users", {
            "name": "handler", "role": "handler", "password": PASSWORD})
        self.assertError(r, 409, "conflict", ["name"])

    def test_audit_query(self):
        aud = self.c("auditor")
        for q, field in [("limit=0", "limit"), ("limit=1001", "limit"),
                         ("limit=x", "limit"), ("since=x", "since"),
                         ("since=-5", "since"), ("bogus=1", "bogus"),
                         ("limit=%2B2", "limit"), ("limit=%202", "limit")]:
            with self.subTest(query=q):
                self.assertError(aud.get("/api/v1/audit?" + q), 422,
                                 "validation_failed", [field])
        r = aud.get("/api/v1/audit?limit=2")
        self.assertEqual(len(r.json["items"]), 2)
        nxt = r.json["next"]
        r2 = aud.get("/api/v1/audit?limit=2&since=%d" % nxt)
        self.assertEqual(r2.json["items"][0]["seq"], nxt + 1)
        r3 = aud.get("/api/v1/audit?since=2026-11-22T00:00:00%2B09:00")
        self.assertEqual(r3.status, 200, str(r3))
        r4 = aud.get("/api/v1/audit?since=2026-11-23T00:00:00%2B09:00")
        self.assertEqual(r4.json["items"], [])

    def test_self_lockout_is_refused(self):
        before = self.server.counts()
        for body, field in [({"disabled": True}, "disabled"),
                            ({"role": "handler"}, "role")]:
            r = self.c("admin").patch("/api/v1/users/admin", body)
            self.assertError(r, 422, "validation_failed", [field])
        self.assertUnchanged(before)
