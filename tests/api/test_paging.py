# SPDX-License-Identifier: MIT
"""Paging the incident list: next_cursor is null exactly on the page
after which no incident remains, whatever the limit - the maximum (1000)
included, where it used to be null even with more to come, so that a
client paging with the maximum stopped after the first page."""

import threading

from tests.api.server import ApiTestCase, DISCOVERED

TOTAL = 1003  # more than one page of the maximum size


class PagingTest(ApiTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Several writers at once: the group commit makes this quick.
        admin = cls.c("admin")
        refs = []
        errors = []
        lock = threading.Lock()

        def work(n):
            for i in range(n):
                r = admin.post("/api/v1/incidents", {
                    "title": "ページ送りの確認", "discovered_at": DISCOVERED})
                with lock:
                    if r.status == 201:
                        refs.append(r.json["ref"])
                    else:
                        errors.append(str(r))

        share = [TOTAL // 8 + (1 if i < TOTAL % 8 else 0) for i in range(8)]
        threads = [threading.Thread(target=work, args=(n,)) for n in share]
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
        if errors or len(refs) != TOTAL:
            raise AssertionError("creating incidents: %d made, %s" %
                                 (len(refs), errors[:3]))
        cls.refs = set(refs)

    def walk(self, limit):
        """Every page with 'limit'; returns the pages' refs."""
        pages = []
        cursor = None
        while True:
            path = "/api/v1/incidents?limit=%d" % limit
            if cursor is not None:
                path += "&cursor=" + cursor
            r = self.c("admin").get(path)
            self.assertEqual(r.status, 200, str(r))
            pages.append([it["ref"] for it in r.json["items"]])
            cursor = r.json["next_cursor"]
            if cursor is None:
                return pages
            self.assertLess(len(pages), TOTAL + 2, "paging does not end")

    def check(self, limit):
        pages = self.walk(limit)
        refs = [ref for page in pages for ref in page]
        self.assertEqual(len(refs), len(set(refs)))
        self.assertEqual(set(refs), self.refs)
        # Full pages, then the rest; never an empty last page.
        want = [limit] * (TOTAL // limit)
        if TOTAL % limit:
            want.append(TOTAL % limit)
        self.assertEqual([len(p) for p in pages], want)

    def test_maximum_limit_pages_through_everything(self):
        self.check(1000)

    def test_limit_one_below_the_maximum(self):
        self.check(999)

    def test_small_limit(self):
        self.check(100)

    def test_exact_multiple_ends_without_an_empty_page(self):
        # 1003 = 17 * 59: the last page is full and says so.
        pages = self.walk(59)
        self.assertEqual(len(pages), 17)
        self.assertEqual([len(p) for p in pages], [59] * 17)
