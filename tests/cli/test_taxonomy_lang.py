# SPDX-License-Identifier: MIT
"""`kizuki taxonomy`, and the language of every message: Japanese by
default, English with --lang en or an English locale."""

from tests.cli.clihelp import CliTestCase

TAXONOMIES = ("kind", "phase", "category", "info_type", "severity", "tlp",
              "entry_kind", "place", "party", "impact", "detection_trigger",
              "prevention_measure")


class TestTaxonomy(CliTestCase):
    init_db = False

    def test_all(self):
        r = self.kz("taxonomy", expect=0)
        for name in TAXONOMIES:
            self.assertIn("(%s)" % name, r.out)
        self.assertRegex(r.out, r"(?m)^  device_loss\s+PC・記録媒体・"
                                r"スマートフォンの紛失・盗難$")
        self.assertRegex(r.out, r"(?m)^  near_miss\s+ヒヤリハット$")

    def test_one(self):
        r = self.kz("taxonomy", "phase", expect=0)
        lines = r.out.splitlines()
        self.assertEqual(lines[0], "対応段階 (phase)")
        keys = [line.split()[0] for line in lines[1:]]
        self.assertEqual(keys, ["reported", "triage", "containment",
                                "investigation", "notification", "recovery",
                                "aftercare", "review", "closed"])
        self.assertIn("振り返り・再発防止", r.out)

    def test_json_all(self):
        out = self.kz_json("taxonomy")
        names = [t["name"] for t in out["taxonomies"]]
        for name in TAXONOMIES:
            self.assertIn(name, names)

    def test_json_one(self):
        out = self.kz_json("taxonomy", "category")
        self.assertEqual(out["name"], "category")
        self.assertEqual(out["label"], "分類")
        labels = {e["key"]: e["label"] for e in out["items"]}
        self.assertIn("bec", labels)
        self.assertIn("ransomware", labels)
        self.assertIn("other", labels)
        self.assertEqual(labels["device_loss"],
                         "PC・記録媒体・スマートフォンの紛失・盗難")
        out = self.kz_json("taxonomy", "category", "--lang", "en")
        labels = {e["key"]: e["label"] for e in out["items"]}
        self.assertEqual(labels["device_loss"],
                         "Loss or theft of PC, media or smartphone")

    def test_unknown_name(self):
        r = self.kz("taxonomy", "colours", expect=2)
        self.assertIn("その分類表はありません", r.err)
        r = self.kz("taxonomy", "colours", "--lang", "en", expect=2)
        self.assertIn("kizuki taxonomy", r.err)
        self.kz("taxonomy", "phase", "kind", expect=2)

    def test_taxonomy_needs_no_database(self):
        import os
        self.kz("taxonomy", "kind", expect=0)
        self.assertFalse(os.path.exists(self.db))


class TestLanguage(CliTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.create({"category": "device_loss"})["ref"]

    def test_default_is_japanese(self):
        r = self.kz("incident", "list", expect=0)
        self.assertIn("参照番号", r.out)
        self.assertIn("発見・報告", r.out)
        r = self.kz("incident", "show", "INC-2026-0404", expect=1)
        self.assertIn("エラー", r.err)
        r = self.kz("taxonomy", "severity", expect=0)
        self.assertIn("S1 緊急", r.out)

    def test_lang_option(self):
        r = self.kz("incident", "list", "--lang", "en", expect=0)
        self.assertIn("Reference", r.out)
        self.assertIn("Reported", r.out)
        self.assertNotIn("参照番号", r.out)
        r = self.kz("incident", "show", self.ref, "--lang", "en", expect=0)
        self.assertIn("Loss or theft of PC", r.out)
        self.assertRegex(r.out, r"\nChronology \(\d+\)\n")
        r = self.kz("taxonomy", "severity", "--lang", "en", expect=0)
        self.assertIn("S1 Critical", r.out)
        r = self.kz("--lang", "en", "--help", expect=0)
        self.assertIn("init", r.out)
        self.assertNotIn("データベースを作成する", r.out)

    def test_english_locale(self):
        for var in ("LANG", "LC_MESSAGES", "LC_ALL"):
            with self.subTest(var=var):
                r = self.kz("incident", "list", expect=0,
                            **{var: "en_US.UTF-8"})
                self.assertIn("Reference", r.out)
                r = self.kz("incident", "note", self.ref, "", expect=2,
                            **{var: "en_US.UTF-8"})
                self.assertIn("error: The input is not valid", r.err)
                self.assertIn("body: This is required", r.err)
                self.assertNotIn("エラー", r.err)

    def test_lc_all_wins_over_lang(self):
        r = self.kz("incident", "list", expect=0, LANG="en_US.UTF-8",
                    LC_ALL="ja_JP.UTF-8")
        self.assertIn("参照番号", r.out)

    def test_lang_option_wins_over_locale(self):
        r = self.kz("incident", "list", "--lang", "ja", expect=0,
                    LANG="en_US.UTF-8")
        self.assertIn("参照番号", r.out)

    def test_other_locales_fall_back_to_japanese(self):
        for loc in ("C", "C.UTF-8", "POSIX", "de_DE.UTF-8"):
            with self.subTest(loc=loc):
                r = self.kz("incident", "list", expect=0, LANG=loc)
                self.assertIn("参照番号", r.out)

    def test_json_errors_follow_the_language(self):
        out = self.kz_json("incident", "set", self.ref, "colour", "red",
                           "--lang", "en", expect=2)
        self.assertEqual(out["error"]["code"], "validation_failed")
        self.assertEqual(out["error"]["fields"]["colour"],
                         "There is no such field")
        out = self.kz_json("incident", "set", self.ref, "colour", "red",
                           expect=2)
        self.assertEqual(out["error"]["fields"]["colour"],
                         "この項目はありません")

    def test_validation_messages_in_english(self):
        r = self.kz("incident", "new", "--title", "x", "--discovered-at",
                    "soon", expect=2, LANG="en_US.UTF-8")
        self.assertRegex(r.err, r"(?m)^  discovered_at: [A-Za-z]")
