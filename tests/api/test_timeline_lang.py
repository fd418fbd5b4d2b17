"""The chronology lines kizuki writes itself (tasks from the playbook,
convocation, acknowledgement, task done, disclosure drift) are stored as
a message key with its arguments and read in the reader's language: in
English no Japanese character is left in them, in Japanese they read as
before, and the stored body stays available (issue 9, item 24).  A note
cannot pose as one of kizuki's lines.

Names given by people are ASCII here, so that any Japanese character in
an English line can only come from kizuki's own wording."""

import re
import unittest

from tests.api.test_convocation import SinkTestCase

CJK = re.compile("[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


class TimelineLanguageTest(SinkTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.hook
        cls.contact("ceo", name="CEO Tanaka", roles=["executive"],
                    webhook_url=h.url("/hooks/ceo"))
        cls.rule("r", name="Ransomware first call",
                 categories=["ransomware"], max_severity="S2",
                 summon_contacts=[cls.contacts["ceo"]["id"]])

    def timeline(self, ref, lang):
        r = self.c("admin").with_lang(lang).get(
            "/api/v1/incidents/%s/timeline" % ref)
        self.assertEqual(r.status, 200, str(r))
        return r.json["items"]

    def test_system_lines_follow_the_readers_language(self):
        ref = self.file("ransomware", affected_persons=100)
        self.triage(ref)
        (s,) = self.wait_sent(ref, 1)
        r = self.c("handler").post("/api/v1/summons/%d/ack" % s["id"])
        self.assertEqual(r.status, 200, str(r))
        r = self.c("admin").post("/api/v1/incidents/%s/tasks" % ref,
                                 {"title": "Call the insurer"})
        self.assertEqual(r.status, 201, str(r))
        r = self.c("handler").patch(
            "/api/v1/incidents/%s/tasks/%d" % (ref, r.json["id"]),
            {"status": "done"}, headers={"If-Match": "1"})
        self.assertEqual(r.status, 200, str(r))
        r = self.c("admin").post(
            "/api/v1/incidents/%s/disclosures" % ref,
            {"kind": "customer_notice", "audience": "customers",
             "sent_at": "2026-11-22T11:00:00+09:00", "summary": "sorry"})
        self.assertEqual(r.status, 201, str(r))
        self.patch(ref, {"affected_persons": 150})

        en = self.timeline(ref, "en")
        ja = self.timeline(ref, "ja")
        self.assertEqual([e["body"] for e in en], [e["body"] for e in ja])
        system = [(e, j) for e, j in zip(en, ja) if e["system"]]
        msgs = [re.match(r'\{"msg":"(chron\.[a-z_.]+)"', e["body"]).group(1)
                for e, _ in system]
        for m in ("chron.tasks_created", "chron.convened", "chron.acked",
                  "chron.task_done", "chron.drift"):
            self.assertIn(m, msgs)
        for e, j in system:
            with self.subTest(body=e["body"]):
                self.assertIsNone(CJK.search(e["text"]), e["text"])
                self.assertTrue(CJK.search(j["text"]), j["text"])
                self.assertNotIn('"msg"', e["text"])
        text = {m: (e["text"], j["text"])
                for m, (e, j) in zip(msgs, system)}
        self.assertIn("Summoned under the rule “Ransomware first call”: "
                      "CEO Tanaka", text["chron.convened"][0])
        self.assertIn("招集基準「Ransomware first call」により招集しました: "
                      "CEO Tanaka", text["chron.convened"][1])
        self.assertEqual(text["chron.acked"],
                         ("handler acknowledged the summons (in kizuki)",
                          "handler が招集を確認しました（kizuki の画面から）"))
        self.assertEqual(text["chron.task_done"],
                         ("Task done: Call the insurer",
                          "タスク完了: Call the insurer"))
        self.assertIn("“100” when disclosed → now “150”",
                      text["chron.drift"][0])
        self.assertIn("公表時「100」→ 現在「150」", text["chron.drift"][1])
        self.assertRegex(text["chron.tasks_created"][0],
                         r"^Created \d+ tasks? from the playbook “Ransomware”")

        # People's entries are shown as written, in any language.
        r = self.c("handler").post("/api/v1/incidents/%s/timeline" % ref,
                                   {"kind": "note", "body": "現地で確認"})
        self.assertEqual(r.status, 201, str(r))
        self.assertEqual((r.json["text"], r.json["system"]),
                         ("現地で確認", False))
        # The chain still verifies with the new bodies.
        r = self.c("admin").get("/api/v1/verify")
        self.assertEqual(r.status, 200, str(r))
        self.assertTrue(r.json["ok"], r.json)

    def test_playbook_tasks_in_the_readers_language(self):
        ref = self.file("ransomware")
        r = self.c("admin").post("/api/v1/incidents/%s/tasks" % ref,
                                 {"title": "保険会社に連絡"})
        self.assertEqual(r.status, 201, str(r))
        mine = r.json["id"]

        def tasks(lang):
            r = self.c("handler").with_lang(lang).get(
                "/api/v1/incidents/%s/tasks" % ref)
            self.assertEqual(r.status, 200, str(r))
            return r.json["items"]
        en, ja = tasks("en"), tasks("ja")
        self.assertEqual([t["id"] for t in en], [t["id"] for t in ja])
        steps = [(e, j) for e, j in zip(en, ja)
                 if e["source"].startswith("playbook:")]
        self.assertGreater(len(steps), 3)
        for e, j in steps:
            with self.subTest(title=j["title"]):
                self.assertIsNone(CJK.search(e["title"]), e["title"])
                self.assertTrue(CJK.search(j["title"]), j["title"])
        # A person's task keeps its title in every language.
        (e,) = [t for t in en if t["id"] == mine]
        self.assertEqual(e["title"], "保険会社に連絡")

        # Done, a step reads in the reader's language in the timeline too.
        step_en, step_ja = steps[0]
        r = self.c("handler").patch(
            "/api/v1/incidents/%s/tasks/%d" % (ref, step_en["id"]),
            {"status": "done"}, headers={"If-Match": str(step_en["version"])})
        self.assertEqual(r.status, 200, str(r))
        (done_en,) = [e for e in self.timeline(ref, "en")
                      if e["body"].startswith('{"msg":"chron.task_done"')]
        (done_ja,) = [e for e in self.timeline(ref, "ja")
                      if e["body"].startswith('{"msg":"chron.task_done"')]
        self.assertEqual(done_en["text"], "Task done: " + step_en["title"])
        self.assertEqual(done_ja["text"], "タスク完了: " + step_ja["title"])

    def test_duty_and_aftercare_lines_follow_the_readers_language(self):
        ref = self.file("misdirected_email", affected_persons=1200,
                        info_types=[{"type": "name", "count": 1200}],
                        aware_at="2026-11-22T10:00:00+09:00")
        base = "/api/v1/incidents/%s/" % ref
        a = self.c("admin")
        for method, path, body in [
                ("PUT", "facts/method", {"owner": "handler"}),
                ("POST", "disclosures", {"kind": "customer_notice",
                                         "audience": "customers"}),
                ("POST", "aftercare", {"kind": "call", "party": "Acme",
                                       "count": 3}),
                ("POST", "obligations/appi_preliminary",
                 {"status": "filed", "reference": "PPC-1"}),
                ("POST", "obligations/appi_final",
                 {"status": "not_applicable", "reason": "n/a"}),
                ("POST", "costs", {"category": "investigation",
                                   "amount_yen": 500000})]:
            r = a.request(method, base + path, body)
            self.assertIn(r.status, (200, 201), str(r))
        en = self.timeline(ref, "en")
        ja = self.timeline(ref, "ja")
        msgs = {re.match(r'\{"msg":"(chron\.[a-z_.]+)"', e["body"]).group(1):
                (e["text"], j["text"]) for e, j in zip(en, ja) if e["system"]}
        for m in ("chron.fact_owner", "chron.disclosed_to", "chron.aftercare",
                  "chron.filed_ref", "chron.not_required", "chron.cost"):
            with self.subTest(msg=m):
                self.assertIn(m, msgs)
                self.assertIsNone(CJK.search(msgs[m][0]), msgs[m][0])
                self.assertTrue(CJK.search(msgs[m][1]), msgs[m][1])
        self.assertIn("(reference PPC-1)", msgs["chron.filed_ref"][0])
        self.assertIn("（受付番号 PPC-1）", msgs["chron.filed_ref"][1])
        self.assertIn("500000", msgs["chron.cost"][0])

    def test_a_note_cannot_pose_as_a_system_line(self):
        ref = self.file("ransomware")
        before = len(self.timeline(ref, "en"))
        r = self.c("handler").with_lang("en").post(
            "/api/v1/incidents/%s/timeline" % ref,
            {"kind": "note",
             "body": '{"msg":"chron.acked","args":{"who":"CEO","via":"ui"}}'})
        self.assertError(r, 422, "validation_failed", fields=("body",))
        self.assertEqual(len(self.timeline(ref, "en")), before)


if __name__ == "__main__":
    unittest.main()
