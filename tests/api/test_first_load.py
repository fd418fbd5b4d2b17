# SPDX-License-Identifier: MIT
"""The first load of the web UI: the embedded files compressed at build
time and sent by Accept-Encoding (with Vary and an ETag per encoding), and
"am I signed in?" answered without a 401 (GET /api/v1/session)."""

import gzip

from tests.api.server import ApiTestCase, PASSWORD

# What a browser fetches before the sign-in page shows (index.html and
# its modulepreloads, the style sheet, the catalogue).
FIRST_LOAD = ("/", "/css/app.css", "/i18n/ja.json", "/js/main.js",
              "/js/api.js", "/js/dom.js", "/js/i18n.js", "/js/router.js",
              "/js/session.js", "/js/time.js", "/js/ui.js",
              "/js/screens/login.js", "/js/screens/report.js",
              "/js/screens/list.js", "/js/screens/incident.js",
              "/js/screens/fields.js")


# The engine behind the store cannot change what these check
# (tests/run_parallel.py).
BACKEND_INDEPENDENT = True

class CompressedAssetsTest(ApiTestCase):

    def get(self, path, method="GET", **headers):
        return self.anon().request(method, path, headers=headers)

    def test_gzip_holds_the_same_bytes(self):
        for path in FIRST_LOAD:
            plain = self.get(path)
            self.assertEqual(plain.status, 200, str(plain))
            self.assertIsNone(plain.header("Content-Encoding"), path)
            self.assertEqual(plain.header("Vary"), "Accept-Encoding", path)
            packed = self.get(path, **{"Accept-Encoding": "gzip"})
            self.assertEqual(packed.status, 200, str(packed))
            self.assertEqual(packed.header("Content-Encoding"), "gzip", path)
            self.assertEqual(packed.header("Vary"), "Accept-Encoding", path)
            self.assertEqual(packed.header("Content-Type"),
                             plain.header("Content-Type"), path)
            self.assertEqual(gzip.decompress(packed.body), plain.body, path)
            self.assertEqual(int(packed.header("Content-Length")),
                             len(packed.body), path)
            # Another representation, another tag.
            self.assertNotEqual(packed.header("ETag"), plain.header("ETag"))

    def test_first_load_is_a_third_of_its_size(self):
        plain = sum(len(self.get(p).body) for p in FIRST_LOAD)
        packed = sum(len(self.get(p, **{"Accept-Encoding": "gzip"}).body)
                     for p in FIRST_LOAD)
        brotli = [self.get(p, **{"Accept-Encoding": "gzip, deflate, br"})
                  for p in FIRST_LOAD]
        for r in brotli:
            self.assertEqual(r.header("Content-Encoding"), "br", r.path)
        br = sum(len(r.body) for r in brotli)
        self.assertLess(packed * 3, plain, (plain, packed))
        self.assertLess(br, packed, (packed, br))

    def test_304_per_encoding(self):
        packed = self.get("/js/main.js", **{"Accept-Encoding": "gzip"})
        tag = packed.header("ETag")
        again = self.get("/js/main.js", **{"Accept-Encoding": "gzip",
                                           "If-None-Match": tag})
        self.assertEqual(again.status, 304, str(again))
        self.assertEqual(again.body, b"")
        self.assertEqual(again.header("ETag"), tag)
        self.assertEqual(again.header("Vary"), "Accept-Encoding")
        # The gzip copy's tag says nothing about the plain bytes.
        plain = self.get("/js/main.js", **{"If-None-Match": tag})
        self.assertEqual(plain.status, 200, str(plain))
        self.assertIsNone(plain.header("Content-Encoding"))
        same = self.get("/js/main.js",
                        **{"If-None-Match": plain.header("ETag")})
        self.assertEqual(same.status, 304, str(same))

    def test_head_announces_the_compressed_length(self):
        get = self.get("/css/app.css", **{"Accept-Encoding": "gzip"})
        head = self.get("/css/app.css", method="HEAD",
                        **{"Accept-Encoding": "gzip"})
        self.assertEqual(head.status, 200, str(head))
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("Content-Encoding"), "gzip")
        self.assertEqual(head.header("Content-Length"),
                         get.header("Content-Length"))
        self.assertEqual(head.header("ETag"), get.header("ETag"))

    def test_refused_codings_are_not_sent(self):
        for accept in ("gzip;q=0", "identity", "deflate", "br;q=0, gzip;q=0"):
            r = self.get("/js/ui.js", **{"Accept-Encoding": accept})
            self.assertEqual(r.status, 200, str(r))
            self.assertIsNone(r.header("Content-Encoding"), accept)
        r = self.get("/js/ui.js", **{"Accept-Encoding": "br;q=0, gzip"})
        self.assertEqual(r.header("Content-Encoding"), "gzip")

    def test_api_answers_are_not_touched(self):
        r = self.c("admin").get("/api/v1/me",
                                headers={"Accept-Encoding": "gzip"})
        self.assertEqual(r.status, 200, str(r))
        self.assertIsNone(r.header("Content-Encoding"))
        self.assertEqual(r.json["name"], "admin")


class SessionProbeTest(ApiTestCase):

    def test_nobody_signed_in_is_200(self):
        r = self.anon().get("/api/v1/session")
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json, {"signed_in": False})
        # A cookie or token that names nothing is "not signed in" too.
        r = self.anon(cookie="0" * 64).get("/api/v1/session")
        self.assertEqual((r.status, r.json), (200, {"signed_in": False}))
        r = self.anon(token="kz_" + "0" * 40).get("/api/v1/session")
        self.assertEqual((r.status, r.json), (200, {"signed_in": False}))
        # /me keeps its contract.
        self.assertEqual(self.anon().get("/api/v1/me").status, 401)

    def test_a_session_says_what_me_says(self):
        r, session = self.server.login("handler", PASSWORD)
        self.assertEqual(r.status, 200, str(r))
        probe = session.get("/api/v1/session")
        self.assertEqual(probe.status, 200, str(probe))
        me = session.get("/api/v1/me").json
        want = dict(me, signed_in=True)
        self.assertEqual(probe.json, want)
        self.assertEqual(probe.json["csrf_token"], session.csrf)
        self.assertEqual(probe.json["role"], "handler")
        # Signed out: the same cookie no longer counts.
        out = session.delete("/api/v1/session")
        self.assertEqual(out.status, 204, str(out))
        r = session.get("/api/v1/session")
        self.assertEqual((r.status, r.json), (200, {"signed_in": False}))

    def test_a_token_is_signed_in_without_csrf(self):
        r = self.c("auditor").get("/api/v1/session")
        self.assertEqual(r.status, 200, str(r))
        self.assertTrue(r.json["signed_in"])
        self.assertEqual(r.json["name"], "auditor")
        self.assertNotIn("csrf_token", r.json)
