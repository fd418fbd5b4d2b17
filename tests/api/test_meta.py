# SPDX-License-Identifier: MIT
"""The endpoints about the service rather than one incident: /healthz,
/me, taxonomies, verification, the audit log, accounts and tokens."""


from tests.api.server import ApiTestCase, DISCOVERED, PASSWORD, ROLES

GENESIS = "0" * 64


class MetaTest(ApiTestCase):

    def test_healthz_is_public(self):
        r = self.anon().get("/healthz")
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["status"], "ok")
        self.assertIsInstance(r.json["schema"], int)

    def test_me(self):
        for name in ROLES:
            r = self.c(name).get("/api/v1/me")
            self.assertEqual(r.status, 200, str(r))
            self.assertEqual(r.json["name"], name)
            self.assertEqual(r.json["role"], name)
            self.assertEqual(r.json["lang"], "ja")
            self.assertTrue(r.json["role_label"])
        en = self.c("handler").with_lang("en").get("/api/v1/me").json
        self.assertEqual((en["lang"], en["role_label"]), ("en", "Handler"))

    def test_taxonomies_in_both_languages(self):
        ja = self.c("reporter").get("/api/v1/taxonomies")
        en = self.c("reporter").with_lang("en-US,en;q=0.9").get(
            "/api/v1/taxonomies")
        fr = self.c("reporter").with_lang("fr").get("/api/v1/taxonomies")
        self.assertEqual(ja.status, 200, str(ja))
        names = [t["name"] for t in ja.json["items"]]
        for want in ("kind", "phase", "category", "info_type", "impact",
                     "party", "place", "detection_trigger", "severity",
                     "tlp", "entry_kind", "role"):
            self.assertIn(want, names)
        self.assertEqual(fr.json, ja.json)  # default: Japanese
        self.assertNotEqual(en.json, ja.json)
        for tj, te in zip(ja.json["items"], en.json["items"]):
            self.assertEqual(tj["name"], te["name"])
            self.assertEqual([i["key"] for i in tj["items"]],
                             [i["key"] for i in te["items"]])
            for i in te["items"]:
                self.assertTrue(i["label"])
            one = self.c("reporter").get("/api/v1/taxonomies/" + tj["name"])
            self.assertEqual(one.status, 200, str(one))
            self.assertEqual(one.json, tj)
            one = self.c("reporter").with_lang("en").get(
                "/api/v1/taxonomies/" + tj["name"])
            self.assertEqual(one.json, te)
        phase = {t["name"]: t for t in ja.json["items"]}["phase"]
        self.assertEqual(phase["items"][0], {"key": "reported",
                                             "label": "発見・報告"})
        self.assertError(self.c("reporter").get("/api/v1/taxonomies/nope"),
                         404, "not_found")

    def test_verify_all(self):
        self.create("handler")
        r = self.c("auditor").get("/api/v1/verify")
        self.assertEqual(r.status, 200, str(r))
        v = r.json
        self.assertTrue(v["ok"])
        self.assertEqual(v["broken"], [])
        self.assertGreaterEqual(v["incidents"], 1)
        self.assertGreater(v["audit_checked"], 0)
        self.assertEqual(
            v["audit_checked"],
            self.server.db_read("SELECT count(*) FROM audit")[0][0])
        self.assertGreaterEqual(v["checked"], v["audit_checked"] + 1)
        cli = self.server.kz("verify")
        self.assertEqual(cli.returncode, 0, cli)

    def test_audit_log_is_chained_and_complete(self):
        ref = self.create("handler")["ref"]
        items = []
        since = 0
        while True:
            r = self.c("auditor").get("/api/v1/audit?limit=50&since=%d" %
                                      since)
            self.assertEqual(r.status, 200, str(r))
            items += r.json["items"]
            if r.json["next"] is None:
                break
            since = r.json["next"]
        self.assertEqual([e["seq"] for e in items],
                         list(range(1, len(items) + 1)))
        prev = GENESIS
        for e in items:
            self.assertEqual(e["prev_hash"], prev)
            self.assertRegex(e["hash"], r"^[0-9a-f]{64}$")
            prev = e["hash"]
        actions = {(e["action"], e["target"]) for e in items}
        self.assertIn(("user.add", "user:admin"), actions)
        self.assertIn(("login.success", ""), actions)
        self.assertIn(("token.create", "user:handler"), actions)
        self.assertIn(("user.add", "user:auditor"), actions)
        self.assertIn(("incident.create", ref), actions)
        for e in items:
            for secret in (PASSWORD, self.server.admin_password):
                self.assertNotIn(secret, str(e))


class AccountsTest(ApiTestCase):

    def test_user_list_has_no_secrets(self):
        r = self.c("commander").get("/api/v1/users")
        self.assertEqual(r.status, 200, str(r))
        names = {u["name"]: u for u in r.json["items"]}
        self.assertEqual(set(ROLES) - set(names), set())
        for u in r.json["items"]:
            self.assertEqual(set(u), {"name", "role", "role_label",
                                      "disabled", "created_at",
                                      "updated_at", "display_name", "email",
                                      "department"})
        self.assertNotIn("argon2", r.text)

    def test_generated_password_is_returned_once(self):
        admin = self.c("admin")
        r = admin.post("/api/v1/users", {"name": "gen-user",
                                         "role": "communicator"})
        self.assertEqual(r.status, 201, str(r))
        pw = r.json["password"]
        self.assertEqual(r.json["user"]["role"], "communicator")
        self.assertGreaterEqual(len(pw), 12)
        r, cl = self.server.login("gen-user", pw)
        self.assertEqual(r.status, 200, str(r))
        # A reset by the admin makes a new one; the old one stops working.
        r = admin.post("/api/v1/users/gen-user/password", {})
        self.assertEqual(r.status, 200, str(r))
        new = r.json["password"]
        self.assertNotEqual(new, pw)
        self.assertError(cl.get("/api/v1/me"), 401)
        self.assertEqual(self.server.login("gen-user", new)[0].status, 200)
        self.assertNotIn(pw, self.server.access_log_text())
        self.assertNotIn(new, self.server.access_log_text())

    def test_role_change_and_disable(self):
        admin = self.c("admin")
        self.assertEqual(admin.post("/api/v1/users", {
            "name": "mover", "role": "reporter",
            "password": PASSWORD}).status, 201)
        tok = admin.post("/api/v1/tokens", {"user": "mover"}).json["token"]
        cl = self.server.client(token=tok)
        self.assertError(cl.get("/api/v1/users"), 403, "forbidden")
        r = admin.patch("/api/v1/users/mover", {"role": "handler"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["role"], "handler")
        self.assertEqual(cl.get("/api/v1/users").status, 200)
        r = admin.patch("/api/v1/users/mover", {"disabled": True})
        self.assertEqual(r.status, 200, str(r))
        self.assertTrue(r.json["disabled"])
        self.assertError(cl.get("/api/v1/me"), 401)
        r = admin.post("/api/v1/tokens", {"user": "mover"})
        self.assertError(r, 422, "validation_failed", ["user"])
        r = admin.patch("/api/v1/users/mover", {"disabled": False})
        self.assertEqual(cl.get("/api/v1/me").status, 200)
        self.assertError(admin.patch("/api/v1/users/nobody",
                                     {"role": "handler"}), 404)

    def test_tokens(self):
        h = self.c("handler")
        r = h.post("/api/v1/tokens", {"label": "ci", "expires_days": 30})
        self.assertEqual(r.status, 201, str(r))
        tok = r.json
        self.assertEqual(tok["user"], "handler")
        self.assertEqual(tok["label"], "ci")
        self.assertEqual(tok["expires_at"], "2026-12-22T12:00:00+09:00")
        self.assertFalse(tok["revoked"])
        mine = h.get("/api/v1/tokens").json["items"]
        self.assertIn(tok["id"], [t["id"] for t in mine])
        self.assertTrue(all(t["user"] == "handler" for t in mine))
        self.assertTrue(all("token" not in t for t in mine))
        self.assertNotIn(tok["token"], h.get("/api/v1/tokens").text)
        every = self.c("admin").get("/api/v1/tokens?all=true").json["items"]
        self.assertGreater(len(every), len(mine))
        self.assertError(h.get("/api/v1/tokens?all=true"), 403)
        # Someone else's token is not found for anyone but the admin.
        self.assertError(self.c("commander").delete(
            "/api/v1/tokens/" + tok["id"]), 404)
        self.assertEqual(h.delete("/api/v1/tokens/" + tok["id"]).status, 204)
        self.assertError(self.server.client(token=tok["token"]).get(
            "/api/v1/me"), 401)
        gone = [t for t in h.get("/api/v1/tokens").json["items"]
                if t["id"] == tok["id"]]
        self.assertTrue(not gone or gone[0]["revoked"])
        self.assertError(self.c("handler").post(
            "/api/v1/tokens", {"user": "commander"}), 403)
        rows = self.server.db_read(
            "SELECT actor FROM audit WHERE action = 'token.revoke'")
        self.assertIn(("handler",), rows)

    def test_cli_on_the_same_database(self):
        r = self.server.kz("user", "add", "cli-made", "--role", "auditor",
                           "--password-stdin", input=PASSWORD + "\n")
        self.assertEqual(r.returncode, 0, r)
        r = self.server.kz("token", "create", "cli-made")
        self.assertEqual(r.returncode, 0, r)
        token = r.stdout.decode().splitlines()[0].strip()
        cl = self.server.client(token=token)
        me = cl.get("/api/v1/me")
        self.assertEqual(me.status, 200, str(me))
        self.assertEqual(me.json["role"], "auditor")
        self.assertEqual(self.server.login("cli-made", PASSWORD)[0].status,
                         200)


class AuditTamperTest(ApiTestCase):
    """An altered audit entry is found by /verify and `kizuki verify`."""

    def test_altered_audit_entry_is_reported(self):
        self.create("handler")
        self.server.tamper([
            ("UPDATE audit SET actor = 'someone-else' WHERE seq = 3", ())])
        r = self.c("auditor").get("/api/v1/verify")
        self.assertEqual(r.status, 200, str(r))
        self.assertFalse(r.json["ok"])
        self.assertEqual(len(r.json["broken"]), 1, str(r))
        b = r.json["broken"][0]
        self.assertEqual((b["ref"], b["seq"]), ("audit", 3))
        self.assertTrue(b["problem"] and b["expected"] and b["found"])
        self.assertNotRegex(b["problem"], r"^[a-z_]+\.[a-z_.]+$")
        cli = self.server.kz("verify")
        self.assertNotEqual(cli.returncode, 0, cli)
