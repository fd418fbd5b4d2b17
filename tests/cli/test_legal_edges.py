# SPDX-License-Identifier: MIT
"""The legal edge cases of issue 9 on the command line: counts bounded
and named (exit 2), times before 1990 and contradicting times refused,
an undecided duty in `deadlines` and `obligations` with what it needs, and
the leak state read in three states (never "いいえ" for a confirmed
leak)."""

import re

from tests.cli.clihelp import NOW, CliTestCase

AWARE = "2026-11-20T10:00:00+09:00"


class TestLegalEdges(CliTestCase):

    def new(self, *flags, expect=0):
        return self.kz("incident", "new", "--title", "顧客名簿の漏えい",
                       "--discovered-at", AWARE, *flags, expect=expect)

    def test_counts_are_bounded_and_named(self):
        for flags, field in [
                (("--affected-persons", "10000000001"), "affected_persons"),
                (("--affected-persons", "10000000000000000"),
                 "affected_persons"),
                (("--affected-persons-max", "10000000001"),
                 "affected_persons_max"),
                (("--info-type", "name:10000000000000000"),
                 "info_types[0].count")]:
            with self.subTest(flags=flags):
                self.assertRefused("incident", "new", "--title", "x",
                                   "--discovered-at", AWARE, *flags,
                                   field=field)
        self.new("--affected-persons", "10000000000")

    def test_contradicting_and_early_times_are_refused(self):
        for flags, field in [
                (("--discovered-at", "1969-12-31T10:00:00+09:00"),
                 "discovered_at"),
                (("--occurred-at", "2026-11-19T10:00:00+09:00",
                  "--aware-at", "2026-11-18T10:00:00+09:00"), "aware_at"),
                (("--materiality-determined-at",
                  "2026-11-19T10:00:00+09:00"),
                 "materiality_determined_at")]:
            with self.subTest(flags=flags):
                r = self.assertRefused("incident", "new", "--title", "x",
                                       "--discovered-at", AWARE, *flags,
                                       field=field)
        self.assertIn("発見日時", r.err)

    def test_undecided_duty_says_what_it_needs(self):
        self.new("--info-type", "name")
        r = self.kz("deadlines", expect=0)
        self.assertIn("件数未確定のため判定できません", r.out)
        self.assertIn("判定不能", r.out)
        r = self.kz("incident", "obligations", "INC-2026-0001", expect=0)
        self.assertIn("件数未確定", r.out)
        d = {x["key"]: x for x in self.kz_json(
            "incident", "obligations", "INC-2026-0001")["items"]}
        self.assertEqual(d["appi_preliminary"]["state"], "undecided")
        self.kz("incident", "set", "INC-2026-0001", "affected_persons_max",
                "1500", expect=0)
        d = {x["key"]: x for x in self.kz_json(
            "incident", "obligations", "INC-2026-0001")["items"]}
        self.assertTrue(d["appi_preliminary"]["applies"])
        self.assertNotEqual(d["appi_preliminary"]["state"], "undecided")
        # The clock started when the estimate was recorded (now), after
        # the awareness: both times are shown (item 11).
        self.assertEqual(d["appi_preliminary"]["trigger_met_at"], NOW)
        self.assertEqual(d["appi_preliminary"]["aware_at"], AWARE)
        r = self.kz("incident", "obligations", "INC-2026-0001", expect=0)
        self.assertIn("要件該当 %s / 認識 %s" % (NOW, AWARE), r.out)

    def test_leak_state_in_three_states(self):
        self.new("--leak-kind", "leak")
        self.new("--leak-kind", "leak", "--possible-leak", "yes")
        self.new()
        for ref, want in (("INC-2026-0001", "確定"),
                          ("INC-2026-0002", "おそれ"),
                          ("INC-2026-0003", "不明")):
            with self.subTest(ref=ref):
                out = self.kz("incident", "show", ref, expect=0).out
                lines = [x for x in out.splitlines()
                         if re.match(r"漏えい(等|のおそれ)\s", x)]
                self.assertEqual(len(lines), 1, out)
                self.assertEqual(lines[0].split()[-1], want)
                self.assertNotIn("いいえ", lines[0])
        out = self.kz("incident", "show", "INC-2026-0001", "--lang", "en",
                      expect=0).out
        self.assertRegex(out, r"(?m)^Leak\s+confirmed$")
