# SPDX-License-Identifier: MIT
"""`kizuki incident new` from flags, from a JSON file and from stdin."""

import json
import os

from tests.cli import clihelp
from tests.cli.clihelp import CliTestCase


class TestNewFromFlags(CliTestCase):

    def test_minimal_report(self):
        r = self.kz("incident", "new", "--title", "ノートPCの紛失",
                    "--discovered-at", "2026-11-22 09:30",
                    "--category", "device_loss", "--info-type", "name:1200",
                    expect=0)
        self.assertIn("INC-2026-0001 を登録しました", r.out)
        self.assertIn("ノートPCの紛失", r.out)
        self.assertIn("kizuki incident show INC-2026-0001", r.out)
        inc = self.show("INC-2026-0001")["incident"]
        self.assertEqual(inc["title"], "ノートPCの紛失")
        self.assertEqual(inc["category"], "device_loss")
        self.assertEqual(inc["info_types"], [{"type": "name", "count": 1200}])
        self.assertEqual(inc["phase"], "reported")
        self.assertEqual(inc["kind"], "incident")
        self.assertEqual(inc["version"], 1)
        # Times without an offset are Tokyo time; reported_at defaults to
        # now; the record says who filed it.
        self.assertEqual(inc["discovered_at"], "2026-11-22T09:30:00+09:00")
        self.assertEqual(inc["reported_at"], clihelp.NOW)
        self.assertEqual(inc["created_at"], clihelp.NOW)
        self.assertEqual(inc["phase_times"], {"reported": clihelp.NOW})
        self.assertEqual(inc["created_by"], clihelp.ACTOR)

    def test_every_flag(self):
        r = self.kz(
            "incident", "new",
            "--title", "誤送信メールによる顧客情報の漏えい",
            "--description", "顧客一覧を添付したメールを\n取引先に誤送信した",
            "--kind", "near_miss",
            "--category", "misdirected_email",
            "--severity", "S2",
            "--severity-reason", "顧客情報を含むため",
            "--priority", "2",
            "--occurred-at", "2026-11-21T18:00:00+09:00",
            "--discovered-at", "2026-11-22T00:00:00Z",
            "--reported-at", "2026-11-22 10:00",
            "--place", "office",
            "--detection-trigger", "employee_found",
            "--discoverer", "佐藤",
            "--reporter", "鈴木",
            "--owner", "田中",
            "--party", "staff", "--party", "contractor_staff",
            "--asset", "メールサーバ, 顧客DB",
            "--info-type", "name:120", "--info-type", "email_address",
            "--affected-persons", "120",
            "--impact", "complaints",
            "--direct-cause", "宛先の確認不足",
            "--latent-factors", "ダブルチェックの手順がない",
            "--initial-response", "削除依頼を送付",
            "--additional-measures", "送信保留の設定",
            "--prevention-measure", "staff_training",
            "--tag", "メール", "--tag", "誤送信",
            "--tlp", "red",
            "--restricted",
            expect=0)
        ref = clihelp.REF_RE.search(r.out).group(0)
        inc = self.show(ref)["incident"]
        expected = {
            "title": "誤送信メールによる顧客情報の漏えい",
            "description": "顧客一覧を添付したメールを\n取引先に誤送信した",
            "kind": "near_miss",
            "category": "misdirected_email",
            "severity": "S2",
            "severity_source": "manual",
            "severity_reason": "顧客情報を含むため",
            "priority": 2,
            "occurred_at": "2026-11-21T18:00:00+09:00",
            "discovered_at": "2026-11-22T09:00:00+09:00",
            "reported_at": "2026-11-22T10:00:00+09:00",
            "place": "office",
            "detection_trigger": "employee_found",
            "discoverer": "佐藤",
            "reporter": "鈴木",
            "owner": "田中",
            "parties": ["staff", "contractor_staff"],
            "assets": ["メールサーバ", "顧客DB"],
            "info_types": [{"type": "name", "count": 120},
                           {"type": "email_address", "count": None}],
            "affected_persons": 120,
            "impacts": ["complaints"],
            "direct_cause": "宛先の確認不足",
            "latent_factors": "ダブルチェックの手順がない",
            "initial_response": "削除依頼を送付",
            "additional_measures": "送信保留の設定",
            "prevention_measures": ["staff_training"],
            "tags": ["メール", "誤送信"],
            "tlp": "red",
            "restricted": True,
        }
        self.assertEqual({k: inc[k] for k in expected}, expected)

    def test_facts_the_duties_read(self):
        """The facts behind the reporting duties and the damage estimate
        can be given at the report, not only by set afterwards."""
        r = self.kz(
            "incident", "new",
            "--title", "USBメモリの紛失",
            "--discovered-at", "2026-11-20T10:00:00+09:00",
            "--category", "device_loss",
            "--aware-at", "2026-11-20T11:00:00+09:00",
            "--possible-leak", "yes",
            "--leak-kind", "loss",
            "--leak-indicator", "exfiltration_traces",
            "--encrypted", "no",
            "--improper-purpose", "false",
            "--eu-data-subjects", "0",
            "--social-responsibility", "2",
            "--response-evaluation", "1",
            "--cause", "human_error",
            "--info-type", "name:120",
            expect=0)
        ref = clihelp.REF_RE.search(r.out).group(0)
        inc = self.show(ref)["incident"]
        expected = {
            "aware_at": "2026-11-20T11:00:00+09:00",
            "possible_leak": True,
            "leak_kinds": ["loss"],
            "leak_indicators": ["exfiltration_traces"],
            "encrypted": False,
            "improper_purpose": False,
            "eu_data_subjects": False,
            "social_responsibility": 2,
            "response_evaluation": 1,
            "cause": "human_error",
        }
        self.assertEqual({k: inc[k] for k in expected}, expected)

    def test_facts_with_wrong_values_are_named(self):
        for flag, value, field in [
                ("--encrypted", "maybe", "encrypted"),
                ("--possible-leak", "はい", "possible_leak"),
                ("--leak-kind", "stolen", "leak_kinds[0]"),
                ("--social-responsibility", "3", "social_responsibility"),
                ("--cause", "bad_luck", "cause"),
                ("--aware-at", "昨日", "aware_at")]:
            with self.subTest(flag=flag):
                self.assertRefused(
                    "incident", "new", "--title", "x",
                    "--discovered-at", "2026-11-20T10:00:00+09:00",
                    flag, value, field=field)

    def test_report_opens_the_chronology(self):
        ref = self.create()["ref"]
        chron = self.show(ref)["chronology"]
        self.assertEqual(len(chron), 1)
        e = chron[0]
        self.assertEqual(e["seq"], 1)
        self.assertEqual(e["kind"], "phase_change")
        self.assertEqual(e["actor"], clihelp.ACTOR)
        self.assertEqual(e["at"], clihelp.NOW)
        self.assertEqual(e["change"], {"from": None, "to": "reported"})
        self.assertEqual(e["prev_hash"], clihelp.GENESIS)
        self.assertRegex(e["hash"], r"^[0-9a-f]{64}$")

    def test_actor_comes_from_the_environment(self):
        ref = self.create(KIZUKI_ACTOR="山田")["ref"]
        self.assertEqual(self.show(ref)["incident"]["created_by"], "山田")
        self.assertEqual(self.show(ref)["chronology"][0]["actor"], "山田")

    def test_long_actor_is_cut_between_characters(self):
        # Regression: the actor was cut at 95 bytes, inside a character;
        # the invalid UTF-8 then vanished from every JSON output.
        ref = self.create(KIZUKI_ACTOR="情報セキュリティ" * 10)["ref"]
        out = self.show(ref)
        self.assertEqual(len(out["chronology"]), 1)
        actor = out["chronology"][0]["actor"]
        self.assertTrue(actor.startswith("情報セキュリティ"))
        self.assertLess(len(actor.encode()), 96)
        self.assertEqual(out["incident"]["created_by"], actor)
        self.kz("verify", expect=0)

    def test_actor_that_is_not_text_is_ignored(self):
        r = self.kz("incident", "new", "--title", "紛失", "--discovered-at",
                    "2026-11-22 09:30", expect=0,
                    # The environment carries the byte 0xff.
                    KIZUKI_ACTOR="bad\udcff")
        self.assertIn("KIZUKI_ACTOR", r.err)
        out = self.show("INC-2026-0001")
        self.assertEqual(len(out["chronology"]), 1)
        self.assertNotEqual(out["chronology"][0]["actor"], "")

    def test_near_miss_and_exercise_are_marked_in_the_list(self):
        self.create({"title": "訓練メール", "kind": "exercise"})
        self.create({"title": "ヒヤリ", "kind": "near_miss"})
        out = self.kz("incident", "list", expect=0).out
        self.assertIn("[訓練] 訓練メール", out)
        self.assertIn("[ヒヤリハット] ヒヤリ", out)


class TestNewFromJson(CliTestCase):

    RECORD = {
        "title": "標的型メールの開封",
        "discovered_at": "2026-11-22T09:00:00+09:00",
        "category": "targeted_email",
        "severity": "S3",
        "severity_reason": "開封者が1名のみ",
        "info_types": [{"type": "email_address", "count": 30}],
        "tags": ["標的型"],
    }

    def check(self, out):
        self.assertEqual(out["ref"], "INC-2026-0001")
        for k, v in self.RECORD.items():
            self.assertEqual(out[k], v, k)
        self.assertEqual(out["version"], 1)
        self.assertEqual(self.show("INC-2026-0001")["incident"], out)

    def test_from_file(self):
        path = os.path.join(self.tmp, "report.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.RECORD, f, ensure_ascii=False)
        r = self.kz("incident", "new", "--json", path, expect=0)
        self.check(r.json())

    def test_from_stdin(self):
        r = self.kz("incident", "new", "--json", "-",
                    input=json.dumps(self.RECORD), expect=0)
        self.check(r.json())

    def test_flags_override_the_file(self):
        r = self.kz("incident", "new", "--json", "-", "--severity", "S1",
                    "--title", "上書きした件名",
                    input=json.dumps(self.RECORD), expect=0)
        out = r.json()
        self.assertEqual(out["severity"], "S1")
        self.assertEqual(out["title"], "上書きした件名")
        self.assertEqual(out["category"], "targeted_email")

    def test_unreadable_json_is_refused(self):
        for text in ("not json", "[1, 2]", '{"title": "a", "title": "b"}',
                     ""):
            with self.subTest(text=text):
                r = self.assertRefused("incident", "new", "--json", "-",
                                       input=text, field=None)
                self.assertEqual(r.json()["error"]["code"], "malformed")

    def test_missing_file_is_refused(self):
        r = self.assertRefused("incident", "new", "--json",
                               os.path.join(self.tmp, "nope.json"),
                               field=None)
        self.assertEqual(r.json()["error"]["code"], "malformed")

    def test_read_only_keys_are_refused(self):
        for key, value in (("ref", "INC-2026-0099"), ("version", 7),
                           ("created_by", "someone")):
            with self.subTest(key=key):
                rec = dict(self.RECORD, **{key: value})
                self.assertRefused("incident", "new", "--json", "-",
                                   input=json.dumps(rec), field=key,
                                   json_mode=True)
        rec = dict(self.RECORD, phase="closed")
        r = self.assertRefused("incident", "new", "--json", "-",
                               input=json.dumps(rec), field="phase",
                               json_mode=True)
        self.assertIn("移行", r.json()["error"]["fields"]["phase"])

    def test_several_problems_are_all_named(self):
        # Values that cannot be read are named together; the record's
        # rules are checked once every value could be read.
        rec = {"title": "x", "discovered_at": "yesterday", "severity": "S9"}
        r = self.assertRefused("incident", "new", "--json", "-",
                               input=json.dumps(rec), field="severity",
                               json_mode=True)
        self.assertEqual(set(r.json()["error"]["fields"]),
                         {"discovered_at", "severity"})
        rec = {"title": "", "discovered_at": clihelp.DISCOVERED,
               "occurred_at": "2026-11-22 10:00", "category": "nope"}
        r = self.assertRefused("incident", "new", "--json", "-",
                               input=json.dumps(rec), field="title",
                               json_mode=True)
        self.assertEqual(set(r.json()["error"]["fields"]),
                         {"title", "discovered_at", "category"})
        self.assertEqual(r.json()["error"]["code"], "validation_failed")
