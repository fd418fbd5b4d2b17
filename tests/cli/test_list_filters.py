# SPDX-License-Identifier: MIT
"""`kizuki incident list` with the list's daily filters and sort (issue 10
item 7): --open/--all, --owner, --tag, --since/--until, --overdue,
--sort/--order, --limit and --csv, checked by the API's own rules with
every bad option named."""

import json

from tests.cli.clihelp import CliTestCase

LONG_AGO = "2026-10-01T09:00:00+09:00"
LEAK = {"category": "misdirected_email",
        "info_types": [{"type": "name", "count": 1200}],
        "affected_persons": 1200}


class TestListFilters(CliTestCase):

    def setUp(self):
        super().setUp()
        self.late = self.create(dict(LEAK, title="誤送信（期限切れ）",
                                     discovered_at=LONG_AGO,
                                     aware_at=LONG_AGO, owner="sato",
                                     tags=["メール", "顧客"]))["ref"]
        self.fresh = self.create(dict(LEAK, title="Alpha 誤送信",
                                      owner="suzuki", tags=["メール"]))["ref"]
        self.closed = self.create({"title": "zeta 不審メール",
                                   "category": "phishing"})["ref"]
        # Closed as a duplicate: the quickest way to a closed incident.
        self.kz("incident", "link", self.closed, "duplicate_of", self.fresh,
                expect=0)

    def refs(self, *args):
        return [i["ref"] for i in
                self.kz_json("incident", "list", *args)["items"]]

    def test_open_all_owner_tag(self):
        self.assertEqual(self.refs("--open"), [self.fresh, self.late])
        self.assertEqual(self.refs("--all"),
                         [self.closed, self.fresh, self.late])
        self.assertEqual(self.refs("--open", "--all"), self.refs())
        self.assertEqual(self.refs("--owner", "sato"), [self.late])
        self.assertEqual(self.refs("--assignee", "suzuki"), [self.fresh])
        self.assertEqual(self.refs("--tag", "顧客"), [self.late])
        self.assertEqual(self.refs("--tag", "メール", "--open"),
                         [self.fresh, self.late])

    def test_reported_range(self):
        # All three were reported at the test clock's now.
        self.assertEqual(len(self.refs("--since", "2026-11-22 00:00",
                                       "--until", "2026-11-23 00:00")), 3)
        self.assertEqual(self.refs("--until", "2026-11-22 00:00"), [])

    def test_overdue(self):
        self.assertEqual(self.refs("--overdue"), [self.late])
        # A database from before the filter: the command computes the due
        # times first.
        self.database().write("DELETE FROM incident_duty_due")
        self.assertEqual(self.refs("--overdue", "--open"), [self.late])
        r = self.kz("incident", "list", "--overdue", expect=0)
        self.assertIn(self.late, r.out)
        self.assertNotIn(self.fresh, r.out)

    def test_sort_and_order(self):
        self.assertEqual(self.refs("--sort", "title", "--order", "asc"),
                         [self.fresh, self.closed, self.late])
        self.assertEqual(self.refs("--sort", "title"),
                         [self.late, self.closed, self.fresh])
        self.assertEqual(self.refs("--sort", "owner", "--order", "asc",
                                   "--limit", "1"), [self.closed])

    def test_csv(self):
        r = self.kz("incident", "list", "--csv", "--open", "--sort", "title",
                    "--order", "asc", "--lang", "en", expect=0)
        raw = r.outb
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), raw[:20])
        rows = raw[3:].decode("utf-8").split("\r\n")
        self.assertTrue(rows[0].startswith("Reference,Title,"), rows[0])
        self.assertEqual([row.split(",")[0] for row in rows[1:] if row],
                         [self.fresh, self.late])
        r = self.kz("incident", "list", "--csv", "--overdue", expect=0)
        self.assertIn(self.late, r.out)
        self.assertNotIn(self.fresh, r.out)

    def test_bad_options_name_the_filter(self):
        cases = [
            (("--until", "someday"), "until"),
            (("--since", "2026-11-23", "--until", "2026-11-22"), "until"),
            (("--sort", "colour"), "sort"),
            (("--order", "up"), "order"),
            (("--owner", "x" * 201), "owner"),
            (("--tag", b"\xe3\x81"), "tag"),
            (("--tag", "t" * 201), "tag"),
        ]
        for args, field in cases:
            with self.subTest(args=args):
                self.assertRefused("incident", "list", *args, field=field)
                self.assertRefused("incident", "list", *args, "--json",
                                   field=field, json_mode=True)
        # Every bad option at once, each named.
        r = self.assertRefused("incident", "list", "--sort", "x", "--order",
                               "y", "--json", field="sort", json_mode=True)
        self.assertEqual(set(json.loads(r.out)["error"]["fields"]),
                         {"sort", "order"})
        for args in (("--csv", "--json"), ("--csv", "--limit", "5"),
                     ("--overdue", "yes"), ("--open=true",)):
            with self.subTest(args=args):
                self.assertRefused("incident", "list", *args, field=None)
