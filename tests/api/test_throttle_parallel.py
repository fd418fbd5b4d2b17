# SPDX-License-Identifier: MIT
"""The sign-in throttle holds under concurrency: an attempt is counted
before its password is checked, so requests sent together get no more
password checks (401s) than the documented limits - 3 for one name, 10
for one address (docs/api.md, Limits) - however many handler threads
the server runs.  Counted after the check, as before, 60 requests in
flight together produced dozens of 401s."""

import threading

from tests.api.server import ApiTestCase, PASSWORD

# It depends on how fast password checks run: tests/run_parallel.py
# runs it with no other test module beside it.
RUN_ALONE = True

PARALLEL = 60


class ParallelThrottleTest(ApiTestCase):
    """Many handler threads, so that many checks could run at once.  The
    fixed clock keeps every delay from running out during a test."""

    serve_args = ("--threads", "32")
    extra_users = {"target": "handler", "bystander": "reporter"}

    def burst(self, attempts):
        """Send every (name, password, source) of 'attempts' at the same
        moment; returns the statuses."""
        gate = threading.Barrier(len(attempts))
        out = [None] * len(attempts)

        def one(i, name, password, source):
            gate.wait()
            r, _ = self.server.login(name, password, source=source)
            out[i] = r

        threads = [threading.Thread(target=one, args=(i,) + a)
                   for i, a in enumerate(attempts)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        for r in out:
            self.assertIsNotNone(r)
            self.assertIn(r.status, (401, 429), str(r))
        return [r.status for r in out]

    def failures_logged(self, name):
        return self.server.db_read(
            "SELECT count(*) FROM audit WHERE action = 'login.failure' "
            "AND actor = ?", (name,))[0][0]

    def test_one_account_from_many_addresses(self):
        statuses = self.burst([
            ("target", "wrong password!", "127.0.8.%d" % (i + 1))
            for i in range(PARALLEL)])
        self.assertLessEqual(statuses.count(401), 3, statuses)
        self.assertGreaterEqual(statuses.count(401), 1, statuses)
        self.assertEqual(statuses.count(401) + statuses.count(429), PARALLEL)
        # Nothing more was checked than what was answered 401.
        self.assertEqual(self.failures_logged("target"), statuses.count(401))
        # The right password is refused while the delay lasts.
        r, _ = self.server.login("target", PASSWORD, source="127.0.8.200")
        self.assertEqual(r.status, 429, str(r))

    def test_one_address_for_many_accounts(self):
        statuses = self.burst([
            ("guess-%d" % i, "wrong password!", "127.0.9.1")
            for i in range(PARALLEL)])
        self.assertLessEqual(statuses.count(401), 10, statuses)
        self.assertGreaterEqual(statuses.count(401), 1, statuses)
        # The address stays throttled, even for a good password.
        r, _ = self.server.login("bystander", PASSWORD, source="127.0.9.1")
        self.assertEqual(r.status, 429, str(r))
        r, _ = self.server.login("bystander", PASSWORD, source="127.0.9.2")
        self.assertEqual(r.status, 200, str(r))

    def test_successes_are_not_counted_against_the_address(self):
        # Twelve good sign-ins from one address, all at once: none is a
        # failure, so none is refused and the address is not throttled.
        statuses = []
        gate = threading.Barrier(12)

        def one():
            gate.wait()
            r, _ = self.server.login("bystander", PASSWORD,
                                     source="127.0.10.1")
            statuses.append(r.status)

        threads = [threading.Thread(target=one) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(statuses, [200] * 12)
        r, _ = self.server.login("nobody", "wrong password!",
                                 source="127.0.10.1")
        self.assertEqual(r.status, 401, str(r))
