# SPDX-License-Identifier: MIT
"""server - run the real `kizuki serve` for the API tests.

Every test class gets its own server on 127.0.0.1 with a port the kernel
picks, on a fresh temporary database, with a fixed clock (KIZUKI_TEST_NOW)
unless the class says otherwise.  setUpClass parses the port and the
generated admin password from the server's first lines, signs the admin in
once, and creates one account of every role (and any extra the class
asks for) with an API token each, so tests reuse credentials instead of
paying for a password hash per request.  tearDownClass stops the server
with SIGTERM and fails unless it exits 0 without a sanitizer report.

Everything the server prints after its start-up lines (the access log)
is collected for the tests that read it.

The binary comes from $KIZUKI_BIN (set by `make api-test`), else
build/kizuki.

With KIZUKI_TEST_BACKEND=postgresql and KIZUKI_TEST_PG=<URI of a
cluster> (`make api-test-pg`), every server runs on a fresh PostgreSQL
database of that cluster instead of a SQLite file, dropped at cleanup;
db_read(), db_write(), counts() and snapshot() then read and write it
through psycopg2 (Debian's python3-psycopg2), with the same SQL where the
dialects agree ('?' parameters are translated).  Otherwise Python 3's
standard library only.
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path

from tests import dbaccess
from tests.dbaccess import on_postgres, sqlite_only  # noqa: F401 (tests)

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("KIZUKI_BIN") or str(ROOT / "build" / "kizuki")

# A Sunday noon in Tokyo: the clock of every server unless a class sets
# its own 'now'.
NOW = "2026-11-22T12:00:00+09:00"
DISCOVERED = "2026-11-22T09:30:00+09:00"

ROLES = ("reporter", "handler", "commander", "communicator", "auditor",
         "admin")

# The password of every account the helper creates (12+ code points).
PASSWORD = "correct horse battery 42"

SANITIZER_MARKS = (
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "runtime error:",
    "UndefinedBehaviorSanitizer",
)

# A message that is still a catalogue key ("v.something", "v.utf8",
# "obl.days_30") means the catalogue lacks it.
CATALOGUE_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

URL_RE = re.compile(r"https?://127\.0\.0\.1:(\d+)/")
PASSWORD_RE = re.compile(r"^\s*(?:password|パスワード)\s*[:：]\s*(\S+)\s*$")


def clean_env(**overrides):
    """The server's environment: the caller's minus locale and KIZUKI_*
    variables, plus 'overrides' (None removes one)."""
    env = {
        k: v for k, v in os.environ.items()
        if not (k.startswith("LC_") or k in ("LANG", "LANGUAGE")
                or k.startswith("KIZUKI_"))
    }
    for k, v in overrides.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


class Response:
    """One HTTP answer: status, headers (case-insensitive get), body."""

    def __init__(self, method, path, status, headers, body):
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    @property
    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except ValueError:
            raise AssertionError("not JSON: %s" % self)

    def __str__(self):
        return "%s %s -> %d %s" % (self.method, self.path, self.status,
                                   self.text[:2000])


class Client:
    """Sends requests as one caller: a bearer token, a session cookie (with
    its CSRF token), or nobody.  'source' binds the client side to another
    loopback address (127.0.0.2, ...) to look like another machine."""

    def __init__(self, server, token=None, cookie=None, csrf=None,
                 lang=None, source=None):
        self.server = server
        self.token = token
        self.cookie = cookie
        self.csrf = csrf
        self.lang = lang
        self.source = source

    def with_lang(self, lang):
        return Client(self.server, self.token, self.cookie, self.csrf, lang,
                      self.source)

    def request(self, method, path, body=None, headers=None, raw=None,
                content_type="application/json", csrf=True):
        """Send 'body' as JSON (or 'raw' bytes as they are) and return a
        Response.  'headers' add to or replace the defaults; a header
        whose value is None is left out."""
        h = {}
        if self.token is not None:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie is not None:
            h["Cookie"] = "kizuki_session=" + self.cookie
            if csrf and self.csrf is not None and method not in ("GET",
                                                                  "HEAD"):
                h["X-CSRF-Token"] = self.csrf
        if self.lang is not None:
            h["Accept-Language"] = self.lang
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if data is not None and content_type is not None:
            h["Content-Type"] = content_type
        for k, v in (headers or {}).items():
            for old in [x for x in h if x.lower() == k.lower()]:
                del h[old]
            if v is not None:
                h[k] = v
        return self.server.send(method, path, data, h, source=self.source)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


class Server:
    """One `kizuki serve` process on a temporary database, or on 'db' (a
    file or a postgresql:// URI that the caller made and removes), keeping
    evidence in 'evidence_dir' when given (several servers share one)."""

    def __init__(self, now=NOW, env=None, args=(), db=None,
                 evidence_dir=None):
        self.now = now
        self.extra_env = env or {}
        self.extra_args = list(args)
        if evidence_dir is not None:
            self.extra_args += ["--evidence-dir", evidence_dir]
        self.tmp = tempfile.mkdtemp(prefix="kizuki-api-")
        self.pg_name = None
        # Where a SQLite store keeps its evidence (beside the file); a
        # PostgreSQL one is told (KIZUKI_EVIDENCE_DIR).
        self.evidence_dir = evidence_dir or os.path.join(self.tmp,
                                                         "evidence")
        if db is not None:
            self.db = db
        elif on_postgres():
            self.pg_name, self.db = dbaccess.create_database("kza")
        else:
            self.db = os.path.join(self.tmp, "kizuki.db")
        self.proc = None
        self.port = None
        self.admin_password = None
        self.lines = []  # stdout after start-up: the access log
        self.err_lines = []
        self._lock = threading.Lock()
        self._threads = []

    # -- life cycle ---------------------------------------------------------

    def env(self):
        e = clean_env(**self.extra_env)
        if dbaccess.is_uri(self.db):
            e.setdefault("KIZUKI_EVIDENCE_DIR", self.evidence_dir)
        if self.now is not None:
            e["KIZUKI_TEST_NOW"] = self.now
        else:
            e.pop("KIZUKI_TEST_NOW", None)
        return e

    def start(self, timeout=30):
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
             "--lang", "en"] + self.extra_args,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env())
        self._pump(self.proc.stderr, self.err_lines)
        deadline = time.monotonic() + timeout
        head = []
        while self.port is None:
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError("server did not start: %r" % head)
            line = self.proc.stdout.readline()
            if not line:
                self.proc.wait(5)
                raise AssertionError(
                    "server exited %s before listening:\n%s\n%s" %
                    (self.proc.returncode, b"".join(head).decode(),
                     "".join(self.err_lines)))
            head.append(line)
            text = line.decode("utf-8", errors="replace")
            m = PASSWORD_RE.match(text)
            if m and self.admin_password is None:
                self.admin_password = m.group(1)
            m = URL_RE.search(text)
            if m:
                self.port = int(m.group(1))
        self.head = b"".join(head).decode("utf-8", errors="replace")
        self._pump(self.proc.stdout, self.lines)
        return self

    def _pump(self, stream, into):
        def run():
            for line in iter(stream.readline, b""):
                with self._lock:
                    into.append(line.decode("utf-8", errors="replace"))
        t = threading.Thread(target=run, daemon=True)
        t.start()
        self._threads.append(t)

    def stop(self, timeout=30):
        """SIGTERM; returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError("server did not stop on SIGTERM")
        for t in self._threads:
            t.join(5)
        return rc

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    KEEP = object()

    def restart(self, now=KEEP, kill=False):
        """Stop the server (SIGTERM; SIGKILL when 'kill') and start it again
        on the same database, with the clock 'now' (None: the real clock;
        by default the one it had).  Returns the exit code of the stopped
        process (None when killed); stderr keeps accumulating, so a
        sanitizer report of any run fails the class's teardown."""
        if kill:
            self.kill()
            rc = None
        else:
            rc = self.stop()
        for t in self._threads:
            t.join(5)
        self._threads = []
        for f in (self.proc.stdout, self.proc.stderr):
            if f is not None:
                f.close()
        if now is not Server.KEEP:
            self.now = now
        self.port = None
        self.start()
        return rc

    def cleanup(self):
        self.kill()
        if self.proc is not None:
            for t in self._threads:
                t.join(5)
            for f in (self.proc.stdout, self.proc.stderr):
                if f is not None:
                    f.close()
        if self.pg_name is not None:
            dbaccess.drop_database(self.pg_name)
            self.pg_name = None
        shutil.rmtree(self.tmp, True)

    def stderr_text(self):
        with self._lock:
            return "".join(self.err_lines)

    def sanitizer_report(self):
        text = self.stderr_text()
        return text if any(m in text for m in SANITIZER_MARKS) else None

    def access_log(self):
        """The access log so far as parsed JSON lines."""
        with self._lock:
            lines = list(self.lines)
        out = []
        for line in lines:
            line = line.strip()
            # Start-up text ("Press Ctrl+C to stop.") precedes the log.
            if line.startswith("{"):
                out.append(json.loads(line))
        return out

    def access_log_text(self):
        with self._lock:
            return "".join(self.lines)

    # -- HTTP ---------------------------------------------------------------

    def send(self, method, path, data=None, headers=None, source=None,
             timeout=60):
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=timeout,
            source_address=(source, 0) if source else None)
        try:
            conn.putrequest(method, path, skip_host=False,
                            skip_accept_encoding=True)
            h = dict(headers or {})
            if data is not None and not any(k.lower() == "content-length"
                                             for k in h):
                h["Content-Length"] = str(len(data))
            for k, v in h.items():
                conn.putheader(k, v)
            conn.endheaders()
            if data is not None:
                try:
                    conn.send(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            r = conn.getresponse()
            body = r.read()
            return Response(method, path, r.status, r.getheaders(), body)
        finally:
            conn.close()

    def client(self, **kw):
        return Client(self, **kw)

    def login(self, name, password, source=None):
        """Sign in; returns (Response, Client with the cookie or None)."""
        anon = Client(self, source=source)
        r = anon.post("/api/v1/session",
                      {"username": name, "password": password})
        if r.status != 200:
            return r, None
        cookie = None
        for v in r.header_all("Set-Cookie"):
            m = re.match(r"kizuki_session=([^;]*)", v)
            if m:
                cookie = m.group(1)
        return r, Client(self, cookie=cookie, csrf=r.json["csrf_token"],
                         source=source)

    # -- the database, read only ---------------------------------------------

    def database(self):
        """The side door into the server's database (tests/dbaccess.py)."""
        return dbaccess.Database(self.db)

    def db_read(self, sql, args=()):
        return self.database().read(sql, args)

    def db_write(self, sql, args=()):
        """Change the database behind the server's back (an attacker or
        an administrator with a SQL shell); returns the rows changed."""
        return self.database().write(sql, args)

    def tamper(self, statements):
        """Run [(sql, args), ...] in one transaction with the append-only
        guards (triggers) off, as an attacker with the database would."""
        self.database().tamper(statements)

    def tables_with_column(self, column):
        return self.database().tables_with_column(column)

    # Every table a request could write to.
    TABLES = ("incident", "incident_member", "chronology", "audit",
              "account", "api_token", "session", "ref_counter", "asset",
              "contact", "conv_rule", "playbook", "conv_fired", "summons",
              "outbox", "task", "setting", "incident_item", "alert",
              "incident_link")

    def counts(self):
        """Rows of every table that a request could write to."""
        if dbaccess.is_uri(self.db):
            rows = self.database().read_many(
                ["SELECT count(*) FROM %s" % t for t in self.TABLES])
            return {t: r[0][0] for t, r in zip(self.TABLES, rows)}
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True,
                              timeout=10)
        try:
            return {t: con.execute("SELECT count(*) FROM %s" % t)
                    .fetchone()[0] for t in self.TABLES}
        finally:
            con.close()

    def snapshot(self):
        """Every row of every such table but the outbox, whose delivery
        state the notifier changes on its own: equal snapshots mean that
        nothing was written, updates included."""
        if dbaccess.is_uri(self.db):
            tables = [t for t in self.TABLES if t != "outbox"]
            rows = self.database().read_many(
                ["SELECT * FROM %s ORDER BY 1" % t for t in tables])
            return dict(zip(tables, rows))
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True,
                              timeout=10)
        try:
            return {t: con.execute("SELECT * FROM %s ORDER BY 1" % t)
                    .fetchall() for t in self.TABLES if t != "outbox"}
        finally:
            con.close()

    def kz(self, *args, input=None):
        """Run a kizuki command on the server's database."""
        env = self.env()
        if isinstance(input, str):
            input = input.encode("utf-8")
        return subprocess.run([BIN] + list(args) + ["--db", self.db],
                              input=input, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, timeout=60)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ApiTestCase(unittest.TestCase):
    """A test class with its own server and one account of every role.

    cls.users[name] = {"role", "password", "token", "client"}; the account
    of a role is named after it ("handler"), plus cls.extra_users
    ({"handler2": "handler"}).  cls.c(name) is that account's token
    client; cls.admin_session a cookie client of "admin"."""

    now = NOW
    env = None
    serve_args = ()  # more options of `kizuki serve`
    extra_users = {}
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.server = Server(now=cls.now, env=cls.env, args=cls.serve_args)
        try:
            cls.server.start()
            cls._set_up_accounts()
        except BaseException:
            cls.server.cleanup()
            raise

    @classmethod
    def _set_up_accounts(cls):
        srv = cls.server
        if srv.admin_password is None:
            raise AssertionError("no admin password in:\n" + srv.head)
        r, admin_session = srv.login("admin", srv.admin_password)
        if r.status != 200:
            raise AssertionError("admin sign-in: %s" % r)
        cls.admin_session = admin_session
        r = admin_session.post("/api/v1/tokens", {"label": "api tests"})
        if r.status != 201:
            raise AssertionError("admin token: %s" % r)
        admin = srv.client(token=r.json["token"])
        cls.users = {"admin": {"role": "admin",
                               "password": srv.admin_password,
                               "token": r.json["token"],
                               "client": admin}}
        wanted = {role: role for role in ROLES if role != "admin"}
        wanted.update(cls.extra_users)
        for name, role in wanted.items():
            r = admin.post("/api/v1/users", {"name": name, "role": role,
                                             "password": PASSWORD})
            if r.status != 201:
                raise AssertionError("user %s: %s" % (name, r))
            r = admin.post("/api/v1/tokens", {"user": name})
            if r.status != 201:
                raise AssertionError("token of %s: %s" % (name, r))
            cls.users[name] = {"role": role, "password": PASSWORD,
                               "token": r.json["token"],
                               "client": srv.client(token=r.json["token"])}

    @classmethod
    def tearDownClass(cls):
        srv = cls.server
        try:
            rc = srv.stop()
            report = srv.sanitizer_report()
            if report:
                raise AssertionError("sanitizer report:\n" + report)
            if rc != 0:
                raise AssertionError("server exited %s on SIGTERM:\n%s" %
                                     (rc, srv.stderr_text()))
        finally:
            srv.cleanup()

    # -- helpers --------------------------------------------------------------

    @classmethod
    def c(cls, name):
        return cls.users[name]["client"]

    @classmethod
    def anon(cls, **kw):
        return cls.server.client(**kw)

    def create(self, who="admin", expect=201, **fields):
        """File an incident as 'who' and return the record."""
        rec = {"title": "ノートPCの紛失", "discovered_at": DISCOVERED}
        rec.update(fields)
        r = self.c(who).post("/api/v1/incidents", rec)
        self.assertEqual(r.status, expect, str(r))
        return r.json

    def get_incident(self, ref, who="admin"):
        r = self.c(who).get("/api/v1/incidents/" + ref)
        self.assertEqual(r.status, 200, str(r))
        return r.json

    def settle(self, ref, who="handler"):
        """Every open duty of 'ref' marked not required and every open task
        done, as closing the incident requires (issue 9 item 17)."""
        h = self.c(who)
        for d in h.get("/api/v1/incidents/%s/obligations" % ref).json[
                "items"]:
            if d["status"] not in ("filed", "not_applicable"):
                r = h.post("/api/v1/incidents/%s/obligations/%s" %
                           (ref, d["key"]),
                           {"status": "not_applicable", "reason": "試験"})
                self.assertEqual(r.status, 200, str(r))
        for t in h.get("/api/v1/incidents/%s/tasks" % ref).json["items"]:
            if t["status"] == "open":
                r = h.patch("/api/v1/incidents/%s/tasks/%d" % (ref, t["id"]),
                            {"status": "done"})
                self.assertEqual(r.status, 200, str(r))

    def list_all(self, who, query="", limit=1000):
        """Every item a listing shows to 'who', following next_cursor."""
        items = []
        cursor = None
        for _ in range(10000):
            q = "limit=%d" % limit
            if query:
                q += "&" + query
            if cursor:
                q += "&cursor=" + cursor
            r = self.c(who).get("/api/v1/incidents?" + q)
            self.assertEqual(r.status, 200, str(r))
            items += r.json["items"]
            cursor = r.json["next_cursor"]
            if cursor is None:
                return items
        self.fail("pagination does not end")

    def assertError(self, r, status, code=None, fields=(), exact=False):
        """Assert the error envelope: status, code, a message that is real
        text (not a catalogue key) and every field of 'fields' named."""
        self.assertEqual(r.status, status, str(r))
        ct = r.header("Content-Type") or ""
        self.assertTrue(ct.startswith("application/json"), str(r))
        env = r.json
        self.assertEqual(set(env), {"error"}, str(r))
        err = env["error"]
        self.assertIsInstance(err.get("code"), str, str(r))
        self.assertIsInstance(err.get("message"), str, str(r))
        self.assertIsInstance(err.get("fields"), dict, str(r))
        self.assertTrue(err["message"], str(r))
        self.assertNotRegex(err["message"], CATALOGUE_KEY_RE,
                            "message missing from the catalogue: %s" % r)
        for k, v in err["fields"].items():
            self.assertNotRegex(v, CATALOGUE_KEY_RE,
                                "field message missing from the catalogue:"
                                " %s" % r)
        if code is not None:
            self.assertEqual(err["code"], code, str(r))
        for f in fields:
            self.assertIn(f, err["fields"], str(r))
        if exact:
            self.assertEqual(set(err["fields"]), set(fields), str(r))
        return err

    def assertUnchanged(self, before, msg=""):
        self.assertEqual(self.server.counts(), before, msg)
