# SPDX-License-Identifier: MIT
"""The answers of saved list filters to bad requests (issue 10 item 7),
byte for byte: a request's members are read in src/json and checked by
the use case in src/app, and one answer still names every bad member, in
the order name, query, default, whichever side found it wrong."""

import json

from tests.api.server import ApiTestCase


class FilterErrorTest(ApiTestCase):

    def fields(self, r):
        self.assertEqual(r.status, 422, str(r))
        # The order of the members is part of the answer's bytes.
        return list(json.loads(r.body.decode("utf-8"),
                               object_pairs_hook=lambda kv: kv)
                    [0][1][2][1])

    def test_every_member_named_in_order_on_create(self):
        h = self.c("handler")
        cases = [
            # A rule of the use case before a type of the reader.
            ({"name": "", "query": "open=true", "default": "yes"},
             ["name", "default"]),
            ({"name": "", "query": "a=%", "default": 1},
             ["name", "query", "default"]),
            ({"name": 5, "query": "page=2"}, ["name", "query.page"]),
            ({"name": "a", "query": {"open": None, "tag": "x"},
              "default": None}, ["query.open", "default"]),
            ({"default": "x"}, ["name", "query", "default"]),
        ]
        for body, want in cases:
            with self.subTest(body=body):
                r = h.post("/api/v1/account/filters", body)
                self.assertEqual([k for k, _ in self.fields(r)], want)

    def test_every_member_named_in_order_on_change(self):
        h = self.c("handler")
        r = h.post("/api/v1/account/filters",
                   {"name": "mine", "query": "open=true"})
        self.assertEqual(r.status, 201, str(r))
        path = "/api/v1/account/filters/%d" % r.json["id"]
        r = h.patch(path, {"name": " ", "query": 3, "default": "no"})
        self.assertEqual([k for k, _ in self.fields(r)],
                         ["name", "query", "default"])
        # Nothing was changed.
        r = h.get("/api/v1/account/filters")
        self.assertEqual([(f["name"], f["query"]) for f in r.json["items"]],
                         [("mine", "open=true")])

    def test_a_missing_filter_is_404_without_fields(self):
        r = self.c("handler").patch("/api/v1/account/filters/999999",
                                    {"name": 5, "default": "x"})
        self.assertEqual(r.status, 404, str(r))
        self.assertEqual(r.json["error"]["fields"], {})
