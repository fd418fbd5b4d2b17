# SPDX-License-Identifier: MIT
"""Bad input: each case exits 2, names the field (on stderr, or in the
"fields" of the JSON envelope under --json) and leaves the database
logically unchanged."""

import json

from tests.cli.clihelp import CliTestCase, DISCOVERED

TITLE = "ノートPCの紛失"


class TestBadReports(CliTestCase):
    """`incident new`, both from flags and from JSON on stdin."""

    def setUp(self):
        super().setUp()
        # Something to leave unchanged.
        self.ref = self.create({"title": "既存の案件"})["ref"]

    def refused_both_ways(self, flags, record, field):
        """Refuse 'flags' (on top of a valid title and discovery time)
        and the JSON 'record' (likewise), both naming 'field'."""
        base = ["incident", "new", "--title", TITLE,
                "--discovered-at", DISCOVERED]
        # Later flags win, so the case's own --title overrides.
        self.assertRefused(*base, *flags, field=field)
        rec = {"title": TITLE, "discovered_at": DISCOVERED}
        rec.update(record)
        self.assertRefused("incident", "new", "--json", "-",
                           input=json.dumps(rec, ensure_ascii=False),
                           field=field, json_mode=True)

    def test_unknown_category(self):
        self.refused_both_ways(["--category", "alien_invasion"],
                               {"category": "alien_invasion"}, "category")

    def test_unknown_kind(self):
        self.refused_both_ways(["--kind", "accident"], {"kind": "accident"},
                               "kind")

    def test_invalid_dates(self):
        for bad in ("2026-02-30", "2026-11-22 25:00", "22/11/2026",
                    "2026-11-22T09:30+25:00", "昨日", "2026-11-22 09:30 JST"):
            with self.subTest(bad=bad):
                self.refused_both_ways(["--discovered-at", bad],
                                       {"discovered_at": bad},
                                       "discovered_at")
                self.refused_both_ways(["--occurred-at", bad],
                                       {"occurred_at": bad}, "occurred_at")

    def test_missing_discovery_time(self):
        self.assertRefused("incident", "new", "--title", TITLE,
                           field="discovered_at")

    def test_discovered_before_occurred(self):
        self.refused_both_ways(["--occurred-at", "2026-11-22 10:00"],
                               {"occurred_at": "2026-11-22 10:00"},
                               "discovered_at")

    def test_empty_title(self):
        self.refused_both_ways(["--title", ""], {"title": ""}, "title")
        self.assertRefused("incident", "new", "--discovered-at", DISCOVERED,
                           field="title")

    def test_blank_title(self):
        for blank in ("   ", "\u3000\u3000", " \t "):
            with self.subTest(blank=blank):
                self.refused_both_ways(["--title", blank], {"title": blank},
                                       "title")

    def test_title_of_201_japanese_characters(self):
        long_title = "情" * 201
        r = self.assertRefused("incident", "new", "--title", long_title,
                               "--discovered-at", DISCOVERED, field="title")
        self.assertIn("200文字以内", r.err)
        self.refused_both_ways(["--title", long_title],
                               {"title": long_title}, "title")
        # 200 is the limit, counted in characters, not bytes.
        out = self.create({"title": "情" * 200})
        self.assertEqual(len(out["title"]), 200)

    def test_title_with_a_line_break_or_control_character(self):
        for bad in ("一行目\n二行目", "ベル\x07", "改行\r", "DEL\x7f"):
            with self.subTest(bad=bad):
                self.refused_both_ways(["--title", bad], {"title": bad},
                                       "title")

    def test_invalid_utf8_title(self):
        for raw in (b"\xff\xfe", b"\xe3\x81", b"caf\xe9",
                    b"\xc0\xaf", b"\xed\xa0\x80"):
            with self.subTest(raw=raw):
                self.assertRefused(b"incident", b"new", b"--title",
                                   "紛失".encode() + raw,
                                   b"--discovered-at", DISCOVERED.encode(),
                                   field="title")

    def test_negative_affected_persons(self):
        self.refused_both_ways(["--affected-persons", "-1"],
                               {"affected_persons": -1}, "affected_persons")

    def test_non_integer_counts(self):
        for bad in ("many", "1.5", "12a", "0x10", "1e3"):
            with self.subTest(bad=bad):
                self.assertRefused("incident", "new", "--title", TITLE,
                                   "--discovered-at", DISCOVERED,
                                   "--affected-persons", bad,
                                   field="affected_persons")
                self.assertRefused("incident", "new", "--title", TITLE,
                                   "--discovered-at", DISCOVERED,
                                   "--info-type", "name:" + bad,
                                   field="info_types[0].count")
        for bad in ("12", 1.5, True, [1]):
            with self.subTest(bad=bad):
                rec = {"title": TITLE, "discovered_at": DISCOVERED,
                       "affected_persons": bad}
                self.assertRefused("incident", "new", "--json", "-",
                                   input=json.dumps(rec),
                                   field="affected_persons", json_mode=True)
        self.refused_both_ways(
            ["--info-type", "name:-5"],
            {"info_types": [{"type": "name", "count": -5}]},
            "info_types[0].count")

    def test_unknown_values_in_lists(self):
        self.refused_both_ways(["--party", "staff,martian"],
                               {"parties": ["staff", "martian"]},
                               "parties[1]")
        self.refused_both_ways(["--info-type", "name,shoe_size"],
                               {"info_types": [{"type": "name"},
                                               {"type": "shoe_size"}]},
                               "info_types[1].type")

    def test_unknown_field_in_json(self):
        self.assertRefused("incident", "new", "--json", "-",
                           input=json.dumps({"title": TITLE,
                                             "discovered_at": DISCOVERED,
                                             "colour": "red"}),
                           field="colour", json_mode=True)

    def test_unknown_option(self):
        r = self.assertRefused("incident", "new", "--title", TITLE,
                               "--discovered-at", DISCOVERED, "--colour",
                               "red", field=None)
        self.assertIn("--colour", r.err)
        self.assertIn("知らないオプション", r.err)
        for args in (("incident", "list", "--everything"),
                     ("incident", "show", self.ref, "--verbose"),
                     ("incident", "move", self.ref, "triage", "--force"),
                     ("incident", "note", self.ref, "x", "--private"),
                     ("incident", "set", self.ref, "severity", "S1",
                      "--force"),
                     ("verify", "--repair"), ("init", "--force"),
                     ("taxonomy", "--all")):
            with self.subTest(args=args):
                r = self.assertRefused(*args, field=None)
                self.assertIn(args[-1], r.err)

    def test_bad_language(self):
        r = self.assertRefused("incident", "list", "--lang", "fr",
                               field=None)
        self.assertIn("--lang", r.err)


class TestBadChanges(CliTestCase):
    """`incident set`, `move` and `note` with bad input."""

    def setUp(self):
        super().setUp()
        self.ref = self.create({"category": "device_loss"})["ref"]
        self.kz("incident", "move", self.ref, "investigation", expect=0)

    def both(self, *args, field):
        self.assertRefused(*args, field=field)
        self.assertRefused(*args, "--json", field=field, json_mode=True)

    def test_set_unknown_category_and_kind(self):
        self.both("incident", "set", self.ref, "category", "alien",
                  field="category")
        self.both("incident", "set", self.ref, "kind", "alien", field="kind")

    def test_set_invalid_date_and_order(self):
        self.both("incident", "set", self.ref, "discovered_at", "2026-13-01",
                  field="discovered_at")
        self.both("incident", "set", self.ref, "occurred_at",
                  "2026-11-22 09:31", field="discovered_at")

    def test_set_title(self):
        self.both("incident", "set", self.ref, "title", "", field="title")
        self.both("incident", "set", self.ref, "title", "  ", field="title")
        self.both("incident", "set", self.ref, "title", "件" * 201,
                  field="title")
        self.assertRefused(b"incident", b"set", self.ref.encode(), b"title",
                           b"\xff", field="title")

    def test_set_counts(self):
        # A value starting with '-' needs "--" before the arguments.
        self.assertRefused("incident", "set", "--", self.ref,
                           "affected_persons", "-1", field="affected_persons")
        self.assertRefused("incident", "set", "--json", "--", self.ref,
                           "affected_persons", "-1", field="affected_persons",
                           json_mode=True)
        self.both("incident", "set", self.ref, "affected_persons", "ten",
                  field="affected_persons")

    def test_set_unknown_field_and_phase(self):
        self.both("incident", "set", self.ref, "colour", "red",
                  field="colour")
        self.both("incident", "set", self.ref, "phase", "triage",
                  field="phase")

    def test_backward_move_without_reason(self):
        self.both("incident", "move", self.ref, "triage", field="reason")
        self.both("incident", "move", self.ref, "triage", "--reason", "",
                  field="reason")

    def test_malformed_references(self):
        for ref in ("../etc/passwd", "INC-26-1"):
            with self.subTest(ref=ref):
                self.both("incident", "show", ref, field="ref")
                self.both("incident", "move", ref, "triage", field="ref")
                self.both("incident", "note", ref, "x", field="ref")
                self.both("incident", "set", ref, "title", "x", field="ref")

    def test_not_found_reference(self):
        before = self.dump()
        r = self.kz("incident", "move", "INC-2026-0404", "triage", expect=1)
        self.assertIn("その参照番号のインシデントはありません", r.err)
        self.kz("incident", "note", "INC-2026-0404", "x", expect=1)
        self.kz("incident", "set", "INC-2026-0404", "title", "x", expect=1)
        self.kz("incident", "show", "INC-2026-0404", expect=1)
        self.assertEqual(self.dump(), before)

    def test_unknown_option(self):
        r = self.assertRefused("incident", "move", self.ref, "triage",
                               "--reson", "typo", field=None)
        self.assertIn("--reson", r.err)
