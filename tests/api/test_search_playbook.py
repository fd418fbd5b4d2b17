# SPDX-License-Identifier: MIT
"""Search finds the tasks a playbook gave an incident (issue 9: the index
keeps one copy of a playbook step's title, 0018_search_cost.sql): in every
incident of that category, by GET /api/v1/search (the title of the task as
the snippet, field "task") and by the list's q; not through a restricted
incident; and no longer by the old words once a person changed the task's
title, which is then found by its new words."""

import urllib.parse

from tests.api.server import ApiTestCase, DISCOVERED

# A step of the built-in misdirected_email playbook (playbook_data.c) and a
# word only it has.
STEP = "宛先確認・送信保留・外部宛先の制限など送信の仕組みを見直す"
WORD = "送信保留"


class SearchPlaybookTaskTest(ApiTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.c("handler")

        def new(who=h, **rec):
            rec.setdefault("discovered_at", DISCOVERED)
            rec.setdefault("category", "misdirected_email")
            r = who.post("/api/v1/incidents", rec)
            assert r.status == 201, str(r)
            return r.json["ref"]

        cls.first = new(title="一件目の誤送信")
        cls.second = new(title="二件目の誤送信")
        cls.edited = new(title="三件目の誤送信")
        cls.other = new(title="端末の紛失", category="device_loss")
        cls.secret = new(who=cls.c("commander"), title="役員の誤送信",
                         restricted=True, members=["commander"])
        tasks = h.get("/api/v1/incidents/%s/tasks" % cls.edited).json
        task = [t for t in tasks["items"] if t["title"] == STEP][0]
        r = h.patch("/api/v1/incidents/%s/tasks/%d" % (cls.edited, task["id"]),
                    {"title": "外部宛先への送信を上長承認制にする"})
        assert r.status == 200, str(r)

    def search(self, text, who="handler"):
        r = self.c(who).get("/api/v1/search?" +
                            urllib.parse.urlencode({"q": text}))
        self.assertEqual(r.status, 200, str(r))
        return r.json["items"]

    def test_step_found_in_every_incident_of_the_playbook(self):
        items = self.search(WORD)
        self.assertEqual([i["ref"] for i in items],
                         [self.second, self.first])
        for item in items:
            self.assertEqual(item["fields"], ["task"])
            self.assertIn(WORD, item["snippets"][0])
            s, e = item["highlights"][0][0]
            self.assertEqual(item["snippets"][0][s:e], WORD)

    def test_list_q_finds_them_too(self):
        r = self.c("handler").get("/api/v1/incidents?" +
                                  urllib.parse.urlencode({"q": WORD}))
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(sorted(i["ref"] for i in r.json["items"]),
                         sorted([self.first, self.second]))

    def test_restricted_incident_only_for_its_members(self):
        self.assertNotIn(self.secret,
                         [i["ref"] for i in self.search(WORD)])
        self.assertIn(self.secret,
                      [i["ref"] for i in self.search(WORD, "commander")])

    def test_changed_title_is_found_by_its_new_words(self):
        self.assertEqual([i["ref"] for i in self.search("上長承認")],
                         [self.edited])
        # the words of every step, within one step only
        self.assertEqual([i["ref"] for i in self.search("送信保留 上長承認")],
                         [])

    def test_other_playbook_steps_are_found(self):
        self.assertEqual([i["ref"] for i in self.search("遺失届")],
                         [self.other])
