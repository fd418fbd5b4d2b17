# SPDX-License-Identifier: MIT
"""clihelp - run the real `kizuki` binary against a fresh temporary database.

Shared by the tests/cli/test_*.py files.  Every test case gets its own
temporary directory and database (KIZUKI_DB points at it), a fixed clock
(KIZUKI_TEST_NOW), a fixed actor (KIZUKI_ACTOR) and no locale variables, so
runs are reproducible wherever they happen.  Each run is also checked for
sanitizer reports, so `make asan` fails on the first one.

The binary comes from $KIZUKI_BIN (set by `make cli-test`), else
build/kizuki.  Python 3 standard library only.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from tests import dbaccess
from tests.dbaccess import on_postgres, sqlite_only  # noqa: F401 (tests)

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("KIZUKI_BIN") or str(ROOT / "build" / "kizuki")

# The fixed "now" of every run unless a test says otherwise: a Sunday
# noon in Tokyo.
NOW = "2026-11-22T12:00:00+09:00"
ACTOR = "tester"
DISCOVERED = "2026-11-22 09:30"

GENESIS = "0" * 64
CHRON_DOMAIN = "kizuki.chronology.v1"

REF_RE = re.compile(r"INC-\d{4}-\d{4,9}")

# Text the sanitizers print; any of it fails the run.
SANITIZER_MARKS = (
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "runtime error:",
    "UndefinedBehaviorSanitizer",
)


class Result:
    """What one run of kizuki did."""

    def __init__(self, argv, proc):
        self.argv = argv
        self.rc = proc.returncode
        self.outb = proc.stdout
        self.errb = proc.stderr

    @property
    def out(self):
        return self.outb.decode("utf-8", errors="replace")

    @property
    def err(self):
        return self.errb.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.out)

    def __str__(self):
        args = " ".join(a if isinstance(a, str) else repr(a) for a in self.argv)
        return "kizuki %s\n-> exit %d\n--- stdout\n%s--- stderr\n%s" % (
            args, self.rc, self.out, self.err)


def clean_env(**overrides):
    """The environment of a run: the caller's minus locale and KIZUKI_*
    variables, plus the fixed clock and actor; None removes a variable."""
    env = {
        k: v for k, v in os.environ.items()
        if not (k.startswith("LC_") or k in ("LANG", "LANGUAGE")
                or k.startswith("KIZUKI_"))
    }
    env["KIZUKI_TEST_NOW"] = NOW
    env["KIZUKI_ACTOR"] = ACTOR
    for k, v in overrides.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


def run(args, env, input=None, timeout=120):
    """Run kizuki with 'args' (str or bytes items) and return a Result.
    'input' is str or bytes for stdin."""
    if isinstance(input, str):
        input = input.encode("utf-8")
    argv = [BIN.encode() if any(isinstance(a, bytes) for a in args) else BIN]
    argv += list(args)
    proc = subprocess.run(argv, input=input, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=timeout)
    r = Result(list(args), proc)
    for mark in SANITIZER_MARKS:
        if mark in r.err:
            raise AssertionError("sanitizer report:\n%s" % r)
    return r


def dump(path):
    """The database at 'path' (a file or a postgresql:// URI) as text, for
    byte-for-byte logical comparison (dbaccess.Database.dump)."""
    return dbaccess.Database(str(path)).dump()


def chron_hash(prev_hash, ref, seq, kind, actor, at_utc, body):
    """Recompute a chronology link independently of kizuki, from the
    canonical form in core/hashchain.h: SHA-256 over the previous hash's
    hex, then "<byte length>:<bytes>\\n" for the domain and each field."""
    h = hashlib.sha256(prev_hash.encode("ascii"))
    for field in (CHRON_DOMAIN, ref, str(seq), kind, actor, at_utc, body):
        b = field.encode("utf-8")
        h.update(b"%d:" % len(b) + b + b"\n")
    return h.hexdigest()


def utc_text(seconds):
    """UTC seconds as the hash chain writes them: 2026-11-22T03:00:00Z."""
    import datetime
    t = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class CliTestCase(unittest.TestCase):
    """A test case with its own temporary database (not yet initialised
    unless 'init_db' is true)."""

    init_db = True
    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kizuki-cli-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        if on_postgres():
            name, self.db = dbaccess.create_database("kzc")
            self.addCleanup(dbaccess.drop_database, name)
            self.env = clean_env(KIZUKI_DB=self.db, KIZUKI_EVIDENCE_DIR=
                                 os.path.join(self.tmp, "evidence"))
        else:
            self.db = os.path.join(self.tmp, "kizuki.db")
            self.env = clean_env(KIZUKI_DB=self.db)
        if self.init_db:
            self.kz("init", expect=0)

    # -- running ----------------------------------------------------------

    def kz(self, *args, env=None, input=None, expect=None, **env_overrides):
        """Run kizuki on this test's database.  'env_overrides' change
        variables of the test's environment (None removes one); 'expect'
        asserts the exit code."""
        e = dict(self.env if env is None else env)
        for k, v in env_overrides.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        r = run(args, e, input=input)
        if expect is not None:
            self.assertEqual(r.rc, expect, str(r))
        return r

    def kz_json(self, *args, expect=0, **kw):
        """Run with --json appended to the arguments and parse stdout."""
        r = self.kz(*args, "--json", expect=expect, **kw)
        try:
            return r.json()
        except ValueError:
            self.fail("stdout is not JSON:\n%s" % r)

    def create(self, record=None, expect=0, **kw):
        """File an incident from a JSON record through `incident new
        --json -` and return the stored record."""
        rec = {"title": "ノートPCの紛失", "discovered_at": DISCOVERED}
        rec.update(record or {})
        r = self.kz("incident", "new", "--json", "-",
                    input=json.dumps(rec, ensure_ascii=False),
                    expect=expect, **kw)
        return r.json()

    def show(self, ref, **kw):
        """The stored record and chronology of 'ref' (show --json)."""
        return self.kz_json("incident", "show", ref, **kw)

    def dump(self):
        return dump(self.db)

    def database(self):
        """The side door into this test's database (tests/dbaccess.py)."""
        return dbaccess.Database(self.db)

    # -- assertions -------------------------------------------------------

    def assertFieldNamed(self, r, field, json_mode=False):
        """Assert that the refusal 'r' names 'field': as a "  field: ..."
        line on stderr, or as a key of the JSON envelope's "fields"."""
        if json_mode:
            try:
                env = r.json()
            except ValueError:
                self.fail("no JSON error envelope:\n%s" % r)
            self.assertIn("error", env, str(r))
            self.assertIn(field, env["error"]["fields"], str(r))
        else:
            pattern = r"(?m)^\s+%s: \S" % re.escape(field)
            self.assertRegex(r.err, pattern, str(r))

    def assertRefused(self, *args, field, json_mode=False, input=None,
                      expect=2, **kw):
        """Run a command that must be refused: exit 'expect' (2), name
        'field', and leave the database logically unchanged."""
        before = self.dump()
        r = self.kz(*args, input=input, **kw)
        self.assertEqual(r.rc, expect, str(r))
        if field is not None:
            self.assertFieldNamed(r, field, json_mode)
        self.assertEqual(self.dump(), before,
                         "a refused command changed the database\n%s" % r)
        return r
