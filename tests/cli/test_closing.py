# SPDX-License-Identifier: MIT
"""`kizuki incident move REF closed` checks what is open (issue 9 item
17), and `kizuki task skip` takes the reason of the waiver."""

from tests.cli.clihelp import CliTestCase

LEAK = {
    "title": "顧客1,200名へのメール誤送信",
    "category": "misdirected_email",
    "info_types": [{"type": "name", "count": 1200}],
    "affected_persons": 1200,
}


class TestClosing(CliTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.create(LEAK)["ref"]

    def open_duties(self):
        out = self.kz_json("incident", "obligations", self.ref)
        return [d["key"] for d in out["items"]
                if d["status"] not in ("filed", "not_applicable")]

    def open_tasks(self):
        out = self.kz_json("task", "list", self.ref)
        return [t for t in out["items"] if t["status"] == "open"]

    def test_closing_is_refused_with_what_is_open(self):
        duties = self.open_duties()
        tasks = self.open_tasks()
        self.assertTrue(duties)
        self.assertTrue(tasks)
        r = self.kz("incident", "move", self.ref, "closed", expect=2)
        self.assertIn("未完了の報告義務またはタスク", r.err)
        self.assertIn("報告義務「個人情報保護委員会への速報」", r.err)
        self.assertIn("タスク #%d「%s」" % (tasks[0]["id"], tasks[0]["title"]),
                      r.err)
        self.assertEqual(r.err.count("\n  - "), len(duties) + len(tasks))
        r = self.kz("incident", "move", self.ref, "closed", "--lang", "en",
                    expect=2)
        self.assertIn("Reporting duty", r.err)
        self.assertIn("not required with a reason", r.err)
        out = self.kz_json("incident", "move", self.ref, "closed", expect=2)
        self.assertEqual(
            [i.get("key", i.get("id")) for i in out["error"]["open_items"]],
            duties + [t["id"] for t in tasks])
        self.assertEqual(self.show(self.ref)["incident"]["phase"], "reported")

    def test_settled_then_closed(self):
        for key in self.open_duties():
            self.kz("incident", "file", self.ref, key, "--not-applicable",
                    "本人同意の範囲内", expect=0)
        tasks = self.open_tasks()
        r = self.kz("task", "skip", self.ref, str(tasks[0]["id"]), expect=2)
        self.assertIn("reason", r.err)
        self.kz("task", "skip", self.ref, str(tasks[0]["id"]), "--reason",
                "該当する端末がない", expect=0)
        for t in tasks[1:]:
            self.kz("task", "done", self.ref, str(t["id"]), expect=0)
        self.kz("incident", "move", self.ref, "closed", expect=0)
        inc = self.show(self.ref)["incident"]
        self.assertEqual(inc["phase"], "closed")
        self.kz("verify", expect=0)
