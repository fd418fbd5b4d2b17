/* SPDX-License-Identifier: MIT */
/*
 * mail_intake.c - a message becomes a report or a timeline entry (see
 * mail_intake.h).  One transaction per message: the record of the
 * message, the incident or its entry, and the audit entry commit
 * together, so a message the MTA delivers again after a crash is either
 * wholly taken or not at all.
 */
#include "app/mail_intake.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/audit_log.h"
#include "app/chronicle.h"
#include "app/evidence.h"
#include "app/incident_ops.h"
#include "app/settings.h"
#include "core/mail_text.h"
#include "json/chron_args.h"
#include "util/mem.h"
#include "util/utf8.h"

/* Mail dated this far ahead of the clock is misdated, not from the
 * future: the time it arrived is taken instead. */
#define DATE_SLACK_SECONDS 300
/* Who acquired the evidence a message brings: kizuki, from the MTA. */
#define MAIL_EVIDENCE_BY "kizuki mail-intake"

const char *mail_outcome_key(enum mail_outcome o)
{
    switch (o) {
    case MAIL_OUTCOME_NEW_REPORT:
        return "new_report";
    case MAIL_OUTCOME_REPLY:
        return "reply";
    case MAIL_OUTCOME_IGNORED:
        break;
    }
    return "ignored";
}

static enum mail_outcome outcome_from_key(const char *k)
{
    if (k != NULL && strcmp(k, "new_report") == 0)
        return MAIL_OUTCOME_NEW_REPORT;
    if (k != NULL && strcmp(k, "reply") == 0)
        return MAIL_OUTCOME_REPLY;
    return MAIL_OUTCOME_IGNORED;
}

/* The first 'max' code points of valid UTF-8 's' (OUT: caller frees);
 * *cut tells whether anything was left out. */
static char *head_of(const char *s, size_t max, bool *cut)
{
    size_t cps = 0, i = 0;

    for (; s[i] != '\0'; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (cps == max)
                break;
            cps++;
        }
    }
    if (cut != NULL)
        *cut = s[i] != '\0';
    return xstrndup(s, i);
}

/* "Name <addr>", or the address alone (OUT: caller frees). */
static char *sender_text(const struct mail_msg *m)
{
    size_t n = strlen(m->from_name) + strlen(m->from_addr) + 4;
    char *t = xmalloc(n);

    if (m->from_name[0] != '\0')
        snprintf(t, n, "%s <%s>", m->from_name, m->from_addr);
    else
        snprintf(t, n, "%s", m->from_addr);
    return t;
}

/* The enabled account whose e-mail is 'addr' (case ignored, as mail
 * systems treat the domain and nearly all treat the local part), or
 * NULL (OUT: *name, caller frees). */
static enum kz_err account_for(struct store *s, const char *addr, char **name)
{
    struct account_list l = {0};
    enum kz_err err = store_account_list(s, &l);

    *name = NULL;
    for (size_t i = 0; err == KZ_OK && i < l.n && *name == NULL; i++) {
        const struct account *a = &l.items[i];
        if (!a->disabled && a->email != NULL && a->email[0] != '\0' &&
            strcasecmp(a->email, addr) == 0)
            *name = xstrdup(a->name);
    }
    account_list_cleanup(&l);
    return err;
}

/* Mail kizuki sent, or sent from kizuki's own address: a loop. */
static bool is_own(struct store *s, const struct mail_msg *m,
                   const struct mail_intake_opts *opts)
{
    if (m->from_kizuki)
        return true;
    if (opts->self_addr != NULL)
        return opts->self_addr[0] != '\0' &&
               strcasecmp(opts->self_addr, m->from_addr) == 0;
    char *self = app_setting(s, "smtp_from", "");
    bool own = self[0] != '\0' && strcasecmp(self, m->from_addr) == 0;
    xfree(self);
    return own;
}

/* The most arguments of a line about a message. */
#define MAIL_ARGS_MAX 6

/* Append string argument 'name' to 'a' (of *n) unless 'value' is NULL:
 * a line leaves out what it does not know rather than writing null. */
static void arg(struct chron_arg *a, size_t *n, const char *name,
                const char *value)
{
    if (value != NULL && *n < MAIL_ARGS_MAX)
        a[(*n)++] = CHRON_STR(name, value);
}

/* The sender and message id of 'm' into 'a' (*n of them); *from (OUT:
 * caller frees) holds the sender's text the argument borrows. */
static void sender_args(const struct mail_msg *m, const char *key,
                        struct chron_arg *a, size_t *n, char **from)
{
    *from = sender_text(m);
    arg(a, n, "from", *from);
    arg(a, n, "message_id", m->message_id ? m->message_id : key);
}

/* A reply: its new text on the timeline of 'inc'. */
static enum kz_err add_reply(struct store *s, const struct app_ctx *ctx,
                             const struct incident *inc,
                             const struct mail_msg *m, const char *key,
                             struct mail_intake_result *out)
{
    bool cut = false;
    char *text = mail_text_trim_quoted(m->body, &out->trimmed);
    /* Room for the sentence around the text in the chronology's limit. */
    char *kept = head_of(text, CHRON_BODY_MAX - 1000, &cut);
    struct chron_arg args[MAIL_ARGS_MAX];
    size_t n = 0;
    char *from = NULL;
    const char *msg =
        out->trimmed ? "chron.mail_reply_trimmed" : "chron.mail_reply";

    sender_args(m, key, args, &n, &from);
    if (utf8_is_blank(kept))
        msg = "chron.mail_reply_empty";
    arg(args, &n, "subject", m->subject);
    arg(args, &n, "text", kept);
    if (cut)
        msg = "chron.mail_reply_cut";
    char *body = chron_args_body(msg, args, n);
    xfree(from);
    xfree(text);
    xfree(kept);
    return app_chron_append(s, inc, NULL, ENTRY_CONTACT, ctx->actor.name,
                            ctx->now, body, NULL);
}

/* A new report filed from 'm' the way the web form files one. */
static enum kz_err add_report(struct store *s, const struct app_ctx *ctx,
                              const struct mail_msg *m, const char *key,
                              const char *account,
                              const struct mail_intake_opts *opts,
                              const char *unknown_ref, struct incident *inc,
                              struct kz_problems *p)
{
    bool cut = false;
    kz_time at = m->date;

    if (at == KZ_TIME_NONE || at < INCIDENT_TIME_MIN ||
        at > ctx->now + DATE_SLACK_SECONDS)
        at = ctx->now;
    inc->title = m->subject[0] != '\0'
                     ? head_of(m->subject, INCIDENT_TITLE_MAX, NULL)
                     : xstrdup(i18n_text("mail.no_subject", opts->lang));
    if (!utf8_is_blank(m->body)) {
        inc->description = head_of(m->body, INCIDENT_TEXT_MAX - 200, &cut);
        /* Mail ends in a line break and often blank lines: not text. */
        size_t n = strlen(inc->description);
        while (n > 0 && (inc->description[n - 1] == '\n' ||
                         inc->description[n - 1] == ' ' ||
                         inc->description[n - 1] == '\t'))
            inc->description[--n] = '\0';
        if (cut) {
            const char *note = i18n_text("mail.cut", opts->lang);
            size_t size = strlen(inc->description) + strlen(note) + 3;
            char *more = xmalloc(size);
            snprintf(more, size, "%s\n\n%s", inc->description, note);
            xfree(inc->description);
            inc->description = more;
        }
    }
    if (account != NULL) {
        inc->reporter = xstrdup(account);
    } else {
        char *who = sender_text(m);
        inc->reporter = head_of(who, INCIDENT_NAME_MAX, NULL);
        xfree(who);
    }
    inc->reported_at = at;
    inc->discovered_at = at;
    enum kz_err err = app_incident_create(s, ctx, inc, p);
    if (err != KZ_OK)
        return err;
    struct chron_arg args[MAIL_ARGS_MAX];
    size_t n = 0;
    char *from = NULL;
    sender_args(m, key, args, &n, &from);
    arg(args, &n, "ref", unknown_ref);
    char *body = chron_args_body(unknown_ref ? "chron.mail_received_unknown_ref"
                                             : "chron.mail_received",
                                 args, n);
    xfree(from);
    return app_chron_append(s, inc, NULL, ENTRY_NOTE, ctx->actor.name, ctx->now,
                            body, NULL);
}

/* The name the original message is kept under: its subject. */
static char *eml_name(const struct mail_msg *m)
{
    char *head = head_of(m->subject, 100, NULL);
    size_t n = strlen(head) + 5;
    char *name = xmalloc(n + 8);

    snprintf(name, n + 8, "%s.eml", head[0] != '\0' ? head : "message");
    xfree(head);
    return name;
}

/* The original message and its attachments as evidence of 'ref'. */
static enum kz_err add_evidence(struct store *s, const struct app_ctx *ctx,
                                const struct mail_intake_opts *opts,
                                const char *ref, const struct mail_msg *m,
                                const unsigned char *raw, size_t len,
                                const char *key, size_t *added,
                                struct kz_problems *p)
{
    /* Cut at characters, so that the texts stay valid UTF-8 and within
     * what an item's fields hold. */
    char *sender = sender_text(m);
    char *from = head_of(sender, 200, NULL);
    char *name = eml_name(m);
    char desc[2048];
    struct evidence ev;
    enum kz_err err;

    evidence_init(&ev);
    snprintf(desc, sizeof(desc), "%s: %s, %s",
             i18n_text("mail.ev.original", opts->lang), from, key);
    struct evidence_input in = {name, desc, NULL, NULL, MAIL_EVIDENCE_BY};
    err = app_evidence_add_from_buffer(s, ctx, opts->evidence_dir, ref, raw,
                                       len, &in, &ev, p);
    evidence_cleanup(&ev);
    *added += err == KZ_OK;
    snprintf(desc, sizeof(desc), "%s: %s, %s",
             i18n_text("mail.ev.attachment", opts->lang), from, key);
    for (size_t i = 0; err == KZ_OK && i < m->n_attachments; i++) {
        const struct mail_attachment *a = &m->attachments[i];
        char *aname = head_of(a->name, EVIDENCE_NAME_MAX, NULL);
        struct evidence_input ain = {aname, desc, NULL, NULL, MAIL_EVIDENCE_BY};
        evidence_init(&ev);
        err = app_evidence_add_from_buffer(s, ctx, opts->evidence_dir, ref,
                                           a->data, a->len, &ain, &ev, p);
        evidence_cleanup(&ev);
        xfree(aname);
        *added += err == KZ_OK;
    }
    xfree(name);
    xfree(from);
    xfree(sender);
    return err;
}

static char *audit_detail(const struct mail_intake_result *r, const char *why)
{
    struct chron_arg a[MAIL_ARGS_MAX];
    size_t n = 0;

    arg(a, &n, "outcome", mail_outcome_key(r->outcome));
    arg(a, &n, "message", r->message_key);
    arg(a, &n, "sha256", r->sha256);
    arg(a, &n, "reason", why);
    return chron_args_object(a, n);
}

enum kz_err app_mail_intake(struct store *s, const struct app_ctx *ctx,
                            const struct mail_msg *m, const unsigned char *raw,
                            size_t len, const struct mail_intake_opts *opts,
                            struct mail_intake_result *out,
                            struct kz_problems *p)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    struct mail_record rec;
    struct incident inc;
    struct app_ctx mctx = *ctx;
    char *account = NULL;
    char ref[INCIDENT_REF_LEN];
    const char *why = NULL;
    enum kz_err err;

    memset(out, 0, sizeof(*out));
    crypto_hash_sha256(digest, raw, len);
    sodium_bin2hex(out->sha256, sizeof(out->sha256), digest, sizeof(digest));
    if (m->message_id != NULL)
        snprintf(out->message_key, sizeof(out->message_key), "<%s>",
                 m->message_id);
    else
        snprintf(out->message_key, sizeof(out->message_key), "sha256:%s",
                 out->sha256);
    mail_record_init(&rec);
    incident_init(&inc);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_mail_find(s, out->message_key, &rec);
    if (err == KZ_OK) {
        out->duplicate = true;
        out->outcome = outcome_from_key(rec.outcome);
        out->incident_id = rec.incident_id;
        snprintf(out->ref, sizeof(out->ref), "%s", rec.incident_ref);
        store_rollback(s);
        mail_record_cleanup(&rec);
        return KZ_OK;
    }
    if (err != KZ_ENOTFOUND)
        goto out;
    err = account_for(s, m->from_addr, &account);
    if (err != KZ_OK)
        goto out;
    /* Mail sees no roles: intake acts with the rights of the operator who
     * installed it (the CLI, an administrator), under the sender's
     * account name when one has the address. */
    mctx.actor.name = account != NULL ? account : MAIL_INTAKE_ACTOR;
    mctx.actor.role = ROLE_ADMIN;
    mctx.source = "mail";
    if (is_own(s, m, opts)) {
        out->outcome = MAIL_OUTCOME_IGNORED;
        why = "own";
    } else if (m->auto_reply) {
        out->outcome = MAIL_OUTCOME_IGNORED;
        why = "auto_reply";
    } else if (mail_text_find_ref(m->subject, ref, sizeof(ref))) {
        err = store_incident_get(s, ref, &inc);
        if (err == KZ_OK) {
            out->outcome = MAIL_OUTCOME_REPLY;
            err = add_reply(s, &mctx, &inc, m, out->message_key, out);
        } else if (err == KZ_ENOTFOUND) {
            incident_cleanup(&inc);
            out->unknown_ref = true;
            out->outcome = MAIL_OUTCOME_NEW_REPORT;
            err = add_report(s, &mctx, m, out->message_key, account, opts, ref,
                             &inc, p);
        }
    } else {
        out->outcome = MAIL_OUTCOME_NEW_REPORT;
        err = add_report(s, &mctx, m, out->message_key, account, opts, NULL,
                         &inc, p);
    }
    if (err != KZ_OK)
        goto out;
    if (out->outcome != MAIL_OUTCOME_IGNORED) {
        snprintf(out->ref, sizeof(out->ref), "%s", inc.ref);
        out->incident_id = inc.id;
        if (opts->evidence_dir != NULL)
            err = add_evidence(s, &mctx, opts, inc.ref, m, raw, len,
                               out->message_key, &out->evidence, p);
        if (err != KZ_OK)
            goto out;
    }
    rec.message_key = xstrdup(out->message_key);
    memcpy(rec.sha256, out->sha256, sizeof(rec.sha256));
    rec.size = (int64_t)len;
    rec.received_at = ctx->now;
    rec.sender = xstrdup(m->from_addr);
    rec.outcome = xstrdup(mail_outcome_key(out->outcome));
    rec.incident_id = out->incident_id;
    err = store_mail_insert(s, &rec);
    if (err == KZ_OK) {
        char *detail = audit_detail(out, why);
        err = app_audit(s, &mctx, "mail.intake",
                        out->ref[0] != '\0' ? out->ref : NULL, detail);
        xfree(detail);
    }
    if (err == KZ_OK)
        err = store_commit(s);
out:
    if (err != KZ_OK) {
        store_rollback(s);
        out->ref[0] = '\0';
        out->incident_id = 0;
        out->evidence = 0;
    }
    mail_record_cleanup(&rec);
    incident_cleanup(&inc);
    xfree(account);
    return err;
}
