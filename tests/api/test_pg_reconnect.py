# SPDX-License-Identifier: MIT
"""A lost PostgreSQL connection during work (issue 11, "Bad input"): the
request fails with 503 and a retryable error (Retry-After), its
transaction is rolled back, and the server reconnects by itself.  Runs in
the PostgreSQL pass of the suite; skipped otherwise."""

import time
import unittest

from tests import dbaccess
from tests.api.server import ApiTestCase, PASSWORD


@unittest.skipUnless(dbaccess.on_postgres(),
                     "needs KIZUKI_TEST_BACKEND=postgresql and KIZUKI_TEST_PG")
class PostgresReconnectTest(ApiTestCase):

    def cut_connections(self):
        """End every session of the server's database but this one, as a
        fail-over or a restarted PostgreSQL would."""
        name = self.server.pg_name
        n = dbaccess.Database(dbaccess.PG_URI).read(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = ? AND pid <> pg_backend_pid()", (name,))[0][0]
        self.assertGreater(n, 0)

    def until_ok(self, call, what):
        """'call' answers 503 (retryable) while the server reconnects, then
        succeeds; anything else fails the test."""
        for _ in range(20):
            r = call()
            if r.status != 503:
                return r
            self.assertEqual(r.header("Retry-After"), "1", str(r))
            self.assertEqual(r.json["error"]["code"], "unavailable", str(r))
            time.sleep(0.2)
        self.fail("%s still 503 after 20 tries" % what)

    def test_reads_and_writes_recover_after_the_connections_are_cut(self):
        admin = self.c("admin")
        before = self.server.counts()
        self.cut_connections()
        r = self.until_ok(lambda: admin.get("/api/v1/users"), "GET users")
        self.assertEqual(r.status, 200, str(r))
        self.cut_connections()
        r = self.until_ok(lambda: admin.post("/api/v1/users", {
            "name": "after-cut", "role": "handler", "password": PASSWORD}),
            "POST users")
        self.assertEqual(r.status, 201, str(r))
        after = self.server.counts()
        # Exactly one account more, whatever failed on the way.
        self.assertEqual(after["account"], before["account"] + 1)
        names = [u["name"] for u in admin.get("/api/v1/users").json["items"]]
        self.assertEqual(names.count("after-cut"), 1)
        # Sign-in, which writes a session, works too.
        self.cut_connections()
        r = self.until_ok(lambda: self.server.login("after-cut", PASSWORD)[0],
                          "sign-in")
        self.assertEqual(r.status, 200, str(r))
