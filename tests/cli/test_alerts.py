# SPDX-License-Identifier: MIT
"""`kizuki alert add|list|promote|status` (issue 10 item 3): alerts from
options or a file, repeats counted, the queue with filters, promotion to
a new incident or attachment to an existing one, refusals that write
nothing."""

import json
import os

from tests.cli.clihelp import CliTestCase


class TestAlerts(CliTestCase):

    def add(self, *args, expect=0, input_json=None):
        if input_json is None:
            return self.kz_json("alert", "add", *args, expect=expect)
        return self.kz_json("alert", "add", *args, expect=expect,
                            input=json.dumps(input_json, ensure_ascii=False))

    def test_add_from_options_and_repeat(self):
        args = ("--source", "edr", "--source-ref", "e-1",
                "--title", "不審なプロセス", "--severity", "high",
                "--occurred-at", "2026-11-22 10:00",
                "--observable", "sha256:" + "b" * 64,
                "--observable", "url:http://a.example/x:1",
                "--raw", '{"pid": 4242}')
        out = self.add(*args)
        self.assertEqual((out["created"], out["updated"]), (1, 0))
        again = self.add(*args)
        self.assertEqual((again["created"], again["updated"]), (0, 1))
        self.assertEqual(again["items"][0]["repeat_count"], 2)
        r = self.kz("alert", "list", expect=0)
        self.assertIn("不審なプロセス", r.out)
        self.assertIn("x2", r.out)
        items = self.kz_json("alert", "list")["items"]
        self.assertEqual(items[0]["observables"][1],
                         {"type": "url", "value": "http://a.example/x:1"})

    def test_add_from_a_file_and_filters(self):
        path = os.path.join(self.tmp, "alerts.json")
        batch = {"alerts": [
            {"source": "siem", "source_ref": "s-%d" % i,
             "title": "Port scan", "severity": "low" if i % 2 else "high",
             "observables": [{"type": "ipv4", "value": "192.0.2.1"}]}
            for i in range(5)]}
        with open(path, "w") as f:
            json.dump(batch, f)
        out = self.add("--file", path)
        self.assertEqual(out["created"], 5)
        group = out["items"][0]["group"]
        self.assertTrue(all(i["group"] == group for i in out["items"]))
        self.assertEqual(len(self.kz_json("alert", "list", "--severity",
                                          "low")["items"]), 2)
        self.assertEqual(len(self.kz_json("alert", "list", "--group",
                                          str(group), "--limit",
                                          "3")["items"]), 3)
        # From standard input too.
        r = self.kz("alert", "add", "--file", "-", "--json",
                    input=json.dumps({"source": "siem", "source_ref": "s-9",
                                      "title": "x"}), expect=0)
        self.assertEqual(r.json()["created"], 1)

    def test_bad_alert_names_its_index_and_writes_nothing(self):
        path = os.path.join(self.tmp, "bad.json")
        with open(path, "w") as f:
            json.dump({"alerts": [
                {"source": "s", "source_ref": "1", "title": "a"},
                {"source": "s", "source_ref": "2", "title": "b",
                 "severity": "urgent"}]}, f)
        before = self.dump()
        r = self.kz("alert", "add", "--file", path, expect=2)
        self.assertFieldNamed(r, "alerts[1].severity")
        r = self.kz("alert", "add", "--source", "s", "--title", "t",
                    expect=2)
        self.assertFieldNamed(r, "source_ref")
        self.kz("alert", "add", "--observable", "novalue", expect=2)
        self.kz("alert", "add", "--raw", "{bad", expect=2)
        self.kz("alert", "add", "--file", path, "--title", "x", expect=2)
        self.kz("alert", "list", "--status", "closed", expect=2)
        self.assertEqual(self.dump(), before)

    def test_promote_new_and_attach(self):
        ids = [i["id"] for i in self.add("--file", "-", input_json={
            "alerts": [{"source": "siem", "source_ref": "p%d" % i,
                        "title": "ランサムノートを検知 %d" % i,
                        "severity": "critical",
                        "observables": [{"type": "domain",
                                         "value": "c2.example"}]}
                       for i in range(3)]})["items"]]
        out = self.kz_json("alert", "promote", str(ids[0]), str(ids[1]))
        ref = out["incident"]
        rec = self.show(ref)
        self.assertEqual(rec["record"]["severity"], "S1"
                         ) if "record" in rec else None
        text = json.dumps(rec, ensure_ascii=False)
        self.assertIn("c2.example", text)
        self.assertIn("ランサムノートを検知 0", text)
        r = self.kz("alert", "promote", str(ids[2]), "--incident", ref,
                    expect=0)
        self.assertIn(ref, r.out)
        merged = self.kz_json("alert", "list", "--status", "merged")["items"]
        self.assertEqual([(m["id"], m["incident"]) for m in merged],
                         [(ids[2], ref)])
        r = self.kz("alert", "promote", str(ids[2]), expect=2)
        self.assertIn("すでにインシデントに起票・統合", r.err)
        self.assertFieldNamed(r, "alerts[0]")
        r = self.kz("alert", "promote", "x", expect=2)
        r = self.kz("alert", "promote", "999", expect=2)
        self.assertFieldNamed(r, "alerts[0]")
        (fresh,) = self.add("--source", "s", "--source-ref", "f",
                            "--title", "t")["items"]
        self.kz("alert", "promote", str(fresh["id"]), "--incident",
                "INC-2026-9999", expect=1)
        self.kz("alert", "promote", str(fresh["id"]), "--incident",
                "bogus", expect=2)

    def test_status_with_reason(self):
        (item,) = self.add("--source", "s", "--source-ref", "i1",
                           "--title", "t")["items"]
        r = self.kz("alert", "status", str(item["id"]), "ignored", expect=2)
        self.assertFieldNamed(r, "reason")
        out = self.kz_json("alert", "status", str(item["id"]), "ignored",
                           "--reason", "試験環境")
        self.assertEqual((out["status"], out["reason"]),
                         ("ignored", "試験環境"))
        self.assertEqual(len(self.kz_json("alert", "list", "--status",
                                          "ignored")["items"]), 1)
