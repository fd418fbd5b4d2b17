# SPDX-License-Identifier: MIT
"""Everyone manages their own account (issue 9 item 22): accounts have a
display name, an e-mail address and a department, validated; everyone
may change their own profile, password and tokens; nobody changes their
own role or state, and the administrator cannot lock themselves out."""

from tests.api.server import ApiTestCase, PASSWORD

PROFILE = {"display_name": "山田 花子", "email": "hanako@example.jp",
           "department": "情報システム部"}


class AccountProfileTest(ApiTestCase):
    extra_users = {"sato": "reporter"}

    def test_profile_is_kept_and_shown(self):
        admin = self.c("admin")
        r = admin.post("/api/v1/users", dict(PROFILE, name="hanako",
                                              role="handler",
                                              password=PASSWORD))
        self.assertEqual(r.status, 201, str(r))
        for k, v in PROFILE.items():
            self.assertEqual(r.json["user"][k], v)
        listed = {u["name"]: u for u in admin.get("/api/v1/users")
                  .json["items"]}
        self.assertEqual(listed["hanako"]["display_name"], "山田 花子")
        # Accounts made without one have empty members, not missing ones.
        self.assertEqual(listed["handler"]["email"], "")
        # "Signed in as" shows it.
        _, hanako = self.server.login("hanako", PASSWORD)
        me = hanako.get("/api/v1/me").json
        self.assertEqual(me["display_name"], "山田 花子")
        self.assertEqual(me["department"], "情報システム部")
        self.assertEqual(me["email"], "hanako@example.jp")

    def test_bad_profile_is_refused_and_nothing_written(self):
        admin = self.c("admin")
        before = self.server.snapshot()
        for body, field in [
                ({"email": "not-an-address"}, "email"),
                ({"email": "a@b@example.jp"}, "email"),
                ({"display_name": "名" * 101}, "display_name"),
                ({"department": "部" * 101}, "department"),
                ({"display_name": "two\nlines"}, "display_name"),
                ({"department": 7}, "department")]:
            with self.subTest(body=body):
                r = admin.post("/api/v1/users", dict(
                    body, name="bad", role="reporter", password=PASSWORD))
                self.assertError(r, 422, "validation_failed", [field])
                r = admin.patch("/api/v1/users/handler", body)
                self.assertError(r, 422, "validation_failed", [field])
                r = self.c("sato").patch("/api/v1/users/sato", body)
                self.assertError(r, 422, "validation_failed", [field])
        self.assertEqual(self.server.snapshot(), before)
        # The limit is 100 code points, not bytes.
        r = admin.patch("/api/v1/users/handler", {"display_name": "名" * 100})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["display_name"], "名" * 100)

    def test_everyone_edits_their_own_profile_only(self):
        sato = self.c("sato")
        r = sato.patch("/api/v1/users/sato", {"display_name": "佐藤 一郎",
                                              "department": "営業部"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["display_name"], "佐藤 一郎")
        self.assertEqual(r.json["role"], "reporter")
        # A partial change leaves the rest alone.
        r = sato.patch("/api/v1/users/sato", {"email": "sato@example.jp"})
        self.assertEqual(r.json["department"], "営業部")
        self.assertEqual(r.json["email"], "sato@example.jp")
        audit = self.server.db_read(
            "SELECT actor, action, detail FROM audit WHERE target ="
            " 'user:sato' AND action = 'user.update' ORDER BY seq")
        self.assertEqual(audit[-1][0], "sato")
        self.assertIn("email", audit[-1][2])
        self.assertNotIn("sato@example.jp", audit[-1][2])
        before = self.server.snapshot()
        # Not someone else's, and not one's own role or state.
        self.assertEqual(sato.patch("/api/v1/users/handler",
                                    {"display_name": "x"}).status, 403)
        self.assertEqual(sato.patch("/api/v1/users/sato",
                                    {"role": "admin"}).status, 403)
        self.assertEqual(sato.patch("/api/v1/users/sato",
                                    {"display_name": "x",
                                     "disabled": False}).status, 403)
        self.assertEqual(self.server.snapshot(), before)

    def test_admin_cannot_lock_themselves_out(self):
        admin = self.c("admin")
        before = self.server.snapshot()
        for body, field in [({"disabled": True}, "disabled"),
                            ({"role": "commander"}, "role"),
                            ({"role": "reporter", "display_name": "x"},
                             "role")]:
            with self.subTest(body=body):
                err = self.assertError(admin.patch("/api/v1/users/admin",
                                                   body),
                                       422, "validation_failed", [field])
                self.assertIn("自分自身", err["fields"][field])
        self.assertEqual(self.server.snapshot(), before)
        # Their own profile they may change.
        r = admin.patch("/api/v1/users/admin", {"display_name": "管理者"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["role"], "admin")

    def test_everyone_manages_their_own_password_and_tokens(self):
        for role in ("reporter", "auditor"):
            with self.subTest(role=role):
                name = "self-" + role
                r = self.c("admin").post("/api/v1/users", {
                    "name": name, "role": role, "password": PASSWORD})
                self.assertEqual(r.status, 201, str(r))
                _, me = self.server.login(name, PASSWORD)
                r = me.post("/api/v1/tokens", {"label": "スクリプト"})
                self.assertEqual(r.status, 201, str(r))
                tok = r.json["id"]
                mine = me.get("/api/v1/tokens").json["items"]
                self.assertEqual([t["id"] for t in mine], [tok])
                self.assertEqual(me.delete("/api/v1/tokens/" + tok).status,
                                 204)
                r = me.post("/api/v1/users/%s/password" % name,
                            {"password": "a new long passphrase"})
                self.assertEqual(r.status, 204, str(r))
                r, _ = self.server.login(name, "a new long passphrase")
                self.assertEqual(r.status, 200, str(r))
