# SPDX-License-Identifier: MIT
"""The commands that change an incident: move, note and set."""

from tests.cli import clihelp
from tests.cli.clihelp import CliTestCase


class TestMove(CliTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.create()["ref"]

    def test_forward(self):
        r = self.kz("incident", "move", self.ref, "triage", expect=0,
                    KIZUKI_TEST_NOW="2026-11-22T13:00:00+09:00")
        self.assertIn("「事実確認・トリアージ」", r.out)
        out = self.show(self.ref)
        inc = out["incident"]
        self.assertEqual(inc["phase"], "triage")
        self.assertEqual(inc["version"], 2)
        self.assertEqual(inc["phase_times"]["triage"],
                         "2026-11-22T13:00:00+09:00")
        self.assertEqual(inc["updated_at"], "2026-11-22T13:00:00+09:00")
        e = out["chronology"][-1]
        self.assertEqual((e["seq"], e["kind"]), (2, "phase_change"))
        self.assertEqual(e["change"], {"from": "reported", "to": "triage"})

    def test_forward_may_skip_phases_and_take_a_reason(self):
        out = self.kz_json("incident", "move", self.ref, "investigation",
                           "--reason", "封じ込めは不要")
        self.assertEqual(out["phase"], "investigation")
        e = self.show(self.ref)["chronology"][-1]
        self.assertEqual(e["change"]["reason"], "封じ込めは不要")

    def test_backward_needs_a_reason(self):
        self.kz("incident", "move", self.ref, "investigation", expect=0)
        r = self.assertRefused("incident", "move", self.ref, "triage",
                               field="reason")
        self.assertIn("理由", r.err)
        self.assertRefused("incident", "move", self.ref, "triage",
                           "--reason", " \u3000 ", field="reason")
        self.assertRefused("incident", "move", self.ref, "triage", "--json",
                           field="reason", json_mode=True)

    def test_backward_with_reason(self):
        self.kz("incident", "move", self.ref, "containment", expect=0)
        self.kz("incident", "move", self.ref, "investigation", expect=0)
        r = self.kz("incident", "move", self.ref, "triage", "--reason",
                    "影響範囲の見積もりが誤っていた", expect=0)
        self.assertIn("「事実確認・トリアージ」", r.out)
        out = self.show(self.ref)
        inc = out["incident"]
        self.assertEqual(inc["phase"], "triage")
        # Phases after the one gone back to are no longer reached.
        self.assertEqual(set(inc["phase_times"]), {"reported", "triage"})
        e = out["chronology"][-1]
        self.assertEqual(e["change"], {
            "from": "investigation", "to": "triage",
            "reason": "影響範囲の見積もりが誤っていた"})
        text = self.kz("incident", "show", self.ref, expect=0).out
        self.assertIn("(理由: 影響範囲の見積もりが誤っていた)", text)

    def test_reopen_closed_needs_a_reason(self):
        self.kz("incident", "move", self.ref, "closed", expect=0)
        r = self.assertRefused("incident", "move", self.ref, "review",
                               field="reason")
        self.assertIn("再開", r.err)
        self.kz("incident", "move", self.ref, "review", "--reason",
                "再発防止策の検証が未了", expect=0)
        inc = self.show(self.ref)["incident"]
        self.assertEqual(inc["phase"], "review")
        self.assertNotIn("closed", inc["phase_times"])
        self.kz("verify", expect=0)

    def test_same_phase_and_unknown_phase(self):
        self.assertRefused("incident", "move", self.ref, "reported",
                           field="to")
        self.assertRefused("incident", "move", self.ref, "done", field="to")
        self.assertRefused("incident", "move", self.ref, "done", "--json",
                           field="to", json_mode=True)

    def test_reason_must_be_text(self):
        self.kz("incident", "move", self.ref, "triage", expect=0)
        self.assertRefused("incident", "move", self.ref, "reported",
                           "--reason", b"\xff\xfe", field="reason")

    def test_reason_may_not_carry_terminal_escapes(self):
        # Regression: a reason was stored with its control characters and
        # 'incident show' wrote them to the reader's terminal.
        self.kz("incident", "move", self.ref, "containment", expect=0)
        for bad in ("ok\x1b[2Jcleared", "bell\x07"):
            with self.subTest(bad=bad):
                self.assertRefused("incident", "move", self.ref, "triage",
                                   "--reason", bad, field="reason")
                self.assertRefused("incident", "move", self.ref, "triage",
                                   "--reason", bad, "--json",
                                   field="reason", json_mode=True)
        # Line breaks and tabs are text, as in notes.
        self.kz("incident", "move", self.ref, "triage", "--reason",
                "範囲を誤認\n\t再調査する", expect=0)
        change = self.show(self.ref)["chronology"][-1]["change"]
        self.assertEqual(change["reason"], "範囲を誤認\n\t再調査する")

    def test_not_found_and_bad_reference(self):
        r = self.kz("incident", "move", "INC-2026-0002", "triage", expect=1)
        self.assertIn("その参照番号のインシデントはありません", r.err)
        self.assertRefused("incident", "move", "INC-2026-1", "triage",
                           field="ref")

    def test_wrong_number_of_arguments(self):
        self.assertRefused("incident", "move", self.ref, field=None)
        self.assertRefused("incident", "move", field=None)


class TestNote(CliTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.create()["ref"]

    def test_each_kind(self):
        bodies = {
            "note": "保管場所を確認中",
            "decision": "公表は見送る（対象者への個別通知で対応）",
            "contact": "JPCERT/CC に報告した",
            "action": "アカウントを停止した",
        }
        for i, (kind, body) in enumerate(bodies.items()):
            with self.subTest(kind=kind):
                r = self.kz("incident", "note", self.ref, body, "--kind",
                            kind, expect=0)
                self.assertIn("#%d 経緯に記録しました" % (i + 2), r.out)
        chron = self.show(self.ref)["chronology"]
        self.assertEqual([(e["kind"], e["body"]) for e in chron[1:]],
                         list(bodies.items()))
        # A note is not a change of the record.
        self.assertEqual(self.show(self.ref)["incident"]["version"], 1)
        self.kz("verify", expect=0)

    def test_default_kind_is_note_and_multiline_is_kept(self):
        self.kz("incident", "note", self.ref, "1行目\n2行目", expect=0)
        e = self.show(self.ref)["chronology"][-1]
        self.assertEqual((e["kind"], e["body"]), ("note", "1行目\n2行目"))

    def test_json_returns_the_sealed_entry(self):
        out = self.kz_json("incident", "note", self.ref, "メモ", "--kind",
                           "decision")
        self.assertEqual(out["seq"], 2)
        self.assertEqual(out["kind"], "decision")
        self.assertEqual(out["actor"], clihelp.ACTOR)
        self.assertEqual(out["at"], clihelp.NOW)
        chron = self.show(self.ref)["chronology"]
        self.assertEqual(out["prev_hash"], chron[0]["hash"])
        self.assertEqual(out["hash"], chron[1]["hash"])

    def test_bad_notes_are_refused(self):
        self.assertRefused("incident", "note", self.ref, "", field="body")
        self.assertRefused("incident", "note", self.ref, " \u3000\n",
                           field="body")
        self.assertRefused("incident", "note", self.ref, b"\xc3\x28",
                           field="body")
        self.assertRefused("incident", "note", self.ref, "ベル\x07",
                           field="body")
        self.assertRefused("incident", "note", self.ref, "あ" * 20001,
                           field="body")
        self.assertRefused("incident", "note", self.ref, "", "--json",
                           field="body", json_mode=True)

    def test_system_and_unknown_kinds_are_refused(self):
        for kind in ("phase_change", "field_change", "gossip"):
            with self.subTest(kind=kind):
                self.assertRefused("incident", "note", self.ref, "x",
                                   "--kind", kind, field="kind")
                self.assertRefused("incident", "note", self.ref, "x",
                                   "--kind", kind, "--json", field="kind",
                                   json_mode=True)

    def test_not_found(self):
        r = self.assertRefused("incident", "note", "INC-2026-0009", "x",
                               field=None, expect=1)
        self.assertIn("その参照番号のインシデントはありません", r.err)


class TestSet(CliTestCase):

    def setUp(self):
        super().setUp()
        # With what was on the device, so that the score rates it (a thin
        # report is unrated, issue 9 item 18).
        self.ref = self.create({
            "category": "device_loss",
            "info_types": [{"type": "name", "count": 10}]})["ref"]

    def set(self, field, value, *more, expect=0):
        return self.kz("incident", "set", self.ref, field, value, *more,
                       expect=expect)

    def changes(self):
        return [e["change"] for e in self.show(self.ref)["chronology"]
                if e["kind"] == "field_change"]

    def test_scalars(self):
        r = self.set("severity", "S2", "--reason", "顧客情報を含む")
        self.assertIn("%s を更新しました" % self.ref, r.out)
        self.set("priority", "1")
        self.set("affected_persons", "1200")
        self.set("title", "ノートPCの紛失（電車内）")
        self.set("occurred_at", "2026-11-21 22:10")
        self.set("place", "in_transit")
        self.set("restricted", "true")
        inc = self.show(self.ref)["incident"]
        self.assertEqual(inc["severity"], "S2")
        self.assertEqual(inc["severity_source"], "manual")
        self.assertEqual(inc["severity_reason"], "顧客情報を含む")
        self.assertEqual(inc["priority"], 1)
        self.assertEqual(inc["affected_persons"], 1200)
        self.assertEqual(inc["title"], "ノートPCの紛失（電車内）")
        self.assertEqual(inc["occurred_at"], "2026-11-21T22:10:00+09:00")
        self.assertEqual(inc["place"], "in_transit")
        self.assertIs(inc["restricted"], True)
        # One new version per command that changed something.
        self.assertEqual(inc["version"], 8)
        last = {c["field"]: c for c in self.changes()}
        for field, to in (("severity", "S2"), ("severity_reason",
                                                "顧客情報を含む"),
                          ("priority", 1), ("affected_persons", 1200),
                          ("place", "in_transit"), ("restricted", True)):
            self.assertEqual(last[field]["to"], to, field)
        self.assertEqual(last["affected_persons"]["from"], None)

    def test_severity_by_hand_needs_a_reason(self):
        self.assertRefused("incident", "set", self.ref, "severity", "S1",
                           field="severity_reason")
        self.assertRefused("incident", "set", self.ref, "severity", "S1",
                           "--reason", " ", field="severity_reason")
        self.assertRefused("incident", "set", self.ref, "severity", "S1",
                           "--json", field="severity_reason", json_mode=True)

    def test_lists(self):
        self.set("tags", "紛失, 電車 ,PC")
        self.set("parties", '["staff", "manager"]')
        self.set("assets", "業務用ノートPC")
        inc = self.show(self.ref)["incident"]
        self.assertEqual(inc["tags"], ["紛失", "電車", "PC"])
        self.assertEqual(inc["parties"], ["staff", "manager"])
        self.assertEqual(inc["assets"], ["業務用ノートPC"])
        self.assertEqual(self.changes()[0],
                         {"field": "tags", "from": [],
                          "to": ["紛失", "電車", "PC"]})

    def test_info_types(self):
        self.set("info_types", "name:1200, address:1200, phone_number")
        inc = self.show(self.ref)["incident"]
        self.assertEqual(inc["info_types"], [
            {"type": "name", "count": 1200},
            {"type": "address", "count": 1200},
            {"type": "phone_number", "count": None}])
        self.set("info_types", '[{"type": "my_number", "count": 3}]')
        inc = self.show(self.ref)["incident"]
        self.assertEqual(inc["info_types"],
                         [{"type": "my_number", "count": 3}])

    def test_clearing(self):
        self.set("description", "社用PCを置き忘れた")
        self.set("tags", "a,b")
        self.set("affected_persons", "10")
        self.set("info_types", "name:10")
        self.set("owner", "佐藤")
        for field in ("description", "tags", "affected_persons",
                      "info_types", "owner", "category"):
            with self.subTest(field=field):
                self.set(field, "")
        inc = self.show(self.ref)["incident"]
        self.assertIsNone(inc["description"])
        self.assertIsNone(inc["affected_persons"])
        self.assertIsNone(inc["category"])
        self.assertIsNone(inc["owner"])
        self.assertEqual(inc["tags"], [])
        self.assertEqual(inc["info_types"], [])
        self.assertIn({"field": "category", "from": "device_loss",
                       "to": None}, self.changes())
        text = self.kz("incident", "show", self.ref, expect=0).out
        self.assertIn("担当者: 佐藤 → （未記入）", text)

    def test_clearing_severity_gives_it_back_to_the_score(self):
        self.set("severity", "S1", "--reason", "役員判断")
        self.set("severity", "")
        inc = self.show(self.ref)["incident"]
        self.assertEqual(inc["severity_source"], "triage")
        self.assertRegex(inc["severity"], r"^S[1-4]$")
        text = self.kz("incident", "show", self.ref, expect=0).out
        self.assertRegex(text, r"重大度: S1 緊急 → S[2-4] ")

    def test_same_value_is_not_a_change(self):
        self.set("owner", "田中")
        before = self.dump()
        self.set("owner", "田中")
        self.assertEqual(self.dump(), before)
        self.assertEqual(self.show(self.ref)["incident"]["version"], 2)

    def test_json_returns_the_record(self):
        out = self.kz_json("incident", "set", self.ref, "owner", "鈴木")
        self.assertEqual(out["owner"], "鈴木")
        self.assertEqual(out["version"], 2)

    def test_if_version(self):
        self.set("owner", "佐藤", "--if-version", "1")
        self.assertEqual(self.show(self.ref)["incident"]["version"], 2)
        # Someone else changed it since version 1 was read.
        r = self.assertRefused("incident", "set", self.ref, "owner", "鈴木",
                               "--if-version", "1", field=None)
        self.assertIn("他の人が先に更新しました", r.err)
        r = self.assertRefused("incident", "set", self.ref, "owner", "鈴木",
                               "--if-version", "1", "--json", field=None)
        self.assertEqual(r.json()["error"]["code"], "conflict")
        for bad in ("0", "two", "-1"):
            with self.subTest(bad=bad):
                self.assertRefused("incident", "set", self.ref, "owner",
                                   "鈴木", "--if-version=" + bad,
                                   field="if-version")
        self.set("owner", "鈴木", "--if-version", "2")
        self.assertEqual(self.show(self.ref)["incident"]["owner"], "鈴木")

    def test_unknown_and_kept_fields_are_refused(self):
        self.assertRefused("incident", "set", self.ref, "colour", "red",
                           field="colour")
        self.assertRefused("incident", "set", self.ref, "colour", "red",
                           "--json", field="colour", json_mode=True)
        r = self.assertRefused("incident", "set", self.ref, "phase",
                               "closed", field="phase")
        self.assertIn("移行", r.err)
        self.assertRefused("incident", "set", self.ref, "phase", "closed",
                           "--json", field="phase", json_mode=True)
        for field, value in (("ref", "INC-2026-0009"), ("version", "9"),
                             ("created_by", "x"), ("created_at",
                                                   "2026-11-01 00:00")):
            with self.subTest(field=field):
                self.assertRefused("incident", "set", self.ref, field, value,
                                   field=field)

    def test_field_names_that_cannot_be_named_are_the_argument(self):
        # Regression: a field name that is not UTF-8 (or too long to
        # report) vanished from the JSON envelope's "fields".
        self.assertRefused(b"incident", b"set", self.ref.encode(),
                           b"sev\xffrity", b"S1", b"--json", field="field",
                           json_mode=True)
        self.assertRefused("incident", "set", self.ref, "項目" * 20, "1",
                           "--json", field="field", json_mode=True)
        self.assertRefused("incident", "set", self.ref, "項目" * 20, "1",
                           field="field")

    def test_bad_values_are_refused(self):
        cases = [
            ("severity", "S5", "severity"),
            ("priority", "5", "priority"),
            ("priority", "high", "priority"),
            ("category", "nope", "category"),
            ("kind", "accident", "kind"),
            ("restricted", "maybe", "restricted"),
            ("title", "", "title"),
            ("title", "\u3000", "title"),
            ("occurred_at", "2026-11-23 09:00", "discovered_at"),
            ("discovered_at", "2026-11-31", "discovered_at"),
            ("affected_persons", "many", "affected_persons"),
            ("affected_persons", "1.5", "affected_persons"),
            ("info_types", "name:x", "info_types[0].count"),
            ("info_types", "name:-1", "info_types[0].count"),
            ("info_types", "nope:1", "info_types[0].type"),
            ("info_types", "name,name", "info_types[1].type"),
            ("tags", "[1]", "tags[0]"),
            ("tags", "[", "tags"),
            ("parties", "alien", "parties[0]"),
            ("tlp", "purple", "tlp"),
        ]
        for field, value, named in cases:
            with self.subTest(field=field, value=value):
                self.assertRefused("incident", "set", self.ref, field, value,
                                   field=named)
                self.assertRefused("incident", "set", self.ref, field, value,
                                   "--json", field=named, json_mode=True)

    def test_negative_count_after_double_dash(self):
        # A value starting with '-' reads as an option unless options end
        # first with "--".
        self.assertRefused("incident", "set", "--", self.ref,
                           "affected_persons", "-3", field="affected_persons")

    def test_not_found(self):
        r = self.kz("incident", "set", "INC-2026-0777", "severity", "S1",
                    expect=1)
        self.assertIn("その参照番号のインシデントはありません", r.err)

    def test_wrong_number_of_arguments(self):
        self.assertRefused("incident", "set", self.ref, "severity",
                           field=None)
