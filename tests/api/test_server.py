# SPDX-License-Identifier: MIT
"""The server itself: the access log (JSON lines that never hold a
password, token, cookie, CSRF token or query string) and a graceful
shutdown (SIGTERM lets requests in flight finish, exits 0 and leaves the
WAL checkpointed)."""

import os
import socket
import threading
import time

from tests.api.server import (ApiTestCase, DISCOVERED, PASSWORD, Server,
                              SANITIZER_MARKS)


class AccessLogTest(ApiTestCase):

    def wait_for_lines(self, n, timeout=5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.server.access_log()) >= n:
                return
            time.sleep(0.02)

    def test_log_holds_no_secrets(self):
        srv = self.server
        secrets = [PASSWORD, srv.admin_password]
        for u in self.users.values():
            secrets.append(u["token"])
            secrets.append(u["token"].split("_")[2])
        r, cl = srv.login("handler", PASSWORD)
        self.assertEqual(r.status, 200)
        secrets += [cl.cookie, cl.cookie.split(".")[1], cl.csrf]
        srv.login("handler", "a wrong password typed", source="127.0.0.9")
        secrets.append("a wrong password typed")
        srv.login("typed-as-name " + PASSWORD, PASSWORD, source="127.0.0.9")
        cl.get("/api/v1/incidents?q=KIMITSU-WORD&limit=5")
        cl.post("/api/v1/incidents", {"title": "log", "discovered_at":
                                      DISCOVERED})
        secrets.append("KIMITSU-WORD")
        r = self.c("handler").post("/api/v1/tokens", {"label": "x"})
        secrets += [r.json["token"], r.json["token"].split("_")[2]]
        r = self.c("admin").post("/api/v1/users",
                                 {"name": "log-user", "role": "reporter"})
        secrets.append(r.json["password"])
        self.c("admin").post("/api/v1/users/log-user/password",
                             {"password": "new secret password"})
        secrets.append("new secret password")
        self.c("auditor").get("/api/v1/audit?since=1&limit=3")
        self.anon().get("/api/v1/me", headers={
            "Authorization": "Bearer kzt_%s_%s" % ("1" * 16, "2" * 64)})
        secrets.append("2" * 64)
        self.anon().get("/healthz?token=QUERY-SECRET")
        self.anon().get("/api/v1/nothing?password=QUERY-SECRET2")
        secrets += ["QUERY-SECRET", "QUERY-SECRET2"]
        cl.delete("/api/v1/session")
        self.wait_for_lines(12)
        text = srv.access_log_text()
        for s in secrets:
            self.assertNotIn(s, text)
        self.assertNotIn("kizuki_session", text)
        self.assertNotIn("Bearer", text)
        self.assertNotIn("kzt_", text)
        for s in secrets:
            self.assertNotIn(s, srv.stderr_text())
        entries = srv.access_log()
        self.assertGreaterEqual(len(entries), 12)
        for e in entries:
            for key in ("time", "method", "path", "status", "ms", "user"):
                self.assertIn(key, e)
            self.assertNotIn("?", e["path"])
            self.assertIsInstance(e["status"], int)
            self.assertIsInstance(e["ms"], (int, float))
        # Every line after start-up is one JSON object.
        lines = [ln for ln in text.splitlines() if ln.strip()]
        json_lines = [ln for ln in lines if ln.startswith("{")]
        self.assertLessEqual(len(lines) - len(json_lines), 1, lines[:3])
        # Who did it is there.
        mine = [e for e in entries if e["path"] == "/api/v1/incidents"
                and e["method"] == "GET"]
        self.assertEqual(mine[-1]["user"], "handler")
        self.assertEqual(mine[-1]["status"], 200)
        audits = [e for e in entries if e["path"] == "/api/v1/audit"]
        self.assertEqual(audits[-1]["user"], "auditor")
        logins = [e for e in entries if e["path"] == "/api/v1/session"]
        self.assertIn(401, [e["status"] for e in logins])


class ShutdownTest(ApiTestCase):
    """SIGTERM while requests are in flight."""

    def test_in_flight_requests_complete(self):
        srv = Server()
        srv.start()
        try:
            self.assertIsNotNone(srv.admin_password)
            r, cl = srv.login("admin", srv.admin_password)
            self.assertEqual(r.status, 200, str(r))
            token = cl.post("/api/v1/tokens", {}).json["token"]
            body = ('{"title": "shutdown", "discovered_at": "%s"}' %
                    DISCOVERED).encode()
            socks = []
            # Requests whose bodies are half sent when SIGTERM arrives.
            for i in range(4):
                s = socket.create_connection(("127.0.0.1", srv.port),
                                             timeout=30)
                s.sendall(("POST /api/v1/incidents HTTP/1.1\r\n"
                           "Host: x\r\nAuthorization: Bearer %s\r\n"
                           "Content-Type: application/json\r\n"
                           "Content-Length: %d\r\n\r\n" %
                           (token, len(body))).encode() + body[:10])
                socks.append(s)
            # And slow ones: sign-ins hash a password.
            results = []

            def slow():
                results.append(srv.login("admin", srv.admin_password)[0])
            threads = [threading.Thread(target=slow) for _ in range(3)]
            for t in threads:
                t.start()
            time.sleep(0.3)
            srv.proc.send_signal(15)
            # New connections are refused once the server stops listening.
            refused = False
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not refused:
                try:
                    socket.create_connection(("127.0.0.1", srv.port),
                                             timeout=1).close()
                    time.sleep(0.05)
                except OSError:
                    refused = True
            self.assertTrue(refused, "still accepting after SIGTERM")
            self.assertIsNone(srv.proc.poll(), "exited with work in flight")
            answers = []
            for s in socks:
                s.sendall(body[10:])
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                s.close()
                answers.append(data.split(b"\r\n", 1)[0])
            for t in threads:
                t.join(30)
            self.assertEqual(answers, [b"HTTP/1.1 201 Created"] * 4)
            self.assertEqual([r.status for r in results], [200] * 3)
            rc = srv.proc.wait(30)
            for t in srv._threads:
                t.join(5)
            self.assertEqual(rc, 0, srv.stderr_text())
            for mark in SANITIZER_MARKS:
                self.assertNotIn(mark, srv.stderr_text())
            wal = srv.db + "-wal"
            size = os.path.getsize(wal) if os.path.exists(wal) else 0
            self.assertEqual(size, 0, "WAL not checkpointed")
            n = srv.db_read("SELECT count(*) FROM incident")[0][0]
            self.assertEqual(n, 4)
            v = srv.kz("verify")
            self.assertEqual(v.returncode, 0, v)
        finally:
            srv.cleanup()

    def test_idle_server_stops_at_once(self):
        srv = Server()
        srv.start()
        try:
            t0 = time.monotonic()
            rc = srv.stop()
            self.assertEqual(rc, 0, srv.stderr_text())
            self.assertLess(time.monotonic() - t0, 5)
            wal = srv.db + "-wal"
            self.assertTrue(not os.path.exists(wal) or
                            os.path.getsize(wal) == 0)
        finally:
            srv.cleanup()
