# SPDX-License-Identifier: MIT
"""The legal edge cases of issue 9 over the API (items 5, 9-15, 25):
bounded counts named in a 422, the cyber indicators, unknown counts as
undecided duties (on the incident, in the deadlines, in readiness, in the
damage model), clocks that start when a trigger is met, the My Number
act's triggers, contradicting times, a person's "no" to an improper purpose,
consistency warnings, NIS2 significance from art. 23(3) facts and the
leak state in three states.
"""

from datetime import datetime

from tests.api.server import ApiTestCase, NOW

AWARE = "2026-11-20T10:00:00+09:00"
INDICATORS = ("exfiltration_traces", "info_stealing_malware", "c2_traffic",
              "tampered_input_page", "outside_notice")


class LegalEdgesTest(ApiTestCase):

    def file(self, expect=201, **fields):
        rec = {"title": "顧客名簿の漏えい", "discovered_at": AWARE,
               "info_types": [{"type": "name", "count": 10}],
               "affected_persons": 10}
        rec.update(fields)
        r = self.c("handler").post("/api/v1/incidents", rec)
        self.assertEqual(r.status, expect, str(r))
        return r

    def duties(self, ref, lang=None):
        cl = self.c("admin").with_lang(lang) if lang else self.c("admin")
        r = cl.get("/api/v1/incidents/%s/obligations" % ref)
        self.assertEqual(r.status, 200, str(r))
        return {d["key"]: d for d in r.json["items"]}

    def patch(self, ref, fields, expect=200):
        cur = self.get_incident(ref)
        r = self.c("handler").patch("/api/v1/incidents/" + ref, fields,
                                    headers={"If-Match": str(cur["version"])})
        self.assertEqual(r.status, expect, str(r))
        return r

    # -- 5: bounds --------------------------------------------------------

    def test_counts_beyond_ten_billion_are_refused_by_name(self):
        before = self.server.counts()
        for fields, name in [
                ({"affected_persons": 10 ** 10 + 1}, "affected_persons"),
                ({"affected_persons": 10 ** 16}, "affected_persons"),
                ({"affected_persons": 2 ** 63 - 1}, "affected_persons"),
                ({"affected_persons_max": 10 ** 10 + 1},
                 "affected_persons_max"),
                ({"info_types": [{"type": "name", "count": 10 ** 16}]},
                 "info_types[0].count"),
                ({"affected_persons": 100, "affected_persons_max": 50},
                 "affected_persons_max")]:
            with self.subTest(fields=fields):
                r = self.file(expect=422, **fields)
                self.assertError(r, 422, "validation_failed", [name])
        self.assertUnchanged(before)
        # The largest plausible count is accepted, and the damage total
        # stays an exact positive number.
        ref = self.file(affected_persons=10 ** 10,
                        info_types=[{"type": "name", "count": 10 ** 10},
                                    {"type": "address", "count": 10 ** 10}]
                        ).json["ref"]
        dm = self.c("admin").get("/api/v1/incidents/%s/damage" % ref).json
        self.assertEqual(dm["total_yen"], 6000 * 10 ** 10)
        # PATCH is bounded the same way, and changes nothing.
        r = self.patch(ref, {"affected_persons": 10 ** 16}, expect=422)
        self.assertError(r, 422, "validation_failed", ["affected_persons"])
        self.assertEqual(self.get_incident(ref)["affected_persons"], 10 ** 10)

    # -- 13: contradicting times --------------------------------------------

    def test_contradicting_times_are_refused_naming_both(self):
        before = self.server.counts()
        cases = [
            ({"materiality_determined_at": "2026-11-20T09:00:00+09:00"},
             "materiality_determined_at", ("重要性", "発見")),
            ({"occurred_at": "2026-11-19T10:00:00+09:00",
              "aware_at": "2026-11-18T10:00:00+09:00"},
             "aware_at", ("認識", "発生")),
        ]
        for fields, name, words in cases:
            with self.subTest(fields=fields):
                err = self.assertError(self.file(expect=422, **fields), 422,
                                       "validation_failed", [name])
                for w in words:
                    self.assertIn(w, err["fields"][name])
        en = self.c("handler").with_lang("en").post("/api/v1/incidents", {
            "title": "x", "discovered_at": AWARE,
            "materiality_determined_at": "2026-11-19T10:00:00+09:00"})
        err = self.assertError(en, 422, "validation_failed",
                               ["materiality_determined_at"])
        self.assertIn("discovered_at",
                      err["fields"]["materiality_determined_at"])
        self.assertUnchanged(before)

    def test_times_before_1990_are_refused(self):
        before = self.server.counts()
        for name in ("occurred_at", "discovered_at", "aware_at",
                     "materiality_determined_at", "reported_at"):
            with self.subTest(field=name):
                fields = {name: "1969-12-31T10:00:00+09:00"}
                err = self.assertError(self.file(expect=422, **fields), 422,
                                       "validation_failed", [name])
                self.assertIn("1990", err["fields"][name])
        self.assertUnchanged(before)
        ref = self.file(category="unauthorized_access").json["ref"]
        r = self.c("handler").post(
            "/api/v1/incidents/%s/obligations/appi_preliminary" % ref,
            {"status": "filed", "filed_at": "1969-12-31T10:00:00+09:00"})
        self.assertError(r, 422, "validation_failed", ["filed_at"])
        # 1990 itself is a date like any other.
        self.file(occurred_at="1990-01-01T09:00:00+09:00")

    # -- 9: cyber indicators -------------------------------------------------

    def test_each_cyber_indicator_alone_makes_an_improper_purpose(self):
        plain = self.file().json["ref"]
        self.assertFalse(self.duties(plain)["appi_preliminary"]["applies"])
        for ind in INDICATORS:
            with self.subTest(indicator=ind):
                ref = self.file(leak_indicators=[ind]).json["ref"]
                d = self.duties(ref)
                self.assertTrue(d["appi_preliminary"]["applies"])
                self.assertIn("不正の目的をもって行われたおそれがあります",
                              d["appi_preliminary"]["reasons"])
                self.assertTrue(any("60日" in x
                                    for x in d["appi_final"]["reasons"]))

    # -- 10: unknown counts --------------------------------------------------

    def test_unknown_count_is_undecided_everywhere(self):
        ref = self.file(info_types=[{"type": "name", "count": None}],
                        affected_persons=None).json["ref"]
        d = self.duties(ref)
        for key in ("appi_preliminary", "appi_final", "appi_individuals"):
            self.assertEqual((d[key]["state"], d[key]["status"],
                              d[key]["applies"], d[key]["undecided"]),
                             ("undecided", "undecided", False, True), key)
            self.assertIn("件数未確定のため判定できません",
                          " ".join(d[key]["reasons"]))
        en = self.duties(ref, lang="en")
        self.assertIn("not known", " ".join(
            en["appi_preliminary"]["reasons"]))
        # On the incident.
        self.assertGreaterEqual(self.get_incident(ref)["duties"]["undecided"],
                                3)
        # In the deadlines.
        rows = [x for x in self.c("admin").get("/api/v1/deadlines").json[
            "items"] if x["ref"] == ref]
        self.assertEqual({x["key"] for x in rows if
                          x["state"] == "undecided"},
                         {"appi_preliminary", "appi_final",
                          "appi_individuals"})
        # In readiness: the filings are not settled.
        r = self.c("admin").get("/api/v1/incidents/%s/readiness" % ref)
        reg = [x for x in r.json["items"] if x["kind"] == "regulator_report"]
        facts = {f["fact"]: f["known"] for f in reg[0]["facts"]}
        self.assertFalse(facts["filings"])
        self.assertFalse(facts["persons"])
        # The damage total is unknown, not ¥0.
        dm = self.c("admin").get("/api/v1/incidents/%s/damage" % ref).json
        self.assertIsNone(dm["total_yen"])
        self.assertIsNone(dm["persons"])
        # The upper estimate decides: over 1,000 people may be affected.
        self.patch(ref, {"affected_persons_max": 1500})
        d = self.duties(ref)
        self.assertEqual(d["appi_preliminary"]["status"], "pending")
        self.assertTrue(d["appi_preliminary"]["applies"])
        self.assertIn("本人の数が1,000人を超えます",
                      d["appi_preliminary"]["reasons"])
        rec = self.get_incident(ref)
        self.assertEqual(rec["affected_persons_max"], 1500)
        dm = self.c("admin").get("/api/v1/incidents/%s/damage" % ref).json
        self.assertEqual((dm["persons"], dm["total_yen"]),
                         (1500, 3000 * 1500))

    # -- 11: clocks start when a trigger is met ------------------------------

    def test_clock_starts_when_the_count_passes_1000(self):
        at = datetime.fromisoformat
        ref = self.file().json["ref"]
        self.assertFalse(self.duties(ref)["appi_preliminary"]["applies"])
        # Two days after the discovery (the server's clock), the count is
        # found to be 1,500: the clock starts now, not on Friday.
        self.patch(ref, {"affected_persons": 1500,
                         "info_types": [{"type": "name", "count": 1500}]})
        d = self.duties(ref)
        for key in ("appi_preliminary", "appi_final", "appi_individuals"):
            self.assertEqual(at(d[key]["clock_start"]), at(NOW), key)
            self.assertEqual(at(d[key]["trigger_met_at"]), at(NOW), key)
            self.assertEqual(at(d[key]["aware_at"]), at(AWARE), key)
        # Day 1 is Sunday 22 November: the 速報's target is Tuesday night,
        # not Sunday night as it would be from Friday.
        self.assertEqual(at(d["appi_preliminary"]["due_at"]),
                         at("2026-11-24T23:59:59+09:00"))
        self.assertEqual(d["appi_preliminary"]["state"], "pending")
        # The chronology shows the change at that moment.
        tl = self.c("admin").get("/api/v1/incidents/%s/timeline" % ref).json
        self.assertTrue(any(e.get("change", {}).get("field") ==
                            "affected_persons" and at(e["at"]) == at(NOW)
                            for e in tl["items"]))
        # A time of awareness set by hand holds over it.
        self.patch(ref, {"aware_at": AWARE})
        d = self.duties(ref)["appi_preliminary"]
        self.assertEqual((at(d["clock_start"]), d["trigger_met_at"]),
                         (at(AWARE), None))
        # Met when filed: the awareness, and no trigger time.
        ref2 = self.file(affected_persons=1500).json["ref"]
        d = self.duties(ref2)["appi_preliminary"]
        self.assertEqual((at(d["clock_start"]), d["trigger_met_at"]),
                         (at(AWARE), None))

    # -- 12: My Number act ---------------------------------------------------

    def test_my_number_source_system_and_public_viewing(self):
        for flag, words in (("mynumber_system", "情報提供ネットワーク"),
                            ("publicly_viewable", "不特定多数")):
            with self.subTest(flag=flag):
                base = dict(info_types=[{"type": "my_number", "count": 3}],
                            affected_persons=3)
                ref = self.file(**base).json["ref"]
                self.assertFalse(
                    self.duties(ref)["mynumber_preliminary"]["applies"])
                self.patch(ref, {flag: True})
                self.assertTrue(self.get_incident(ref)[flag])
                d = self.duties(ref)["mynumber_preliminary"]
                self.assertTrue(d["applies"])
                self.assertTrue(any(words in x for x in d["reasons"]))

    # -- 14: a person's "no" and warnings ------------------------------------

    def test_a_persons_no_holds_with_its_reason(self):
        ref = self.file(category="unauthorized_access").json["ref"]
        self.assertTrue(any("60日" in x for x in
                            self.duties(ref)["appi_final"]["reasons"]))
        # A "no" without a reason asserts nothing: the category decides.
        self.patch(ref, {"improper_purpose": True})
        self.patch(ref, {"improper_purpose": False})
        rec = self.get_incident(ref)
        self.assertEqual(rec["improper_purpose_source"], "derived")
        self.assertTrue(self.duties(ref)["appi_preliminary"]["applies"])
        # With a reason, it holds over the category.
        why = "ログ調査で社員の誤操作と確認した"
        self.patch(ref, {"improper_purpose": False,
                         "improper_purpose_reason": why})
        rec = self.get_incident(ref)
        self.assertEqual((rec["improper_purpose"],
                          rec["improper_purpose_source"],
                          rec["improper_purpose_reason"]),
                         (False, "manual", why))
        d = self.duties(ref)
        self.assertFalse(d["appi_preliminary"]["applies"])
        self.assertFalse(any("不正の目的" in x
                             for x in d["appi_preliminary"]["reasons"]))
        # The reason is in the chronology.
        tl = self.c("admin").get("/api/v1/incidents/%s/timeline" % ref).json
        self.assertTrue(any(e.get("change", {}).get("field") ==
                            "improper_purpose_reason" and
                            e["change"]["to"] == why for e in tl["items"]))
        # null gives the question back to the category.
        self.patch(ref, {"improper_purpose": None})
        self.assertEqual(self.get_incident(ref)["improper_purpose_source"],
                         "derived")
        self.assertTrue(self.duties(ref)["appi_preliminary"]["applies"])

    def test_consistency_warnings_on_the_record(self):
        ref = self.file(affected_persons=0, leak_kinds=["leak"]).json["ref"]
        rec = self.get_incident(ref)
        self.assertEqual([w["key"] for w in rec["warnings"]],
                         ["warn.zero_persons_with_data"])
        self.assertIn("0人", rec["warnings"][0]["message"])
        en = self.c("admin").with_lang("en").get(
            "/api/v1/incidents/" + ref).json
        self.assertIn("No person", en["warnings"][0]["message"])
        # Derived: a client may send the record back with it.
        r = self.patch(ref, {"warnings": rec["warnings"],
                             "affected_persons": 50})
        self.assertEqual(r.json["warnings"], [])
        self.assertEqual(self.get_incident(ref)["warnings"], [])

    # -- 15: NIS2 ------------------------------------------------------------

    def test_nis2_significance_from_article_23_3(self):
        admin = self.c("admin")
        r = admin.patch("/api/v1/settings", {"regime_nis2": True})
        self.assertEqual(r.status, 200, str(r))
        try:
            s1 = self.file(severity="S1", severity_reason="全社停止"
                           ).json["ref"]
            d = self.duties(s1)["nis2_early_warning"]
            self.assertEqual((d["applies"], d["state"]),
                             (False, "undecided"))
            self.assertTrue(any("23条3項" in x for x in d["reasons"]))
            s4 = self.file(severity="S4", severity_reason="軽微に見える",
                           nis2_damage_others=True).json["ref"]
            d = self.duties(s4)["nis2_early_warning"]
            self.assertTrue(d["applies"])
            self.assertTrue(any("他の者" in x for x in d["reasons"]))
            self.patch(s1, {"nis2_disruption": True})
            self.assertTrue(self.duties(s1)["nis2_notification"]["applies"])
        finally:
            r = admin.patch("/api/v1/settings", {"regime_nis2": False})
            self.assertEqual(r.status, 200, str(r))

    # -- 25: leak state ------------------------------------------------------

    def test_leak_state_in_three_states(self):
        for fields, want in (({"leak_kinds": ["leak"]}, "confirmed"),
                             ({"leak_kinds": ["leak"], "possible_leak": True},
                              "possible"),
                             ({}, "unknown")):
            with self.subTest(fields=fields):
                r = self.file(**fields)
                self.assertEqual(r.json["leak_state"], want)
        ref = r.json["ref"]
        # Read-only, but the value read may be sent back.
        self.patch(ref, {"leak_state": "unknown", "title": "更新"})
        r = self.patch(ref, {"leak_state": "confirmed"}, expect=422)
        self.assertError(r, 422, "validation_failed", ["leak_state"])
