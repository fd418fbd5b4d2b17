# SPDX-License-Identifier: MIT
"""Reference numbers: INC-<year>-NNNN per year of report in Tokyo time,
and strict parsing of references given on the command line."""

from tests.cli.clihelp import CliTestCase


class TestNumbering(CliTestCase):

    def new(self, reported_at=None, discovered_at="2026-11-22 09:30", **env):
        args = ["incident", "new", "--title", "紛失",
                "--discovered-at", discovered_at]
        if reported_at is not None:
            args += ["--reported-at", reported_at]
        return self.kz_json_new(args, **env)

    def kz_json_new(self, args, **env):
        r = self.kz(*args, expect=0, **env)
        # The text output names the reference first.
        return r.out.split()[0]

    def test_first_numbers(self):
        self.assertEqual([self.new() for _ in range(3)],
                         ["INC-2026-0001", "INC-2026-0002", "INC-2026-0003"])

    def test_numbers_restart_each_year_in_tokyo_time(self):
        env = {"KIZUKI_TEST_NOW": "2027-01-01T12:00:00+09:00"}
        self.assertEqual(self.new("2026-12-31 23:59:59", "2026-12-31 23:00",
                                  **env), "INC-2026-0001")
        self.assertEqual(self.new("2026-12-31T14:59:59Z", "2026-12-31 23:00",
                                  **env), "INC-2026-0002")
        # 15:00 UTC on 31 December is already New Year in Tokyo.
        self.assertEqual(self.new("2026-12-31T15:00:00Z", "2026-12-31 23:00",
                                  **env), "INC-2027-0001")
        self.assertEqual(self.new("2027-01-01 00:00", "2026-12-31 23:00",
                                  **env), "INC-2027-0002")
        # A late report of last year's incident continues last year's
        # numbers.
        self.assertEqual(self.new("2026-12-30 10:00", "2026-12-30 09:00",
                                  **env), "INC-2026-0003")
        self.assertEqual(self.new("2027-01-01 11:00", "2026-12-31 23:00",
                                  **env), "INC-2027-0003")
        refs = [i["ref"] for i in
                self.kz_json("incident", "list", **env)["items"]]
        self.assertEqual(refs, ["INC-2027-0003", "INC-2026-0003",
                                "INC-2027-0002", "INC-2027-0001",
                                "INC-2026-0002", "INC-2026-0001"])

    def test_default_report_time_is_now_in_tokyo(self):
        # 2026-12-31T15:30Z is 00:30 on New Year's Day in Tokyo.
        now = {"KIZUKI_TEST_NOW": "2026-12-31T15:30:00Z"}
        self.assertEqual(self.new(None, "2026-12-31 23:50", **now),
                         "INC-2027-0001")
        before = {"KIZUKI_TEST_NOW": "2026-12-31T14:30:00Z"}
        self.assertEqual(self.new(None, "2026-12-31 23:20", **before),
                         "INC-2026-0001")

    def test_refused_report_takes_no_number(self):
        self.assertEqual(self.new(), "INC-2026-0001")
        self.assertRefused("incident", "new", "--title", "",
                           "--discovered-at", "2026-11-22 09:30",
                           field="title")
        self.assertEqual(self.new(), "INC-2026-0002")

    def test_future_report_time_is_refused(self):
        self.assertRefused("incident", "new", "--title", "紛失",
                           "--discovered-at", "2026-11-22 09:30",
                           "--reported-at", "2026-11-23 09:30",
                           field="reported_at")
        self.assertRefused("incident", "new", "--title", "紛失",
                           "--discovered-at", "2026-11-22 09:30",
                           "--reported-at", "2026-11-22 09:00",
                           field="reported_at")


class TestReferenceArguments(CliTestCase):

    BAD = ["../etc/passwd", "INC-26-1", "inc-2026-0001", "INC-2026-001",
           "INC-2026-0001x", "INC-2026-0001; DROP TABLE incident",
           "INC-2026-0000", "INC-0999-0001", " INC-2026-0001",
           "INC-2026-00000000001", "INC-２０２６-0001", ""]

    def setUp(self):
        super().setUp()
        self.create()

    def test_malformed_references_are_usage_errors(self):
        for ref in self.BAD:
            for args in (("incident", "show", ref),
                         ("incident", "move", ref, "triage"),
                         ("incident", "note", ref, "メモ"),
                         ("incident", "set", ref, "severity", "S1")):
                with self.subTest(args=args):
                    self.assertRefused(*args, field="ref")
                    self.assertRefused(*args, "--json", field="ref",
                                       json_mode=True)

    def test_references_that_parse_but_do_not_exist(self):
        for ref in ("INC-2026-0002", "INC-2025-0001", "INC-2026-000000001"):
            for args in (("incident", "show", ref),
                         ("incident", "move", ref, "triage"),
                         ("incident", "note", ref, "メモ"),
                         ("incident", "set", ref, "severity", "S1")):
                with self.subTest(args=args):
                    r = self.assertRefused(*args, field=None, expect=1)
                    self.assertIn("その参照番号のインシデントはありません",
                                  r.err)
                    r = self.assertRefused(*args, "--json", field=None,
                                           expect=1)
                    self.assertEqual(r.json()["error"]["code"], "not_found")
