# SPDX-License-Identifier: MIT
"""`kizuki incident list` with every filter, and `kizuki incident show`."""

from tests.cli import clihelp
from tests.cli.clihelp import CliTestCase


class TestList(CliTestCase):

    def setUp(self):
        super().setUp()
        # Five incidents with distinct phases, kinds, categories,
        # severities and report times.  Severities are set by hand (with
        # their reason) so that the triage score does not decide them.
        why = ("--severity-reason", "担当者の判断")
        self.kz("incident", "new", "--title", "ノートPCの紛失",
                "--discovered-at", "2026-10-01 09:00",
                "--reported-at", "2026-10-01 10:00",
                "--category", "device_loss", "--severity", "S2", *why,
                expect=0)                                         # 0001
        self.kz("incident", "new", "--title", "誤送信（ヒヤリハット）",
                "--discovered-at", "2026-11-01 09:00",
                "--reported-at", "2026-11-01 09:30",
                "--kind", "near_miss", "--category", "misdirected_email",
                "--severity", "S4", *why, expect=0)               # 0002
        self.kz("incident", "new", "--title", "標的型メール訓練",
                "--description", "訓練で添付ファイルを開いた",
                "--discovered-at", "2026-11-10 09:00",
                "--reported-at", "2026-11-10 09:00",
                "--kind", "exercise", "--category", "targeted_email",
                "--severity", "S4", *why, expect=0)               # 0003
        self.kz("incident", "new", "--title", "ランサムウェア感染 100%暗号化",
                "--discovered-at", "2026-11-20 08:00",
                "--category", "ransomware", "--severity", "S1", *why,
                expect=0)                                         # 0004
        self.kz("incident", "new", "--title", "Webサイト改ざん_調査中",
                "--discovered-at", "2026-11-21 08:00",
                "--category", "web_defacement", "--severity", "S3", *why,
                expect=0)                                         # 0005
        self.kz("incident", "move", "INC-2026-0004", "containment",
                expect=0)
        self.kz("incident", "move", "INC-2026-0005", "triage", expect=0)

    def refs(self, *filters):
        out = self.kz_json("incident", "list", *filters)
        return [i["ref"][-4:] for i in out["items"]]

    def test_everything_newest_first(self):
        self.assertEqual(self.refs(),
                         ["0005", "0004", "0003", "0002", "0001"])

    def test_text_listing(self):
        r = self.kz("incident", "list", expect=0)
        lines = r.out.splitlines()
        self.assertIn("参照番号", lines[0])
        self.assertIn("件名", lines[0])
        self.assertEqual(len(lines), 6)
        self.assertTrue(lines[1].startswith("INC-2026-0005"))
        self.assertIn("事実確認・トリアージ", lines[1])
        self.assertIn("S1", lines[2])
        self.assertIn("2026-10-01 10:00", lines[5])

    def test_phase(self):
        self.assertEqual(self.refs("--phase", "reported"),
                         ["0003", "0002", "0001"])
        self.assertEqual(self.refs("--phase", "containment"), ["0004"])
        self.assertEqual(self.refs("--phase", "closed"), [])

    def test_kind(self):
        self.assertEqual(self.refs("--kind", "near_miss"), ["0002"])
        self.assertEqual(self.refs("--kind", "exercise"), ["0003"])
        self.assertEqual(self.refs("--kind", "incident"),
                         ["0005", "0004", "0001"])

    def test_category(self):
        self.assertEqual(self.refs("--category", "ransomware"), ["0004"])
        self.assertEqual(self.refs("--category", "phishing"), [])

    def test_severity_and_none(self):
        self.assertEqual(self.refs("--severity", "S1"), ["0004"])
        self.assertEqual(self.refs("--severity", "S2"), ["0001"])
        self.assertEqual(self.refs("--severity", "S4"), ["0003", "0002"])
        # Every incident here has a severity, so "not set" finds none.
        self.assertEqual(self.refs("--severity", "none"), [])
        self.assertEqual(self.refs("--severity", "none", "--kind",
                                   "incident"), [])

    def test_since(self):
        self.assertEqual(self.refs("--since", "2026-11-10 09:00"),
                         ["0005", "0004", "0003"])
        self.assertEqual(self.refs("--since", "2026-11-01"),
                         ["0005", "0004", "0003", "0002"])
        # Offsets are honoured: 00:30Z is 09:30 in Tokyo.
        self.assertEqual(self.refs("--since", "2026-11-01T00:30:00Z"),
                         ["0005", "0004", "0003", "0002"])
        self.assertEqual(self.refs("--since", "2026-11-01T00:30:01Z"),
                         ["0005", "0004", "0003"])

    def test_search(self):
        self.assertEqual(self.refs("--search", "紛失"), ["0001"])
        # (the search covers tasks too: 0002's playbook names attachments)
        self.assertEqual(self.refs("--search", "添付ファイルを開いた"), ["0003"])
        self.assertEqual(self.refs("--search", "INC-2026-0002"), ["0002"])
        self.assertEqual(self.refs("--search", "標的型メール"), ["0003"])
        self.assertEqual(self.refs("--search", "存在しない語"), [])
        # LIKE's wildcards match only themselves.
        self.assertEqual(self.refs("--search", "%"), ["0004"])
        self.assertEqual(self.refs("--search", "_"), ["0005"])
        self.assertEqual(self.refs("--q", "改ざん"), ["0005"])

    def test_limit(self):
        self.assertEqual(self.refs("--limit", "2"), ["0005", "0004"])
        self.assertEqual(self.refs("--limit", "1000"),
                         ["0005", "0004", "0003", "0002", "0001"])

    def test_filters_combine(self):
        self.assertEqual(self.refs("--kind", "incident", "--severity", "S3",
                                   "--phase", "triage"), ["0005"])
        self.assertEqual(self.refs("--kind", "incident", "--severity", "S3",
                                   "--phase", "reported"), [])
        self.assertEqual(self.refs("--since", "2026-11-01", "--kind",
                                   "incident", "--limit", "1"), ["0005"])
        self.assertEqual(self.refs("--category", "device_loss",
                                   "--since", "2026-11-01"), [])

    def test_json_items_are_whole_records(self):
        out = self.kz_json("incident", "list", "--category", "ransomware")
        self.assertEqual(list(out), ["items"])
        item = out["items"][0]
        self.assertEqual(item, self.show("INC-2026-0004")["incident"])
        self.assertEqual(item["phase"], "containment")

    def test_no_match_says_so(self):
        r = self.kz("incident", "list", "--phase", "closed", expect=0)
        self.assertIn("該当するインシデントはありません", r.out)

    def test_bad_filters_name_the_filter(self):
        cases = [
            (("--phase", "done"), "phase"),
            (("--kind", "accident"), "kind"),
            (("--category", "nope"), "category"),
            (("--severity", "S5"), "severity"),
            (("--severity", "s1x"), "severity"),
            (("--since", "last week"), "since"),
            (("--since", "2026-02-30"), "since"),
            (("--limit", "0"), "limit"),
            (("--limit", "1001"), "limit"),
            (("--limit", "ten"), "limit"),
            (("--search", "x" * 201), "q"),
            (("--search", b"\xe3\x81"), "q"),
        ]
        for args, field in cases:
            with self.subTest(args=args):
                self.assertRefused("incident", "list", *args, field=field)
                self.assertRefused("incident", "list", *args, "--json",
                                   field=field, json_mode=True)

    def test_bad_option_and_extra_argument(self):
        r = self.assertRefused("incident", "list", "--colour", "red",
                               field=None)
        self.assertIn("--colour", r.err)
        self.assertRefused("incident", "list", "extra", field=None)


class TestShow(CliTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.create({
            "title": "顧客名簿の誤廃棄",
            "category": "wrong_disposal",
            "severity": "S2",
            "severity_reason": "名簿の件数が多い",
            "info_types": [{"type": "name", "count": 500},
                           {"type": "address", "count": None}],
            "parties": ["contractor_staff"],
        })["ref"]
        self.kz("incident", "move", self.ref, "triage", expect=0)
        self.kz("incident", "note", self.ref, "委託先に連絡した",
                "--kind", "contact", expect=0)

    def test_text_shows_labels_local_times_and_chronology(self):
        r = self.kz("incident", "show", self.ref, expect=0)
        out = r.out
        self.assertRegex(out, r"(?m)^参照番号\s+%s$" % self.ref)
        self.assertRegex(out, r"(?m)^件名\s+顧客名簿の誤廃棄$")
        self.assertIn("PC・記録媒体・書類の誤廃棄", out)
        self.assertIn("S2 重大", out)
        self.assertIn("事実確認・トリアージ", out)
        self.assertIn("氏名 (500)、住所", out)
        self.assertIn("委託先の従業員", out)
        self.assertRegex(out, r"(?m)^発見日時\s+2026-11-22 09:30$")
        self.assertIn("（未記入）", out)
        # Filing with a category may add kizuki's own entries (the
        # playbook's tasks); the person's entries are checked by content.
        n = len(self.show(self.ref)["chronology"])
        self.assertIn("経緯 (%d)" % n, out)
        self.assertRegex(out, r"(?m)^\s+#1\s+2026-11-22 12:00  tester  "
                              r"\[段階の移行\] — → 発見・報告$")
        self.assertRegex(out, r"(?m)^\s+#\d+ .*発見・報告 → 事実確認・トリアージ$")
        self.assertRegex(out, r"(?m)^\s+#%d .*\[連絡\] 委託先に連絡した$" % n)

    def test_json_has_incident_and_chronology(self):
        out = self.show(self.ref)
        self.assertEqual(set(out), {"incident", "chronology"})
        inc = out["incident"]
        self.assertEqual(inc["ref"], self.ref)
        self.assertEqual(inc["phase"], "triage")
        self.assertEqual(inc["version"], 2)
        self.assertEqual(set(inc["phase_times"]), {"reported", "triage"})
        chron = out["chronology"]
        self.assertEqual([e["seq"] for e in chron],
                         list(range(1, len(chron) + 1)))
        mine = [e for e in chron if e["actor"] == clihelp.ACTOR]
        self.assertEqual([e["kind"] for e in mine],
                         ["phase_change", "phase_change", "contact"])
        self.assertEqual(mine[0]["change"], {"from": None, "to": "reported"})
        self.assertEqual(mine[1]["change"],
                         {"from": "reported", "to": "triage"})
        self.assertEqual(mine[2]["body"], "委託先に連絡した")
        self.assertNotIn("change", mine[2])
        prev = clihelp.GENESIS
        for e in chron:
            self.assertEqual(e["prev_hash"], prev)
            prev = e["hash"]

    def test_show_in_english(self):
        r = self.kz("incident", "show", self.ref, "--lang", "en", expect=0)
        self.assertRegex(r.out, r"Chronology \(\d+\)")
        self.assertIn("[Contact] 委託先に連絡した", r.out)
        self.assertIn("Triage", r.out)
        self.assertIn("Name (500), Address", r.out)

    def test_not_found(self):
        r = self.kz("incident", "show", "INC-2026-0099", expect=1)
        self.assertIn("その参照番号のインシデントはありません", r.err)
        out = self.kz_json("incident", "show", "INC-2025-0001", expect=1)
        self.assertEqual(out["error"]["code"], "not_found")

    def test_wrong_number_of_arguments(self):
        self.kz("incident", "show", expect=2)
        self.kz("incident", "show", self.ref, self.ref, expect=2)
