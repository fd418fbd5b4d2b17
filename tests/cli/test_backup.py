# SPDX-License-Identifier: MIT
"""`kizuki backup --to FILE` (issue 11 item 5): a restore drill under
write load, and the ways a backup must refuse without leaving anything
half-written."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest

from tests.api.server import Server
from tests.cli import clihelp
from tests.cli.clihelp import CliTestCase, sqlite_only


def leftovers(directory):
    """Names in 'directory' that a backup uses as temporary names."""
    return sorted(n for n in os.listdir(directory) if ".tmp-" in n
                  or ".old-" in n)


@sqlite_only("kizuki backup copies a SQLite file (PostgreSQL: pg_dump)")
class TestBackupDrill(unittest.TestCase):
    """Back up a server's store while several clients keep writing,
    restore the copy, and find every acknowledged write in it."""

    WRITERS = 4

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kizuki-backup-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.servers = []

    def tearDown(self):
        for srv in self.servers:
            srv.stop()
            report = srv.sanitizer_report()
            srv.cleanup()
            if report:
                self.fail("sanitizer report:\n" + report)

    def start(self, db=None):
        srv = Server()
        if db is not None:
            shutil.rmtree(srv.tmp, True)
            srv.tmp = os.path.dirname(db)
            srv.db = db
        self.servers.append(srv)
        srv.start()
        return srv

    def token(self, srv, password):
        r, session = srv.login("admin", password)
        self.assertEqual(r.status, 200, str(r))
        r = session.post("/api/v1/tokens", {"label": "drill"})
        self.assertEqual(r.status, 201, str(r))
        return srv.client(token=r.json["token"])

    def writer(self, client, n, stop, acks, errors):
        """File incidents, add timeline entries and evidence until 'stop';
        every write the server answered 201 goes into 'acks' with the
        monotonic time its answer arrived."""
        i = 0
        try:
            while not stop.is_set():
                i += 1
                r = client.post("/api/v1/incidents", {
                    "title": "負荷試験 %d-%d" % (n, i),
                    "discovered_at": clihelp.NOW})
                if r.status != 201:
                    raise AssertionError(str(r))
                ref = r.json["ref"]
                acks.append((time.monotonic(), "incident", ref, None))
                for k in range(2):
                    r = client.post("/api/v1/incidents/%s/timeline" % ref,
                                    {"body": "経過 %d-%d-%d" % (n, i, k)})
                    if r.status != 201:
                        raise AssertionError(str(r))
                    acks.append((time.monotonic(), "entry", ref,
                                 (r.json["seq"], r.json["hash"])))
                if i % 3 == 0:
                    data = ("証拠 %d-%d\n" % (n, i)).encode() * 50
                    r = client.request(
                        "POST", "/api/v1/incidents/%s/evidence" % ref,
                        raw=data, content_type="application/octet-stream",
                        headers={"X-Filename": "log-%d-%d.txt" % (n, i)})
                    if r.status != 201:
                        raise AssertionError(str(r))
                    acks.append((time.monotonic(), "evidence", ref,
                                 (r.json["id"], r.json["sha256"])))
        except BaseException as e:  # reported by the test's thread
            errors.append(e)

    def wait_for(self, what, timeout=120):
        deadline = time.monotonic() + timeout
        while not what():
            if time.monotonic() > deadline:
                self.fail("timed out waiting")
            time.sleep(0.05)

    def test_restore_holds_every_write_acknowledged_before_the_backup(self):
        srv = self.start()
        password = srv.admin_password
        client = self.token(srv, password)
        stop = threading.Event()
        acks, errors = [], []
        threads = [threading.Thread(target=self.writer,
                                    args=(client, n, stop, acks, errors))
                   for n in range(self.WRITERS)]
        for t in threads:
            t.start()
        try:
            # Enough rows that the copy takes several steps' worth of
            # writes, and every kind of write among them.
            self.wait_for(lambda: errors or (
                sum(1 for a in acks if a[1] == "evidence") >= 3
                and len(acks) >= 60))
            dest = os.path.join(self.tmp, "out", "kizuki-backup.db")
            os.mkdir(os.path.dirname(dest))
            started = time.monotonic()
            n_before = len(acks)
            r = clihelp.run(["backup", "--to", dest, "--db", srv.db,
                             "--json"], clihelp.clean_env())
            # The writers go on after the copy: it did not stop them.
            self.wait_for(lambda: errors or len(acks) >= n_before + 20)
        finally:
            stop.set()
            for t in threads:
                t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(r.rc, 0, str(r))
        report = r.json()
        self.assertEqual(srv.stop(), 0)

        before = [a for a in acks if a[0] < started]
        self.assertGreater(len(before), 0)
        self.assertTrue(any(a[0] > started for a in acks),
                        "no write went on during or after the backup")

        # Restore: the copy becomes kizuki.db, its evidence evidence/.
        rdir = os.path.join(self.tmp, "restored")
        os.mkdir(rdir)
        rdb = os.path.join(rdir, "kizuki.db")
        shutil.copy2(dest, rdb)
        shutil.copytree(dest + ".evidence", os.path.join(rdir, "evidence"))
        v = clihelp.run(["verify", "--db", rdb, "--json"], clihelp.clean_env())
        self.assertEqual(v.rc, 0, str(v))
        self.assertTrue(v.json()["ok"])

        con = sqlite3.connect("file:%s?mode=ro" % rdb, uri=True)
        try:
            refs = {x[0] for x in con.execute("SELECT ref FROM incident")}
            entries = {(x[0], x[1], x[2]) for x in con.execute(
                "SELECT i.ref, c.seq, c.hash FROM chronology c"
                " JOIN incident i ON i.id = c.incident_id")}
            evidence = {(x[0], x[1]) for x in con.execute(
                "SELECT id, sha256 FROM evidence")}
            counts = con.execute(
                "SELECT (SELECT count(*) FROM incident),"
                " (SELECT count(*) FROM chronology),"
                " (SELECT count(*) FROM audit)").fetchone()
        finally:
            con.close()
        for at, kind, ref, extra in before:
            if kind == "incident":
                self.assertIn(ref, refs)
            elif kind == "entry":
                self.assertIn((ref, extra[0], extra[1]), entries)
            else:
                self.assertIn(extra, evidence)
                path = os.path.join(rdir, "evidence", extra[1][:2], extra[1])
                with open(path, "rb") as f:
                    self.assertEqual(hashlib.sha256(f.read()).hexdigest(),
                                     extra[1])
        # What the backup said it copied is what the copy holds.
        self.assertEqual((report["incidents"], report["chronology_entries"],
                          report["audit_entries"]), counts)
        self.assertEqual(report["evidence"]["files"], len(
            {e[1] for e in evidence}))
        self.assertEqual(report["bytes"], os.path.getsize(dest))
        self.assertEqual(leftovers(os.path.dirname(dest)), [])

        # A server starts on the restored copy and finds it intact.
        srv2 = self.start(db=rdb)
        client2 = self.token(srv2, password)
        r = client2.get("/api/v1/verify")
        self.assertEqual(r.status, 200, str(r))
        self.assertTrue(r.json["ok"], str(r))
        some = next(a for a in before if a[1] == "incident")
        r = client2.get("/api/v1/incidents/" + some[2])
        self.assertEqual(r.status, 200, str(r))


@sqlite_only("kizuki backup copies a SQLite file (PostgreSQL: pg_dump)")
class TestBackup(CliTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.create({"title": "USBメモリの紛失"})["ref"]
        self.kz("incident", "note", self.ref, "本人に聞き取り", expect=0)
        self.blob = os.path.join(self.tmp, "mail.eml")
        with open(self.blob, "wb") as f:
            f.write(b"From: a@example.jp\r\n\r\nbody\r\n")
        self.kz("evidence", "add", self.ref, self.blob, expect=0)
        self.out = os.path.join(self.tmp, "out")
        os.mkdir(self.out)
        self.dest = os.path.join(self.out, "b.db")

    def backup(self, *args, expect=0, **kw):
        return self.kz("backup", "--to", self.dest, *args, expect=expect,
                       **kw)

    def test_copy_is_a_verified_store_with_its_evidence(self):
        r = self.backup("--lang", "en")
        self.assertIn("Backup written and verified", r.out)
        self.assertIn("Incidents: 1", r.out)
        r = self.backup("--json", "--force")
        j = r.json()
        self.assertEqual(j["incidents"], 1)
        self.assertEqual(j["evidence_items"], 1)
        self.assertEqual(j["evidence"]["files"], 1)
        # Same file system: a hard link, not a second copy of the bytes.
        self.assertEqual(j["evidence"]["linked"], 1)
        self.assertEqual(self.dump(), clihelp.dump(self.dest))
        self.assertEqual(leftovers(self.out), [])
        self.assertEqual(os.stat(self.dest).st_mode & 0o777, 0o600)

    def test_the_copy_verifies_where_it_lies_with_its_evidence(self):
        self.backup()
        r = self.kz("verify", "--db", self.dest, "--json", expect=0)
        self.assertTrue(r.json()["ok"], str(r))
        ev = self.dest + ".evidence"
        (sub,) = [d for d in os.listdir(ev) if len(d) == 2]
        (name,) = os.listdir(os.path.join(ev, sub))
        # A copy, not the live file's hard link, so the live one stays.
        path = os.path.join(ev, sub, name)
        data = open(path, "rb").read()
        os.unlink(path)
        with open(path, "wb") as f:
            f.write(data + b"tampered")
        r = self.kz("verify", "--db", self.dest, "--json", expect=1)
        self.assertFalse(r.json()["ok"])
        self.kz("verify", expect=0)

    def test_japanese_report_groups_digits(self):
        r = self.backup()
        self.assertIn("バックアップを作成し、検証しました", r.out)
        self.assertRegex(r.out, r"データベース: .*b\.db \(\d{1,3}(,\d{3})+ バイト\)")

    def test_evidence_on_another_file_system_is_copied(self):
        shm = "/dev/shm"
        if not os.path.isdir(shm) or \
                os.stat(shm).st_dev == os.stat(self.tmp).st_dev:
            self.skipTest("no second file system")
        d = tempfile.mkdtemp(dir=shm)
        self.addCleanup(shutil.rmtree, d, True)
        dest = os.path.join(d, "b.db")
        j = self.kz_json("backup", "--to", dest)
        self.assertEqual((j["evidence"]["files"], j["evidence"]["linked"],
                          j["evidence"]["copied"]), (1, 0, 1))
        self.assertEqual(self.dump(), clihelp.dump(dest))

    def test_existing_file_is_refused_and_kept(self):
        with open(self.dest, "wb") as f:
            f.write(b"precious")
        r = self.backup(expect=2)
        self.assertIn(self.dest, r.err)
        with open(self.dest, "rb") as f:
            self.assertEqual(f.read(), b"precious")
        self.assertEqual(sorted(os.listdir(self.out)), ["b.db"])

    def test_existing_evidence_directory_is_refused(self):
        os.mkdir(self.dest + ".evidence")
        self.backup(expect=2)
        self.assertFalse(os.path.exists(self.dest))
        self.assertEqual(leftovers(self.out), [])

    def test_force_replaces_both(self):
        with open(self.dest, "wb") as f:
            f.write(b"old")
        os.makedirs(os.path.join(self.dest + ".evidence", "zz"))
        with open(os.path.join(self.dest + ".evidence", "zz", "stale"),
                  "wb") as f:
            f.write(b"stale")
        self.backup("--force")
        self.assertEqual(self.dump(), clihelp.dump(self.dest))
        self.assertFalse(os.path.exists(
            os.path.join(self.dest + ".evidence", "zz")))
        self.assertEqual(leftovers(self.out), [])

    def test_the_database_itself_is_refused_even_with_force(self):
        before = self.dump()
        r = self.kz("backup", "--to", self.db, "--force", expect=2)
        self.assertIn(self.db, r.err)
        self.assertEqual(self.dump(), before)
        self.kz("verify", expect=0)

    def test_missing_directory(self):
        dest = os.path.join(self.tmp, "no", "such", "b.db")
        r = self.kz("backup", "--to", dest, "--lang", "en", expect=3)
        self.assertIn("directory does not exist", r.err)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "no")))

    def test_directory_not_writable(self):
        if os.geteuid() == 0:
            # Permissions do not stop root; sysfs refuses new files to all.
            dest = "/sys/kizuki-backup-test.db"
        else:
            os.chmod(self.out, 0o500)
            self.addCleanup(os.chmod, self.out, 0o700)
            dest = self.dest
        r = self.kz("backup", "--to", dest, "--lang", "en", expect=3)
        self.assertIn("not writable", r.err)
        self.assertFalse(os.path.exists(dest))

    def test_missing_to(self):
        r = self.kz("backup", expect=2)
        self.assertIn("--to", r.err)

    def test_no_database(self):
        self.kz("backup", "--to", self.dest, "--db",
                os.path.join(self.tmp, "none.db"), expect=1)
        self.assertEqual(os.listdir(self.out), [])

    def test_not_a_kizuki_store(self):
        other = os.path.join(self.tmp, "other.db")
        con = sqlite3.connect(other)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
        self.kz("backup", "--to", self.dest, "--db", other, expect=3)
        text = os.path.join(self.tmp, "notes.txt")
        with open(text, "w") as f:
            f.write("not a database at all, just some text\n" * 100)
        self.kz("backup", "--to", self.dest, "--db", text, expect=3)
        self.assertEqual(os.listdir(self.out), [])

    def test_postgresql_points_to_its_own_tools(self):
        r = self.kz("backup", "--to", self.dest, "--db",
                    "postgresql://kizuki@db.example/kizuki", "--lang", "en",
                    expect=2)
        self.assertIn("pg_dump", r.err)
        self.assertIn("pg_basebackup", r.err)
        self.assertEqual(os.listdir(self.out), [])

    def test_a_broken_chain_is_not_backed_up(self):
        con = sqlite3.connect(self.db)
        con.execute("DROP TRIGGER IF EXISTS chronology_no_update")
        con.execute("UPDATE chronology SET body = 'x' WHERE seq = 2")
        con.commit()
        con.close()
        r = self.backup("--json", expect=1)
        self.assertFalse(r.json()["ok"])
        self.assertTrue(r.json()["broken"])
        self.assertEqual(os.listdir(self.out), [])

    def test_a_changed_evidence_file_is_not_backed_up(self):
        ev = os.path.join(self.tmp, "evidence")
        (sub,) = [d for d in os.listdir(ev) if len(d) == 2]
        (name,) = os.listdir(os.path.join(ev, sub))
        path = os.path.join(ev, sub, name)
        os.chmod(path, 0o600)
        with open(path, "ab") as f:
            f.write(b"tampered")
        r = self.backup("--lang", "en", expect=1)
        self.assertIn(name, r.err)
        self.assertEqual(os.listdir(self.out), [])


if __name__ == "__main__":
    unittest.main()
