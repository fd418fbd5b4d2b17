# SPDX-License-Identifier: MIT
"""Failed sign-ins are throttled per account and per source address with
growing delays: 429 and Retry-After, the same for an account that exists
and one that does not, and no password check (so no leak) while it
lasts."""

import time

from tests.api.server import ApiTestCase, PASSWORD

# It depends on how fast password checks run: tests/run_parallel.py
# runs it with no other test module beside it.
RUN_ALONE = True


class ThrottleTest(ApiTestCase):
    """With the fixed clock a delay never runs out, so each test uses
    names and addresses of its own."""

    extra_users = {"victim": "handler", "victim2": "handler",
                   "shared": "reporter"}

    def fail(self, name, source, password="wrong password!"):
        r, _ = self.server.login(name, password, source=source)
        return r

    def test_account_is_throttled_after_free_tries(self):
        before = self.server.db_read(
            "SELECT count(*) FROM audit WHERE action = 'login.failure'")[0][0]
        # Each attempt from a different address: only the account counts.
        for i in range(3):
            self.assertError(self.fail("victim", "127.0.1.%d" % (i + 1)),
                             401, "unauthorized")
        r = self.fail("victim", "127.0.1.9")
        err = self.assertError(r, 429, "too_many_requests")
        self.assertEqual(err["fields"], {})
        self.assertEqual(r.header("Retry-After"), "1")
        # The right password does not get through either, and nothing is
        # checked or logged while throttled.
        r, cl = self.server.login("victim", PASSWORD, source="127.0.1.10")
        self.assertEqual(r.status, 429, str(r))
        self.assertIsNone(cl)
        self.assertIsNone(r.header("Set-Cookie"))
        after = self.server.db_read(
            "SELECT count(*) FROM audit WHERE action = 'login.failure'")[0][0]
        self.assertEqual(after, before + 3)
        # Other accounts from the same addresses are not affected.
        r, cl = self.server.login("victim2", PASSWORD, source="127.0.1.1")
        self.assertEqual(r.status, 200, str(r))

    def test_unknown_account_is_throttled_alike(self):
        known = []
        unknown = []
        for i in range(4):
            known.append(self.fail("victim2", "127.0.2.%d" % (i + 1)))
            unknown.append(self.fail("no-such-user", "127.0.3.%d" % (i + 1)))
        for k, u in zip(known, unknown):
            self.assertEqual(k.status, u.status)
            self.assertEqual(k.body, u.body)
            self.assertEqual(k.header("Retry-After"),
                             u.header("Retry-After"))
        self.assertEqual(known[-1].status, 429)

    def test_address_is_throttled_across_accounts(self):
        src = "127.0.4.1"
        for i in range(10):
            r = self.fail("guess%d" % i, src)
            self.assertEqual(r.status, 401, str(r))
        r = self.fail("guess-next", src)
        self.assertError(r, 429, "too_many_requests")
        self.assertEqual(r.header("Retry-After"), "1")
        # Even a good password of a real account, from that address.
        r, _ = self.server.login("shared", PASSWORD, source=src)
        self.assertEqual(r.status, 429)
        # The same account from elsewhere is fine.
        r, _ = self.server.login("shared", PASSWORD, source="127.0.4.2")
        self.assertEqual(r.status, 200, str(r))

    def test_success_clears_the_account_count(self):
        for i in range(2):
            self.assertEqual(self.fail("admin", "127.0.5.%d" % (i + 1)).status,
                             401)
        r, _ = self.server.login("admin", self.server.admin_password,
                                 source="127.0.5.3")
        self.assertEqual(r.status, 200, str(r))
        # Two more failures would have been the fourth and fifth.
        for i in range(2):
            self.assertEqual(self.fail("admin", "127.0.5.%d" % (i + 4)).status,
                             401)

    def test_tokens_are_not_throttled(self):
        for _ in range(20):
            self.assertEqual(self.c("victim").get("/api/v1/me").status, 200)


class ThrottleGrowthTest(ApiTestCase):
    """The real clock: each further failure doubles the delay."""

    now = None

    def fail(self, name):
        r, _ = self.server.login(name, "wrong password!",
                                 source="127.0.6.%d" % (len(self.seen) + 1))
        self.seen.append(r)
        return r

    def at_second_start(self):
        """Sleep to just after a second begins, so that a few quick
        requests fall in the same second of the server's clock."""
        frac = time.time() % 1.0
        time.sleep(1.0 - frac + 0.02)

    class Slipped(Exception):
        """A request meant to fall inside a delay arrived after it ran out
        (a loaded machine): the run says nothing about the delays."""

    def growth(self, name):
        """Fail 'name' past its free tries three times over; the waits the
        server asked for.  Raises Slipped when the clock outran a step."""
        def within_second(started):
            if time.monotonic() - started >= 0.9:
                raise self.Slipped()

        self.at_second_start()
        started = time.monotonic()
        for _ in range(3):
            self.assertEqual(self.fail(name).status, 401)
        r = self.fail(name)
        if r.status != 429:
            within_second(started)
        self.assertEqual(r.status, 429, str(r))
        waits = [int(r.header("Retry-After"))]
        for _ in range(2):
            time.sleep(waits[-1])
            self.at_second_start()
            started = time.monotonic()
            r = self.fail(name)
            self.assertEqual(r.status, 401, str(r))
            r = self.fail(name)
            if r.status != 429:
                within_second(started)
            self.assertEqual(r.status, 429, str(r))
            waits.append(int(r.header("Retry-After")))
        return waits

    def test_delays_grow(self):
        self.seen = []
        # Each password check takes a while (Argon2id, more so under the
        # sanitizers): a run whose requests straddled a delay's end is
        # tried again under another name rather than read as a failure.
        for attempt in range(4):
            try:
                waits = self.growth("handler" if attempt == 0
                                    else "growth-%d" % attempt)
                break
            except self.Slipped:
                continue
        else:
            raise AssertionError("every run straddled a delay")
        self.assertEqual(waits, [1, 2, 4])
