# SPDX-License-Identifier: MIT
"""The PostgreSQL restore drill (issue 11 item 5; docs/deploy.md): back a
server's database up with pg_dump while several clients keep writing,
copy the evidence directory after it, restore into a fresh database with
pg_restore, and find `kizuki verify` passing and every write acknowledged
before the dump began in the copy.  Runs in the PostgreSQL pass of the
suite; skipped otherwise."""

import glob
import hashlib
import os
import shutil
import subprocess
import threading
import time

from tests import dbaccess
from tests.cli import clihelp
from tests.cli import test_backup


def pg_tool(name):
    """Debian's newest server binaries, as scripts/pg-cluster.sh uses."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/" + name),
                   key=lambda p: int(p.split("/")[4]))
    return found[-1] if found else name


class TestPostgresRestoreDrill(test_backup.TestBackupDrill):
    """TestBackupDrill's writers, against a PostgreSQL store."""

    __unittest_skip__ = not dbaccess.on_postgres()
    __unittest_skip_why__ = ("needs KIZUKI_TEST_BACKEND=postgresql and"
                             " KIZUKI_TEST_PG")
    # The SQLite drill is TestBackupDrill's own.
    test_restore_holds_every_write_acknowledged_before_the_backup = None

    def test_pg_dump_under_load_restores_every_acknowledged_write(self):
        srv = self.start()
        client = self.token(srv, srv.admin_password)
        stop = threading.Event()
        acks, errors = [], []
        threads = [threading.Thread(target=self.writer,
                                    args=(client, n, stop, acks, errors))
                   for n in range(self.WRITERS)]
        for t in threads:
            t.start()
        dump = os.path.join(self.tmp, "kizuki.dump")
        try:
            self.wait_for(lambda: errors or (
                sum(1 for a in acks if a[1] == "evidence") >= 3
                and len(acks) >= 60))
            started = time.monotonic()
            n_before = len(acks)
            r = subprocess.run([pg_tool("pg_dump"), "-Fc", "-f", dump,
                                srv.db], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=300)
            # Evidence after the dump: every file its rows name is there.
            ev_copy = os.path.join(self.tmp, "evidence-copy")
            shutil.copytree(srv.evidence_dir, ev_copy,
                            ignore=shutil.ignore_patterns("tmp"))
            self.wait_for(lambda: errors or len(acks) >= n_before + 20)
        finally:
            stop.set()
            for t in threads:
                t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        before = [a for a in acks if a[0] < started]
        self.assertGreater(len(before), 0)
        self.assertTrue(any(a[0] > started for a in acks),
                        "no write went on during or after the dump")

        name, restored = dbaccess.create_database("kzr")
        self.addCleanup(dbaccess.drop_database, name)
        r = subprocess.run([pg_tool("pg_restore"), "--no-owner",
                            "--exit-on-error", "-d", restored, dump],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        # Files stored after the dump began belong to no restored row:
        # the drill prunes them (docs/deploy.md), as verify would report.
        db = dbaccess.Database(restored)
        named = {x[0] for x in db.read("SELECT sha256 FROM evidence")}
        for root, _, files in os.walk(ev_copy):
            for f in files:
                if f not in named:
                    os.unlink(os.path.join(root, f))
        v = clihelp.run(["verify", "--db", restored, "--evidence-dir",
                         ev_copy, "--json"], clihelp.clean_env())
        self.assertEqual(v.rc, 0, str(v))
        self.assertTrue(v.json()["ok"])

        refs = {x[0] for x in db.read("SELECT ref FROM incident")}
        entries = set(db.read(
            "SELECT i.ref, c.seq, c.hash FROM chronology c"
            " JOIN incident i ON i.id = c.incident_id"))
        evidence = set(db.read("SELECT id, sha256 FROM evidence"))
        for at, kind, ref, extra in before:
            if kind == "incident":
                self.assertIn(ref, refs)
            elif kind == "entry":
                self.assertIn((ref, extra[0], extra[1]), entries)
            else:
                self.assertIn(tuple(extra), evidence)
                path = os.path.join(ev_copy, extra[1][:2], extra[1])
                with open(path, "rb") as f:
                    self.assertEqual(hashlib.sha256(f.read()).hexdigest(),
                                     extra[1])

        # A server on the restored database goes on numbering after it.
        srv.stop()
        srv2 = clihelp_server(self, restored, ev_copy)
        client2 = self.token(srv2, srv.admin_password)
        r = client2.get("/api/v1/verify")
        self.assertEqual(r.status, 200, str(r))
        self.assertTrue(r.json["ok"], str(r))
        r = client2.post("/api/v1/incidents", {"title": "復元後",
                                               "discovered_at": clihelp.NOW})
        self.assertEqual(r.status, 201, str(r))
        self.assertNotIn(r.json["ref"], refs)


def clihelp_server(test, db, evidence_dir):
    """A server on the existing database 'db' (stopped by the test)."""
    from tests.api.server import Server
    srv = Server(db=db, evidence_dir=evidence_dir)
    test.servers.append(srv)
    srv.start()
    return srv
