# SPDX-License-Identifier: MIT
"""Closing checks what is open (issue 9 item 17): review and closed are
refused while a reporting duty is neither filed nor marked not required,
or a task is neither done nor waived, and the answer lists each one."""

from tests.api.server import ApiTestCase

LEAK = {
    "title": "顧客1,200名へのメール誤送信",
    "category": "misdirected_email",
    "discovered_at": "2026-11-21T09:30:00+09:00",
    "aware_at": "2026-11-21T09:30:00+09:00",
    "info_types": [{"type": "name", "count": 1200},
                   {"type": "address", "count": 1200}],
    "affected_persons": 1200,
}


class ClosingTest(ApiTestCase):

    def file(self, **fields):
        rec = dict(LEAK)
        rec.update(fields)
        r = self.c("handler").post("/api/v1/incidents", rec)
        self.assertEqual(r.status, 201, str(r))
        return r.json["ref"]

    def move(self, ref, to, lang=None, reason=None):
        cl = self.c("handler")
        if lang:
            cl = cl.with_lang(lang)
        body = {"to": to}
        if reason:
            body["reason"] = reason
        return cl.post("/api/v1/incidents/%s/phase" % ref, body)

    def duties(self, ref):
        return self.c("handler").get(
            "/api/v1/incidents/%s/obligations" % ref).json["items"]

    def tasks(self, ref):
        return self.c("handler").get(
            "/api/v1/incidents/%s/tasks" % ref).json["items"]

    def open_duties(self, ref):
        return [d["key"] for d in self.duties(ref)
                if d["status"] not in ("filed", "not_applicable")]

    def settle_duties(self, ref):
        for key in self.open_duties(ref):
            r = self.c("handler").post(
                "/api/v1/incidents/%s/obligations/%s" % (ref, key),
                {"status": "not_applicable", "reason": "本人同意の範囲内"})
            self.assertEqual(r.status, 200, str(r))

    def task_patch(self, ref, task, body):
        return self.c("handler").patch(
            "/api/v1/incidents/%s/tasks/%d" % (ref, task["id"]), body)

    def test_closing_lists_each_open_duty_and_task(self):
        ref = self.file()
        duties = self.open_duties(ref)
        tasks = [t for t in self.tasks(ref) if t["status"] == "open"]
        self.assertIn("appi_preliminary", duties)
        self.assertTrue(tasks)
        before = self.server.snapshot()
        r = self.move(ref, "closed")
        self.assertError(r, 422, "validation_failed", ["to"], exact=True)
        self.assertIn("未完了の報告義務またはタスク", r.json["error"]["fields"]["to"])
        items = r.json["error"]["open_items"]
        self.assertEqual([i["key"] for i in items if i["kind"] == "duty"],
                         duties)
        self.assertEqual([i["id"] for i in items if i["kind"] == "task"],
                         [t["id"] for t in tasks])
        d = next(i for i in items if i["key"] == "appi_preliminary")
        self.assertEqual(d["label"], "個人情報保護委員会への速報")
        self.assertIn("理由を添えて対象外", d["message"])
        t = next(i for i in items if i["kind"] == "task")
        self.assertEqual(t["title"], tasks[0]["title"])
        self.assertTrue(t["phase_label"])
        self.assertIn("完了にするか", t["message"])
        # Nothing was written.
        self.assertEqual(self.server.snapshot(), before)
        self.assertEqual(self.c("handler").get(
            "/api/v1/incidents/" + ref).json["phase"], "reported")
        # In English too.
        en = self.move(ref, "closed", lang="en")
        self.assertEqual(en.status, 422, str(en))
        d = next(i for i in en.json["error"]["open_items"]
                 if i.get("key") == "appi_preliminary")
        self.assertIn("not required with a reason", d["message"])
        self.assertNotIn("個人", d["label"])

    def test_review_too_but_not_the_review_tasks(self):
        ref = self.file()
        self.assertEqual(self.move(ref, "review").status, 422)
        self.settle_duties(ref)
        r = self.move(ref, "review")
        self.assertEqual(r.status, 422, str(r))
        self.assertEqual({i["kind"] for i in r.json["error"]["open_items"]},
                         {"task"})
        for t in self.tasks(ref):
            if t["status"] == "open" and t["phase"] not in ("review",
                                                            "closed"):
                self.assertEqual(self.task_patch(
                    ref, t, {"status": "done"}).status, 200)
        later = [t for t in self.tasks(ref) if t["status"] == "open"]
        r = self.move(ref, "review")
        self.assertEqual(r.status, 200, str(r))
        # The review's own tasks are what keeps it from closing now.
        r = self.move(ref, "closed")
        if later:
            self.assertEqual(r.status, 422, str(r))
            self.assertEqual([i["id"] for i in r.json["error"]["open_items"]],
                             [t["id"] for t in later])

    def test_a_waived_task_needs_a_reason_and_then_counts(self):
        ref = self.file()
        self.settle_duties(ref)
        open_tasks = [t for t in self.tasks(ref) if t["status"] == "open"]
        first, rest = open_tasks[0], open_tasks[1:]
        r = self.task_patch(ref, first, {"status": "skipped"})
        self.assertError(r, 422, "validation_failed", ["reason"], exact=True)
        r = self.task_patch(ref, first, {"status": "skipped",
                                         "reason": "　"})
        self.assertError(r, 422, "validation_failed", ["reason"], exact=True)
        r = self.task_patch(ref, first, {"status": "skipped",
                                         "reason": "貸与端末がないため"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual((r.json["status"], r.json["reason"]),
                         ("skipped", "貸与端末がないため"))
        for t in rest:
            self.assertEqual(self.task_patch(
                ref, t, {"status": "done"}).status, 200)
        r = self.move(ref, "closed")
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["phase"], "closed")
        # Skipped phases have no time: the UI shows them as skipped.
        self.assertEqual(sorted(r.json["phase_times"]),
                         sorted(["reported", "closed"]))
        tl = self.c("handler").get("/api/v1/incidents/%s/timeline" % ref)
        self.assertTrue(any("貸与端末がないため" in (e.get("body") or "")
                            for e in tl.json["items"]))

    def test_moving_back_and_other_phases_are_not_checked(self):
        ref = self.file()
        self.assertEqual(self.move(ref, "aftercare").status, 200)
        self.assertEqual(self.move(ref, "triage", reason="再評価").status,
                         200)

    def test_an_exercise_has_no_duties_to_settle(self):
        ref = self.file(kind="exercise", title="訓練: メール誤送信")
        self.assertEqual(self.open_duties(ref), [])
        r = self.move(ref, "closed")
        open_tasks = [t for t in self.tasks(ref) if t["status"] == "open"]
        if open_tasks:
            self.assertEqual(r.status, 422, str(r))
            self.assertEqual({i["kind"] for i in
                              r.json["error"]["open_items"]}, {"task"})
        else:
            self.assertEqual(r.status, 200, str(r))
