# SPDX-License-Identifier: MIT
"""Messages that say what is wrong (issue 9 item 20): a title over the
limit is refused with its length and the limit, never cut; a date that
does not exist or is out of range says so instead of repeating the
format example, which stays for text that is not a date at all."""

from tests.api.server import ApiTestCase, DISCOVERED


class MessagesTest(ApiTestCase):

    def test_a_long_title_is_refused_with_its_length(self):
        before = self.server.counts()
        admin = self.c("admin")
        r = admin.post("/api/v1/incidents", {"title": "長" * 253,
                                             "discovered_at": DISCOVERED})
        err = self.assertError(r, 422, "validation_failed", ["title"])
        self.assertEqual(err["fields"]["title"],
                         "件名は200文字以内で入力してください"
                         "（いまは253文字です）")
        r = admin.with_lang("en").post("/api/v1/incidents", {
            "title": "x" * 1234, "discovered_at": DISCOVERED})
        err = self.assertError(r, 422, "validation_failed", ["title"])
        self.assertEqual(err["fields"]["title"],
                         "The title must be at most 200 characters"
                         " (it has 1,234)")
        self.assertUnchanged(before)
        # The limit itself is fine, and kept whole.
        inc = self.create(title="長" * 200)
        self.assertEqual(inc["title"], "長" * 200)
        # A change is refused the same way, and nothing is cut.
        r = admin.patch("/api/v1/incidents/" + inc["ref"],
                        {"title": "長" * 201},
                        headers={"If-Match": str(inc["version"])})
        err = self.assertError(r, 422, "validation_failed", ["title"])
        self.assertIn("201", err["fields"]["title"])
        self.assertEqual(self.get_incident(inc["ref"])["title"], "長" * 200)

    def test_a_date_out_of_range_says_so(self):
        admin = self.c("admin")
        before = self.server.counts()
        for when in ("1850-04-01T09:00+09:00", "2026-02-30T10:00+09:00",
                     "2026-11-22T25:00+09:00", "0999-01-01"):
            with self.subTest(when=when):
                r = admin.post("/api/v1/incidents", {
                    "title": "日付の確認", "discovered_at": when})
                err = self.assertError(r, 422, "validation_failed",
                                       ["discovered_at"])
                msg = err["fields"]["discovered_at"]
                self.assertIn("その日時はありません", msg)
                self.assertNotIn("例", msg)
        # Text that is no date at all still gets the example.
        r = admin.post("/api/v1/incidents", {"title": "日付の確認",
                                             "discovered_at": "22/11/2026"})
        err = self.assertError(r, 422, "validation_failed", ["discovered_at"])
        self.assertIn("例: 2026-11-22T09:30+09:00",
                      err["fields"]["discovered_at"])
        self.assertUnchanged(before)

    def test_a_change_out_of_range_says_so(self):
        inc = self.create()
        r = self.c("admin").with_lang("en").patch(
            "/api/v1/incidents/" + inc["ref"],
            {"occurred_at": "1899-12-31T10:00+09:00"},
            headers={"If-Match": str(inc["version"])})
        err = self.assertError(r, 422, "validation_failed", ["occurred_at"])
        self.assertIn("No such time", err["fields"]["occurred_at"])
