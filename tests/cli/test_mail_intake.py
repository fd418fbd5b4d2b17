# SPDX-License-Identifier: MIT
"""`kizuki mail-intake` (issue 10 item 4): one message on standard input
from the MTA, or a maildir; new reports, replies to a reference, exit codes
0 / 2 / 75 and nothing lost, idempotent on re-delivery."""

import base64
import hashlib
import os
import shutil
import sqlite3
import threading
from pathlib import Path

from tests.cli.clihelp import CliTestCase, REF_RE, sqlite_only

CORPUS = Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "mail"


def eml(name):
    return (CORPUS / name).read_bytes()


def message(subject, body, msgid=None, sender="yamada@example.co.jp",
            extra=""):
    """A UTF-8 message with an RFC 2047 subject."""
    enc = base64.b64encode(subject.encode()).decode()
    head = "From: %s\r\nTo: csirt@example.co.jp\r\nSubject: =?UTF-8?B?%s?=\r\n" % (
        sender, enc)
    if msgid:
        head += "Message-ID: <%s>\r\n" % msgid
    head += extra
    head += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
    head += "Content-Transfer-Encoding: 8bit\r\n\r\n"
    return head.encode() + body.encode()


class MailIntakeCase(CliTestCase):

    def intake(self, data, *args, expect=None, **kw):
        return self.kz("mail-intake", *args, input=data, expect=expect, **kw)

    def refs(self):
        return [i["ref"] for i in
                self.kz_json("incident", "list")["items"]]

    def failed_dir(self):
        return Path(self.tmp) / "mail" / "failed"


class TestStdin(MailIntakeCase):

    def test_iso2022jp_mail_becomes_a_report(self):
        r = self.intake(eml("iso2022jp.eml"), expect=0)
        ref = REF_RE.search(r.out).group(0)
        self.assertIn("新しい報告として登録しました", r.out)
        shown = self.show(ref)
        rec = shown["incident"]
        self.assertEqual(rec["title"], "【至急】顧客情報の誤送信について")
        self.assertIn("顧客A社宛てのメールを誤ってB社に送信しました",
                      rec["description"])
        self.assertEqual(rec["reporter"], "山田 太郎 <yamada@example.co.jp>")
        self.assertEqual(rec["phase"], "reported")
        texts = [e.get("text", e["body"]) for e in shown["chronology"]]
        self.assertTrue(any("メールで受け付けました" in t and
                            "20261207101500.1234@mail.example.co.jp" in t
                            for t in texts), texts)

    def test_message_and_attachment_become_evidence(self):
        data = eml("sjis_attachment.eml")
        out = self.kz_json("mail-intake", input=data)
        self.assertEqual(out["evidence"], 2)
        items = self.kz_json("evidence", "list", out["ref"])["items"]
        self.assertEqual([i["name"] for i in items],
                         ["ノートPC紛失の報告.eml", "顧客リスト_2026.xlsx"])
        self.assertEqual(items[0]["sha256"],
                         hashlib.sha256(data).hexdigest())
        self.assertEqual(items[0]["sha256"], out["sha256"])
        copy = os.path.join(self.tmp, "copy.eml")
        self.kz("evidence", "get", str(items[0]["id"]), "--output", copy,
                expect=0)
        self.assertEqual(Path(copy).read_bytes(), data)
        self.kz("verify", expect=0)

    def test_reply_to_reference_goes_on_the_timeline(self):
        ref = REF_RE.search(self.intake(eml("iso2022jp.eml"),
                                        expect=0).out).group(0)
        reply = message("Re: [%s] 顧客情報の誤送信について" % ref,
                        "B社から削除済みとの連絡がありました。\r\n\r\n"
                        "2026年11月22日(日) 10:30 CSIRT <csirt@example.co.jp>:\r\n"
                        "> 状況を教えてください。\r\n",
                        msgid="reply-1@example.co.jp")
        r = self.intake(reply, expect=0)
        self.assertIn(ref, r.out)
        self.assertIn("タイムラインに追加しました", r.out)
        self.assertEqual(self.refs(), [ref])
        last = [e for e in self.show(ref)["chronology"]
                if e["kind"] == "contact"][-1]
        self.assertIn("B社から削除済みとの連絡がありました。", last["text"])
        self.assertIn("yamada@example.co.jp", last["text"])
        self.assertNotIn("状況を教えてください", last["text"])
        # The reply as received is evidence too, noted after the entry.
        names = [i["name"] for i in
                 self.kz_json("evidence", "list", ref)["items"]]
        self.assertEqual(len(names), 2)
        self.assertTrue(names[1].endswith(".eml"), names)
        en = [e for e in self.show(ref, LANG="en_US.UTF-8")["chronology"]
              if e["kind"] == "contact"][-1]
        self.assertIn("E-mail from yamada@example.co.jp", en["text"])

    def test_unknown_reference_is_a_new_report_saying_so(self):
        r = self.intake(message("Re: [INC-2025-0042] 続報", "続報です"),
                        expect=0)
        ref = REF_RE.search(r.out).group(0)
        self.assertNotEqual(ref, "INC-2025-0042")
        self.assertIn("件名の参照に当たるインシデントがない", r.out)
        texts = [e["text"] for e in self.show(ref)["chronology"]]
        self.assertTrue(any("INC-2025-0042" in t for t in texts), texts)

    def test_redelivery_is_taken_once(self):
        data = eml("sjis_attachment.eml")
        first = self.intake(data, expect=0)
        again = self.intake(data, expect=0)
        self.assertIn("受付済みのメールです", again.out)
        self.assertEqual(REF_RE.search(first.out).group(0),
                         REF_RE.search(again.out).group(0))
        self.assertEqual(len(self.refs()), 1)

    def test_automatic_reply_is_recorded_not_reported(self):
        r = self.intake(eml("autoreply.eml"), expect=0)
        self.assertIn("記録のみ", r.out)
        self.assertEqual(self.refs(), [])
        ((n,),) = self.database().read("SELECT count(*) FROM mail_message"
                                       " WHERE outcome = 'ignored'")
        self.assertEqual(n, 1)

    def test_not_a_message_exit_2_kept_in_failed(self):
        for name, ja, en in (
                ("not_mail.txt", "ヘッダーがありません", "it has no header"),
                ("binary.bin", "バイナリデータ", "binary data"),
                ("no_from.eml", "差出人", "no sender")):
            data = eml(name)
            before = self.dump()
            r = self.intake(data, expect=2)
            self.assertIn(ja, r.err)
            self.assertEqual(self.dump(), before, "nothing is written")
            r = self.intake(data, expect=2, LANG="en_US.UTF-8")
            self.assertIn(en, r.err)
        kept = sorted(self.failed_dir().iterdir())
        self.assertEqual(len(kept), 6)
        self.assertEqual(sorted(p.read_bytes() for p in kept),
                         sorted([eml("not_mail.txt"), eml("binary.bin"),
                                 eml("no_from.eml")] * 2))
        self.assertEqual(self.refs(), [])

    def test_over_the_size_limit_kept_whole(self):
        data = message("大きい", "あ" * 4000)
        r = self.intake(data, "--max-size", "1K", expect=2)
        self.assertIn("大きすぎます", r.err)
        (kept,) = self.failed_dir().iterdir()
        self.assertEqual(kept.read_bytes(), data)
        self.intake(data, "--max-size", "nonsense", expect=2)

    @sqlite_only("holds SQLite's write lock from outside")
    def test_database_locked_is_temporary(self):
        self.intake(eml("iso2022jp.eml"), expect=0)
        con = sqlite3.connect(self.db, timeout=30)
        con.execute("BEGIN EXCLUSIVE")
        try:
            r = self.intake(eml("alternative.eml"), expect=75)
        finally:
            con.rollback()
            con.close()
        self.assertFalse(self.failed_dir().exists(),
                         "the MTA keeps a message it may deliver again")
        r = self.intake(eml("alternative.eml"), expect=0)
        self.assertEqual(len(self.refs()), 2)

    def test_no_database_is_temporary(self):
        self.intake(eml("iso2022jp.eml"), "--db",
                    os.path.join(self.tmp, "missing.db"), expect=75)

    def test_json_output(self):
        out = self.kz_json("mail-intake", input=eml("alternative.eml"))
        self.assertEqual(out["outcome"], "new_report")
        self.assertRegex(out["ref"], REF_RE)
        self.assertEqual(out["message_key"], "<alt-0001@example.co.jp>")
        self.assertEqual(len(out["sha256"]), 64)


class TestMaildir(MailIntakeCase):

    def setUp(self):
        super().setUp()
        self.maildir = Path(self.tmp) / "csirt" / "Maildir"
        for sub in ("new", "cur", "tmp"):
            (self.maildir / sub).mkdir(parents=True)

    def put(self, sub, name, data):
        (self.maildir / sub / name).write_bytes(data)

    def test_several_and_one_broken(self):
        self.put("new", "1.a.host", eml("iso2022jp.eml"))
        self.put("new", "2.b.host", eml("not_mail.txt"))
        self.put("new", "3.c.host", eml("sjis_attachment.eml"))
        self.put("cur", "4.d.host:2,", eml("alternative.eml"))
        self.put("cur", "5.e.host:2,S", eml("html_eucjp.eml"))
        r = self.kz("mail-intake", "--maildir", str(self.maildir), expect=2)
        self.assertIn("ヘッダーがありません", r.err)
        self.assertEqual(len(self.refs()), 3)
        failed = self.maildir.parent / "failed"
        self.assertEqual([p.name for p in failed.iterdir()], ["2.b.host"])
        self.assertEqual((failed / "2.b.host").read_bytes(),
                         eml("not_mail.txt"))
        self.assertEqual(sorted(p.name for p in
                                (self.maildir / "cur").iterdir()),
                         ["1.a.host:2,S", "3.c.host:2,S", "4.d.host:2,S",
                          "5.e.host:2,S"])
        self.assertEqual(list((self.maildir / "new").iterdir()), [])
        # Seen means taken: the already seen message was left alone.
        titles = [i["title"] for i in
                  self.kz_json("incident", "list")["items"]]
        self.assertNotIn("ウイルス検知", titles)
        # A second run finds nothing to do.
        before = self.dump()
        self.kz("mail-intake", "--maildir", str(self.maildir), expect=0)
        self.assertEqual(self.dump(), before)

    def test_redelivered_file_is_a_duplicate(self):
        self.put("new", "1.a.host", eml("iso2022jp.eml"))
        self.kz("mail-intake", "--maildir", str(self.maildir), expect=0)
        self.put("new", "2.a.host", eml("iso2022jp.eml"))
        out = self.kz_json("mail-intake", "--maildir", str(self.maildir))
        (item,) = out["items"]
        self.assertTrue(item["duplicate"])
        self.assertEqual(item["file"], "new/2.a.host")
        self.assertEqual(len(self.refs()), 1)
        self.assertTrue((self.maildir / "cur" / "2.a.host:2,S").exists())

    def test_flags_kept_in_order(self):
        self.put("cur", "1.a.host:2,FR", eml("iso2022jp.eml"))
        self.kz("mail-intake", "--maildir", str(self.maildir), expect=0)
        self.assertEqual([p.name for p in (self.maildir / "cur").iterdir()],
                         ["1.a.host:2,FRS"])

    @sqlite_only("holds SQLite's write lock from outside")
    def test_locked_database_leaves_the_maildir_as_it_was(self):
        self.put("new", "1.a.host", eml("iso2022jp.eml"))
        con = sqlite3.connect(self.db, timeout=30)
        con.execute("BEGIN EXCLUSIVE")
        try:
            self.kz("mail-intake", "--maildir", str(self.maildir), expect=75)
        finally:
            con.rollback()
            con.close()
        self.assertTrue((self.maildir / "new" / "1.a.host").exists())
        self.assertFalse((self.maildir.parent / "failed").exists())

    def test_not_a_maildir(self):
        self.kz("mail-intake", "--maildir", os.path.join(self.tmp, "nope"),
                expect=2)
