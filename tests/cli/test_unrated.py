# SPDX-License-Identifier: MIT
"""`kizuki incident list|show`: a thin report is unrated, with what it
lacks (issue 9 item 18)."""

from tests.cli.clihelp import CliTestCase


class TestUnrated(CliTestCase):

    def test_list_and_show_say_unrated_and_what_is_missing(self):
        thin = self.create({"title": "誤送信（詳細未確認）",
                            "category": "misdirected_email"})["ref"]
        rated = self.create({"title": "誤送信（3名）",
                             "category": "misdirected_email",
                             "info_types": [{"type": "name", "count": 3}]})
        self.assertIsNone(self.show(thin)["incident"]["severity"])
        self.assertEqual(rated["severity"], "S4")
        out = self.kz("incident", "list", expect=0).out
        line = next(x for x in out.splitlines() if x.startswith(thin))
        self.assertRegex(line, r"^%s\s+未評価\s" % thin)
        line = next(x for x in out.splitlines()
                    if x.startswith(rated["ref"]))
        self.assertRegex(line, r"\sS4\s")
        out = self.kz("incident", "list", "--lang", "en", expect=0).out
        self.assertRegex(out, r"%s\s+unrated\s" % thin)
        out = self.kz("incident", "show", thin, expect=0).out
        self.assertIn("未評価 — 情報不足（不足: 漏えい等した情報の種類）", out)
        out = self.kz("incident", "show", thin, "--lang", "en",
                      expect=0).out
        self.assertIn("Unrated — facts missing (missing: The types of"
                      " information involved)", out)
        # Filtered as "no severity".
        out = self.kz_json("incident", "list", "--severity", "none")
        self.assertEqual([i["ref"] for i in out["items"]], [thin])
