# SPDX-License-Identifier: MIT
"""`kizuki serve` under KIZUKI_WRITER_STATS=1 writes one line about its
group-commit writer to stderr when it stops (make bench reads it; see
docs/internals/performance.md), and without the variable it writes none."""

import re
import unittest

from tests.api.server import Server, NOW

LINE = re.compile(r"^writer: (\d+) commits, (\d+) jobs, jobs per commit "
                  r"mean [0-9.]+ p50 (\d+) max (\d+);", re.M)


class TestWriterStats(unittest.TestCase):

    def run_server(self, env):
        srv = Server(env=env)
        self.addCleanup(srv.cleanup)
        srv.start()
        r, session = srv.login("admin", srv.admin_password)
        self.assertEqual(r.status, 200, str(r))
        for i in range(3):
            r = session.post("/api/v1/incidents", {
                "title": "統計 %d" % i, "discovered_at": NOW})
            self.assertEqual(r.status, 201, str(r))
        self.assertEqual(srv.stop(), 0)
        return srv.stderr_text()

    def test_line_at_stop_counts_the_writes(self):
        m = LINE.search(self.run_server({"KIZUKI_WRITER_STATS": "1"}))
        self.assertIsNotNone(m)
        commits, jobs, p50, top = (int(g) for g in m.groups())
        # Three creates one after the other, plus sign-in's own writes:
        # each commit carried one job at least.
        self.assertGreaterEqual(jobs, 3)
        self.assertGreaterEqual(commits, 1)
        self.assertLessEqual(commits, jobs)
        self.assertTrue(1 <= p50 <= top)

    def test_no_line_unless_asked(self):
        self.assertIsNone(LINE.search(self.run_server({})))


if __name__ == "__main__":
    unittest.main()
