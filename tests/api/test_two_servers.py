# SPDX-License-Identifier: MIT
"""Two `kizuki serve` processes on one PostgreSQL database (issue 11,
item 3): hammered together, everything stays correct.

- reference numbers of incidents filed at once on both servers are
  consecutive, with no duplicate and no gap;
- notes appended at once to ONE incident through both servers all land,
  and the chain stays linear (`kizuki verify --db URI` passes);
- of patches sent at once through both servers with the same If-Match,
  exactly one wins and the others answer 409;
- wrong passwords for one account, alternating servers or all at once,
  get no more password checks than the throttle's limit for the pair;
- a session signed in on one server works on the other: the CSRF token,
  and signing out there ends it everywhere.

Needs KIZUKI_TEST_PG (the URI of a PostgreSQL server where the test may
create a database; `scripts/pg-cluster.sh start DIR` prints one) and
psql; skipped visibly without it.  The servers share one evidence
directory, as servers behind a load balancer do (docs/deploy.md).
"""

import concurrent.futures
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import uuid

from tests.api.server import (BIN, DISCOVERED, PASSWORD, Client, Server,
                              clean_env)

PG = os.environ.get("KIZUKI_TEST_PG")

# The throttle's free tries of an account name (src/app/throttle.c).
FREE_TRIES_NAME = 3


def psql(uri, sql):
    subprocess.run(["psql", "-qX", "-v", "ON_ERROR_STOP=1", uri, "-c", sql],
                   check=True, stdout=subprocess.DEVNULL, timeout=60)


def with_dbname(uri, name):
    return "%s%sdbname=%s" % (uri, "&" if "?" in uri else "?", name)


@unittest.skipUnless(PG, "KIZUKI_TEST_PG not set: two servers need a "
                         "PostgreSQL server")
class TwoServersTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.dbname = "kzt_two_" + uuid.uuid4().hex[:12]
        psql(PG, "CREATE DATABASE %s" % cls.dbname)
        cls.uri = with_dbname(PG, cls.dbname)
        cls.evidence = tempfile.mkdtemp(prefix="kizuki-evidence-")
        cls.servers = []
        try:
            # The first creates the schema and the administrator; the
            # second opens what the first made.
            for _ in range(2):
                srv = Server(db=cls.uri, evidence_dir=cls.evidence)
                cls.servers.append(srv)
                srv.start()
            cls.a, cls.b = cls.servers
            r, admin = cls.a.login("admin", cls.a.admin_password)
            if r.status != 200:
                raise AssertionError("admin sign-in: %s" % r)
            cls.admin_password = cls.a.admin_password
            r = admin.post("/api/v1/tokens", {"label": "two servers"})
            if r.status != 201:
                raise AssertionError("admin token: %s" % r)
            cls.admin_token = r.json["token"]
            tokens = {}
            for name in ("handler", "handler2", "victim", "victim2"):
                r = admin.post("/api/v1/users", {"name": name,
                                                 "role": "handler",
                                                 "password": PASSWORD})
                if r.status != 201:
                    raise AssertionError("user %s: %s" % (name, r))
                r = admin.post("/api/v1/tokens", {"user": name})
                if r.status != 201:
                    raise AssertionError("token of %s: %s" % (name, r))
                tokens[name] = r.json["token"]
            cls.tokens = tokens
        except BaseException:
            cls._clean_up()
            raise

    @classmethod
    def _clean_up(cls):
        for srv in cls.servers:
            srv.cleanup()
        shutil.rmtree(cls.evidence, True)
        psql(PG, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % cls.dbname)

    @classmethod
    def tearDownClass(cls):
        try:
            for srv in cls.servers:
                rc = srv.stop()
                report = srv.sanitizer_report()
                if report:
                    raise AssertionError("sanitizer report:\n" + report)
                if rc != 0:
                    raise AssertionError("server exited %s on SIGTERM:\n%s"
                                         % (rc, srv.stderr_text()))
        finally:
            cls._clean_up()

    # -- helpers ------------------------------------------------------------

    def on(self, i, name="handler"):
        """A token client of 'name' on server i % 2."""
        return Client(self.servers[i % 2], token=self.tokens[name])

    def hammer(self, jobs, workers=8):
        """Run the callables of 'jobs' at once; their results in order."""
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            return list(pool.map(lambda f: f(), jobs))

    def new_incident(self, i=0, title="二台のサーバー"):
        return self.on(i).post("/api/v1/incidents", {
            "title": title, "discovered_at": DISCOVERED})

    def verify(self):
        r = subprocess.run([BIN, "verify", "--db", self.uri,
                            "--evidence-dir", self.evidence],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=clean_env(), timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout.decode() +
                         r.stderr.decode())

    # -- the tests ------------------------------------------------------------

    def test_1_refs_consecutive_across_servers(self):
        n = 40
        rs = self.hammer([lambda i=i: self.new_incident(i, "同時 %d" % i)
                          for i in range(n)])
        for r in rs:
            self.assertEqual(r.status, 201, str(r))
        numbers = sorted(int(re.match(r"INC-\d{4}-(\d+)$",
                                      r.json["ref"]).group(1)) for r in rs)
        # Other tests of the class may have filed before: consecutive from
        # the lowest, no duplicate, no gap.
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + n)))
        r = self.on(1).get("/api/v1/incidents?limit=1000")
        self.assertEqual(r.status, 200, str(r))
        listed = sorted(int(i["ref"].rsplit("-", 1)[1])
                        for i in r.json["items"])
        self.assertEqual(listed, list(range(1, len(listed) + 1)))
        self.verify()

    def test_2_notes_to_one_incident_stay_one_chain(self):
        r = self.new_incident()
        self.assertEqual(r.status, 201, str(r))
        ref = r.json["ref"]
        before = self.on(0).get("/api/v1/incidents/%s/timeline" % ref)
        self.assertEqual(before.status, 200, str(before))
        n = 40
        rs = self.hammer([
            lambda i=i: self.on(i, "handler" if i % 4 < 2 else "handler2")
            .post("/api/v1/incidents/%s/timeline" % ref,
                  {"body": "メモ %d" % i}) for i in range(n)])
        for r in rs:
            self.assertEqual(r.status, 201, str(r))
        items = self.on(1).get("/api/v1/incidents/%s/timeline" % ref).json[
            "items"]
        self.assertEqual(len(items), len(before.json["items"]) + n)
        self.assertEqual([e["seq"] for e in items],
                         list(range(1, len(items) + 1)))
        for prev, e in zip(items, items[1:]):
            self.assertEqual(e["prev_hash"], prev["hash"])
        self.assertEqual(sorted(e["body"] for e in items[-n:]),
                         sorted("メモ %d" % i for i in range(n)))
        r = self.on(0).get("/api/v1/incidents/%s/verify" % ref)
        self.assertEqual(r.status, 200, str(r))
        self.verify()

    def test_3_one_winner_per_version(self):
        r = self.new_incident()
        self.assertEqual(r.status, 201, str(r))
        ref = r.json["ref"]
        for rnd in range(8):
            version = self.on(rnd).get("/api/v1/incidents/" + ref).json[
                "version"]
            rs = self.hammer([
                lambda i=i: self.on(i).patch(
                    "/api/v1/incidents/" + ref,
                    {"initial_response": "round %d by %d" % (rnd, i)},
                    headers={"If-Match": '"%d"' % version})
                for i in range(4)], workers=4)
            statuses = sorted(r.status for r in rs)
            self.assertEqual(statuses, [200, 409, 409, 409],
                             [str(r) for r in rs])
            now = self.on(rnd + 1).get("/api/v1/incidents/" + ref).json
            self.assertEqual(now["version"], version + 1)
            winner = [r for r in rs if r.status == 200][0]
            self.assertEqual(now["initial_response"],
                             winner.json["initial_response"])
        self.verify()

    def test_4_throttle_counts_on_both_servers(self):
        # One after the other, alternating servers: the limit is the
        # pair's, not each server's.
        answers = []
        for i in range(2 * FREE_TRIES_NAME + 2):
            r, _ = self.servers[i % 2].login("victim", "wrong password",
                                             source="127.0.0.2")
            answers.append(r.status)
        self.assertEqual(answers, [401] * FREE_TRIES_NAME +
                         [429] * (FREE_TRIES_NAME + 2))
        # The right password waits too: the wait is the account's.
        r, _ = self.b.login("victim", PASSWORD, source="127.0.0.2")
        self.assertEqual(r.status, 429, str(r))
        self.assertTrue(r.header("Retry-After"), str(r))

    def test_5_throttle_holds_for_parallel_tries(self):
        n = 12
        rs = self.hammer([lambda i=i: self.servers[i % 2].login(
            "victim2", "wrong %d" % i, source="127.0.0.3")[0]
            for i in range(n)], workers=n)
        statuses = sorted(r.status for r in rs)
        self.assertEqual(statuses, [401] * FREE_TRIES_NAME +
                         [429] * (n - FREE_TRIES_NAME),
                         [str(r) for r in rs])

    def test_6_session_from_one_server_works_on_the_other(self):
        r, on_a = self.a.login("handler", PASSWORD, source="127.0.0.4")
        self.assertEqual(r.status, 200, str(r))
        on_b = Client(self.b, cookie=on_a.cookie, csrf=on_a.csrf,
                      source="127.0.0.4")
        r = on_b.get("/api/v1/me")
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["name"], "handler")
        self.assertEqual(r.json["csrf_token"], on_a.csrf)
        # A change with the cookie: the CSRF token made on A holds on B,
        # and without it B refuses as A would.
        r = on_b.post("/api/v1/tokens", {"label": "from B"})
        self.assertEqual(r.status, 201, str(r))
        r = on_b.post("/api/v1/tokens", {"label": "no csrf"}, csrf=False)
        self.assertEqual(r.status, 403, str(r))
        # Signed out on B: over on A too.
        r = on_b.delete("/api/v1/session")
        self.assertEqual(r.status, 204, str(r))
        r = on_a.get("/api/v1/session")
        self.assertEqual(r.status, 200, str(r))
        self.assertFalse(r.json["signed_in"], str(r))
        r = on_a.get("/api/v1/me")
        self.assertEqual(r.status, 401, str(r))


if __name__ == "__main__":
    unittest.main()
