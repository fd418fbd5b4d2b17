# SPDX-License-Identifier: MIT
"""`kizuki evidence add|list|get|custody` and the evidence part of `kizuki
verify` (issue 10 item 1): hashes equal to hashlib's, one file for the
same bytes, a changed file refused and reported, custody through the same
rules as the API, refusals that change nothing."""

import hashlib
import os

from tests.cli.clihelp import CliTestCase


class TestEvidence(CliTestCase):

    def setUp(self):
        super().setUp()
        self.ref = self.create({"title": "顧客へのメール誤送信",
                                "category": "misdirected_email"})["ref"]
        self.data = b"From: a@example.com\r\n\r\n" + os.urandom(5000)
        self.path = os.path.join(self.tmp, "誤送信メール.eml")
        with open(self.path, "wb") as f:
            f.write(self.data)
        self.evdir = os.path.join(self.tmp, "evidence")

    def add(self, *extra):
        return self.kz_json("evidence", "add", self.ref, self.path, *extra)

    def stored(self, sha):
        return os.path.join(self.evdir, sha[:2], sha)

    def test_add_list_get(self):
        ev = self.add("--description", "原本", "--acquired-by", "鈴木",
                      "--acquired-at", "2026-11-22 10:00")
        self.assertEqual(ev["sha256"], hashlib.sha256(self.data).hexdigest())
        self.assertEqual(ev["md5"], hashlib.md5(self.data).hexdigest())
        self.assertEqual(ev["sha1"], hashlib.sha1(self.data).hexdigest())
        self.assertEqual(ev["name"], "誤送信メール.eml")
        self.assertEqual(ev["description"], "原本")
        self.assertEqual(ev["acquired_by"], "鈴木")
        self.assertTrue(ev["acquired_at"].startswith("2026-11-22T10:00:00"))
        with open(self.stored(ev["sha256"]), "rb") as f:
            self.assertEqual(f.read(), self.data)
        r = self.kz("evidence", "list", self.ref, expect=0)
        self.assertIn(ev["sha256"], r.out)
        self.assertIn("5,", r.out)  # the size with separators
        out = os.path.join(self.tmp, "copy.eml")
        self.kz("evidence", "get", str(ev["id"]), "--output", out, expect=0)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), self.data)
        r = self.kz("evidence", "get", str(ev["id"]), "--lang", "en",
                    expect=0)
        self.assertIn("MD5 " + ev["md5"], r.out)
        chron = self.show(self.ref)["chronology"]
        self.assertIn(ev["sha256"], chron[-1]["body"])

    def test_same_bytes_are_one_file(self):
        a = self.add()
        b = self.add()
        self.assertNotEqual(a["id"], b["id"])
        self.assertEqual(os.listdir(os.path.join(self.evdir,
                                                  a["sha256"][:2])),
                         [a["sha256"]])

    def test_custody(self):
        ev = self.add()
        eid = str(ev["id"])
        e = self.kz_json("evidence", "custody", eid, "--action", "hand-over",
                         "--to", "法務部 田中", "--reason", "法務確認")
        self.assertEqual((e["action"], e["to"], e["seq"]),
                         ("handover", "法務部 田中", 2))
        r = self.assertRefused("evidence", "custody", eid, "--action",
                               "return", field="action")
        r = self.assertRefused("evidence", "custody", eid, "--action",
                               "teleport", field="action")
        self.kz("evidence", "custody", eid, "--action", "dispose",
                "--reason", "保存期間満了", expect=0)
        self.assertRefused("evidence", "custody", eid, "--action", "copy",
                           "--to", "x", field="action")
        got = self.kz_json("evidence", "custody", eid)
        self.assertEqual(got["state"], "disposed")
        self.assertEqual([x["action"] for x in got["items"]],
                         ["acquire", "handover", "disposal"])
        r = self.kz("evidence", "custody", eid, expect=0)
        self.assertIn("引き渡し", r.out)
        self.assertIn("法務部 田中", r.out)

    def test_refusals_change_nothing(self):
        self.assertRefused("evidence", "add", "INC-2026-9999", self.path,
                           field=None, expect=1)
        self.assertRefused("evidence", "add", self.ref, self.path,
                           "--acquired-at", "きのう", field="acquired_at")
        self.assertRefused("evidence", "get", "999", field=None, expect=1)
        r = self.kz("evidence", "add", self.ref,
                    os.path.join(self.tmp, "nope"), expect=2)
        self.assertEqual(os.listdir(os.path.join(self.evdir, "tmp"))
                         if os.path.isdir(os.path.join(self.evdir, "tmp"))
                         else [], [])
        self.kz("evidence", "frobnicate", expect=2)

    def test_verify_reports_changed_missing_and_unreferenced_files(self):
        ev = self.add()
        self.kz("verify", expect=0)
        path = self.stored(ev["sha256"])
        os.chmod(path, 0o600)
        with open(path, "ab") as f:
            f.write(b"!")
        r = self.kz("verify", "--lang", "en", expect=1)
        self.assertIn("no longer has its hash", r.out)
        out = os.path.join(self.tmp, "copy.eml")
        r = self.kz("evidence", "get", str(ev["id"]), "--output", out,
                    expect=1)
        self.assertFalse(os.path.exists(out))
        os.remove(path)
        v = self.kz_json("verify", expect=1)
        self.assertIn("", [b["found"] for b in v["broken"]])
        with open(os.path.join(self.evdir, "stray"), "wb") as f:
            f.write(b"x")
        v = self.kz_json("verify", expect=1)
        self.assertIn("stray", [b["found"] for b in v["broken"]])
        self.assertFalse(v["ok"])

    def test_verify_reports_a_changed_custody_chain(self):
        ev = self.add()
        self.kz("evidence", "custody", str(ev["id"]), "--action", "seal",
                expect=0)
        self.database().tamper([("UPDATE custody_event SET reason ="
                                 " 'changed' WHERE seq = 2", ())])
        v = self.kz_json("verify", "--lang", "en", expect=1)
        self.assertIn("chain of custody",
                      " ".join(b["problem"] for b in v["broken"]))
