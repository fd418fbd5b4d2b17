# SPDX-License-Identifier: MIT
"""Evidence with chain of custody (issue 10 item 1): uploads as a raw body
and as multipart, hashes equal to hashlib's, one file for the same bytes,
413 before the body is read and as soon as a chunked body passes the
limit, downloads re-hashed (a changed file refused and audited) with the
headers that keep a browser from rendering them, the custody chain and
its rules, names sanitised, need-to-know on every route, roles, and
concurrent uploads."""

import hashlib
import json
import os
import socket
import threading
import time
import urllib.parse

from tests.api.server import ApiTestCase, DISCOVERED

LIMIT = 1 << 20  # --evidence-max-bytes of these servers
GENESIS = "0" * 64


def link(prev, domain, fields):
    """hashchain.c's link: docs/internals/hashchain.md."""
    h = hashlib.sha256()
    h.update(prev.encode())
    for f in [domain] + fields:
        b = f.encode("utf-8")
        h.update(b"%d:" % len(b) + b + b"\n")
    return h.hexdigest()


def utc(text):
    """The API's time with offset as the UTC form the chain hashes."""
    import datetime
    t = datetime.datetime.fromisoformat(text)
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class EvidenceTest(ApiTestCase):

    serve_args = ("--evidence-max-bytes", str(LIMIT))
    extra_users = {"handler2": "handler"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.c("handler").post("/api/v1/incidents", {
            "title": "顧客へのメール誤送信", "discovered_at": DISCOVERED,
            "category": "misdirected_email"})
        assert r.status == 201, r
        cls.ref = r.json["ref"]

    @property
    def evdir(self):
        return self.server.evidence_dir

    def upload(self, data, name="mail.eml", who="handler", ref=None,
               expect=201, headers=None):
        h = {"X-Filename": urllib.parse.quote(name, safe="")}
        h.update(headers or {})
        r = self.c(who).request(
            "POST", "/api/v1/incidents/%s/evidence" % (ref or self.ref),
            raw=data, content_type="application/octet-stream", headers=h)
        self.assertEqual(r.status, expect, str(r))
        return r

    def multipart(self, parts, who="handler", ref=None):
        b = "kizukiBOUNDARY"
        body = b""
        for name, filename, value in parts:
            disp = 'form-data; name="%s"' % name
            if filename is not None:
                disp += '; filename="%s"' % filename
            body += ("--%s\r\nContent-Disposition: %s\r\n\r\n"
                     % (b, disp)).encode("utf-8")
            body += value if isinstance(value, bytes) else value.encode()
            body += b"\r\n"
        body += ("--%s--\r\n" % b).encode()
        return self.c(who).request(
            "POST", "/api/v1/incidents/%s/evidence" % (ref or self.ref),
            raw=body, content_type="multipart/form-data; boundary=" + b)

    def temp_files(self):
        d = os.path.join(self.evdir, "tmp")
        return os.listdir(d) if os.path.isdir(d) else []

    def audit(self, action):
        return self.server.db_read(
            "SELECT target, detail FROM audit WHERE action = ? ORDER BY seq",
            (action,))

    def raw_exchange(self, head, body_chunks=(), timeout=30):
        """Send 'head' (and chunks) on a socket; the status line and what
        came back, or None when the connection was cut without one."""
        s = socket.create_connection(("127.0.0.1", self.server.port),
                                     timeout=timeout)
        try:
            s.sendall(head)
            for c in body_chunks:
                s.sendall(c)
            got = b""
            while b"\r\n\r\n" not in got:
                k = s.recv(65536)
                if not k:
                    break
                got += k
            return got
        except (ConnectionResetError, BrokenPipeError):
            return None
        finally:
            s.close()

    # -- uploads ---------------------------------------------------------

    def test_raw_upload_has_the_hashes_of_hashlib(self):
        data = os.urandom(300000) + "顧客".encode()
        r = self.upload(data, name="顧客リスト 2026.xlsx", headers={
            "X-Description": urllib.parse.quote("誤送信されたメールの添付"),
            "X-Acquired-At": urllib.parse.quote("2026-11-22T10:00:00+09:00"),
            "X-Acquired-By": urllib.parse.quote("情報システム部 鈴木")})
        ev = r.json
        self.assertEqual(ev["sha256"], hashlib.sha256(data).hexdigest())
        self.assertEqual(ev["md5"], hashlib.md5(data).hexdigest())
        self.assertEqual(ev["sha1"], hashlib.sha1(data).hexdigest())
        self.assertEqual(ev["size"], len(data))
        self.assertEqual(ev["name"], "顧客リスト 2026.xlsx")
        self.assertIsNone(ev["original_name"])
        self.assertEqual(ev["description"], "誤送信されたメールの添付")
        self.assertEqual(ev["acquired_at"], "2026-11-22T10:00:00+09:00")
        self.assertEqual(ev["acquired_by"], "情報システム部 鈴木")
        self.assertEqual(ev["uploaded_by"], "handler")
        self.assertEqual(ev["media_type"], "application/octet-stream")
        self.assertEqual(ev["state"], "held")
        for k in ("id", "name", "size", "sha256", "md5", "sha1",
                  "media_type", "acquired_at", "acquired_by",
                  "description"):
            self.assertIn(k, ev)
        path = os.path.join(self.evdir, ev["sha256"][:2], ev["sha256"])
        with open(path, "rb") as f:
            self.assertEqual(f.read(), data)
        self.assertEqual(self.temp_files(), [])
        items = self.c("handler").get(
            "/api/v1/incidents/%s/evidence" % self.ref).json["items"]
        self.assertIn(ev["id"], [i["id"] for i in items])

    def test_multipart_upload_with_its_fields(self):
        data = b"%PDF-1.4\n" + os.urandom(70000)
        r = self.multipart([
            ("description", None, "届いたPDF"),
            ("acquired_by", None, "佐藤"),
            ("acquired_at", None, "2026-11-22T11:00:00+09:00"),
            ("file", "report.pdf", data)])
        self.assertEqual(r.status, 201, str(r))
        ev = r.json
        self.assertEqual(ev["sha256"], hashlib.sha256(data).hexdigest())
        self.assertEqual(ev["md5"], hashlib.md5(data).hexdigest())
        self.assertEqual(ev["sha1"], hashlib.sha1(data).hexdigest())
        self.assertEqual(ev["media_type"], "application/pdf")
        self.assertEqual(ev["name"], "report.pdf")
        self.assertEqual(ev["description"], "届いたPDF")
        self.assertEqual(ev["acquired_by"], "佐藤")
        self.assertEqual(ev["acquired_at"], "2026-11-22T11:00:00+09:00")

    def test_multipart_without_a_file_is_refused(self):
        r = self.multipart([("description", None, "no file")])
        self.assertError(r, 422, "validation_failed", ["file"])
        self.assertEqual(self.temp_files(), [])

    def test_same_bytes_twice_are_one_file_and_two_items(self):
        data = b"the same bytes " + os.urandom(64)
        a = self.upload(data, name="a.bin").json
        b = self.upload(data, name="b.bin").json
        self.assertNotEqual(a["id"], b["id"])
        self.assertEqual(a["sha256"], b["sha256"])
        sub = os.path.join(self.evdir, a["sha256"][:2])
        self.assertEqual(
            [f for f in os.listdir(sub) if f == a["sha256"]], [a["sha256"]])

    def test_an_item_without_content(self):
        r = self.c("handler").post(
            "/api/v1/incidents/%s/evidence" % self.ref,
            {"name": "外付けHDD (S/N 1234)", "location": "本社 金庫 A-3",
             "description": "持ち込まれた現物"})
        self.assertEqual(r.status, 201, str(r))
        ev = r.json
        # A thing's name is not a file name: kept as given.
        self.assertEqual(ev["name"], "外付けHDD (S/N 1234)")
        self.assertFalse(ev["has_content"])
        self.assertIsNone(ev["sha256"])
        self.assertEqual(ev["location"], "本社 金庫 A-3")
        r = self.c("handler").get("/api/v1/evidence/%d/content" % ev["id"])
        self.assertError(r, 404, "not_found")
        r = self.c("handler").post(
            "/api/v1/incidents/%s/evidence" % self.ref, {"location": "x"})
        self.assertError(r, 422, "validation_failed", ["name"])

    def test_other_types_are_refused(self):
        r = self.c("handler").request(
            "POST", "/api/v1/incidents/%s/evidence" % self.ref,
            raw=b"hello", content_type="text/plain")
        self.assertError(r, 415)

    # -- the size limit ----------------------------------------------------

    def test_413_before_the_body_is_read(self):
        token = self.users["handler"]["token"]
        head = ("POST /api/v1/incidents/%s/evidence HTTP/1.1\r\n"
                "Host: x\r\nAuthorization: Bearer %s\r\n"
                "Content-Type: application/octet-stream\r\n"
                "X-Filename: big.img\r\n"
                "Content-Length: 10000000000\r\n\r\n" % (self.ref, token))
        # Nothing of the body is sent: the answer comes all the same.
        got = self.raw_exchange(head.encode())
        self.assertIsNotNone(got)
        self.assertTrue(got.startswith(b"HTTP/1.1 413"), got[:200])
        self.assertEqual(self.temp_files(), [])

    def test_413_as_soon_as_a_chunked_body_passes_the_limit(self):
        token = self.users["handler"]["token"]
        head = ("POST /api/v1/incidents/%s/evidence HTTP/1.1\r\n"
                "Host: x\r\nAuthorization: Bearer %s\r\n"
                "Content-Type: application/octet-stream\r\n"
                "X-Filename: big.img\r\n"
                "Transfer-Encoding: chunked\r\n\r\n" % (self.ref, token))
        chunk = os.urandom(LIMIT + 10)
        # One chunk over the limit, and no end: the answer must not wait
        # for the rest.
        got = self.raw_exchange(
            head.encode(), [b"%x\r\n" % len(chunk) + chunk + b"\r\n"])
        self.assertIsNotNone(got, "connection cut without an answer")
        self.assertTrue(got.startswith(b"HTTP/1.1 413"), got[:200])
        deadline = time.monotonic() + 10
        while self.temp_files() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.temp_files(), [])
        # The server goes on serving.
        self.assertEqual(self.c("handler").get(
            "/api/v1/incidents/%s/evidence" % self.ref).status, 200)

    def test_exactly_the_limit_is_taken(self):
        data = os.urandom(LIMIT)
        ev = self.upload(data, name="limit.bin").json
        self.assertEqual(ev["size"], LIMIT)

    # -- downloads ------------------------------------------------------------

    def test_download_headers_and_audit(self):
        data = b"<html><script>alert(1)</script></html>"
        ev = self.upload(data, name="見積書 \"最終\".html").json
        before = len(self.audit("evidence.download"))
        r = self.c("auditor").get("/api/v1/evidence/%d/content" % ev["id"])
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.body, data)
        self.assertEqual(r.header("Content-Type"), "application/octet-stream")
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        self.assertEqual(r.header("Content-Security-Policy"), "sandbox")
        cd = r.header("Content-Disposition")
        self.assertTrue(cd.startswith("attachment; "), cd)
        self.assertIn("filename*=UTF-8''" + urllib.parse.quote(
            ev["name"], safe="!#$&+-.^_`|~"), cd)
        fallback = cd.split('filename="', 1)[1].split('"', 1)[0]
        self.assertTrue(all(32 <= ord(ch) < 127 for ch in fallback), cd)
        self.assertTrue(fallback.endswith(".html"), cd)
        downloads = self.audit("evidence.download")
        self.assertEqual(len(downloads), before + 1)
        self.assertEqual(downloads[-1][0], self.ref)
        self.assertEqual(json.loads(downloads[-1][1])["evidence"], ev["id"])

    def test_a_changed_file_is_refused_and_audited(self):
        data = b"original bytes " + os.urandom(32)
        ev = self.upload(data, name="tamper.bin").json
        path = os.path.join(self.evdir, ev["sha256"][:2], ev["sha256"])
        os.chmod(path, 0o600)
        with open(path, "r+b") as f:
            f.write(b"X")
        r = self.c("handler").with_lang("en").get(
            "/api/v1/evidence/%d/content" % ev["id"])
        self.assertError(r, 409, "conflict")
        self.assertIn("no longer matches its hash", r.json["error"]["message"])
        rows = [json.loads(d) for t, d in self.audit("evidence.tampered")]
        self.assertIn(ev["id"], [d["evidence"] for d in rows])
        self.assertIn("tampered", [d["reason"] for d in rows])
        os.remove(path)
        r = self.c("handler").get("/api/v1/evidence/%d/content" % ev["id"])
        self.assertError(r, 409, "conflict")
        rows = [json.loads(d) for t, d in self.audit("evidence.tampered")]
        self.assertIn("missing", [d["reason"] for d in rows])

    # -- custody --------------------------------------------------------------

    def custody(self, eid, who="handler", expect=201, **event):
        r = self.c(who).post("/api/v1/evidence/%d/custody" % eid, event)
        self.assertEqual(r.status, expect, str(r))
        return r

    def test_custody_chain_and_its_rules(self):
        ev = self.upload(b"custody " + os.urandom(16), name="c.eml").json
        eid = ev["id"]
        self.custody(eid, action="hand_over", to="法務部 田中",
                     reason="法務確認", location="法務部キャビネット")
        self.custody(eid, action="check-out", to="フォレンジック業者",
                     reason="解析")
        r = self.custody(eid, action="checkout", to="x", expect=409)
        self.assertError(r, 409, "conflict", ["action"])
        self.custody(eid, action="return", reason="解析完了")
        r = self.custody(eid, action="return", expect=409)
        self.assertError(r, 409, "conflict", ["action"])
        self.custody(eid, action="seal", reason="封印番号 0042")
        self.custody(eid, action="transfer", to="外部保管庫",
                     at="2026-11-22T11:30:00+09:00")
        self.custody(eid, action="dispose", reason="保存期間満了")
        for action in ("handover", "copy", "seal", "return"):
            r = self.custody(eid, action=action, to="x", expect=409)
            self.assertError(r, 409, "conflict", ["action"])
        r = self.custody(eid, action="acquire", expect=409)
        r = self.custody(eid, action="teleport", to="x", expect=422)
        self.assertError(r, 422, "validation_failed", ["action"])
        r = self.custody(eid, action="handover", expect=422)
        self.assertError(r, 422, "validation_failed", ["to"])

        got = self.c("auditor").get("/api/v1/evidence/%d/custody" % eid).json
        self.assertEqual(got["state"], "disposed")
        events = got["items"]
        self.assertEqual([e["action"] for e in events],
                         ["acquire", "handover", "checkout", "return",
                          "seal", "transfer", "disposal"])
        self.assertEqual(events[1]["from"], "handler")  # who held it
        self.assertEqual(events[2]["from"], "法務部 田中")
        self.assertEqual(events[5]["at"], "2026-11-22T11:30:00+09:00")
        # The chain recomputed as docs/internals/evidence.md says.
        prev = GENESIS
        for e in events:
            fields = [str(eid), ev["sha256"], str(e["seq"]), e["action"],
                      e["from"] or "", e["to"] or "", utc(e["at"]),
                      e["location"] or "", e["reason"] or "",
                      e["recorded_by"], utc(e["recorded_at"])]
            prev = link(prev, "kizuki.custody.v1", fields)
            self.assertEqual(e["hash"], prev, e)
        item = self.c("handler").get("/api/v1/evidence/%d" % eid).json
        self.assertEqual(item["custody_count"], 7)
        self.assertEqual(len(item["custody"]), 7)
        # The disposed bytes are kept, and still served to readers.
        r = self.c("handler").get("/api/v1/evidence/%d/content" % eid)
        self.assertEqual(r.status, 200, str(r))
        # The incident's chronology notes each event, in both languages.
        tl = self.c("handler").with_lang("en").get(
            "/api/v1/incidents/%s/timeline" % self.ref).json["items"]
        texts = [e["text"] for e in tl if e.get("system")]
        self.assertIn("Evidence hand-over: c.eml (handler → 法務部 田中)",
                      texts)
        self.assertTrue(any(t.startswith("Evidence added: c.eml")
                            for t in texts), texts)
        tl = self.c("handler").with_lang("ja").get(
            "/api/v1/incidents/%s/timeline" % self.ref).json["items"]
        self.assertIn("証拠の廃棄: c.eml（外部保管庫 → （未記載））",
                      [e["text"] for e in tl])

    # -- names ----------------------------------------------------------------

    def test_names_are_sanitised_and_the_original_kept(self):
        cases = [
            ("../../etc/passwd", lambda n: "/" not in n and
             not n.startswith(".")),
            (".htaccess", lambda n: n == "htaccess"),
            ("a\x01b\x7f.txt", lambda n: n == "a_b_.txt"),
            ("evil\u202etxt.exe", lambda n: n == "evil_txt.exe"),
            ("C:\\Users\\x.doc", lambda n: n == "C__Users_x.doc"),
            ("あ" * 150 + ".pdf", lambda n: len(n.encode()) <= 200 and
             n.endswith(".pdf")),
            ("...", lambda n: n == "evidence"),
        ]
        for given, ok in cases:
            with self.subTest(name=given):
                ev = self.upload(given.encode() + os.urandom(4),
                                 name=given).json
                self.assertTrue(ok(ev["name"]), ev["name"])
                self.assertEqual(ev["original_name"], given)

    def test_a_header_that_is_not_percent_encoded_utf8(self):
        for value in ("%ZZ", "%FF%FE", "a%00b"):
            with self.subTest(value=value):
                r = self.c("handler").request(
                    "POST", "/api/v1/incidents/%s/evidence" % self.ref,
                    raw=b"x", content_type="application/octet-stream",
                    headers={"X-Filename": value})
                self.assertError(r, 422, "validation_failed", ["X-Filename"])
        self.assertEqual(self.temp_files(), [])

    # -- who may do what -----------------------------------------------------

    def test_roles(self):
        ev = self.upload(b"roles " + os.urandom(8), name="r.txt").json
        r = self.upload(b"no", who="auditor", expect=403)
        self.assertError(r, 403, "forbidden")
        self.assertEqual(self.temp_files(), [])
        r = self.custody(ev["id"], who="auditor", expect=403,
                         action="copy", to="x")
        for who in ("auditor", "commander", "handler2"):
            with self.subTest(who=who):
                r = self.c(who).get("/api/v1/evidence/%d/content" % ev["id"])
                self.assertEqual(r.status, 200, str(r))
        r = self.anon().get("/api/v1/evidence/%d" % ev["id"])
        self.assertError(r, 401)

    def test_restricted_evidence_is_invisible(self):
        r = self.c("admin").post("/api/v1/incidents", {
            "title": "極秘 HIMITSU-EV", "discovered_at": DISCOVERED,
            "restricted": True, "members": ["handler"]})
        self.assertEqual(r.status, 201, str(r))
        secret = r.json["ref"]
        ev = self.upload(b"secret " + os.urandom(8), name="secret.txt",
                         ref=secret).json
        eid = ev["id"]
        outsiders = ("commander", "handler2", "auditor")
        routes = [
            ("GET", "/api/v1/incidents/%s/evidence" % secret, None),
            ("POST", "/api/v1/incidents/%s/evidence" % secret,
             {"name": "x"}),
            ("GET", "/api/v1/evidence/%d" % eid, None),
            ("GET", "/api/v1/evidence/%d/content" % eid, None),
            ("GET", "/api/v1/evidence/%d/custody" % eid, None),
            ("POST", "/api/v1/evidence/%d/custody" % eid,
             {"action": "copy", "to": "x"}),
        ]
        missing = self.c("commander").get("/api/v1/evidence/999999").json
        for who in outsiders:
            for method, path, body in routes:
                with self.subTest(who=who, method=method, path=path):
                    r = self.c(who).request(method, path, body)
                    self.assertError(r, 404, "not_found")
                    self.assertNotIn("HIMITSU", r.text)
                    self.assertEqual(r.json, missing if method == "GET"
                                     and "evidence/" in path else r.json)
            with self.subTest(who=who, upload=True):
                r = self.upload(b"z", who=who, ref=secret, expect=404)
                self.assertNotIn("HIMITSU", r.text)
        self.assertEqual(self.temp_files(), [])
        # The member and the administrator see it; their reads of a
        # restricted incident's evidence are audited.
        for who in ("handler", "admin"):
            r = self.c(who).get("/api/v1/evidence/%d/content" % eid)
            self.assertEqual(r.status, 200, str(r))
        reads = self.server.db_read(
            "SELECT actor FROM audit WHERE action = 'incident.read'"
            " AND target = ?", (secret,))
        self.assertIn(("admin",), reads)

    # -- concurrency ------------------------------------------------------------

    def test_concurrent_uploads(self):
        blobs = [os.urandom(200000 + i) for i in range(6)]
        results = [None] * len(blobs)

        def run(i):
            results[i] = self.upload(blobs[i], name="c%d.bin" % i,
                                     expect=201).json

        threads = [threading.Thread(target=run, args=(i,))
                   for i in range(len(blobs))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        for i, ev in enumerate(results):
            self.assertIsNotNone(ev)
            self.assertEqual(ev["sha256"], hashlib.sha256(blobs[i]).hexdigest())
        self.assertEqual(len({ev["id"] for ev in results}), len(blobs))
        self.assertEqual(self.temp_files(), [])


class UploadDeadlineTest(ApiTestCase):
    """An upload may take longer than --request-timeout as long as its body
    keeps --upload-min-rate; a trickle is cut off as any slow request."""

    serve_args = ("--request-timeout", "2", "--upload-min-rate", "20000")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.c("handler").post("/api/v1/incidents", {
            "title": "upload deadline", "discovered_at": DISCOVERED,
            "category": "misdirected_email"})
        assert r.status == 201, r
        cls.ref = r.json["ref"]

    def head(self, length):
        return ("POST /api/v1/incidents/%s/evidence HTTP/1.1\r\n"
                "Host: x\r\nAuthorization: Bearer %s\r\n"
                "Content-Type: application/octet-stream\r\n"
                "X-Filename: slow.bin\r\nContent-Length: %d\r\n\r\n"
                % (self.ref, self.users["handler"]["token"], length)).encode()

    def test_a_steady_upload_outlives_the_request_timeout(self):
        piece = os.urandom(64 * 1024)
        n = 10
        s = socket.create_connection(("127.0.0.1", self.server.port),
                                     timeout=60)
        try:
            s.sendall(self.head(len(piece) * n))
            started = time.monotonic()
            for _ in range(n):
                s.sendall(piece)
                time.sleep(0.5)  # 128 KiB/s for 5 s: well above the rate
            self.assertGreater(time.monotonic() - started, 2)
            got = b""
            while b"\r\n\r\n" not in got:
                k = s.recv(65536)
                if not k:
                    break
                got += k
        finally:
            s.close()
        self.assertTrue(got.startswith(b"HTTP/1.1 201"), got[:300])
        body = got.split(b"\r\n\r\n", 1)[1]
        self.assertIn(hashlib.sha256(piece * n).hexdigest().encode(), body)

    def test_a_trickling_upload_is_cut_off(self):
        s = socket.create_connection(("127.0.0.1", self.server.port),
                                     timeout=60)
        started = time.monotonic()
        closed = False
        try:
            s.sendall(self.head(1000000))
            while time.monotonic() - started < 40:
                try:
                    s.sendall(b"x")
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
                    break
                s.settimeout(1)
                try:
                    if s.recv(4096) == b"":
                        closed = True
                        break
                    closed = True
                    break
                except socket.timeout:
                    pass
                except ConnectionResetError:
                    closed = True
                    break
        finally:
            s.close()
        self.assertTrue(closed, "a trickle held the connection for 40 s")
        d = os.path.join(self.server.evidence_dir, "tmp")
        deadline = time.monotonic() + 10
        while os.path.isdir(d) and os.listdir(d) and \
                time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(os.listdir(d) if os.path.isdir(d) else [], [])

    def test_other_requests_keep_the_request_timeout(self):
        # A JSON body trickled past --request-timeout is still cut off.
        s = socket.create_connection(("127.0.0.1", self.server.port),
                                     timeout=60)
        started = time.monotonic()
        try:
            s.sendall(("POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\n"
                       "Authorization: Bearer %s\r\n"
                       "Content-Type: application/json\r\n"
                       "Content-Length: 100\r\n\r\n"
                       % self.users["handler"]["token"]).encode())
            got = b""
            while time.monotonic() - started < 40:
                try:
                    s.sendall(b" ")
                    s.settimeout(1)
                    k = s.recv(4096)
                    got += k
                    break
                except socket.timeout:
                    continue
                except (BrokenPipeError, ConnectionResetError):
                    break
        finally:
            s.close()
        self.assertLess(time.monotonic() - started, 40)


class EvidenceVerifyTest(ApiTestCase):
    """GET /api/v1/verify re-hashes the stored files too."""

    def test_verify_reports_a_changed_file(self):
        r = self.c("handler").post("/api/v1/incidents", {
            "title": "verify", "discovered_at": DISCOVERED,
            "category": "misdirected_email"})
        ref = r.json["ref"]
        r = self.c("handler").request(
            "POST", "/api/v1/incidents/%s/evidence" % ref, raw=b"verify me",
            content_type="application/octet-stream",
            headers={"X-Filename": "v.txt"})
        self.assertEqual(r.status, 201, str(r))
        sha = r.json["sha256"]
        v = self.c("admin").get("/api/v1/verify").json
        self.assertTrue(v["ok"], v)
        path = os.path.join(self.server.evidence_dir,
                            sha[:2], sha)
        os.chmod(path, 0o600)
        with open(path, "wb") as f:
            f.write(b"verify me!")
        v = self.c("admin").with_lang("en").get("/api/v1/verify").json
        self.assertFalse(v["ok"])
        (b,) = v["broken"]
        self.assertEqual((b["ref"], b["expected"], b["found"]),
                         (ref, sha, hashlib.sha256(b"verify me!").hexdigest()))
        self.assertIn("no longer has its hash", b["problem"])
