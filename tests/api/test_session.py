# SPDX-License-Identifier: MIT
"""Accounts, sessions, tokens and CSRF (SPEC C15): what is stored, what
the cookie says, that a cookie alone never changes anything, and that a
failed sign-in tells nothing about whether the account exists."""

import hashlib
import re

from tests.api.server import (ApiTestCase, DISCOVERED, PASSWORD,
                              CATALOGUE_KEY_RE)

HEX64 = re.compile(r"^[0-9a-f]{64}$")


def audit_rows(server, action):
    return server.db_read(
        "SELECT actor, action, target, source, detail FROM audit"
        " WHERE action = ? ORDER BY seq", (action,))


class FirstAdminTest(ApiTestCase):
    """What `serve` does on a new database."""

    def test_admin_is_created_with_a_printed_password(self):
        srv = self.server
        self.assertIn("admin", srv.head)
        self.assertIsNotNone(srv.admin_password)
        self.assertRegex(srv.admin_password, r"^\S{12,}$")
        rows = srv.db_read("SELECT name, role FROM account WHERE name = ?",
                           ("admin",))
        self.assertEqual(rows, [("admin", "admin")])
        # The password is printed once, not logged anywhere else.
        self.assertNotIn(srv.admin_password, srv.access_log_text())
        self.assertNotIn(srv.admin_password, srv.stderr_text())

    def test_passwords_are_argon2id(self):
        rows = self.server.db_read("SELECT name, password_hash FROM account")
        self.assertGreaterEqual(len(rows), 6)
        for name, h in rows:
            self.assertTrue(h.startswith("$argon2id$"), (name, h))
            self.assertNotIn(PASSWORD, h)
            self.assertNotIn(self.server.admin_password, h)

    def test_tokens_are_256_bits_stored_as_sha256_digests(self):
        token = self.users["handler"]["token"]
        m = re.match(r"^kzt_([0-9a-f]{16})_([0-9a-f]{64})$", token)
        self.assertIsNotNone(m, token)
        tid, secret = m.groups()
        rows = self.server.db_read(
            "SELECT digest FROM api_token WHERE id = ?", (tid,))
        self.assertEqual(len(rows), 1)
        digest = rows[0][0]
        self.assertRegex(digest, HEX64)
        self.assertEqual(
            digest,
            hashlib.sha256(b"kizuki.token.v1" + secret.encode()).hexdigest())
        # The secret itself is nowhere in the database files.
        for suffix in ("", "-wal"):
            try:
                with open(self.server.db + suffix, "rb") as f:
                    data = f.read()
            except FileNotFoundError:
                continue
            self.assertNotIn(secret.encode(), data)

    def test_every_token_is_different(self):
        tokens = [u["token"] for u in self.users.values()]
        self.assertEqual(len(set(tokens)), len(tokens))
        secrets = {t.split("_")[2] for t in tokens}
        self.assertEqual(len(secrets), len(tokens))

    def test_session_secret_is_stored_as_digest(self):
        r, cl = self.server.login("communicator", PASSWORD)
        self.assertEqual(r.status, 200, str(r))
        sid, secret = cl.cookie.split(".")
        rows = self.server.db_read("SELECT digest FROM session WHERE id = ?",
                                   (sid,))
        self.assertEqual(
            rows, [(hashlib.sha256(b"kizuki.session.v1" +
                                   secret.encode()).hexdigest(),)])


class SessionTest(ApiTestCase):

    def test_login_sets_a_strict_httponly_cookie(self):
        r, cl = self.server.login("handler", PASSWORD)
        self.assertEqual(r.status, 200, str(r))
        cookies = r.header_all("Set-Cookie")
        self.assertEqual(len(cookies), 1, cookies)
        c = cookies[0]
        self.assertTrue(c.startswith("kizuki_session="), c)
        attrs = [a.strip().lower() for a in c.split(";")[1:]]
        self.assertIn("httponly", attrs)
        self.assertIn("samesite=strict", attrs)
        self.assertIn("path=/", attrs)
        body = r.json
        self.assertEqual(body["user"]["name"], "handler")
        self.assertEqual(body["user"]["role"], "handler")
        self.assertRegex(body["csrf_token"], HEX64)
        # The cookie is not in the body (scripts must never see it).
        self.assertNotIn(cl.cookie, r.text)
        self.assertEqual(r.header("Cache-Control"), "no-store")

    def test_cookie_reads_without_csrf(self):
        r, cl = self.server.login("handler", PASSWORD)
        me = cl.get("/api/v1/me")
        self.assertEqual(me.status, 200, str(me))
        self.assertEqual(me.json["name"], "handler")
        self.assertEqual(me.json["csrf_token"], r.json["csrf_token"])
        self.assertEqual(cl.get("/api/v1/incidents").status, 200)

    def test_bearer_me_has_no_csrf(self):
        me = self.c("auditor").get("/api/v1/me")
        self.assertEqual(me.status, 200, str(me))
        self.assertEqual(me.json["role"], "auditor")
        self.assertNotIn("csrf_token", me.json)

    def test_cookie_change_without_csrf_is_403(self):
        r, cl = self.server.login("commander", PASSWORD)
        other_r, _ = self.server.login("commander", PASSWORD)
        ref = self.create()["ref"]
        before = self.server.counts()
        rec = {"title": "csrf", "discovered_at": DISCOVERED}
        attempts = [
            ("POST", "/api/v1/incidents", rec),
            ("PATCH", "/api/v1/incidents/" + ref, {"title": "x"}),
            ("POST", "/api/v1/incidents/%s/phase" % ref, {"to": "triage"}),
            ("POST", "/api/v1/incidents/%s/timeline" % ref, {"body": "x"}),
            ("POST", "/api/v1/tokens", {}),
            ("DELETE", "/api/v1/session", None),
            ("POST", "/api/v1/users/commander/password", {}),
        ]
        bad_tokens = [None, "", "0" * 64, other_r.json["csrf_token"],
                      r.json["csrf_token"][:-1], r.json["csrf_token"] + "0",
                      r.json["csrf_token"].upper()]
        for method, path, body in attempts:
            for bad in bad_tokens:
                with self.subTest(method=method, path=path, csrf=bad):
                    resp = cl.request(method, path, body, csrf=False,
                                      headers={"X-CSRF-Token": bad,
                                               "If-Match": "1"})
                    self.assertError(resp, 403, "forbidden")
        self.assertUnchanged(before)
        # The session still works, with the token.
        ok = cl.post("/api/v1/incidents", rec)
        self.assertEqual(ok.status, 201, str(ok))

    def test_bearer_changes_need_no_csrf(self):
        r = self.c("handler").post("/api/v1/incidents",
                                   {"title": "bearer",
                                    "discovered_at": DISCOVERED})
        self.assertEqual(r.status, 201, str(r))

    def test_logout_ends_the_session(self):
        r, cl = self.server.login("reporter", PASSWORD)
        self.assertEqual(cl.get("/api/v1/me").status, 200)
        out = cl.delete("/api/v1/session")
        self.assertEqual(out.status, 204, str(out))
        c = out.header("Set-Cookie") or ""
        self.assertIn("Max-Age=0", c)
        self.assertTrue(c.startswith("kizuki_session=;"), c)
        self.assertError(cl.get("/api/v1/me"), 401, "unauthorized")
        self.assertError(cl.post("/api/v1/incidents", {}), 401)
        sid = cl.cookie.split(".")[0]
        self.assertEqual(self.server.db_read(
            "SELECT count(*) FROM session WHERE id = ?", (sid,)), [(0,)])
        rows = audit_rows(self.server, "logout")
        self.assertIn("reporter", [row[0] for row in rows])

    def test_login_and_failure_are_audited(self):
        before_ok = len(audit_rows(self.server, "login.success"))
        before_bad = len(audit_rows(self.server, "login.failure"))
        r, _ = self.server.login("auditor", PASSWORD)
        self.assertEqual(r.status, 200)
        r, _ = self.server.login("auditor", "wrong password 123")
        self.assertEqual(r.status, 401)
        ok = audit_rows(self.server, "login.success")
        bad = audit_rows(self.server, "login.failure")
        self.assertEqual(len(ok), before_ok + 1)
        self.assertEqual(len(bad), before_bad + 1)
        self.assertEqual(ok[-1][0], "auditor")
        self.assertEqual(bad[-1][0], "auditor")
        self.assertEqual(bad[-1][3], "127.0.0.1")
        # The password typed is never in the log.
        text = repr(self.server.db_read("SELECT * FROM audit"))
        self.assertNotIn("wrong password 123", text)
        self.assertNotIn(PASSWORD, text)

    def test_unknown_user_and_wrong_password_look_alike(self):
        # Addresses of their own, so the other tests' failures do not
        # throttle these.
        r1, _ = self.server.login("handler", "not the password",
                                  source="127.0.0.21")
        r2, _ = self.server.login("nobody-here", "not the password",
                                  source="127.0.0.22")
        r3, _ = self.server.login("Handler", "not the password",
                                  source="127.0.0.23")
        for r in (r1, r2, r3):
            self.assertError(r, 401, "unauthorized")
            self.assertIsNone(r.header("Set-Cookie"))
        self.assertEqual(r1.body, r2.body)
        self.assertEqual(r1.body, r3.body)

        def shape(r):
            return sorted((k.lower(), v) for k, v in r.headers
                          if k.lower() != "date")
        self.assertEqual(shape(r1), shape(r2))
        # A disabled account looks the same too.
        admin = self.c("admin")
        self.assertEqual(admin.post("/api/v1/users", {
            "name": "gone", "role": "handler",
            "password": PASSWORD}).status, 201)
        self.assertEqual(admin.patch("/api/v1/users/gone",
                                     {"disabled": True}).status, 200)
        r4, _ = self.server.login("gone", PASSWORD, source="127.0.0.24")
        self.assertEqual(r4.status, 401)
        self.assertEqual(r4.body, r1.body)

    def test_login_messages_follow_the_language(self):
        ja = self.anon(source="127.0.0.25").post(
            "/api/v1/session", {"username": "x", "password": "y"})
        en = self.anon(source="127.0.0.26", lang="en-US,en;q=0.8").post(
            "/api/v1/session", {"username": "x", "password": "y"})
        self.assertError(ja, 401)
        self.assertError(en, 401)
        self.assertNotEqual(ja.json["error"]["message"],
                            en.json["error"]["message"])
        self.assertRegex(ja.json["error"]["message"], r"[\u3040-\u30ff]")
        self.assertRegex(en.json["error"]["message"], r"^[ -~]+$")

    def test_login_bad_bodies(self):
        anon = self.anon(source="127.0.0.27")
        before = self.server.counts()
        self.assertError(anon.post("/api/v1/session", {"username": "x"}),
                         422, "validation_failed", ["password"])
        self.assertError(anon.post("/api/v1/session", {"password": "x"}),
                         422, "validation_failed", ["username"])
        self.assertError(anon.post("/api/v1/session",
                                   {"username": 1, "password": []}),
                         422, "validation_failed", ["username", "password"])
        self.assertError(anon.post("/api/v1/session", {
            "username": "a", "password": "b", "remember": True}),
            422, "validation_failed", ["remember"])
        self.assertError(anon.post("/api/v1/session", raw=b"{"), 400,
                         "malformed")
        self.assertError(anon.post("/api/v1/session", raw=b"[]"), 400,
                         "malformed")
        self.assertError(anon.post("/api/v1/session",
                                   raw=b'{"username":"x","password":"y"}',
                                   content_type="text/plain"), 415)
        self.assertUnchanged(before)

    def test_bad_credentials_are_401(self):
        anon = self.anon()
        cases = [
            {"Authorization": "Basic YWRtaW46YWRtaW4="},
            {"Authorization": "Bearer"},
            {"Authorization": "Bearer "},
            {"Authorization": "Bearer kzt_0000000000000000_" + "0" * 64},
            {"Authorization": "Bearer " + self.users["handler"]["token"]
             + "0"},
            {"Cookie": "kizuki_session=" + "0" * 32 + "." + "0" * 64},
            {"Cookie": "kizuki_session=garbage"},
            {},
        ]
        for h in cases:
            with self.subTest(headers=h):
                r = anon.get("/api/v1/me", headers=h)
                self.assertError(r, 401, "unauthorized")
                self.assertEqual(r.header("WWW-Authenticate"), "Bearer")

    def test_revoked_token_is_401(self):
        cl = self.c("handler")
        r = cl.post("/api/v1/tokens", {"label": "short-lived"})
        self.assertEqual(r.status, 201, str(r))
        tok = self.server.client(token=r.json["token"])
        self.assertEqual(tok.get("/api/v1/me").status, 200)
        self.assertEqual(cl.delete("/api/v1/tokens/" + r.json["id"]).status,
                         204)
        self.assertError(tok.get("/api/v1/me"), 401)

    def test_password_change_ends_sessions(self):
        admin = self.c("admin")
        self.assertEqual(admin.post("/api/v1/users", {
            "name": "changer", "role": "handler",
            "password": PASSWORD}).status, 201)
        r, cl = self.server.login("changer", PASSWORD)
        self.assertEqual(r.status, 200)
        new = "another long password"
        ch = cl.post("/api/v1/users/changer/password", {"password": new})
        self.assertEqual(ch.status, 204, str(ch))
        self.assertError(cl.get("/api/v1/me"), 401)
        r, _ = self.server.login("changer", PASSWORD, source="127.0.0.28")
        self.assertEqual(r.status, 401)
        r, cl2 = self.server.login("changer", new)
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(len(audit_rows(self.server, "user.passwd")), 1)
        self.assertNotIn(new, repr(self.server.db_read("SELECT * FROM audit")))

    def test_token_creation_is_audited_without_the_secret(self):
        r = self.c("communicator").post("/api/v1/tokens", {"label": "ci"})
        self.assertEqual(r.status, 201, str(r))
        secret = r.json["token"]
        rows = audit_rows(self.server, "token.create")
        self.assertIn(("communicator", "user:communicator"),
                      [(a, t) for a, _, t, _, _ in rows])
        self.assertNotIn(secret, repr(self.server.db_read(
            "SELECT * FROM audit")))
        self.assertNotIn(secret.split("_")[2],
                         repr(self.server.db_read("SELECT * FROM api_token")))

    def test_error_messages_are_catalogued(self):
        r = self.anon().get("/api/v1/me")
        self.assertNotRegex(r.json["error"]["message"], CATALOGUE_KEY_RE)
