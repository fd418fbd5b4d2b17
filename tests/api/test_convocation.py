# SPDX-License-Identifier: MIT
"""Convocation over the API (SPEC C4, C5; issue 5): the right people get
the right summons by webhook and mail, with the incident's reference and
links; acknowledgement by link and signed in; escalation after the
acknowledgement window, night and holiday schedules (an injectable clock:
the server is restarted on the same database with a later
KIZUKI_TEST_NOW, never slept for); no notification lost when the server
is killed mid-delivery; stale contacts; every triage factor; webhook URL
and settings validation; rule, playbook and task edits.

A local SMTP sink (Debian's python3-aiosmtpd) and a webhook receiver run
on loopback (tests/api/sinks.py).
"""

import re
import time
from datetime import datetime, timedelta, timezone

from tests.api.server import ApiTestCase, Server, free_port
from tests.api.sinks import SmtpSink, WebhookReceiver, wait_until
from tests.api.test_duties import KEY_RE

JST = timezone(timedelta(hours=9))
BASE = "https://kizuki.example.jp"
FROM = "kizuki@example.jp"
ACK_RE = re.compile(re.escape(BASE) + r"/ack/([0-9a-f]{64})(?![0-9a-f])")


def at(text):
    return datetime.fromisoformat(text)


def iso(dt):
    return dt.astimezone(JST).isoformat(timespec="seconds")


def later(text, **delta):
    return iso(at(text) + timedelta(**delta))


class SinkTestCase(ApiTestCase):
    """A server with an SMTP sink and a webhook receiver, and the
    settings that point kizuki at them."""

    @classmethod
    def setUpClass(cls):
        cls.smtp = SmtpSink().start()
        cls.hook = WebhookReceiver().start()
        try:
            super().setUpClass()
            r = cls.c("admin").patch("/api/v1/settings", {
                "smtp_url": cls.smtp.url, "smtp_from": FROM,
                "base_url": BASE + "/"})
            assert r.status == 200, str(r)
            cls.contacts = {}
            cls.rules = {}
        except BaseException:
            cls.smtp.stop()
            cls.hook.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        # A held request would keep the notifier (and so the shutdown)
        # waiting for the delivery timeout.
        cls.hook.release()
        try:
            super().tearDownClass()
        finally:
            cls.smtp.stop()
            cls.hook.stop()

    # -- fixtures -------------------------------------------------------------

    @classmethod
    def contact(cls, key, **fields):
        r = cls.c("admin").post("/api/v1/contacts", fields)
        assert r.status == 201, str(r)
        cls.contacts[key] = r.json
        return r.json

    @classmethod
    def rule(cls, key, **fields):
        r = cls.c("admin").post("/api/v1/convocation-rules", fields)
        assert r.status == 201, str(r)
        cls.rules[key] = r.json
        return r.json

    def file(self, category, severity="S1", who="admin", **fields):
        """File an incident of 'category' (severity given by a person
        unless None) and return its reference."""
        rec = {"title": "招集の確認 %s" % category,
               "discovered_at": "2026-11-22T09:30:00+09:00",
               "category": category}
        if severity is not None:
            rec.update(severity=severity, severity_reason="初動の判断")
        rec.update(fields)
        r = self.c(who).post("/api/v1/incidents", rec)
        self.assertEqual(r.status, 201, str(r))
        return r.json["ref"]

    def triage(self, ref, who="admin"):
        r = self.c(who).post("/api/v1/incidents/%s/phase" % ref,
                             {"to": "triage"})
        self.assertEqual(r.status, 200, str(r))
        return r.json

    def patch(self, ref, fields, who="admin"):
        cur = self.get_incident(ref)
        r = self.c(who).patch("/api/v1/incidents/" + ref, fields,
                              headers={"If-Match": str(cur["version"])})
        self.assertEqual(r.status, 200, str(r))
        return r.json

    def summonses(self, ref, who="admin"):
        r = self.c(who).get("/api/v1/incidents/%s/summons" % ref)
        self.assertEqual(r.status, 200, str(r))
        return r.json["items"]

    def entries(self, ref):
        r = self.c("admin").get("/api/v1/incidents/%s/timeline" % ref)
        self.assertEqual(r.status, 200, str(r))
        return r.json["items"]

    def wait_sent(self, ref, messages, timeout=20):
        """Wait until the incident's summonses have 'messages' deliveries
        and every one is sent; return the summonses."""
        def done():
            items = self.summonses(ref)
            d = [x for s in items for x in s["deliveries"]]
            if len(d) == messages and all(x["status"] == "sent" for x in d):
                return items
            return None
        return wait_until(done, timeout,
                          message="deliveries of %s: %s" %
                          (ref, self.summonses(ref)))

    def outbox_of(self, ref):
        return self.server.db_read(
            "SELECT o.channel, o.target, o.status, o.idem_key FROM outbox o"
            " JOIN summons s ON s.id = o.summons_id JOIN incident i"
            " ON i.id = s.incident_id WHERE i.ref = ? ORDER BY o.id", (ref,))

    def audit(self, action, target):
        return self.server.db_read(
            "SELECT actor, detail FROM audit WHERE action = ? AND target = ?"
            " ORDER BY seq", (action, target))

    def restart(self, now=Server.KEEP, kill=False):
        rc = self.server.restart(now=now, kill=kill)
        if not kill:
            self.assertEqual(rc, 0, self.server.stderr_text())
        self.assertIsNone(self.server.sanitizer_report())


class ConvocationTest(SinkTestCase):
    """Who is summoned, by which channel, with what message; rules fire
    once; acknowledgement; validation of what configures it all."""

    # A Tuesday morning: the business-hours schedule is on call.
    now = "2026-11-24T10:00:00+09:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.hook
        cls.contact("it1", name="情報システム部 当番", roles=["it_admin"],
                    webhook_url=h.url("/hooks/it1?token=s3cr3t"),
                    email="it1@example.jp", oncall_order=1)
        cls.contact("it2", name="情報システム部 副当番", roles=["it_admin"],
                    email="it2@example.jp", oncall_order=2)
        cls.contact("night", name="夜間当番", roles=["it_admin"],
                    windows=["night", "holiday"],
                    webhook_url=h.url("/hooks/night"), oncall_order=1)
        cls.contact("privacy", name="法務部 山田",
                    roles=["privacy_officer", "legal"],
                    email="yamada@example.jp",
                    windows=["business", "night", "holiday"])
        cls.contact("exec", name="社長", roles=["executive"],
                    webhook_url=h.url("/hooks/exec"))
        cls.contact("pr", name="広報 佐藤", roles=["pr"],
                    webhook_url=h.url("/hooks/pr"), email="pr@example.jp")
        cls.rule("ransom", name="ランサムウェア初動",
                 categories=["ransomware"], max_severity="S2",
                 summon_roles=["it_admin"],
                 summon_contacts=[cls.contacts["exec"]["id"]])
        cls.rule("leak", name="個人情報漏えい",
                 categories=["misdirected_email", "device_loss"],
                 max_severity="S3", summon_roles=["privacy_officer"],
                 ack_minutes=60)
        cls.rule("off", name="無効にした基準", max_severity="S4",
                 summon_roles=["pr"], enabled=False)
        cls.rule("drill", name="DoSの予兆", categories=["dos"],
                 kinds=["near_miss"], max_severity="S4",
                 summon_roles=["pr"])

    # -- who is summoned ------------------------------------------------------

    def test_triage_summons_exactly_the_matching_people(self):
        ref = self.file("ransomware", title="ファイルサーバの暗号化")
        self.assertEqual(self.summonses(ref), [])
        self.triage(ref)
        items = self.wait_sent(ref, 3)
        by = {s["contact"]["name"]: s for s in items}
        self.assertEqual(set(by), {"社長", "情報システム部 当番"})
        self.assertIsNone(by["社長"]["role"])
        self.assertEqual(by["情報システム部 当番"]["role"], "it_admin")
        for s in items:
            self.assertEqual(s["rule"]["name"], "ランサムウェア初動")
            self.assertEqual(s["step"], 0)
            self.assertEqual(s["created_at"], self.now)
            self.assertEqual(s["ack_due_at"], later(self.now, minutes=30))
            self.assertIsNone(s["acked_at"])
            self.assertFalse(s["escalated"])
            self.assertFalse(s["overdue"])
        self.assertEqual(sorted(d["channel"] for d in
                                by["情報システム部 当番"]["deliveries"]),
                         ["email", "webhook"])
        self.assertEqual([d["channel"] for d in by["社長"]["deliveries"]],
                         ["webhook"])

        # Exactly one message per person and channel, none to anyone else.
        hooks = self.hook.about(ref)
        self.assertEqual(sorted(x.path for x in hooks),
                         ["/hooks/exec", "/hooks/it1?token=s3cr3t"])
        mails = self.smtp.about(ref)
        self.assertEqual([m.rcpt_tos for m in mails], [["it1@example.jp"]])

        tokens = {}
        for x in hooks:
            sid = by["社長" if x.path == "/hooks/exec"
                     else "情報システム部 当番"]["id"]
            self.assertEqual(x.header("Idempotency-Key"),
                             "kizuki-summons-%d-webhook" % sid)
            self.assertTrue(x.header("Content-Type").startswith(
                "application/json"))
            self.assertEqual(set(x.json), {"text"})
            self.check_text(x.text, ref, "ファイルサーバの暗号化")
            tokens[x.path] = ACK_RE.findall(x.text)
        self.assertIn("社長 様", self.hook.at("/hooks/exec")[-1].text)
        self.assertNotIn("招集された役割", self.hook.at("/hooks/exec")[-1].text)
        self.assertIn("招集された役割: 情報システム担当",
                      self.hook.at("/hooks/it1?token=s3cr3t")[-1].text)

        m = mails[0]
        sid = by["情報システム部 当番"]["id"]
        self.assertEqual(m.mail_from, FROM)
        self.assertIn(FROM, str(m.message["From"]))
        self.assertIn("it1@example.jp", str(m.message["To"]))
        self.assertEqual(m.message_id,
                         "<kizuki-summons-%d-email@kizuki>" % sid)
        self.assertEqual(m.idem_key, "kizuki-summons-%d-email" % sid)
        self.assertEqual((m.content_type, m.charset, m.transfer_encoding),
                         ("text/plain", "utf-8", "base64"))
        self.assertIn(ref, m.subject)
        self.assertIn("招集", m.subject)
        self.check_text(m.body, ref, "ファイルサーバの暗号化")
        # The same summons: the same link by both channels; another
        # person's link is another token.
        self.assertEqual(ACK_RE.findall(m.body),
                         tokens["/hooks/it1?token=s3cr3t"])
        self.assertEqual(m.body, self.hook.at(
            "/hooks/it1?token=s3cr3t")[-1].text)
        self.assertNotEqual(tokens["/hooks/exec"],
                            tokens["/hooks/it1?token=s3cr3t"])

        # The timeline and the audit log say who was called.
        fired = [e for e in self.entries(ref) if "招集基準" in e["text"]]
        self.assertEqual(len(fired), 1, fired)
        self.assertEqual((fired[0]["kind"], fired[0]["actor"]),
                         ("action", "kizuki"))
        for name in ("ランサムウェア初動", "社長", "情報システム部 当番",
                     "30分"):
            self.assertIn(name, fired[0]["text"])
        self.assertNotIn("副当番", fired[0]["text"])
        self.assertEqual(len(self.audit("convocation.fire", ref)), 1)

    def check_text(self, text, ref, title):
        self.assertIn("【招集】%s" % ref, text)
        self.assertIn("[Summons] %s" % ref, text)
        self.assertIn("件名: " + title, text)
        links = ACK_RE.findall(text)
        self.assertEqual(len(links), 2, text)  # Japanese, then English
        self.assertEqual(len(set(links)), 1, text)
        self.assertEqual(text.count("%s/incidents/%s\n" % (BASE, ref)), 2,
                         text)
        self.assertIn("30分以内に確認してください", text)
        self.assertIn("within 30 minutes", text)

    def test_non_matching_rules_summon_nobody(self):
        cases = [
            # No rule for the category (the catch-all one is disabled).
            self.file("phishing"),
            # Severity below the rule's maximum.
            self.file("ransomware", severity="S3"),
            # The rule asks for near misses.
            self.file("dos", kind="incident"),
        ]
        for ref in cases:
            self.triage(ref)
        drill = self.file("dos", kind="near_miss")
        self.triage(drill)
        self.wait_sent(drill, 2)
        for ref in cases:
            with self.subTest(ref=ref):
                self.assertEqual(self.summonses(ref), [])
                self.assertEqual(self.outbox_of(ref), [])
                self.assertEqual(self.audit("convocation.fire", ref), [])
                self.assertFalse([e for e in self.entries(ref)
                                  if "招集" in e["text"]])
                self.assertEqual(self.hook.about(ref), [])
                self.assertEqual(self.smtp.about(ref), [])
        # The near miss called the one person the rule names.
        self.assertEqual([s["contact"]["name"]
                          for s in self.summonses(drill)], ["広報 佐藤"])
        # A disabled rule never fires: the catch-all would have called
        # public relations for the phishing incident.
        self.assertEqual(self.hook.about(cases[0]), [])

    def test_a_rule_fires_once_per_incident(self):
        ref = self.file("ransomware", title="一度だけ招集")
        self.triage(ref)
        self.wait_sent(ref, 3)
        # Nothing that matches the same rule again calls anyone again.
        self.patch(ref, {"title": "一度だけ招集（更新）"})
        self.patch(ref, {"severity": "S2", "severity_reason": "影響は限定的"})
        self.patch(ref, {"severity": "S1", "severity_reason": "拡大した"})
        r = self.c("admin").post("/api/v1/incidents/%s/phase" % ref,
                                 {"to": "containment"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(len(self.summonses(ref)), 2)
        # Another category makes another rule match: it fires once, and
        # going back does not fire the first one again.
        self.patch(ref, {"category": "misdirected_email"})
        self.patch(ref, {"category": "ransomware"})
        items = self.wait_sent(ref, 4)
        self.assertEqual(sorted(s["contact"]["name"] for s in items),
                         ["情報システム部 当番", "法務部 山田", "社長"])
        self.assertEqual(
            [s["rule"]["name"] for s in items].count("個人情報漏えい"), 1)
        self.assertEqual(len(self.audit("convocation.fire", ref)), 2)
        self.assertEqual(len(self.hook.about(ref)), 2)
        self.assertEqual(sorted(m.rcpt_tos[0] for m in self.smtp.about(ref)),
                         ["it1@example.jp", "yamada@example.jp"])

    def test_a_severity_change_that_newly_matches_fires(self):
        ref = self.file("ransomware", severity="S3")
        self.triage(ref)
        self.assertEqual(self.summonses(ref), [])
        self.patch(ref, {"severity": "S2", "severity_reason": "暗号化が拡大"})
        items = self.wait_sent(ref, 3)
        self.assertEqual(sorted(s["contact"]["name"] for s in items),
                         ["情報システム部 当番", "社長"])
        self.assertTrue(all("（S2 / ランサムウェア）" in x.text
                            for x in self.hook.about(ref)))
        # Before triage a severity change calls nobody.
        early = self.file("ransomware", severity="S3")
        self.patch(early, {"severity": "S1", "severity_reason": "重大"})
        self.assertEqual(self.summonses(early), [])

    def test_restricted_incident_keeps_its_title_inside(self):
        r = self.c("commander").post("/api/v1/incidents", {
            "title": "役員PCの感染 KIMITSU", "category": "ransomware",
            "discovered_at": "2026-11-24T09:00:00+09:00", "severity": "S1",
            "severity_reason": "役員", "restricted": True})
        self.assertEqual(r.status, 201, str(r))
        ref = r.json["ref"]
        self.triage(ref, who="commander")
        self.wait_sent(ref, 3)
        texts = [x.text for x in self.hook.about(ref)]
        texts += [m.body for m in self.smtp.about(ref)]
        self.assertEqual(len(texts), 3)
        for t in texts:
            self.assertNotIn("KIMITSU", t)
            self.assertIn("件名: （関係者限定のため省略）", t)
        # Whoever may not see the incident does not see its summonses, nor
        # answer them.
        self.assertError(self.c("handler").get(
            "/api/v1/incidents/%s/summons" % ref), 404)
        sid = self.summonses(ref, who="commander")[0]["id"]
        before = self.server.snapshot()
        self.assertEqual(
            self.c("handler").post("/api/v1/summons/%d/ack" % sid).body,
            self.c("handler").post("/api/v1/summons/999999/ack").body)
        self.assertEqual(self.server.snapshot(), before)
        r = self.c("commander").post("/api/v1/summons/%d/ack" % sid)
        self.assertEqual(r.status, 200, str(r))

    # -- acknowledgement ------------------------------------------------------

    def token_of(self, ref, path):
        (x,) = [h for h in self.hook.about(ref) if h.path == path]
        return ACK_RE.findall(x.text)[0]

    def test_acknowledging_by_the_link(self):
        ref = self.file("ransomware", title="リンクから確認")
        self.triage(ref)
        self.wait_sent(ref, 3)
        token = self.token_of(ref, "/hooks/it1?token=s3cr3t")
        anon = self.anon()
        r = anon.get("/api/v1/acks/" + token)
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json, {
            "ref": ref, "contact": "情報システム部 当番",
            "ack_due_at": later(self.now, minutes=30), "acked_at": None,
            "acked_by": None})
        self.assertNotIn("リンクから確認", r.text)
        n_entries = len(self.entries(ref))

        r = anon.post("/api/v1/acks/" + token)
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual((r.json["acked_at"], r.json["acked_by"]),
                         (self.now, "情報システム部 当番"))
        acked = [e for e in self.entries(ref) if "招集を確認しました" in
                 e["text"]]
        self.assertEqual(len(acked), 1)
        self.assertEqual((acked[0]["kind"], acked[0]["actor"]),
                         ("contact", "kizuki"))
        self.assertIn("情報システム部 当番", acked[0]["text"])
        self.assertIn("メッセージのリンクから", acked[0]["text"])
        self.assertEqual(len(self.entries(ref)), n_entries + 1)
        audit = self.audit("summons.ack", ref)
        self.assertEqual(len(audit), 1)
        self.assertEqual(audit[0][0], "情報システム部 当番")
        (s,) = [s for s in self.summonses(ref) if s["role"] == "it_admin"]
        self.assertEqual((s["acked_at"], s["acked_by"], s["overdue"]),
                         (self.now, "情報システム部 当番", False))
        self.assertIn('"summons":%d' % s["id"], audit[0][1])
        # The other person's summons is untouched.
        (other,) = [s for s in self.summonses(ref) if s["role"] is None]
        self.assertIsNone(other["acked_at"])

        # Twice is harmless: the same answer, nothing written.
        before = self.server.snapshot()
        again = anon.post("/api/v1/acks/" + token)
        self.assertEqual((again.status, again.json), (200, r.json))
        self.assertEqual(anon.get("/api/v1/acks/" + token).json, r.json)
        self.assertEqual(self.server.snapshot(), before)
        # The link's secret stays out of the access log.
        self.assertNotIn(token, self.server.access_log_text())

    def test_a_bad_token_is_not_found(self):
        ref = self.file("ransomware")
        self.triage(ref)
        self.wait_sent(ref, 3)
        token = self.token_of(ref, "/hooks/exec")
        before = self.server.snapshot()
        anon = self.anon()
        for bad in ("0" * 64, token[:-1] + ("0" if token[-1] != "0" else "1"),
                    token[:63], token + "0", "x" * 64, "xyz",
                    token.upper()):
            for method in ("GET", "POST"):
                with self.subTest(token=bad, method=method):
                    self.assertError(anon.request(method,
                                                  "/api/v1/acks/" + bad),
                                     404, "not_found")
        self.assertEqual(self.server.snapshot(), before)
        self.assertEqual(anon.get("/api/v1/acks/" + token).status, 200)

    def test_acknowledging_signed_in(self):
        ref = self.file("ransomware")
        self.triage(ref)
        items = self.wait_sent(ref, 3)
        (s,) = [s for s in items if s["role"] is None]
        before = self.server.snapshot()
        # Who may not see the incident, or a summons that is not there.
        self.assertError(self.c("reporter").post(
            "/api/v1/summons/%d/ack" % s["id"]), 404, "not_found")
        for bad in ("999999", "0", "-1", "abc", "1x"):
            self.assertError(self.c("handler").post(
                "/api/v1/summons/%s/ack" % bad), 404, "not_found")
        self.assertEqual(self.server.snapshot(), before)
        r = self.c("handler").post("/api/v1/summons/%d/ack" % s["id"])
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual((r.json["ref"], r.json["contact"], r.json["acked_by"],
                          r.json["acked_at"]),
                         (ref, "社長", "handler", self.now))
        acked = [e for e in self.entries(ref)
                 if "招集を確認しました" in e["text"]]
        self.assertEqual(len(acked), 1)
        self.assertIn("handler", acked[0]["text"])
        self.assertIn("kizuki の画面から", acked[0]["text"])
        self.assertEqual([a for a, _ in self.audit("summons.ack", ref)],
                         ["handler"])
        # Twice (even by someone else) keeps the first answer.
        before = self.server.snapshot()
        r2 = self.c("commander").post("/api/v1/summons/%d/ack" % s["id"])
        self.assertEqual((r2.status, r2.json["acked_by"]), (200, "handler"))
        self.assertEqual(self.server.snapshot(), before)
        (s2,) = [x for x in self.summonses(ref) if x["id"] == s["id"]]
        self.assertEqual((s2["acked_at"], s2["acked_by"]),
                         (self.now, "handler"))

    # -- configuration --------------------------------------------------------

    def test_webhook_urls_are_checked_and_masked(self):
        admin = self.c("admin")
        before = self.server.snapshot()
        for bad in ("ftp://hooks.example.com/x", "hooks.example.com/x",
                    "javascript:alert(1)", "http://", "https:///x",
                    "http://:80/x", "https://user:pass@hooks.example.com/x",
                    "https://token@hooks.example.com/x",
                    "https://hooks.example.com/a b", "https://例え.jp/x",
                    "http://hooks.example.com/\x7f", "file:///etc/passwd",
                    "https://" + "a" * 2100):
            with self.subTest(url=bad):
                r = admin.post("/api/v1/contacts", {"name": "検証用",
                                                    "webhook_url": bad})
                self.assertError(r, 422, "validation_failed",
                                 ["webhook_url"], exact=True)
        self.assertEqual(self.server.snapshot(), before)

        secret = "T000/B000/XXXXSECRET"
        for n, (url, shown) in enumerate([
                ("https://hooks.example.com/services/" + secret +
                 "?token=q-SECRET#frag-SECRET", "https://hooks.example.com/…"),
                ("https://hooks.example.com:8443?key=q-SECRET",
                 "https://hooks.example.com:8443?…"),
                ("http://hooks.example.com#frag-SECRET",
                 "http://hooks.example.com#…"),
                ("https://hooks.example.com", "https://hooks.example.com"),
                ("https://hooks.example.com/path/u@SECRET",
                 "https://hooks.example.com/…")]):
            with self.subTest(url=url):
                r = admin.post("/api/v1/contacts", {"name": "通知先 %d" % n,
                                                    "webhook_url": url})
                self.assertEqual(r.status, 201, str(r))
                cid = r.json["id"]
                self.assertEqual(r.json["webhook_url"], shown)
                got = admin.get("/api/v1/contacts/%d" % cid)
                self.assertEqual(got.json["webhook_url"], shown)
                listed = admin.get("/api/v1/contacts")
                self.assertNotIn("SECRET", listed.text)
                self.assertNotIn("SECRET", got.text)
                # The masked address sent back keeps the stored one.
                body = dict(got.json, notes="確認済み")
                r = admin.patch("/api/v1/contacts/%d" % cid, body)
                self.assertEqual(r.status, 200, str(r))
                self.assertEqual(r.json["webhook_url"], shown)
                (doc,) = self.server.db_read(
                    "SELECT doc FROM contact WHERE id = ?", (cid,))[0]
                self.assertIn('"webhook_url":"%s"' % url, doc)
                self.assertNotIn("SECRET", self.c("handler").get(
                    "/api/v1/contacts/%d" % cid).text)
        self.assertNotIn("SECRET", self.server.access_log_text())

    def test_settings_are_checked(self):
        admin = self.c("admin")
        before = self.server.snapshot()
        for body, field in [
                ({"smtp_url": "http://mail.example.jp"}, "smtp_url"),
                ({"smtp_url": "smtp://user:pw@mail.example.jp"}, "smtp_url"),
                ({"smtp_url": "smtps://"}, "smtp_url"),
                ({"smtp_url": 25}, "smtp_url"),
                ({"smtp_from": "not an address"}, "smtp_from"),
                ({"smtp_from": "a@b"}, "smtp_from"),
                ({"base_url": "ftp://kizuki.example.jp"}, "base_url"),
                ({"contact_stale_days": 0}, "contact_stale_days"),
                ({"contact_stale_days": 3651}, "contact_stale_days"),
                ({"contact_stale_days": "180"}, "contact_stale_days"),
                ({"contact_stale_days": 1.5}, "contact_stale_days"),
                ({"regime_nis2": "yes"}, "regime_nis2"),
                ({"social_responsibility": 3}, "social_responsibility"),
                ({"smtp_password": ["x"]}, "smtp_password"),
                ({"smtp_host": "mail.example.jp"}, "smtp_host")]:
            with self.subTest(body=body):
                r = admin.patch("/api/v1/settings", body)
                self.assertError(r, 422, "validation_failed", [field],
                                 exact=True)
        # One bad field refuses the whole change.
        r = admin.patch("/api/v1/settings", {"smtp_url": "http://x",
                                             "organisation_name": "新社名"})
        self.assertError(r, 422, "validation_failed", ["smtp_url"],
                         exact=True)
        self.assertEqual(self.server.snapshot(), before)
        self.assertEqual(admin.get("/api/v1/settings").json["smtp_url"],
                         self.smtp.url)

    def test_starttls_offered_is_used_and_verified(self):
        """A mail server that offers STARTTLS gets TLS; one whose
        certificate cannot be verified gets nothing, not the message in
        plain text instead."""
        tls = SmtpSink(starttls=True).start()
        admin = self.c("admin")
        try:
            r = admin.patch("/api/v1/settings", {"smtp_url": tls.url})
            self.assertEqual(r.status, 200, str(r))
            ref = self.file("device_loss")
            self.triage(ref)

            def attempted():
                (s,) = self.summonses(ref)
                d = s["deliveries"][0]
                return d if d["attempts"] else None
            d = wait_until(attempted)
            self.assertEqual(d["status"], "pending")
            self.assertTrue(d["last_error"].startswith("mail:"), d)
            self.assertNotIn("no SMTP server", d["last_error"])
            self.assertEqual(tls.all(), [])
            self.assertEqual(self.smtp.about(ref), [])
        finally:
            r = admin.patch("/api/v1/settings", {"smtp_url": self.smtp.url})
            self.assertEqual(r.status, 200, str(r))
            tls.stop()

    def test_the_smtp_password_never_comes_back(self):
        admin = self.c("admin")
        secret = "pw-NEVER-SHOWN-8472"
        try:
            r = admin.patch("/api/v1/settings", {"smtp_username": "kizuki",
                                                 "smtp_password": secret})
            self.assertEqual(r.status, 200, str(r))
            self.assertTrue(r.json["smtp_password_set"])
            self.assertNotIn("smtp_password", r.json)
            self.assertNotIn(secret, r.text)
            r = admin.get("/api/v1/settings")
            self.assertEqual(r.json["smtp_username"], "kizuki")
            self.assertTrue(r.json["smtp_password_set"])
            self.assertNotIn(secret, r.text)
            # Refused with another field: not echoed either.
            r = admin.patch("/api/v1/settings", {"smtp_password": secret,
                                                 "smtp_from": "bad"})
            self.assertError(r, 422, "validation_failed", ["smtp_from"],
                             exact=True)
            self.assertNotIn(secret, r.text)
            rows = self.audit("settings.update", "")
            self.assertTrue(any("smtp_password" in d for _, d in rows))
            everything = self.server.db_read(
                "SELECT actor, action, target, detail FROM audit")
            self.assertNotIn(secret, repr(everything))
            self.assertNotIn(secret, self.server.access_log_text())
            self.assertNotIn(secret, self.server.stderr_text())
        finally:
            r = admin.patch("/api/v1/settings", {"smtp_username": None,
                                                 "smtp_password": None})
            self.assertEqual(r.status, 200, str(r))
        self.assertFalse(r.json["smtp_password_set"])
        self.assertIsNone(r.json["smtp_username"])

    def test_rule_edits_are_checked_and_audited(self):
        admin = self.c("admin")
        good = {"name": "検証用の基準", "categories": ["sns_leak"],
                "max_severity": "S2", "summon_roles": ["pr"]}
        before = self.server.snapshot()
        for change, fields in [
                ({"name": None}, ["name"]),
                ({"name": ""}, ["name"]),
                ({"name": 5}, ["name"]),
                ({"categories": ["no_such_category"]}, ["categories[0]"]),
                ({"categories": "sns_leak"}, ["categories"]),
                ({"categories": ["sns_leak", "sns_leak"]}, ["categories"]),
                ({"kinds": ["accident"]}, ["kinds[0]"]),
                ({"max_severity": "S9"}, ["max_severity"]),
                ({"max_severity": 1}, ["max_severity"]),
                ({"summon_roles": ["boss"]}, ["summon_roles[0]"]),
                ({"summon_roles": []}, ["summon_roles"]),
                ({"summon_contacts": ["1"]}, ["summon_contacts[0]"]),
                ({"summon_contacts": [0]}, ["summon_contacts[0]"]),
                # docs/api.md: an unknown contact id is named.
                ({"summon_contacts": [self.contacts["exec"]["id"], 999999]},
                 ["summon_contacts[1]"]),
                ({"summon_contacts": 3}, ["summon_contacts"]),
                ({"ack_minutes": 0}, ["ack_minutes"]),
                ({"ack_minutes": 7 * 24 * 60 + 1}, ["ack_minutes"]),
                ({"ack_minutes": "30"}, ["ack_minutes"]),
                ({"enabled": "yes"}, ["enabled"]),
                ({"colour": "red"}, ["colour"])]:
            with self.subTest(change=change):
                r = admin.post("/api/v1/convocation-rules",
                               dict(good, **change))
                self.assertError(r, 422, "validation_failed", fields)
        self.assertEqual(self.server.snapshot(), before)
        # Commanders may, handlers may not.
        self.assertError(self.c("handler").post("/api/v1/convocation-rules",
                                                good), 403, "forbidden")
        r = self.c("commander").post("/api/v1/convocation-rules", good)
        self.assertEqual(r.status, 201, str(r))
        rid = r.json["id"]
        self.assertEqual(self.audit("rule.create", "rule:%d" % rid),
                         [("commander", "")])
        # A change: version checked when given, fields checked, audited.
        path = "/api/v1/convocation-rules/%d" % rid
        r = admin.patch(path, {"ack_minutes": 10}, headers={"If-Match": "7"})
        self.assertError(r, 409, "conflict")
        r = admin.patch(path, {"max_severity": "S0"})
        self.assertError(r, 422, "validation_failed", ["max_severity"],
                         exact=True)
        r = admin.patch(path, {"summon_contacts": [424242]})
        self.assertError(r, 422, "validation_failed", ["summon_contacts[0]"],
                         exact=True)
        r = admin.patch(path, {"ack_minutes": 10, "enabled": False},
                        headers={"If-Match": "1"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual((r.json["ack_minutes"], r.json["enabled"],
                          r.json["version"]), (10, False, 2))
        self.assertEqual([a for a, _ in self.audit("rule.update",
                                                    "rule:%d" % rid)],
                         ["admin"])
        self.assertEqual(admin.get(path).json["ack_minutes"], 10)
        # A contact the rule names cannot go while it does: the rule would
        # summon nobody.  Once the rule no longer names it, it can.
        spare = admin.post("/api/v1/contacts", {
            "name": "予備の連絡先", "email": "spare@example.jp"})
        self.assertEqual(spare.status, 201, str(spare))
        spare_path = "/api/v1/contacts/%d" % spare.json["id"]
        r = admin.patch(path, {"summon_contacts": [spare.json["id"]]})
        self.assertEqual(r.status, 200, str(r))
        before = self.server.snapshot()
        self.assertError(admin.delete(spare_path), 409, "conflict")
        self.assertEqual(self.server.snapshot(), before)
        r = admin.patch(path, {"summon_contacts": []})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(admin.delete(spare_path).status, 204)
        # Removed, it is gone; a rule that has fired stays (409).
        self.assertEqual(admin.delete(path).status, 204)
        self.assertError(admin.get(path), 404, "not_found")
        self.assertError(admin.delete(path), 404, "not_found")
        self.assertEqual(len(self.audit("rule.delete", "rule:%d" % rid)), 1)
        fired = "/api/v1/convocation-rules/%d" % self.rules["ransom"]["id"]
        ref = self.file("ransomware")
        self.triage(ref)
        self.assertError(admin.delete(fired), 409)
        summoned = "/api/v1/contacts/%d" % self.contacts["exec"]["id"]
        self.assertError(admin.delete(summoned), 409)
        self.wait_sent(ref, 3)

    def test_playbook_edits_are_checked_and_audited(self):
        admin = self.c("admin")
        path = "/api/v1/playbooks/sns_leak"
        step = {"phase": "containment", "title_ja": "投稿を削除する",
                "title_en": "Take the post down", "due_hours": 1,
                "owner_role": "pr", "first_aid": True}
        before = self.server.snapshot()
        for body, fields in [
                ({}, ["steps"]),
                ({"steps": "x"}, ["steps"]),
                ({"steps": ["x"]}, ["steps[0]"]),
                ({"steps": [dict(step, phase="nope")]}, ["steps[0].phase"]),
                ({"steps": [dict(step, title_ja="")]},
                 ["steps[0].title_ja"]),
                ({"steps": [dict(step, title_en=None)]},
                 ["steps[0].title_en"]),
                ({"steps": [dict(step, due_hours=-1)]},
                 ["steps[0].due_hours"]),
                ({"steps": [dict(step, due_hours="1")]},
                 ["steps[0].due_hours"]),
                ({"steps": [dict(step, owner_role="boss")]},
                 ["steps[0].owner_role"]),
                ({"steps": [dict(step, first_aid="yes")]},
                 ["steps[0].first_aid"]),
                ({"steps": [step, dict(step, colour=1)]},
                 ["steps[1].colour"]),
                ({"steps": [step], "colour": 1}, ["colour"]),
                ({"steps": [step] * 61}, ["steps"])]:
            with self.subTest(body=str(body)[:80]):
                r = admin.request("PUT", path, body)
                self.assertError(r, 422, "validation_failed", fields)
        self.assertError(admin.request("PUT", "/api/v1/playbooks/nope",
                                       {"steps": [step]}), 404)
        self.assertError(self.c("handler").request("PUT", path,
                                                   {"steps": [step]}), 403)
        self.assertEqual(self.server.snapshot(), before)

        second = dict(step, phase="recovery", title_ja="再発防止を周知する",
                      title_en="Tell staff", due_hours=0, first_aid=False,
                      owner_role=None)
        r = admin.request("PUT", path, {"steps": [step, second]})
        self.assertEqual(r.status, 200, str(r))
        self.assertTrue(r.json["custom"])
        self.assertEqual(r.json["steps"], [step, second])
        self.assertEqual([a for a, _ in self.audit("playbook.update",
                                                    "playbook:sns_leak")],
                         ["admin"])
        self.assertTrue(admin.get(path).json["custom"])
        # An incident of the category gets the organisation's steps.
        ref = self.file("sns_leak", severity=None)
        tasks = admin.get("/api/v1/incidents/%s/tasks" % ref).json["items"]
        self.assertEqual([(t["title"], t["first_aid"], t["due_at"],
                           t["owner"], t["source"]) for t in tasks],
                         [("投稿を削除する", True, later(self.now, hours=1),
                           "pr", "playbook:sns_leak"),
                          ("再発防止を周知する", False, None, None,
                           "playbook:sns_leak")])
        made = [e for e in self.entries(ref) if "プレイブック" in e["text"]]
        self.assertEqual(len(made), 1)
        self.assertIn("組織で編集したもの", made[0]["text"])
        self.assertIn("2 件", made[0]["text"])
        # Back to kizuki's own.
        self.assertEqual(admin.delete(path).status, 204)
        self.assertFalse(admin.get(path).json["custom"])
        self.assertError(admin.delete(path), 404, "not_found")
        self.assertEqual(len(self.audit("playbook.reset",
                                        "playbook:sns_leak")), 1)

    # -- tasks ----------------------------------------------------------------

    def test_a_ransomware_incident_gets_its_playbook_tasks(self):
        admin = self.c("admin")
        ref = self.file("ransomware", severity=None)
        pb = admin.get("/api/v1/playbooks/ransomware").json
        self.assertFalse(pb["custom"])
        tasks = admin.get("/api/v1/incidents/%s/tasks" % ref).json["items"]
        self.assertEqual(len(tasks), len(pb["steps"]))
        self.assertGreaterEqual(len(tasks), 7)
        for t, s in zip(tasks, pb["steps"]):
            self.assertEqual(t["title"], s["title_ja"])
            self.assertEqual(t["phase"], s["phase"])
            self.assertEqual(t["first_aid"], s["first_aid"])
            self.assertEqual(t["owner"], s["owner_role"])
            self.assertEqual(t["due_at"], later(self.now,
                                                hours=s["due_hours"])
                             if s["due_hours"] else None)
            self.assertEqual((t["status"], t["overdue"], t["source"]),
                             ("open", False, "playbook:ransomware"))
        first_aid = [t for t in tasks if t["first_aid"]]
        self.assertGreaterEqual(len(first_aid), 3)
        self.assertTrue(all(t["phase"] == "containment" for t in first_aid))
        self.assertIn("切り離す", first_aid[0]["title"])

        t = first_aid[0]
        path = "/api/v1/incidents/%s/tasks/%d" % (ref, t["id"])
        other = self.file("malware", severity=None)
        before = self.server.snapshot()
        self.assertError(self.c("handler").patch(path, {"status": "finished"},
                                                 headers={"If-Match": "1"}),
                         422, "validation_failed", ["status"])
        self.assertError(self.c("handler").patch(path, {"status": "done"},
                                                 headers={"If-Match": "2"}),
                         409, "conflict")
        self.assertError(self.c("communicator").patch(path,
                                                      {"status": "done"}),
                         403, "forbidden")
        self.assertError(self.c("handler").patch(
            "/api/v1/incidents/%s/tasks/%d" % (other, t["id"]),
            {"status": "done"}), 404, "not_found")
        self.assertEqual(self.server.snapshot(), before)
        r = self.c("handler").patch(path, {"status": "done"},
                                    headers={"If-Match": "1"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual((r.json["status"], r.json["done_by"],
                          r.json["done_at"], r.json["version"]),
                         ("done", "handler", self.now, 2))
        done = [e for e in self.entries(ref) if e["text"].startswith(
            "タスク完了")]
        self.assertEqual(len(done), 1)
        self.assertIn(t["title"], done[0]["text"])
        self.assertEqual(done[0]["actor"], "handler")
        self.assertEqual(len(self.audit("task.update", ref)), 1)
        self.assertEqual(self.get_incident(ref)["tasks_overdue"], 0)


class EscalationTest(SinkTestCase):
    """Escalation when nobody acknowledges in time, walking the on-call
    schedule of the hour: a national holiday, a weekday, a weekday night.
    The clock moves by restarting the server on the same database with a
    later KIZUKI_TEST_NOW (the notifier checks for overdue summonses as
    it starts).  The tests run in order and build on each other."""

    # 勤労感謝の日, a Monday: the holiday schedule.
    now = "2026-11-23T10:00:00+09:00"
    T0 = "2026-11-24T10:00:00+09:00"  # the Tuesday after, business hours
    NIGHT = "2026-11-24T22:00:00+09:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.hook
        cls.contact("A", name="当番A", roles=["it_admin"], oncall_order=1,
                    webhook_url=h.url("/A"), email="a@example.jp")
        cls.contact("B", name="当番B", roles=["it_admin"], oncall_order=2,
                    windows=["business"], email="b@example.jp")
        cls.contact("N1", name="夜間当番1", roles=["it_admin"],
                    oncall_order=1, windows=["night"],
                    webhook_url=h.url("/N1"))
        cls.contact("N2", name="夜間休日当番2", roles=["it_admin"],
                    oncall_order=2, windows=["night", "holiday"],
                    webhook_url=h.url("/N2"))
        cls.contact("H1", name="休日当番1", roles=["it_admin"], oncall_order=1,
                    windows=["holiday"], webhook_url=h.url("/H1"))
        cls.rule("slow", name="ランサムウェア", categories=["ransomware"],
                 summon_roles=["it_admin"], ack_minutes=30)
        cls.rule("quick", name="マルウェア（1分）", categories=["malware"],
                 summon_roles=["it_admin"], ack_minutes=1)
        cls.refs = {}

    def called(self, ref):
        return [(s["contact"]["name"], s["step"], s["escalated"])
                for s in self.summonses(ref)]

    def escalation_entries(self, ref):
        return [e for e in self.entries(ref) if "期限までに" in e["text"]]

    def test_1_holiday_schedule(self):
        ref = self.refs["holiday"] = self.file("ransomware")
        self.triage(ref)
        self.wait_sent(ref, 1)
        # A Monday at ten, but a national holiday: not the weekday staff.
        self.assertEqual(self.called(ref), [("休日当番1", 0, False)])
        self.assertEqual(len(self.hook.at("/H1")), 1)

        self.restart(later(self.now, minutes=31))
        wait_until(lambda: len(self.summonses(ref)) == 2)
        self.wait_sent(ref, 2)
        self.assertEqual(self.called(ref), [("休日当番1", 0, True),
                                            ("夜間休日当番2", 1, False)])
        (second,) = self.summonses(ref)[1:]
        self.assertEqual(second["role"], "it_admin")
        self.assertEqual(second["created_at"], later(self.now, minutes=31))
        self.assertEqual(second["ack_due_at"], later(self.now, minutes=61))
        self.assertEqual([x.path for x in self.hook.about(ref)],
                         ["/H1", "/N2"])
        (e,) = self.escalation_entries(ref)
        self.assertEqual((e["kind"], e["actor"]), ("contact", "kizuki"))
        self.assertIn("休日当番1", e["text"])
        self.assertIn("次の連絡先 夜間休日当番2 を招集しました", e["text"])
        self.assertEqual([a for a, _ in self.audit("convocation.escalate",
                                                    ref)], ["kizuki"])
        # The second one answers: nothing more happens for this incident.
        token = ACK_RE.findall(self.hook.at("/N2")[-1].text)[0]
        self.assertEqual(self.anon().post("/api/v1/acks/" + token).status,
                         200)

    def test_2_nothing_escalates_before_the_window(self):
        self.restart(self.T0)
        holiday = self.refs["holiday"]
        n_holiday = len(self.entries(holiday))
        for key, category in (("slow", "ransomware"),
                              ("acked", "ransomware"),
                              ("quick", "malware")):
            ref = self.refs[key] = self.file(category)
            self.triage(ref)
            self.wait_sent(ref, 2)
            self.assertEqual(self.called(ref), [("当番A", 0, False)])
        acked = self.summonses(self.refs["acked"])[0]
        r = self.c("handler").post("/api/v1/summons/%d/ack" % acked["id"])
        self.assertEqual(r.status, 200, str(r))
        # One open task due within the hour is done now, for later.
        tasks = self.c("admin").get("/api/v1/incidents/%s/tasks" %
                                    self.refs["slow"]).json["items"]
        first = min(tasks, key=lambda t: t["due_at"] or "9")
        r = self.c("handler").patch("/api/v1/incidents/%s/tasks/%d" %
                                    (self.refs["slow"], first["id"]),
                                    {"status": "done"})
        self.assertEqual(r.status, 200, str(r))

        # Five minutes later: the one-minute rule escalates (so the check
        # has run), the thirty-minute ones do not.
        self.restart(later(self.T0, minutes=5))
        quick = self.refs["quick"]
        wait_until(lambda: len(self.summonses(quick)) == 2)
        self.assertEqual(self.called(quick), [("当番A", 0, True),
                                              ("当番B", 1, False)])
        for key in ("slow", "acked"):
            ref = self.refs[key]
            self.assertEqual(self.called(ref), [("当番A", 0, False)])
            self.assertEqual(self.escalation_entries(ref), [])
            self.assertEqual(self.audit("convocation.escalate", ref), [])
        (s,) = self.summonses(self.refs["slow"])
        self.assertFalse(s["overdue"])
        # The acknowledged holiday summons stayed as it was.
        self.assertEqual(len(self.entries(holiday)), n_holiday)
        self.assertEqual(len(self.summonses(holiday)), 2)

    def test_3_escalation_after_the_window(self):
        self.restart(later(self.T0, minutes=31))
        ref = self.refs["slow"]
        wait_until(lambda: len(self.summonses(ref)) == 2)
        self.wait_sent(ref, 3)
        self.assertEqual(self.called(ref), [("当番A", 0, True),
                                            ("当番B", 1, False)])
        first, second = self.summonses(ref)
        self.assertTrue(first["overdue"])
        self.assertFalse(second["overdue"])
        self.assertEqual(second["ack_due_at"], later(self.T0, minutes=61))
        self.assertEqual(sorted(m.rcpt_tos[0] for m in self.smtp.about(ref)),
                         ["a@example.jp", "b@example.jp"])
        (mail,) = [m for m in self.smtp.about(ref)
                   if m.rcpt_tos == ["b@example.jp"]]
        self.assertIn("当番B 様", mail.body)
        self.assertIn("招集された役割: 情報システム担当", mail.body)
        (e,) = self.escalation_entries(ref)
        self.assertIn("当番A から期限までに確認がないため、次の連絡先 当番B を招集しました",
                      e["text"])
        self.assertEqual([a for a, _ in self.audit("convocation.escalate",
                                                    ref)], ["kizuki"])
        # An acknowledged summons never escalates.
        acked = self.refs["acked"]
        self.assertEqual(self.called(acked), [("当番A", 0, False)])
        self.assertEqual(self.escalation_entries(acked), [])
        self.assertFalse(self.summonses(acked)[0]["overdue"])
        # Nobody is left on the weekday schedule for the one-minute rule:
        # said so, nobody called again.
        quick = self.refs["quick"]
        wait_until(lambda: len(self.escalation_entries(quick)) == 2)
        self.assertEqual(self.called(quick), [("当番A", 0, True),
                                              ("当番B", 1, True)])
        self.assertIn("次の連絡先はありません",
                      self.escalation_entries(quick)[1]["text"])

    def test_4_overdue_tasks_are_counted(self):
        ref = self.refs["slow"]
        self.assertEqual(self.get_incident(ref)["tasks_overdue"], 0)
        now = later(self.T0, hours=3)
        self.restart(now)
        tasks = self.c("admin").get("/api/v1/incidents/%s/tasks" %
                                    ref).json["items"]
        overdue = [t for t in tasks if t["status"] == "open" and t["due_at"]
                   and at(t["due_at"]) < at(now)]
        self.assertGreaterEqual(len(overdue), 1)
        self.assertTrue(any(t["status"] == "done" and at(t["due_at"]) <
                            at(now) for t in tasks))
        self.assertEqual([t["id"] for t in tasks if t["overdue"]],
                         [t["id"] for t in overdue])
        rec = self.get_incident(ref)
        self.assertEqual(rec["tasks_overdue"], len(overdue))
        listed = {i["ref"]: i for i in self.list_all("admin")}
        self.assertEqual(listed[ref]["tasks_overdue"], len(overdue))
        # Done, a task no longer counts.
        r = self.c("handler").patch("/api/v1/incidents/%s/tasks/%d" %
                                    (ref, overdue[0]["id"]),
                                    {"status": "skipped",
                                     "reason": "対象の端末がない"})
        self.assertEqual(r.status, 200, str(r))
        self.assertFalse(r.json["overdue"])
        self.assertEqual(self.get_incident(ref)["tasks_overdue"],
                         len(overdue) - 1)
        skipped = [e for e in self.entries(ref)
                   if e["text"].startswith("タスク対象外")]
        self.assertEqual(len(skipped), 1)

    def test_5_night_schedule(self):
        self.restart(self.NIGHT)
        ref = self.refs["night"] = self.file("ransomware")
        self.triage(ref)
        self.wait_sent(ref, 1)
        self.assertEqual(self.called(ref), [("夜間当番1", 0, False)])
        self.restart(later(self.NIGHT, minutes=31))
        wait_until(lambda: len(self.summonses(ref)) == 2)
        self.wait_sent(ref, 2)
        self.assertEqual(self.called(ref), [("夜間当番1", 0, True),
                                            ("夜間休日当番2", 1, False)])
        self.assertEqual([x.path for x in self.hook.about(ref)],
                         ["/N1", "/N2"])
        # The weekday staff were never called at night.
        self.assertEqual(self.smtp.about(ref), [])


class CrashSafetyTest(SinkTestCase):
    """Delivery is at least once: a server killed while it waits on a
    receiver sends again after a restart, with the same idempotency key;
    a receiver that is down or failing gets the message later; one that
    never answers holds up neither the API nor the other messages, and
    is given up on after the delivery timeout.  The real clock, except where the
    backoff is passed by restarting with a later fixed one."""

    now = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        h = cls.hook
        for i in (1, 2, 3):
            cls.contact("x%d" % i, name="連絡先%d" % i,
                        webhook_url=h.url("/x%d" % i),
                        email="x%d@example.jp" % i)
        cls.rule("crash", name="全員", categories=["ransomware"],
                 summon_contacts=[cls.contacts["x%d" % i]["id"]
                                  for i in (1, 2, 3)])
        cls.contact("slow", name="応答しない受信先",
                    webhook_url=h.url("/slow"), email="slow@example.jp")
        cls.rule("slow", name="遅い", categories=["phishing"],
                 summon_contacts=[cls.contacts["slow"]["id"]])
        cls.late_port = free_port()
        cls.contact("late", name="停止中の受信先",
                    webhook_url="http://127.0.0.1:%d/late" % cls.late_port)
        cls.rule("late", name="あとで", categories=["malware"],
                 summon_contacts=[cls.contacts["late"]["id"]])
        cls.contact("gone", name="廃止された受信先",
                    webhook_url="http://127.0.0.1:%d/gone" % free_port())
        cls.rule("gone", name="届かない", categories=["dos"],
                 summon_contacts=[cls.contacts["gone"]["id"]])

    def test_a_kill_mid_delivery_loses_nothing(self):
        self.hook.hold(1, seconds=60)
        ref = self.file("ransomware")
        self.triage(ref)
        self.assertTrue(self.hook.holding.wait(15), "no delivery started")
        # One sender is inside the held delivery; the other five messages
        # do not wait behind it.
        def others_sent():
            rows = self.outbox_of(ref)
            return rows if sum(r[2] == "sent" for r in rows) == 5 else None
        rows = wait_until(others_sent, 15)
        self.assertEqual(len(rows), 6)
        self.assertEqual([r[2] for r in rows].count("pending"), 1, rows)
        self.restart(kill=True)
        self.hook.release()
        items = self.wait_sent(ref, 6)
        self.assertEqual(len(items), 3)
        hooks = self.hook.about(ref)
        mails = self.smtp.about(ref)
        # Every message arrived; the one in flight perhaps twice, then
        # with the same key (and the same text).
        for s in items:
            name = s["contact"]["name"]
            i = name[-1]
            mine = [x for x in hooks if x.path == "/x" + i]
            self.assertGreaterEqual(len(mine), 1, name)
            self.assertEqual({x.header("Idempotency-Key") for x in mine},
                             {"kizuki-summons-%d-webhook" % s["id"]})
            self.assertEqual(len({x.body for x in mine}), 1)
            got = [m for m in mails if m.rcpt_tos == ["x%s@example.jp" % i]]
            self.assertGreaterEqual(len(got), 1, name)
            self.assertEqual({m.message_id for m in got},
                             {"<kizuki-summons-%d-email@kizuki>" % s["id"]})
        # The held request was answered by no one: it was sent again,
        # and only it.
        paths = [x.path for x in hooks]
        self.assertEqual(sorted(paths.count(p) for p in set(paths)),
                         [1, 1, 2], paths)
        self.assertEqual(len(hooks), 4)
        self.assertEqual(len(mails), 3)

    def test_b_a_receiver_that_never_answers_stalls_nothing(self):
        self.hook.hold(1, seconds=60)
        ref = self.file("phishing")
        self.triage(ref)
        self.assertTrue(self.hook.holding.wait(15), "no delivery started")
        started = time.monotonic()
        admin = self.c("admin")
        for method, path, body in [
                ("GET", "/api/v1/incidents", None),
                ("GET", "/api/v1/incidents/" + ref, None),
                ("POST", "/api/v1/incidents/%s/timeline" % ref,
                 {"body": "配信待ちの間も記録できる"}),
                ("POST", "/api/v1/incidents", {
                    "title": "配信待ちの間の報告",
                    "discovered_at": "2026-11-22T09:30:00+09:00"}),
                ("GET", "/api/v1/incidents/%s/summons" % ref, None),
                ("GET", "/healthz", None)]:
            t = time.monotonic()
            r = admin.request(method, path, body)
            self.assertLess(r.status, 300, str(r))
            self.assertLess(time.monotonic() - t, 3.0, path)
        # The mail does not wait behind the held webhook.
        def mailed():
            (x,) = self.summonses(ref)
            return x if x["deliveries"][1]["status"] == "sent" else None
        s = wait_until(mailed, 10)
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(s["deliveries"][0]["status"], "pending")
        self.assertEqual(len(self.smtp.about(ref)), 1)
        # The delivery gives up on the receiver after its timeout, and
        # will try again later.
        def timed_out():
            (x,) = self.summonses(ref)
            return x if x["deliveries"][0]["attempts"] == 1 else None
        s = wait_until(timed_out, 40)
        self.assertLess(time.monotonic() - started, 35)
        webhook = s["deliveries"][0]
        self.assertEqual(webhook["status"], "pending")
        self.assertIn("webhook:", webhook["last_error"])
        self.assertIn("imeout", webhook["last_error"])
        self.hook.release()

    def test_c_an_unreachable_receiver_gets_it_later(self):
        ref = self.file("malware")
        self.triage(ref)

        def attempted(n):
            def check():
                (x,) = self.summonses(ref)
                d = x["deliveries"][0]
                return d if d["attempts"] >= n else None
            return check
        d = wait_until(attempted(1))
        self.assertEqual(d["status"], "pending")
        self.assertTrue(d["last_error"].startswith("webhook:"), d)
        self.assertIsNone(d["sent_at"])
        # The receiver comes up answering 503: another attempt a minute
        # later (the backoff passed by a clock a minute and a half on),
        # still pending.
        late = WebhookReceiver(port=self.late_port).start()
        try:
            late.fail(1, 503)
            start = datetime.now(JST)
            self.restart(iso(start + timedelta(seconds=90)))
            d = wait_until(attempted(2))
            self.assertEqual((d["status"], d["last_error"]),
                             ("pending", "webhook: HTTP 503"))
            self.assertEqual(len(late.all()), 1)
            # The backoff doubles: two minutes more, and it is delivered.
            self.restart(iso(start + timedelta(seconds=90 + 121)))
            d = wait_until(attempted(3))
            self.assertEqual((d["status"], d["last_error"]), ("sent", None))
            self.assertEqual([x.path for x in late.all()], ["/late"] * 2)
            self.assertEqual(
                {x.header("Idempotency-Key") for x in late.all()},
                {"kizuki-summons-%d-webhook" % self.summonses(ref)[0]["id"]})
            self.assertIn(ref, late.all()[-1].text)
        finally:
            late.stop()
            self.restart(None)


    def test_d_after_a_day_kizuki_gives_up_and_says_so(self):
        ref = self.file("dos")
        self.triage(ref)

        def delivery():
            (x,) = self.summonses(ref)
            return x["deliveries"][0]
        d = wait_until(lambda: delivery()["attempts"] >= 1 and delivery())
        self.assertEqual(d["status"], "pending")
        self.assertEqual(self.audit("delivery.failed", ref), [])
        try:
            self.restart(iso(datetime.now(JST) + timedelta(hours=24,
                                                           minutes=2)))
            d = wait_until(lambda: delivery()["status"] == "failed" and
                           delivery())
            self.assertEqual(d["attempts"], 2)
            self.assertTrue(d["last_error"].startswith("webhook:"), d)
            (e,) = [e for e in self.entries(ref)
                    if "送信できませんでした" in e["text"]]
            self.assertEqual((e["kind"], e["actor"]), ("contact", "kizuki"))
            self.assertIn("チャット通知", e["text"])
            self.assertIn("別の手段で連絡してください", e["text"])
            # Not the error itself: everyone who reads the incident
            # reads this (the summons shows it to administrators).
            self.assertNotIn(d["last_error"], e["text"])
            self.assertNotIn("webhook:", e["text"])
            self.assertEqual([a for a, _ in self.audit("delivery.failed",
                                                        ref)], ["kizuki"])
        finally:
            self.restart(None)
        # Given up, it is not tried again.
        self.assertEqual(delivery()["attempts"], 2)


class StaleContactsTest(ApiTestCase):
    """Contacts not verified for longer than contact_stale_days (180 by
    default) are flagged, listed by ?stale=true and by `kizuki contacts
    check`, which exits 1 while there are any."""

    def verified(self, days, seconds=0):
        return iso(at(self.now) - timedelta(days=days, seconds=seconds))

    def test_stale_contacts(self):
        admin = self.c("admin")
        made = {}
        for name, when in [("180日前に確認", self.verified(180)),
                           ("181日前に確認", self.verified(181)),
                           ("180日と1秒前", self.verified(180, 1)),
                           ("未確認", None),
                           ("今日確認", self.now)]:
            r = admin.post("/api/v1/contacts", {"name": name,
                                                "last_verified_at": when})
            self.assertEqual(r.status, 201, str(r))
            made[name] = r.json
        self.assertEqual({n: c["stale"] for n, c in made.items()},
                         {"180日前に確認": False, "181日前に確認": True,
                          "180日と1秒前": True, "未確認": True,
                          "今日確認": False})

        def stale_names(query="?stale=true", who="admin"):
            r = self.c(who).get("/api/v1/contacts" + query)
            self.assertEqual(r.status, 200, str(r))
            return sorted(c["name"] for c in r.json["items"])
        self.assertEqual(stale_names(), ["180日と1秒前", "181日前に確認",
                                         "未確認"])
        self.assertEqual(stale_names(who="auditor"), stale_names())
        self.assertEqual(len(stale_names("")), 5)
        self.assertEqual(len(stale_names("?stale=false")), 5)
        for name, c in made.items():
            r = admin.get("/api/v1/contacts/%d" % c["id"])
            self.assertEqual(r.json["stale"], c["stale"], name)

        cli = self.server.kz("contacts", "check")
        self.assertEqual(cli.returncode, 1, cli)
        out = cli.stdout.decode()
        for name in ("180日と1秒前", "181日前に確認", "未確認"):
            self.assertIn(name, out)
        for name in ("180日前に確認", "今日確認"):
            self.assertNotIn(name, out)

        # The setting moves the line.
        try:
            r = admin.patch("/api/v1/settings", {"contact_stale_days": 200})
            self.assertEqual(r.status, 200, str(r))
            self.assertEqual(stale_names(), ["未確認"])
            r = admin.patch("/api/v1/settings", {"contact_stale_days": 90})
            self.assertEqual(stale_names(), ["180日と1秒前", "180日前に確認",
                                             "181日前に確認", "未確認"])
            cli = self.server.kz("contacts", "check")
            self.assertEqual(cli.returncode, 1, cli)
            self.assertIn("180日前に確認", cli.stdout.decode())
        finally:
            r = admin.patch("/api/v1/settings", {"contact_stale_days": 180})
            self.assertEqual(r.status, 200, str(r))

        # A date in the future is refused; verified today, none is stale.
        r = admin.patch("/api/v1/contacts/%d" % made["未確認"]["id"],
                        {"last_verified_at": later(self.now, days=1)})
        self.assertError(r, 422, "validation_failed", ["last_verified_at"])
        for name in ("180日と1秒前", "181日前に確認", "未確認"):
            r = admin.patch("/api/v1/contacts/%d" % made[name]["id"],
                            {"last_verified_at": self.now})
            self.assertEqual(r.status, 200, str(r))
            self.assertFalse(r.json["stale"])
        self.assertEqual(stale_names(), [])
        cli = self.server.kz("contacts", "check")
        self.assertEqual(cli.returncode, 0, cli)
        for name in made:
            self.assertNotIn(name, cli.stdout.decode())


class TriageFactorsTest(ApiTestCase):
    """Every factor of src/core/triage.c moves the score by its points,
    alone, and the score maps to severity at 15, 35 and 60."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.c("admin")
        for name, prio in (("基幹DB", 1), ("社内Wiki", 3), ("検証機", 4)):
            r = admin.post("/api/v1/assets", {"name": name, "kind": "server",
                                              "priority": prio})
            assert r.status == 201, str(r)

    def score(self, **fields):
        rec = self.create(**fields)
        t = rec["triage"]
        self.assertEqual(rec["severity"], t["severity"])
        self.assertEqual(rec["severity_source"], "triage")
        self.assertEqual(rec["priority"], t["priority"])
        self.assertEqual(t["score"], sum(x["points"] for x in t["reasons"]))
        # A record that lacks what the score needs is unrated (issue 9
        # item 18); "at_least" is what the facts at hand give.
        self.assertEqual(t["unrated"], t["severity"] is None)
        self.assertEqual(t["unrated"], bool(t["missing"]) and
                         t["at_least"] != "S1")
        if not t["unrated"]:
            self.assertEqual(t["severity"], t["at_least"])
        for x in t["reasons"]:
            self.assertEqual(set(x), {"factor", "points", "text"})
            # "label: the value", the label from the catalogue.
            self.assertNotRegex(x["text"].split(":")[0], KEY_RE)
        en = self.c("admin").with_lang("en").get(
            "/api/v1/incidents/" + rec["ref"]).json["triage"]
        self.assertEqual([(x["factor"], x["points"]) for x in en["reasons"]],
                         [(x["factor"], x["points"]) for x in t["reasons"]])
        for x in en["reasons"]:
            self.assertNotRegex(x["text"].split(":")[0], KEY_RE)
        return t

    def test_each_factor_alone(self):
        cases = [
            # (fields, factor, points, severity, words of the reason)
            ({"info_types": [{"type": "gender", "count": None}]},
             "sensitivity", 3, "S4", "性別"),
            ({"info_types": [{"type": "name", "count": None}]},
             "sensitivity", 5, "S4", "氏名"),
            ({"info_types": [{"type": "trade_secret", "count": 10}]},
             "sensitivity", 25, "S3", None),
            # Special-care data would make a report due; encrypted, not.
            ({"info_types": [{"type": "medical_record", "count": None}],
              "encrypted": True}, "sensitivity", 30, "S3", None),
            ({"affected_persons": 1}, "persons", 5, "S4", "1人"),
            ({"affected_persons": 150}, "persons", 10, "S4", "150人"),
            ({"affected_persons": 1000}, "persons", 10, "S4", "1,000人"),
            ({"affected_persons": 1001}, "persons", 20, "S3", "1,001人"),
            ({"affected_persons": 10000}, "persons", 30, "S3", "10,000人"),
            ({"affected_persons": 100000}, "persons", 40, "S2", "100,000人"),
            ({"assets": ["基幹DB"]}, "assets", 25, "S3", "基幹DB"),
            ({"assets": ["社内Wiki", "未登録の資産"]}, "assets", 8, "S4",
             "社内Wiki"),
            ({"assets": ["検証機"]}, "assets", 3, "S4", "検証機"),
            ({"impacts": ["service_stopped"]}, "impact", 20, "S3", None),
            ({"impacts": ["data_altered", "financial_damage"]}, "impact", 15,
             "S3", None),
            ({"impacts": ["website_defacement"]}, "impact", 10, "S4", None),
            ({"category": "ransomware"}, "cause", 15, "S3", "外部からの攻撃"),
            ({"category": "insider_wrongdoing"}, "cause", 15, "S3",
             "内部不正"),
            ({"category": "other"}, "cause", 5, "S4", "不明"),
            ({"cause": "external_attack"}, "cause", 15, "S3", None),
        ]
        for fields, factor, points, severity, words in cases:
            with self.subTest(fields=fields):
                t = self.score(**fields)
                self.assertEqual([(x["factor"], x["points"])
                                  for x in t["reasons"]], [(factor, points)])
                self.assertEqual((t["score"], t["at_least"]),
                                 (points, severity))
                if words:
                    self.assertIn(words, t["reasons"][0]["text"])
        # Nothing known: no points, and unrated rather than S4 (the facts
        # are missing); a human error earns none either.
        for fields in ({}, {"category": "misdirected_email"},
                       {"impacts": ["complaints"]}, {"assets": ["未登録"]}):
            with self.subTest(fields=fields):
                t = self.score(**fields)
                self.assertEqual((t["score"], t["at_least"], t["reasons"]),
                                 (0, "S4", []))
                self.assertEqual((t["severity"], t["priority"]), (None, 1))
                self.assertTrue(t["missing"])

    def test_the_duty_factor(self):
        """A reporting duty needs personal data, which always earns
        sensitivity points: the duty is shown with the least of them."""
        t = self.score(info_types=[{"type": "gender", "count": None}],
                       improper_purpose=True)
        self.assertEqual([(x["factor"], x["points"]) for x in t["reasons"]],
                         [("sensitivity", 3), ("duty", 20)])
        self.assertEqual((t["score"], t["at_least"]), (23, "S3"))
        # Encrypted, no duty.
        t = self.score(info_types=[{"type": "gender", "count": None}],
                       improper_purpose=True, encrypted=True)
        self.assertEqual([x["factor"] for x in t["reasons"]],
                         ["sensitivity"])
        # More than 1,000 people's names: persons and the duty together.
        t = self.score(info_types=[{"type": "name", "count": 1001}])
        self.assertEqual([(x["factor"], x["points"]) for x in t["reasons"]],
                         [("sensitivity", 5), ("persons", 20),
                          ("duty", 20)])
        self.assertEqual((t["score"], t["at_least"]), (45, "S2"))

    def test_the_severity_thresholds(self):
        cases = [
            # Just below and at each threshold, with the scores the
            # tables can reach (14, 34 and 59 cannot be reached).
            ({"assets": ["検証機"], "impacts": ["data_altered"]}, 13, "S4"),
            ({"category": "ransomware"}, 15, "S3"),
            ({"assets": ["検証機"], "impacts": ["financial_damage"],
              "category": "ransomware"}, 33, "S3"),
            ({"impacts": ["service_stopped"], "category": "ransomware"},
             35, "S2"),
            ({"affected_persons": 5000, "assets": ["検証機"],
              "impacts": ["service_stopped"], "category": "ransomware"},
             58, "S2"),
            ({"assets": ["基幹DB"], "impacts": ["service_stopped"],
              "category": "ransomware"}, 60, "S1"),
        ]
        for fields, score, severity in cases:
            with self.subTest(fields=fields):
                t = self.score(**fields)
                self.assertEqual((t["score"], t["at_least"]),
                                 (score, severity))
                self.assertEqual(t["priority"],
                                 1 if t["unrated"] else int(severity[1]))
        # A near miss waits a step longer (unrated: priority 1, then 2).
        t = self.score(kind="near_miss", category="ransomware",
                       assets=["検証機"])
        self.assertEqual((t["severity"], t["priority"]), ("S3", 4))
        t = self.score(kind="near_miss", category="ransomware")
        self.assertEqual((t["severity"], t["at_least"], t["priority"]),
                         (None, "S3", 2))

    def test_an_asset_name_is_taken_once(self):
        """Incidents name assets by name: a second asset of the same name
        is refused, created or renamed, and the answer says why (not that
        someone else changed it first)."""
        admin = self.c("admin")
        r = admin.post("/api/v1/assets", {"name": "会計システム",
                                          "priority": 2})
        self.assertEqual(r.status, 201, str(r))
        before = self.server.snapshot()
        taken = self.assertError(
            admin.post("/api/v1/assets", {"name": "基幹DB"}), 409,
            "conflict", ["name"], exact=True)
        for headers in ({}, {"If-Match": "1"}):
            with self.subTest(headers=headers):
                err = self.assertError(
                    admin.patch("/api/v1/assets/%d" % r.json["id"],
                                {"name": "基幹DB"}, headers=headers),
                    409, "conflict", ["name"], exact=True)
                self.assertEqual(err["message"], taken["message"])
        self.assertEqual(self.server.snapshot(), before)
        stale = self.assertError(
            admin.patch("/api/v1/assets/%d" % r.json["id"],
                        {"name": "会計"}, headers={"If-Match": "9"}),
            409, "conflict")
        self.assertNotEqual(stale["message"], taken["message"])

    def test_a_change_rescores(self):
        rec = self.create(category="ransomware")
        self.assertEqual(rec["triage"]["score"], 15)
        r = self.c("handler").patch("/api/v1/incidents/" + rec["ref"],
                                    {"impacts": ["service_stopped"]},
                                    headers={"If-Match": "1"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual((r.json["triage"]["score"], r.json["severity"]),
                         (35, "S2"))
        # A person's severity stands; the score is still shown.
        r = self.c("handler").patch("/api/v1/incidents/" + rec["ref"], {
            "severity": "S4", "severity_reason": "業務影響なし"},
            headers={"If-Match": "2"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual((r.json["severity"], r.json["severity_source"],
                          r.json["triage"]["severity"]),
                         ("S4", "manual", "S2"))
        # In English, the reasons too.
        r = self.c("handler").with_lang("en").get(
            "/api/v1/incidents/" + rec["ref"])
        texts = [x["text"] for x in r.json["triage"]["reasons"]]
        self.assertTrue(any("External attack" in t for t in texts), texts)
