# SPDX-License-Identifier: MIT
"""Reporting duties, damage, readiness, drafts, disclosures and aftercare
over the API (SPEC C7-C10; issue 6).

The done-when scenario end to end: for a misdirected e-mail with 1,200
customers' names and addresses, the APPI preliminary and final reports
are due with their dates, the JNSA model gives ¥6,000 per person and
¥7,200,000 in all, the customer notice's readiness is shown, the APPI
report is drafted in Japanese and English with the unknown items marked,
and raising the count after a disclosure shows a drift warning.  Then
filings, the deadlines list with need-to-know, costs, aftercare, the
regimes switched in the settings, and bad input on every new route.
"""

import json
import re
from datetime import datetime, timedelta, timezone

from tests.api.server import ApiTestCase, NOW
from tests.api.test_bad_input import MALFORMED

JST = timezone(timedelta(hours=9))
AWARE = "2026-11-20T10:00:00+09:00"  # a Friday


def at(text):
    return datetime.fromisoformat(text) if text else None


def jst(*args):
    return datetime(*args, tzinfo=JST)


# A catalogue key, digits included ("obl.days_30", "triage.persons_100k").
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def catalogue_keys(value):
    """Strings in a JSON value that are still catalogue keys
    ("obl.days_30"): texts the catalogue lacks."""
    if isinstance(value, dict):
        return [k for v in value.values() for k in catalogue_keys(v)]
    if isinstance(value, list):
        return [k for v in value for k in catalogue_keys(v)]
    if isinstance(value, str) and KEY_RE.match(value.split(":")[0].strip()):
        return [value]
    return []


SCENARIO = {
    "title": "顧客1,200名へのメール誤送信 <b>&amp;</b>",
    "description": "案内メールを <script>alert(1)</script> 宛先を誤って送信",
    "category": "misdirected_email",
    "discovered_at": AWARE,
    "aware_at": AWARE,
    "info_types": [{"type": "name", "count": 1200},
                   {"type": "address", "count": 1200}],
    "affected_persons": 1200,
}


class DutiesTest(ApiTestCase):

    extra_users = {"handler2": "handler", "reporter2": "reporter"}

    def scenario(self, who="handler", **fields):
        rec = dict(SCENARIO)
        rec.update(fields)
        r = self.c(who).post("/api/v1/incidents", rec)
        self.assertEqual(r.status, 201, str(r))
        return r.json["ref"]

    def get(self, ref, what, who="admin", lang=None):
        cl = self.c(who).with_lang(lang) if lang else self.c(who)
        r = cl.get("/api/v1/incidents/%s/%s" % (ref, what))
        self.assertEqual(r.status, 200, str(r))
        return r.json

    def duties(self, ref, **kw):
        return {d["key"]: d for d in self.get(ref, "obligations",
                                              **kw)["items"]}

    def test_every_text_is_in_the_catalogue(self):
        ref = self.scenario(severity="S1", severity_reason="全件",
                            eu_data_subjects=True,
                            info_types=[{"type": "my_number", "count": 200},
                                        {"type": "medical_record",
                                         "count": 5}])
        r = self.c("communicator").post(
            "/api/v1/incidents/%s/disclosures" % ref,
            {"kind": "press_release"})
        self.assertEqual(r.status, 201, str(r))
        self.patch(ref, {"affected_persons": 1300, "impacts": ["fraud"],
                         "category": "unauthorized_access"})
        admin = self.c("admin")
        try:
            r = admin.patch("/api/v1/settings", {"regime_nis2": True,
                                                 "regime_sec": True})
            self.assertEqual(r.status, 200, str(r))
            for lang in ("ja", "en"):
                for what in ("obligations", "damage", "readiness",
                             "disclosures", "aftercare", ""):
                    with self.subTest(lang=lang, what=what):
                        got = self.get(ref, what, lang=lang) if what else \
                            admin.with_lang(lang).get(
                                "/api/v1/incidents/" + ref).json
                        self.assertEqual(catalogue_keys(got), [])
                r = admin.with_lang(lang).get("/api/v1/deadlines")
                self.assertEqual(catalogue_keys(r.json), [])
                self.assertTrue(r.json["items"])
        finally:
            r = admin.patch("/api/v1/settings", {"regime_nis2": False,
                                                 "regime_sec": False})
            self.assertEqual(r.status, 200, str(r))

    def entries(self, ref):
        return self.get(ref, "timeline")["items"]

    def patch(self, ref, fields, who="handler"):
        cur = self.get_incident(ref)
        r = self.c(who).patch("/api/v1/incidents/" + ref, fields,
                              headers={"If-Match": str(cur["version"])})
        self.assertEqual(r.status, 200, str(r))
        return r.json

    def audited(self, action, ref):
        return self.server.db_read(
            "SELECT actor FROM audit WHERE action = ? AND target = ?",
            (action, ref))

    # -- the scenario ---------------------------------------------------------

    def test_misdirected_email_scenario(self):
        ref = self.scenario()
        rec = self.get_incident(ref)
        self.assertIn("duty", [x["factor"] for x in rec["triage"]["reasons"]])

        # The APPI reports are due, with their dates.
        d = self.duties(ref)
        pre, fin, ind = (d["appi_preliminary"], d["appi_final"],
                         d["appi_individuals"])
        self.assertTrue(pre["applies"] and fin["applies"] and ind["applies"])
        self.assertEqual(at(pre["clock_start"]), at(AWARE))
        # Day 1 is the day of awareness: the third day ends Sunday night.
        self.assertEqual(at(pre["due_at"]), jst(2026, 11, 22, 23, 59, 59))
        self.assertEqual(at(pre["latest_at"]), jst(2026, 11, 24, 23, 59, 59))
        self.assertEqual(pre["state"], "due_soon")
        # Thirty days end on Saturday 19 December: moved to Monday the 21st.
        self.assertEqual(at(fin["due_at"]), jst(2026, 12, 21, 23, 59, 59))
        self.assertIsNone(fin["latest_at"])
        self.assertEqual(fin["state"], "pending")
        self.assertIn("本人の数が1,000人を超えます", pre["reasons"])
        self.assertTrue(any("30日" in x for x in fin["reasons"]))
        for key in ("appi_preliminary", "appi_final", "appi_individuals"):
            self.assertEqual((d[key]["status"], d[key]["regime"]),
                             ("pending", "appi"))
            self.assertTrue(d[key]["label"])
        for key in ("mynumber_preliminary", "mynumber_final",
                    "gdpr_authority", "gdpr_subjects"):
            self.assertFalse(d[key]["applies"], key)
            self.assertEqual(d[key]["state"], "not_applicable")
            self.assertTrue(d[key]["reasons"], key)
        en = self.duties(ref, lang="en")
        self.assertIn("1,000", en["appi_preliminary"]["reasons"][0])
        self.assertNotEqual(en["appi_preliminary"]["label"], pre["label"])

        # ¥6,000 per person, ¥7,200,000 in all, every input shown.
        dm = self.get(ref, "damage")
        self.assertEqual((dm["applies"], dm["per_person_yen"],
                          dm["total_yen"], dm["persons"]),
                         (True, 6000, 7200000, 1200))
        self.assertEqual(dm["inputs"], {
            "x": 1, "y": 1, "x_type": "name", "y_type": "name",
            "x_label": "氏名", "y_label": "氏名", "sensitivity": 2,
            "identifiability": 6, "social_responsibility": 1,
            "response_evaluation": 1})
        self.assertEqual((dm["costs"], dm["cost_totals"],
                          dm["cost_total_yen"]), ([], {}, 0))

        # How ready a notice to the customers is, and who finds the rest.
        notice = self.readiness(ref)["customer_notice"]
        facts = {f["fact"]: f for f in notice["facts"]}
        self.assertEqual((notice["known"], notice["needed"],
                          notice["percent"]), (4, 8, 50))
        self.assertEqual(sorted(k for k, f in facts.items() if not f["known"]),
                         ["customer_response", "method", "policy",
                          "secondary_damage"])
        r = self.c("communicator").request(
            "PUT", "/api/v1/incidents/%s/facts/method" % ref,
            {"owner": "handler", "due_at": "2026-11-24T18:00:00+09:00"})
        self.assertEqual(r.status, 200, str(r))
        method = [f for x in r.json["items"] for f in x["facts"]
                  if x["kind"] == "customer_notice" and f["fact"] == "method"]
        self.assertEqual([(f["owner"], at(f["due_at"])) for f in method],
                         [("handler", jst(2026, 11, 24, 18))])
        self.assertTrue(any("発生の原因・手口" in e["text"] and
                            "handler" in e["text"]
                            for e in self.entries(ref)))
        self.patch(ref, {"direct_cause": "宛先の入力ミス",
                         "impacts": ["complaints"]})
        notice = self.readiness(ref)["customer_notice"]
        self.assertEqual((notice["known"], notice["percent"]), (6, 75))

        # The APPI report, drafted in Japanese and English, unknowns
        # marked, text escaped.
        md = self.draft(ref, "appi_report", "md", "ja")
        self.assertTrue(md.header("Content-Type").startswith("text/markdown"))
        self.assertIn("default-src 'none'",
                      md.header("Content-Security-Policy"))
        t = md.text
        for words in (ref, "個人データの漏えい等の報告", "【未確定】",
                      "本人の数が1,000人を超えます", "氏名 1,200件",
                      "住所 1,200件", "1,200人", "電子メール", "宛先の入力ミス",
                      "2026年11月20日"):
            self.assertIn(words, t)
        self.assertIn("**発生日**: 【未確定】", t)
        self.assertNotIn("<script>", t)
        self.assertNotIn("<b>", t)
        html = self.draft(ref, "appi_report", "html", "ja")
        self.assertTrue(html.header("Content-Type").startswith("text/html"))
        h = html.text
        self.assertIn('<html lang="ja">', h)
        self.assertIn("【未確定】", h)
        self.assertIn("&lt;b&gt;&amp;amp;&lt;/b&gt;", h)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", h)
        self.assertNotIn("<script>", h)
        self.assertNotIn("<b>", h)
        en = self.draft(ref, "appi_report", "md", "en").text
        # Markdown escapes the brackets: "[not yet known]" once rendered.
        for words in ("Report of a personal data breach",
                      "**Occurred**: \\[not yet known\\]",
                      "More than 1,000", "1,200 persons", "E-mail"):
            self.assertIn(words, en)
        self.assertNotIn("【未確定】", en)
        en_html = self.draft(ref, "appi_report", "html", "en").text
        self.assertIn('<html lang="en">', en_html)
        self.assertIn("[not yet known]", en_html)
        self.assertNotIn("<script>", en_html)
        # The format defaults to Markdown, the language to the caller's.
        r = self.c("admin").with_lang("en").get(
            "/api/v1/incidents/%s/drafts/appi_report" % ref)
        self.assertEqual(r.text, en)
        for name in ("individual_notice", "press_release", "incident_report"):
            for fmt in ("md", "html"):
                with self.subTest(draft=name, format=fmt):
                    r = self.draft(ref, name, fmt, "ja")
                    self.assertIn("<b>" if fmt == "md" else "&lt;b&gt;",
                                  r.text.replace("\\<b\\>", "<b>"))
                    self.assertNotIn("<script>", r.text)

        # Told to the customers, then the count rises: drift.
        r = self.c("communicator").post(
            "/api/v1/incidents/%s/disclosures" % ref,
            {"kind": "customer_notice", "audience": "対象のお客様",
             "sent_at": "2026-11-22T11:00:00+09:00",
             "summary": "1,200名様にお詫び"})
        self.assertEqual(r.status, 201, str(r))
        (disc,) = r.json["items"]
        self.assertEqual(disc["facts"]["persons"], "1200")
        self.assertEqual(r.json["drift"], [])
        self.assertEqual(self.get_incident(ref)["disclosure_drift"], [])
        notes_before = len(self.entries(ref))
        changed = self.patch(ref, {"affected_persons": 1500})
        drift = changed["disclosure_drift"]
        self.assertEqual(len(drift), 1, drift)
        self.assertEqual((drift[0]["kind"], drift[0]["disclosure_id"]),
                         ("customer_notice", disc["id"]))
        self.assertEqual(at(drift[0]["sent_at"]), jst(2026, 11, 22, 11))
        self.assertEqual([(c["fact"], c["stated"], c["now"])
                          for c in drift[0]["changes"]],
                         [("persons", "1200", "1500")])
        self.assertTrue(drift[0]["changes"][0]["label"])
        self.assertEqual(self.get_incident(ref)["disclosure_drift"], drift)
        self.assertEqual(self.get(ref, "disclosures")["drift"], drift)
        new = self.entries(ref)[notes_before:]
        warn = [e for e in new if e["actor"] == "kizuki"]
        self.assertEqual(len(warn), 1, new)
        self.assertEqual(warn[0]["kind"], "note")
        self.assertIn("公表・通知済みの事実が変わりました", warn[0]["text"])
        self.assertIn("「1200」→ 現在「1500」", warn[0]["text"])
        self.assertEqual(self.get(ref, "damage")["total_yen"], 9000000)
        # Another change does not warn again; putting it right clears it.
        n = len(self.entries(ref))
        self.patch(ref, {"title": "顧客へのメール誤送信"})
        self.assertEqual([e for e in self.entries(ref)[n:]
                          if e["actor"] == "kizuki"], [])
        self.assertEqual(len(self.get_incident(ref)["disclosure_drift"]), 1)
        self.patch(ref, {"affected_persons": 1200})
        self.assertEqual(self.get_incident(ref)["disclosure_drift"], [])

    def readiness(self, ref):
        return {x["kind"]: x for x in self.get(ref, "readiness")["items"]}

    def draft(self, ref, name, fmt, lang):
        r = self.c("handler").get("/api/v1/incidents/%s/drafts/%s?format=%s"
                                  "&lang=%s" % (ref, name, fmt, lang))
        self.assertEqual(r.status, 200, str(r))
        return r

    def test_draft_parameters(self):
        ref = self.scenario()
        before = self.server.snapshot()
        base = "/api/v1/incidents/%s/drafts/" % ref
        h = self.c("handler")
        self.assertError(h.get(base + "appi_report?format=pdf"), 422,
                         "validation_failed", ["format"], exact=True)
        self.assertError(h.get(base + "appi_report?lang=fr"), 422,
                         "validation_failed", ["lang"], exact=True)
        self.assertError(h.get(base + "appi_report?format=docx&lang=de"), 422,
                         "validation_failed", ["format", "lang"], exact=True)
        for name in ("nope", "APPI_REPORT", "appi_report.md", "..%2fetc"):
            self.assertError(h.get(base + name), 404, "not_found")
        self.assertError(h.get("/api/v1/incidents/INC-2026-9999/drafts/"
                               "appi_report"), 404, "not_found")
        self.assertError(self.c("reporter").get(base + "appi_report"), 404)
        self.assertEqual(self.server.snapshot(), before)

    # -- filings --------------------------------------------------------------

    def test_filing_a_duty(self):
        ref = self.scenario()
        path = "/api/v1/incidents/%s/obligations/" % ref
        h = self.c("handler")
        r = h.post(path + "appi_preliminary", {
            "status": "filed", "filed_at": "2026-11-22T10:00:00+09:00",
            "reference": "PPC受付番号 2026-118"})
        self.assertEqual(r.status, 200, str(r))
        d = {x["key"]: x for x in r.json["items"]}["appi_preliminary"]
        self.assertEqual((d["state"], d["status"], d["reference"]),
                         ("filed", "filed", "PPC受付番号 2026-118"))
        self.assertEqual(at(d["filed_at"]), jst(2026, 11, 22, 10))
        self.assertEqual(self.duties(ref)["appi_preliminary"]["state"],
                         "filed")
        (e,) = [e for e in self.entries(ref) if "受付番号" in e["text"]]
        self.assertEqual((e["kind"], e["actor"]), ("contact", "handler"))
        self.assertIn("速報", e["text"])
        self.assertEqual(self.audited("filing.record", ref), [("handler",)])
        # Filed without a date, or with null: now.
        for body in ({"status": "filed"},
                     {"status": "filed", "filed_at": None}):
            r = h.post(path + "appi_individuals", body)
            self.assertEqual(r.status, 200, str(r))
            d = {x["key"]: x for x in r.json["items"]}["appi_individuals"]
            self.assertEqual((d["state"], d["filed_at"]), ("filed", NOW))
        (doc,) = self.server.db_read(
            "SELECT doc FROM incident_item WHERE key = 'appi_individuals'"
            " AND incident_id = (SELECT id FROM incident WHERE ref = ?)",
            (ref,))[0]
        self.assertEqual(at(json.loads(doc)["filed_at"]), at(NOW))

        # Not applicable is a judgement: it needs its reason.
        before = self.server.snapshot()
        for body in ({"status": "not_applicable"},
                     {"status": "not_applicable", "reason": ""},
                     {"status": "not_applicable", "reason": None}):
            self.assertError(h.post(path + "appi_final", body), 422,
                             "validation_failed", ["reason"], exact=True)
        self.assertEqual(self.server.snapshot(), before)
        r = h.post(path + "appi_final", {"status": "not_applicable",
                                         "reason": "委員会の指示で速報に統合"})
        self.assertEqual(r.status, 200, str(r))
        d = {x["key"]: x for x in r.json["items"]}["appi_final"]
        self.assertEqual((d["state"], d["status"], d["note"]),
                         ("not_applicable", "not_applicable",
                          "委員会の指示で速報に統合"))
        (e,) = [e for e in self.entries(ref) if "不要と判断" in e["text"]]
        self.assertEqual(e["kind"], "decision")
        self.assertIn("委員会の指示で速報に統合", e["text"])
        # Back to pending: the clock again.
        r = h.post(path + "appi_final", {"status": "pending"})
        self.assertEqual(r.status, 200, str(r))
        d = {x["key"]: x for x in r.json["items"]}["appi_final"]
        self.assertEqual((d["state"], d["status"], d["note"]),
                         ("pending", "pending", None))
        # A duty that does not apply may still be recorded as judged.
        r = h.post(path + "gdpr_authority", {"status": "not_applicable",
                                             "reason": "EU居住者なし"})
        self.assertEqual(r.status, 200, str(r))

        before = self.server.snapshot()
        for key, body, status, fields in [
                ("appi_report", {"status": "filed"}, 404, ()),
                ("APPI_PRELIMINARY", {"status": "filed"}, 404, ()),
                ("appi_final", {}, 422, ["status"]),
                ("appi_final", {"status": "done"}, 422, ["status"]),
                ("appi_final", {"status": True}, 422, ["status"]),
                ("appi_final", {"status": "filed", "reference": 118}, 422,
                 ["reference"]),
                ("appi_final", {"status": "filed", "filed_at": "昨日"}, 422,
                 ["filed_at"]),
                ("appi_final", {"status": "filed",
                                "filed_at": "2026-11-23T12:00:00+09:00"},
                 422, ["filed_at"]),
                ("appi_final", {"status": "filed", "by": "handler"}, 422,
                 ["by"])]:
            with self.subTest(key=key, body=body):
                r = h.post(path + key, body)
                if status == 404:
                    self.assertError(r, 404, "not_found")
                else:
                    self.assertError(r, 422, "validation_failed", fields)
        self.assertError(self.c("auditor").post(
            path + "appi_final", {"status": "filed"}), 403, "forbidden")
        self.assertError(self.c("reporter").post(
            path + "appi_final", {"status": "filed"}), 404, "not_found")
        self.assertEqual(self.server.snapshot(), before)

    # -- deadlines ------------------------------------------------------------

    def test_deadlines_soonest_first_and_need_to_know(self):
        plain = self.scenario(title="期限の一覧 平文")
        secret_title = "期限の一覧 KIMITSU"
        r = self.c("commander").post("/api/v1/incidents", dict(
            SCENARIO, title=secret_title, aware_at="2026-11-21T09:00:00+09:00",
            discovered_at="2026-11-21T09:00:00+09:00", restricted=True,
            members=["handler"]))
        self.assertEqual(r.status, 201, str(r))
        secret = r.json["ref"]
        mine = self.scenario(who="reporter2", title="期限の一覧 自分の報告")
        closed = self.scenario(title="期限の一覧 終了")
        # Closing checks what is open: settle everything first, then undo
        # one duty, as a case closed before kizuki checked would be.
        self.settle(closed)
        r = self.c("handler").post("/api/v1/incidents/%s/phase" % closed,
                                   {"to": "closed"})
        self.assertEqual(r.status, 200, str(r))
        r = self.c("handler").post(
            "/api/v1/incidents/%s/obligations/appi_preliminary" % closed,
            {"status": "pending"})
        self.assertEqual(r.status, 200, str(r))
        r = self.c("handler").post(
            "/api/v1/incidents/%s/obligations/appi_preliminary" % plain,
            {"status": "filed", "reference": "PPC-1"})
        self.assertEqual(r.status, 200, str(r))

        def deadlines(who):
            r = self.c(who).get("/api/v1/deadlines")
            self.assertEqual(r.status, 200, str(r))
            return r
        items = deadlines("admin").json["items"]
        rows = {(x["ref"], x["key"]) for x in items}
        self.assertIn((secret, "appi_preliminary"), rows)
        self.assertIn((mine, "appi_final"), rows)
        self.assertNotIn((plain, "appi_preliminary"), rows)  # filed
        self.assertIn((plain, "appi_final"), rows)
        self.assertFalse([x for x in items if x["ref"] == closed])
        for x in items:
            self.assertTrue(x["applies"])
            self.assertEqual(x["status"], "pending")
            self.assertTrue(x["title"])
            self.assertEqual(x["kind"], "incident")
        # Soonest first; duties without a date ("promptly") last.
        dues = [at(x["due_at"]) for x in items]
        dated = [d for d in dues if d is not None]
        self.assertEqual(dated, sorted(dated))
        self.assertEqual(dues, dated + [None] * (len(dues) - len(dated)))
        self.assertLess(len(dated), len(dues))
        # A restricted incident's duties exist only for its members.
        for who in ("handler2", "communicator", "auditor", "reporter2"):
            r = deadlines(who)
            self.assertNotIn(secret, r.text)
            self.assertNotIn("KIMITSU", r.text)
        member = deadlines("handler").json["items"]
        self.assertIn(secret, {x["ref"] for x in member})
        self.assertIn(secret, {x["ref"] for x in
                               deadlines("commander").json["items"]})
        # A reporter sees the duties of their own reports only.
        own = {x["ref"] for x in deadlines("reporter2").json["items"]}
        self.assertEqual(own, {mine})
        self.assertEqual(deadlines("reporter").json["items"], [])

    # -- costs ----------------------------------------------------------------

    def test_costs(self):
        ref = self.scenario()
        path = "/api/v1/incidents/%s/costs" % ref
        cm = self.c("communicator")
        before = self.server.snapshot()
        for body, fields in [
                ({}, ["category", "amount_yen"]),
                ({"category": "investigation"}, ["amount_yen"]),
                ({"amount_yen": 1000}, ["category"]),
                ({"category": "snacks", "amount_yen": 1000}, ["category"]),
                ({"category": 3, "amount_yen": 1000}, ["category"]),
                ({"category": "legal", "amount_yen": "1000"}, ["amount_yen"]),
                ({"category": "legal", "amount_yen": 10.5}, ["amount_yen"]),
                ({"category": "legal", "amount_yen": -1}, ["amount_yen"]),
                ({"category": "legal", "amount_yen": 10 ** 12 + 1},
                 ["amount_yen"]),
                ({"category": "legal", "amount_yen": True}, ["amount_yen"]),
                ({"category": "legal", "amount_yen": 1, "note": ["x"]},
                 ["note"]),
                ({"category": "legal", "amount_yen": 1, "spent_on": "昨日"},
                 ["spent_on"]),
                ({"category": "legal", "amount_yen": 1, "currency": "USD"},
                 ["currency"])]:
            with self.subTest(body=body):
                self.assertError(cm.post(path, body), 422,
                                 "validation_failed", fields, exact=True)
        self.assertError(self.c("auditor").post(path, {
            "category": "legal", "amount_yen": 1}), 403, "forbidden")
        self.assertEqual(self.server.snapshot(), before)
        self.assertFalse(self.readiness(ref)["press_release"]["facts"][5]
                         ["known"])

        for body in ({"category": "investigation", "amount_yen": 1500000,
                      "note": "フォレンジック調査"},
                     {"category": "investigation", "amount_yen": 500000},
                     {"category": "notification", "amount_yen": 0},
                     {"category": "compensation", "amount_yen": 10 ** 12,
                      "spent_on": "2026-11-21T00:00:00+09:00"}):
            r = cm.post(path, body)
            self.assertEqual(r.status, 201, str(r))
        dm = r.json
        self.assertEqual(dm["cost_totals"], {
            "investigation": 2000000, "notification": 0,
            "compensation": 10 ** 12})
        self.assertEqual(dm["cost_total_yen"], 10 ** 12 + 2000000)
        self.assertEqual(len(dm["costs"]), 4)
        first = dm["costs"][0]
        self.assertEqual((first["category"], first["amount_yen"],
                          first["note"], first["created_by"]),
                         ("investigation", 1500000, "フォレンジック調査",
                          "communicator"))
        # The model's estimate stands beside the ledger.
        self.assertEqual(dm["total_yen"], 7200000)
        self.assertEqual(self.get(ref, "damage"), dm)
        costs = [e for e in self.entries(ref) if e["text"].startswith("費用")]
        self.assertEqual(len(costs), 4)
        self.assertIn("1500000円", costs[0]["text"])
        self.assertEqual(len(self.audited("cost.record", ref)), 4)
        money = {f["fact"]: f for f in
                 self.readiness(ref)["press_release"]["facts"]}["money_lost"]
        self.assertTrue(money["known"])

    # -- aftercare ------------------------------------------------------------

    def test_aftercare(self):
        ref = self.scenario()
        path = "/api/v1/incidents/%s/aftercare" % ref
        h = self.c("handler")
        empty = self.get(ref, "aftercare")
        self.assertEqual(empty, {"items": [], "total": 0, "requests": 0,
                                 "unconfirmed": 0})
        r = h.post(path, {"kind": "deletion_request", "party": "誤送信先 A社",
                          "count": 3, "sent_at": "2026-11-22T09:00:00+09:00",
                          "note": "メールの削除を依頼"})
        self.assertEqual(r.status, 201, str(r))
        r = h.post(path, {"kind": "call", "party": "お客様",
                          "count": 1200})
        self.assertEqual(r.status, 201, str(r))
        r = h.post(path, {"kind": "return_request", "party": "誤送信先 B社"})
        self.assertEqual(r.status, 201, str(r))
        ac = r.json
        self.assertEqual((ac["total"], ac["requests"], ac["unconfirmed"]),
                         (1204, 4, 4))
        req = ac["items"][0]
        self.assertEqual((req["kind"], req["party"], req["count"],
                          req["confirmed_at"], req["version"]),
                         ("deletion_request", "誤送信先 A社", 3, None, 1))
        self.assertEqual(ac["items"][2]["count"], 1)
        # Confirmed: no longer counted.
        item = "%s/%d" % (path, req["id"])
        other = self.scenario()
        before = self.server.snapshot()
        for body, fields in [
                ({"confirmed_at": "2026-11-22T08:00:00+09:00"},
                 ["confirmed_at"]),  # before it was sent
                ({"confirmed_at": "2026-11-23T12:00:00+09:00"},
                 ["confirmed_at"]),  # the future
                ({"confirmed_at": "すぐ"}, ["confirmed_at"]),
                ({"count": 0}, ["count"]),
                ({"count": "3"}, ["count"]),
                ({"kind": "email"}, ["kind"]),
                ({"party": ""}, ["party"]),
                ({"status": "done"}, ["status"])]:
            with self.subTest(body=body):
                self.assertError(h.patch(item, body), 422,
                                 "validation_failed", fields)
        for bad in ("%s/999999" % path, "%s/abc" % path, "%s/0" % path):
            self.assertError(h.patch(bad, {"note": "x"}), 404, "not_found")
        self.assertError(h.patch("/api/v1/incidents/%s/aftercare/%d" %
                                 (other, req["id"]), {"note": "x"}),
                         404, "not_found")
        self.assertError(self.c("auditor").patch(item, {"note": "x"}), 403)
        self.assertEqual(self.server.snapshot(), before)
        r = h.patch(item, {"confirmed_at": "2026-11-22T11:30:00+09:00"})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual((r.json["requests"], r.json["unconfirmed"]), (4, 1))
        done = r.json["items"][0]
        self.assertEqual((done["kind"], done["party"], done["count"],
                          done["note"], done["version"]),
                         ("deletion_request", "誤送信先 A社", 3,
                          "メールの削除を依頼", 2))
        self.assertEqual(at(done["confirmed_at"]), jst(2026, 11, 22, 11, 30))
        # Two people at one item: the one who read version 1 is refused,
        # and a malformed If-Match is named rather than ignored.
        before = self.server.snapshot()
        self.assertError(h.patch(item, {"note": "古い画面から"},
                                 headers={"If-Match": '"1"'}),
                         409, "conflict")
        self.assertError(h.patch(item, {"note": "x"},
                                 headers={"If-Match": "v2"}),
                         400, None, ["If-Match"])
        self.assertEqual(self.server.snapshot(), before)
        r = h.patch(item, {"note": "メールの削除を依頼"},
                    headers={"If-Match": 'W/"2"'})
        self.assertEqual(r.status, 200, str(r))
        self.assertEqual(r.json["items"][0]["version"], 3)
        confirmed = [e for e in self.entries(ref)
                     if "完了を確認" in e["text"]]
        self.assertEqual(len(confirmed), 1)
        self.assertIn("誤送信先 A社", confirmed[0]["text"])
        self.assertEqual(len(self.audited("aftercare.record", ref)), 5)
        # Customer response is now known for the notices.
        notice = self.readiness(ref)["customer_notice"]
        self.assertTrue({f["fact"]: f for f in notice["facts"]}
                        ["customer_response"]["known"])

    # -- the record's summary of its duties ---------------------------------------

    def summary_of(self, ref):
        """late, due_soon and next_due_at as the obligations answer them."""
        items = self.get(ref, "obligations")["items"]
        open_ = [d for d in items if d["state"] in
                 ("pending", "due_soon", "past_target", "overdue")]
        dues = [at(d["due_at"]) for d in open_ if d["due_at"]]
        return {"late": sum(d["state"] in ("past_target", "overdue")
                            for d in items),
                "due_soon": sum(d["state"] == "due_soon" for d in items),
                "undecided": sum(d["state"] == "undecided" for d in items),
                "next_due_at": min(dues) if dues else None}

    def test_record_and_list_summarise_the_duties(self):
        """A list shows where a reporting deadline is at stake, the same
        as the incident's duties say, and filing one takes it away."""
        admin = self.c("admin")
        # NIS2 art. 23(3)(a) as a fact on the record (issue 9).
        ref = self.scenario(severity="S1", severity_reason="全顧客に波及",
                            nis2_disruption=True)
        quiet = self.scenario(info_types=[], affected_persons=None,
                              category="phishing")
        try:
            r = admin.patch("/api/v1/settings", {"regime_nis2": True})
            self.assertEqual(r.status, 200, str(r))
            want = self.summary_of(ref)
            # NIS2's early warning (24 h) is late, its notification due
            # within the day: both counts are at work here.
            self.assertGreaterEqual(want["late"], 1)
            self.assertGreaterEqual(want["due_soon"], 1)
            rec = self.get_incident(ref)["duties"]
            self.assertEqual(dict(rec, next_due_at=at(rec["next_due_at"])),
                             want)
            listed = {i["ref"]: i["duties"] for i in admin.get(
                "/api/v1/incidents?limit=1000").json["items"]}
            self.assertEqual(listed[ref], rec)
            self.assertEqual(listed[quiet], {"late": 0, "due_soon": 0,
                                             "undecided": 0,
                                             "next_due_at": None})
            r = self.c("handler").post(
                "/api/v1/incidents/%s/obligations/nis2_early_warning" % ref,
                {"status": "filed"})
            self.assertEqual(r.status, 200, str(r))
            after = self.get_incident(ref)["duties"]
            self.assertEqual(after["late"], rec["late"] - 1)
            # Derived: a client may send it back with the record it read.
            cur = self.get_incident(ref)
            r = self.c("handler").patch(
                "/api/v1/incidents/" + ref, {"duties": cur["duties"],
                                             "owner": "佐藤"},
                headers={"If-Match": str(cur["version"])})
            self.assertEqual(r.status, 200, str(r))
        finally:
            r = admin.patch("/api/v1/settings", {"regime_nis2": False})
            self.assertEqual(r.status, 200, str(r))

    # -- regimes --------------------------------------------------------------

    def test_regimes_switched_in_the_settings(self):
        admin = self.c("admin")
        ref = self.scenario(severity="S1", severity_reason="全顧客に波及",
                            nis2_disruption=True,
                            materiality_determined_at=
                            "2026-11-21T10:00:00+09:00")
        self.assertEqual(set(self.duties(ref)), {
            "appi_preliminary", "appi_final", "appi_individuals",
            "mynumber_preliminary", "mynumber_final", "gdpr_authority",
            "gdpr_subjects"})
        try:
            r = admin.patch("/api/v1/settings", {
                "regime_nis2": True, "regime_sec": True,
                "regime_mynumber": False, "regime_gdpr": False})
            self.assertEqual(r.status, 200, str(r))
            self.assertEqual((r.json["regime_nis2"], r.json["regime_sec"],
                              r.json["regime_mynumber"],
                              r.json["regime_appi"]),
                             (True, True, False, None))
            d = self.duties(ref)
            self.assertEqual(set(d), {
                "appi_preliminary", "appi_final", "appi_individuals",
                "nis2_early_warning", "nis2_notification", "nis2_final",
                "sec_8k"})
            # NIS2: 24 h, 72 h and a month after the notification was due
            # (a severe operational disruption is significant).
            self.assertEqual(at(d["nis2_early_warning"]["due_at"]),
                             jst(2026, 11, 21, 10))
            self.assertEqual(d["nis2_early_warning"]["state"], "overdue")
            self.assertEqual(at(d["nis2_notification"]["due_at"]),
                             jst(2026, 11, 23, 10))
            self.assertEqual(d["nis2_notification"]["state"], "due_soon")
            self.assertEqual(at(d["nis2_final"]["due_at"]),
                             jst(2026, 12, 23, 10))
            # SEC 8-K: four US business days after materiality (Friday
            # evening in New York), Thanksgiving skipped: Friday the 27th,
            # end of day Eastern.
            sec = d["sec_8k"]
            self.assertTrue(sec["applies"])
            self.assertEqual(at(sec["clock_start"]),
                             jst(2026, 11, 21, 10))
            self.assertEqual(at(sec["due_at"]),
                             datetime(2026, 11, 28, 4, 59, 59,
                                      tzinfo=timezone.utc))
            # Filing the NIS2 notification moves the final report's date.
            r = self.c("handler").post(
                "/api/v1/incidents/%s/obligations/nis2_notification" % ref,
                {"status": "filed", "filed_at": "2026-11-22T09:00:00+09:00"})
            self.assertEqual(r.status, 200, str(r))
            d = {x["key"]: x for x in r.json["items"]}
            self.assertEqual(at(d["nis2_final"]["due_at"]),
                             jst(2026, 12, 22, 9))
            # Without a determination of materiality, no 8-K clock; a
            # minor incident is not significant under NIS2.
            minor = self.scenario(severity="S4", severity_reason="軽微")
            d = self.duties(minor)
            self.assertFalse(d["sec_8k"]["applies"])
            self.assertIsNone(d["sec_8k"]["due_at"])
            self.assertFalse(d["nis2_early_warning"]["applies"])
            # The deadlines list follows the switches.
            keys = {x["key"] for x in admin.get(
                "/api/v1/deadlines").json["items"] if x["ref"] == ref}
            self.assertIn("sec_8k", keys)
            self.assertIn("nis2_final", keys)
            # APPI switched off: its duties are gone, from triage too.
            r = admin.patch("/api/v1/settings", {"regime_appi": False})
            self.assertEqual(r.status, 200, str(r))
            self.assertFalse([k for k in self.duties(ref)
                              if k.startswith("appi")])
            self.assertNotIn(ref, [x["ref"] for x in admin.get(
                "/api/v1/deadlines").json["items"]
                if x["key"].startswith("appi")])
        finally:
            r = admin.patch("/api/v1/settings", {
                "regime_nis2": False, "regime_sec": False,
                "regime_mynumber": True, "regime_gdpr": True,
                "regime_appi": True})
            self.assertEqual(r.status, 200, str(r))
        self.assertEqual(len(self.duties(ref)), 7)

    def test_exercises_have_no_duties(self):
        ref = self.scenario(kind="exercise")
        self.assertEqual(self.get(ref, "obligations")["items"], [])
        self.assertNotIn(ref, self.c("admin").get("/api/v1/deadlines").text)


class DutiesBadInputTest(ApiTestCase):
    """Bad input on every route added with the response engine and the
    duties: malformed JSON, wrong content types, unknown fields, wrong
    types, unknown keys and unknown path parameters each get their status
    with the field named, and nothing is written (every table compared,
    updates included)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.c("admin")
        r = admin.post("/api/v1/incidents", dict(SCENARIO))
        assert r.status == 201, str(r)
        cls.ref = r.json["ref"]
        ref = cls.ref
        r = admin.post("/api/v1/incidents/%s/aftercare" % ref,
                       {"kind": "call", "party": "お客様"})
        assert r.status == 201, str(r)
        cls.aftercare = r.json["items"][0]["id"]
        r = admin.post("/api/v1/incidents/%s/tasks" % ref, {"title": "t"})
        assert r.status == 201, str(r)
        cls.task = r.json["id"]
        r = admin.post("/api/v1/assets", {"name": "資産", "priority": 2})
        assert r.status == 201, str(r)
        cls.asset = r.json["id"]
        r = admin.post("/api/v1/contacts", {"name": "連絡先"})
        assert r.status == 201, str(r)
        cls.contact = r.json["id"]
        r = admin.post("/api/v1/convocation-rules", {
            "name": "基準", "summon_contacts": [cls.contact]})
        assert r.status == 201, str(r)
        cls.rule = r.json["id"]

    def routes(self):
        """(method, path, a good body, [(bad body, fields named)])."""
        ref = self.ref
        inc = "/api/v1/incidents/" + ref
        T = "2026-11-22T10:00:00+09:00"
        step = {"phase": "containment", "title_ja": "遮断", "title_en": "Block",
                "due_hours": 1}
        return [
            ("POST", inc + "/obligations/appi_final",
             {"status": "filed", "filed_at": T},
             [({"status": 1}, ["status"]),
              ({"status": "filed", "filed_at": 5}, ["filed_at"]),
              ({"status": "filed", "reason": ["x"]}, ["reason"]),
              ({"status": "filed", "x": 1}, ["x"])]),
            ("POST", inc + "/costs", {"category": "legal", "amount_yen": 1},
             [({"category": "legal", "amount_yen": "1"}, ["amount_yen"]),
              ({"category": "legall", "amount_yen": 1}, ["category"]),
              ({"category": "legal", "amount_yen": 1, "x": 1}, ["x"])]),
            ("PUT", inc + "/facts/persons", {"owner": "handler"},
             [({"owner": 1}, ["owner"]), ({"due_at": "明日"}, ["due_at"]),
              ({"owner": "h", "x": 1}, ["x"])]),
            ("POST", inc + "/disclosures", {"kind": "press_release"},
             [({"kind": "tweet"}, ["kind"]), ({}, ["kind"]),
              ({"kind": "press_release", "audience": 1}, ["audience"]),
              ({"kind": "press_release", "sent_at": "2027-01-01T00:00:00"
                "+09:00"}, ["sent_at"]),
              ({"kind": "press_release", "facts": {}}, ["facts"])]),
            ("POST", inc + "/aftercare", {"kind": "call", "party": "p"},
             [({"kind": "mail", "party": "p"}, ["kind"]),
              ({"kind": "call"}, ["party"]),
              ({"kind": "call", "party": "p", "count": 0}, ["count"]),
              ({"kind": "call", "party": "p", "count": 1.5}, ["count"]),
              ({"kind": "call", "party": "p", "sent_at": T,
                "confirmed_at": "2026-11-22T09:00:00+09:00"},
               ["confirmed_at"]),
              ({"kind": "call", "party": "p", "x": 1}, ["x"])]),
            ("PATCH", inc + "/aftercare/%d" % self.aftercare, {"note": "n"},
             [({"count": -1}, ["count"]), ({"kind": None}, ["kind"]),
              ({"note": 1}, ["note"]), ({"x": 1}, ["x"])]),
            ("POST", inc + "/tasks", {"title": "t"},
             [({"title": 1}, ["title"]), ({"phase": "nope"}, ["phase"]),
              ({"title": "t", "due_at": "明日"}, ["due_at"]),
              ({"title": "t", "x": 1}, ["x"])]),
            ("PATCH", inc + "/tasks/%d" % self.task, {"status": "done"},
             [({"status": "finished"}, ["status"]),
              ({"title": ""}, ["title"]), ({"x": 1}, ["x"])]),
            ("POST", "/api/v1/assets", {"name": "新しい資産"},
             [({"name": "a", "priority": 5}, ["priority"]),
              ({"name": "a", "kind": "spaceship"}, ["kind"]),
              ({"name": "a", "x": 1}, ["x"]), ({}, ["name"])]),
            ("PATCH", "/api/v1/assets/%d" % self.asset, {"priority": 1},
             [({"priority": "1"}, ["priority"]), ({"x": 1}, ["x"])]),
            ("POST", "/api/v1/contacts", {"name": "新しい連絡先"},
             [({"name": "a", "roles": ["boss"]}, ["roles[0]"]),
              ({"name": "a", "roles": "it_admin"}, ["roles"]),
              ({"name": "a", "email": "not-mail"}, ["email"]),
              ({"name": "a", "phone": "call me"}, ["phone"]),
              ({"name": "a", "windows": ["weekend"]}, ["windows[0]"]),
              ({"name": "a", "windows": ["night", "night"]}, ["windows"]),
              ({"name": "a", "oncall_order": 0}, ["oncall_order"]),
              ({"name": "a", "last_verified_at": "昨日"},
               ["last_verified_at"]),
              ({"name": "a", "webhook_url": 5}, ["webhook_url"]),
              ({"name": "a", "x": 1}, ["x"])]),
            ("PATCH", "/api/v1/contacts/%d" % self.contact, {"notes": "n"},
             [({"oncall_order": 100}, ["oncall_order"]), ({"x": 1}, ["x"])]),
            ("POST", "/api/v1/convocation-rules",
             {"name": "新しい基準", "summon_roles": ["pr"]},
             [({"name": "a", "summon_roles": ["boss"]}, ["summon_roles[0]"]),
              ({"name": "a", "summon_roles": ["pr"], "x": 1}, ["x"])]),
            ("PATCH", "/api/v1/convocation-rules/%d" % self.rule,
             {"ack_minutes": 5},
             [({"ack_minutes": 0}, ["ack_minutes"]), ({"x": 1}, ["x"])]),
            ("PUT", "/api/v1/playbooks/dos", {"steps": [step]},
             [({"steps": [dict(step, due_hours=-1)]},
               ["steps[0].due_hours"]), ({"x": 1}, ["x", "steps"])]),
            ("PATCH", "/api/v1/settings", {"organisation_name": "社名"},
             [({"organisation_name": 1}, ["organisation_name"]),
              ({"x": 1}, ["x"])]),
        ]

    def test_malformed_json_is_400(self):
        admin = self.c("admin")
        before = self.server.snapshot()
        for method, path, _, _ in self.routes():
            for raw in MALFORMED:
                with self.subTest(method=method, path=path, raw=raw[:40]):
                    r = admin.request(method, path, raw=raw)
                    self.assertError(r, 400, "malformed")
        self.assertEqual(self.server.snapshot(), before)

    def test_wrong_content_type_is_415(self):
        admin = self.c("admin")
        before = self.server.snapshot()
        for method, path, good, _ in self.routes():
            for ct in ("text/plain", "application/x-www-form-urlencoded",
                       None):
                with self.subTest(method=method, path=path, ct=ct):
                    r = admin.request(method, path,
                                      raw=json.dumps(good).encode(),
                                      content_type=ct)
                    self.assertError(r, 415, "unsupported_media_type")
        self.assertEqual(self.server.snapshot(), before)

    def test_bad_fields_are_named(self):
        before = self.server.snapshot()
        for lang in ("ja", "en"):
            admin = self.c("admin").with_lang(lang)
            for method, path, _, bad in self.routes():
                for body, fields in bad:
                    with self.subTest(method=method, path=path, body=body,
                                      lang=lang):
                        r = admin.request(method, path, body)
                        self.assertError(r, 422, "validation_failed", fields)
        self.assertEqual(self.server.snapshot(), before)

    def test_invalid_utf8_is_named(self):
        admin = self.c("admin")
        before = self.server.snapshot()
        ref = self.ref
        for method, path, raw, field in [
                ("POST", "/api/v1/incidents/%s/costs" % ref,
                 b'{"category":"legal","amount_yen":1,"note":"\xff"}', "note"),
                ("POST", "/api/v1/incidents/%s/aftercare" % ref,
                 b'{"kind":"call","party":"\xc3"}', "party"),
                ("POST", "/api/v1/contacts", b'{"name":"\xed\xa0\x80"}',
                 "name"),
                ("PATCH", "/api/v1/settings",
                 b'{"organisation_name":"\xf8\x88\x80\x80\x80"}',
                 "organisation_name")]:
            with self.subTest(path=path):
                self.assertError(admin.request(method, path, raw=raw), 422,
                                 "validation_failed", [field])
        self.assertEqual(self.server.snapshot(), before)

    def test_unknown_path_parameters_are_404(self):
        admin = self.c("admin")
        ref = self.ref
        inc = "/api/v1/incidents/" + ref
        other = self.create()["ref"]
        before = self.server.snapshot()
        for method, path, body in [
                ("POST", inc + "/obligations/nope", {"status": "filed"}),
                ("POST", inc + "/obligations/", {"status": "filed"}),
                ("PUT", inc + "/facts/nope", {"owner": "x"}),
                ("PUT", inc + "/facts/PERSONS", {"owner": "x"}),
                ("GET", inc + "/drafts/nope", None),
                ("PATCH", inc + "/aftercare/abc", {"note": "x"}),
                ("PATCH", inc + "/aftercare/0", {"note": "x"}),
                ("PATCH", inc + "/aftercare/-1", {"note": "x"}),
                ("PATCH", inc + "/aftercare/999999", {"note": "x"}),
                ("PATCH", "/api/v1/incidents/%s/aftercare/%d" %
                 (other, self.aftercare), {"note": "x"}),
                ("PATCH", inc + "/tasks/abc", {"status": "done"}),
                ("PATCH", "/api/v1/incidents/%s/tasks/%d" %
                 (other, self.task), {"status": "done"}),
                ("GET", "/api/v1/incidents/INC-2026-9999/damage", None),
                ("GET", "/api/v1/incidents/not-a-ref/obligations", None),
                ("POST", "/api/v1/incidents/INC-2026-9999/costs",
                 {"category": "legal", "amount_yen": 1}),
                ("GET", "/api/v1/assets/abc", None),
                ("PATCH", "/api/v1/assets/999999", {"priority": 1}),
                ("DELETE", "/api/v1/assets/0", None),
                ("GET", "/api/v1/contacts/1e3", None),
                ("PATCH", "/api/v1/contacts/999999", {"notes": "x"}),
                ("DELETE", "/api/v1/convocation-rules/999999", None),
                ("GET", "/api/v1/playbooks/nope", None),
                ("PUT", "/api/v1/playbooks/nope", {"steps": []}),
                ("DELETE", "/api/v1/playbooks/nope", None),
                ("POST", "/api/v1/summons/abc/ack", None)]:
            with self.subTest(method=method, path=path):
                self.assertError(admin.request(method, path, body), 404,
                                 "not_found")
        self.assertEqual(self.server.snapshot(), before)


class DeadlinesAtScaleTest(ApiTestCase):
    """The deadlines list covers every open incident, not just the newest
    thousand: the oldest incidents have the most pressing duties."""

    def test_an_old_incident_behind_a_thousand_newer_ones(self):
        from concurrent.futures import ThreadPoolExecutor

        r = self.c("handler").post("/api/v1/incidents", dict(SCENARIO))
        self.assertEqual(r.status, 201, str(r))
        old = r.json["ref"]
        newest = None

        def file(i):
            return self.c("handler").post("/api/v1/incidents", {
                "title": "後続の報告 %d" % i,
                "discovered_at": "2026-11-22T09:00:00+09:00"}).status
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(file, range(1000)))
        self.assertEqual(set(statuses), {201})
        r = self.c("handler").post("/api/v1/incidents", dict(
            SCENARIO, title="最新の漏えい"))
        newest = r.json["ref"]
        items = self.c("handler").get("/api/v1/deadlines").json["items"]
        refs = [x["ref"] for x in items]
        self.assertEqual(refs.count(newest), 3)
        self.assertEqual(refs.count(old), 3, "the oldest incident's duties")
        # Soonest first across them.
        dues = [datetime.fromisoformat(x["due_at"]) for x in items
                if x["due_at"]]
        self.assertEqual(dues, sorted(dues))
