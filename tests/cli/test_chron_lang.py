# SPDX-License-Identifier: MIT
"""`kizuki incident show` prints the chronology lines kizuki writes itself
(stored as a message key with its arguments) in the language of --lang,
and with --json gives the stored body and the text in that language
(issue 9, item 24)."""

import re

from tests.cli.clihelp import CliTestCase

CJK = re.compile("[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


class TestChronLang(CliTestCase):

    def test_playbook_line_in_each_language(self):
        ref = self.create({"category": "device_loss"})["ref"]
        en = self.kz("incident", "show", ref, "--lang", "en", expect=0).out
        (line,) = [x for x in en.splitlines() if "from the playbook" in x]
        self.assertRegex(line, r"Created \d+ tasks from the playbook "
                               r"“Loss or theft of PC, media or smartphone”")
        self.assertNotIn('"msg"', en)
        ja = self.kz("incident", "show", ref, expect=0).out
        self.assertRegex(ja, r"プレイブック「PC・記録媒体・スマートフォンの紛失・"
                             r"盗難」から \d+ 件のタスクを作成しました")

        out = self.show(ref, LANG="en_US.UTF-8")
        (e,) = [x for x in out["chronology"] if x["system"]]
        self.assertTrue(e["body"].startswith('{"msg":"chron.tasks_created"'))
        self.assertIsNone(CJK.search(e["text"]), e["text"])
        # The stored body still verifies.
        self.kz("verify", expect=0)
