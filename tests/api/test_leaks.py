# SPDX-License-Identifier: MIT
"""Smaller leaks (issue 9, item 8):

- GET /api/v1/verify counts only what the caller may see: its counts no
  longer grow with changes to a restricted incident the caller is not a
  member of (the audit log's chain is still checked whole);
- Strict-Transport-Security is sent under TLS (and only then);
- HEAD answers on every GET route, API and web assets alike: the same
  status and headers, Content-Length included, and no body;
- the error of a webhook delivery (which tells whether a port on the
  server's network answers) is shown to administrators only, and is not
  written into the chronology every reader of the incident sees."""

import os
import re
import shutil
import ssl
import http.client
import tempfile
import unittest
from pathlib import Path

from tests.api.server import ApiTestCase, DISCOVERED, Server, free_port
from tests.api.sinks import SELF_SIGNED_CERT, SELF_SIGNED_KEY, wait_until

ROOT = Path(__file__).resolve().parents[2]


class VerifyCountsTest(ApiTestCase):

    extra_users = {"auditor2": "auditor"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.c("commander").post("/api/v1/incidents", {
            "title": "役員の端末", "discovered_at": DISCOVERED,
            "restricted": True, "members": ["auditor2"]})
        assert r.status == 201, str(r)
        cls.secret = r.json
        r = cls.c("handler").post("/api/v1/incidents", {
            "title": "公開の件", "discovered_at": DISCOVERED})
        assert r.status == 201, str(r)

    def verify(self, who):
        r = self.c(who).get("/api/v1/verify")
        self.assertEqual(r.status, 200, str(r))
        self.assertTrue(r.json["ok"], str(r))
        return r.json

    def audit_seen_by(self, who):
        n, since = 0, None
        while True:
            path = "/api/v1/audit?limit=1000"
            if since is not None:
                path += "&since=%d" % since
            r = self.c(who).get(path)
            self.assertEqual(r.status, 200, str(r))
            n += len(r.json["items"])
            if r.json["next"] is None or not r.json["items"]:
                return n
            since = r.json["next"]

    def counts(self, v):
        return (v["checked"], v["audit_checked"], v["incidents"])

    def test_hidden_changes_do_not_move_the_counts(self):
        before = {w: self.verify(w) for w in ("auditor", "auditor2", "admin")}
        ref = self.secret["ref"]
        cur = self.c("commander").get("/api/v1/incidents/" + ref).json
        r = self.c("commander").patch(
            "/api/v1/incidents/" + ref, {"title": "役員の端末（確認中）"},
            headers={"If-Match": str(cur["version"])})
        self.assertEqual(r.status, 200, str(r))
        after = {w: self.verify(w) for w in ("auditor", "auditor2", "admin")}
        # The auditor outside the incident learns nothing of the change...
        self.assertEqual(self.counts(after["auditor"]),
                         self.counts(before["auditor"]))
        # ...which those who may know of it see.
        for who in ("auditor2", "admin"):
            self.assertGreater(after[who]["audit_checked"],
                               before[who]["audit_checked"], who)
        self.assertLess(after["auditor"]["audit_checked"],
                        after["admin"]["audit_checked"])
        self.assertNotIn(ref, repr(after["auditor"]))

    def test_audit_count_is_the_log_the_reader_may_read(self):
        for who in ("auditor", "auditor2", "admin"):
            seen = self.audit_seen_by(who)
            v = self.verify(who)
            self.assertEqual(v["audit_checked"], seen, who)
            self.assertEqual(self.audit_seen_by(who), seen, who)


class HeadTest(ApiTestCase):
    """Every GET route of the route table, with real parameters where one
    exists, and the web assets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.c("handler").post("/api/v1/incidents", {
            "title": "HEAD の確認", "discovered_at": DISCOVERED,
            "category": "malware"})
        assert r.status == 201, str(r)
        cls.ref = r.json["ref"]
        r = cls.c("admin").post("/api/v1/assets", {"name": "顧客DB",
                                                   "kind": "database"})
        cls.asset_id = r.json["id"] if r.status == 201 else 1

    def get_routes(self):
        text = (ROOT / "src" / "http" / "routes.c").read_text("utf-8")
        pats = re.findall(r'\{"GET", "([^"]+)"', text)
        self.assertGreater(len(pats), 20)
        fill = {"{ref}": self.ref, "{name}": "category",
                "{id}": str(self.asset_id), "{token}": "0" * 64,
                "{category}": "malware"}
        out = []
        for p in pats:
            if "/drafts/{name}" in p:
                p = p.replace("{name}", "appi_report")
            for k, v in fill.items():
                p = p.replace(k, v)
            out.append(p)
        return out

    def asset_paths(self):
        r = self.anon().get("/")
        self.assertEqual(r.status, 200)
        refs = re.findall(r'(?:href|src)="(/[^"]+)"', r.text)
        self.assertTrue(refs)
        return ["/", "/incidents/" + self.ref, "/no-such-file.js"] + refs

    def compare(self, client, path):
        head = client.request("HEAD", path)
        get = client.request("GET", path)
        self.assertNotEqual(head.status, 405, path)
        self.assertEqual(head.status, get.status, path)
        self.assertEqual(head.body, b"", path)
        for h in ("Content-Type", "Content-Length", "ETag", "Cache-Control",
                  "Content-Security-Policy", "X-Content-Type-Options"):
            self.assertEqual(head.header(h), get.header(h), (path, h))
        if get.status == 200:
            self.assertEqual(int(head.header("Content-Length")),
                             len(get.body), path)

    def test_every_get_route_answers_head(self):
        admin = self.c("admin")
        for path in self.get_routes():
            with self.subTest(path=path):
                self.compare(admin, path)

    def test_web_assets_answer_head(self):
        for path in self.asset_paths():
            with self.subTest(path=path):
                self.compare(self.anon(), path)

    def test_head_needs_what_get_needs(self):
        r = self.anon().request("HEAD", "/api/v1/incidents")
        self.assertEqual(r.status, 401)
        self.assertEqual(r.body, b"")

    def test_head_is_not_post(self):
        # A route with POST only still refuses HEAD.
        r = self.c("admin").request("HEAD", "/api/v1/summons/1/ack")
        self.assertEqual(r.status, 405)

    def test_no_hsts_over_plain_http(self):
        r = self.anon().get("/healthz")
        self.assertIsNone(r.header("Strict-Transport-Security"))


class WebhookErrorTest(ApiTestCase):
    """A receiver that does not answer: the attempt's error is for
    administrators; others see only the delivery's status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.c("admin")
        r = admin.post("/api/v1/contacts", {
            "name": "停止中の受信先",
            "webhook_url": "http://127.0.0.1:%d/hook" % free_port()})
        assert r.status == 201, str(r)
        r = admin.post("/api/v1/convocation-rules", {
            "name": "マルウェア", "categories": ["malware"],
            "summon_contacts": [r.json["id"]]})
        assert r.status == 201, str(r)

    def test_delivery_errors_are_for_administrators(self):
        r = self.c("handler").post("/api/v1/incidents", {
            "title": "マルウェア感染", "discovered_at": DISCOVERED,
            "category": "malware", "severity": "S1",
            "severity_reason": "基幹サーバ"})
        self.assertEqual(r.status, 201, str(r))
        ref = r.json["ref"]
        r = self.c("handler").post("/api/v1/incidents/%s/phase" % ref,
                                   {"to": "triage"})
        self.assertEqual(r.status, 200, str(r))

        def attempted(who):
            r = self.c(who).get("/api/v1/incidents/%s/summons" % ref)
            self.assertEqual(r.status, 200, str(r))
            ds = [d for s in r.json["items"] for d in s["deliveries"]]
            return ds if ds and all(d["attempts"] >= 1 for d in ds) else None

        admin = wait_until(lambda: attempted("admin"), 20)
        self.assertTrue(admin[0]["last_error"].startswith("webhook:"), admin)
        for who in ("handler", "commander", "auditor", "communicator"):
            ds = attempted(who)
            self.assertIsNotNone(ds, who)
            self.assertEqual([d["status"] for d in ds],
                             [d["status"] for d in admin], who)
            self.assertEqual([d["last_error"] for d in ds], [None], who)


class TlsTest(unittest.TestCase):
    """A server with a certificate sends Strict-Transport-Security."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="kizuki-tls-")
        cert = os.path.join(cls.dir, "cert.pem")
        key = os.path.join(cls.dir, "key.pem")
        with open(cert, "w") as f:
            f.write(SELF_SIGNED_CERT)
        with open(key, "w") as f:
            f.write(SELF_SIGNED_KEY)
        cls.server = Server(args=("--tls-cert", cert, "--tls-key", key))
        try:
            cls.server.start()
        except BaseException:
            cls.server.cleanup()
            shutil.rmtree(cls.dir, True)
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            rc = cls.server.stop()
            report = cls.server.sanitizer_report()
            if report:
                raise AssertionError("sanitizer report:\n" + report)
            if rc != 0:
                raise AssertionError("server exited %s" % rc)
        finally:
            cls.server.cleanup()
            shutil.rmtree(cls.dir, True)

    def fetch(self, method, path):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", self.server.port,
                                           timeout=30, context=ctx)
        try:
            conn.request(method, path)
            r = conn.getresponse()
            return r.status, r.getheader("Strict-Transport-Security"), \
                r.read()
        finally:
            conn.close()

    def test_hsts_on_api_and_assets(self):
        self.assertIn("https://", self.server.head)
        for method, path, status in (("GET", "/healthz", 200),
                                     ("GET", "/", 200),
                                     ("HEAD", "/js/main.js", 200),
                                     ("GET", "/api/v1/me", 401),
                                     ("GET", "/api/v1/nothing", 404)):
            with self.subTest(path=path):
                got, hsts, _ = self.fetch(method, path)
                self.assertEqual(got, status)
                self.assertIsNotNone(hsts)
                m = re.match(r"max-age=(\d+)", hsts)
                self.assertIsNotNone(m, hsts)
                self.assertGreaterEqual(int(m.group(1)), 31536000)
