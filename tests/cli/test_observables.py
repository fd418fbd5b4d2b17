# SPDX-License-Identifier: MIT
"""`kizuki observable add REF --type T --value V [--tlp amber] [--ioc]
[--note …]`, `kizuki observable list REF` and `kizuki observable find
--type T --value V` (issue 10 item 2)."""

from tests.cli.clihelp import CliTestCase


class TestObservables(CliTestCase):

    def setUp(self):
        super().setUp()
        self.a = self.create({"title": "請求書を装う不審メール",
                              "category": "targeted_email"})["ref"]
        self.b = self.create({"title": "同じ送信元からの不審メール",
                              "category": "targeted_email"})["ref"]

    def test_add_list_and_find(self):
        r = self.kz("observable", "list", self.a, expect=0)
        self.assertIn("観測値はありません", r.out)
        out = self.kz_json("observable", "add", self.a, "--type", "domain",
                           "--value", "Evil[.]Example.", "--tlp", "red",
                           "--ioc", "--note", "送信元ドメイン")
        self.assertEqual((out["type"], out["value"], out["tlp"], out["ioc"],
                          out["sighted"], out["note"]),
                         ("domain", "evil.example", "red", True, False,
                          "送信元ドメイン"))
        r = self.kz("observable", "add", self.b, "--type", "domain",
                    "--value", "evil.example", "--sighted", expect=0)
        self.assertIn("evil.example", r.out)
        r = self.kz("observable", "list", self.a, expect=0)
        self.assertIn("evil.example", r.out)
        self.assertIn("red", r.out)
        (item,) = self.kz_json("observable", "list", self.a)["items"]
        self.assertEqual(item["seen_in"], 1)
        out = self.kz_json("observable", "find", "--type", "domain",
                           "--value", "EVIL.example")
        self.assertEqual(out["value"], "evil.example")
        self.assertEqual(sorted(i["ref"] for i in out["items"]),
                         sorted([self.a, self.b]))
        r = self.kz("observable", "find", "--type", "domain", "--value",
                    "evil.example", expect=0)
        self.assertIn(self.a, r.out)
        self.assertIn("請求書を装う不審メール", r.out)
        r = self.kz("observable", "find", "--type", "ipv4", "--value",
                    "192.0.2.1", expect=0)
        self.assertIn("ありません", r.out)
        # The timeline records the addition.
        chron = self.show(self.a)["chronology"]
        self.assertIn("evil.example", chron[-1]["body"])

    def test_refusals_write_nothing(self):
        self.kz("observable", "add", self.a, "--type", "ipv4", "--value",
                "203.0.113.5", expect=0)
        r = self.assertRefused("observable", "add", self.a, "--type", "ipv4",
                               "--value", "1.2.3.04", field="value")
        self.assertIn("IPv4", r.err)
        self.assertRefused("observable", "add", self.a, "--type", "ipv4",
                           "--value", "203.0.113.5", field="value")
        self.assertRefused("observable", "add", self.a, "--type", "hash",
                           "--value", "x", field="type")
        self.assertRefused("observable", "add", self.a, "--type", "ipv4",
                           "--value", "192.0.2.1", "--tlp", "white",
                           field="tlp")
        r = self.assertRefused("observable", "add", self.a, "--type", "md5",
                               "--value", "abc", "--json", field="value",
                               json_mode=True)
        self.assertRefused("observable", "add", self.a, "--type", "ipv4",
                           field=None)
        self.assertRefused("observable", "add", "INC-2026-9999", "--type",
                           "ipv4", "--value", "192.0.2.1", field=None,
                           expect=1)
        self.assertRefused("observable", "find", "--type", "ipv4",
                           "--value", "1.2.3.04", field="value")
        self.assertRefused("observable", "list", field=None)
        self.assertRefused("observable", "frobnicate", self.a, field=None)
        r = self.kz("observable", "--help", expect=0)
        self.assertIn("kizuki observable add", r.out)
