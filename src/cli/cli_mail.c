/* SPDX-License-Identifier: MIT */
/*
 * cli_mail.c - `kizuki mail-intake`: reports by e-mail (issue 10 item 4).
 *
 * Two ways in.  From the MTA, one message on standard input (a Postfix
 * alias `csirt: "|kizuki mail-intake --db …"`): exit 0 when it was taken,
 * 2 when it is no message (the reason on stderr; the MTA bounces it) and
 * 75 (EX_TEMPFAIL) when kizuki could not take it now (database locked,
 * disk full), so the MTA keeps it and tries again.  From a maildir
 * (`--maildir DIR`, from cron): every message in DIR/new and every one in
 * DIR/cur not marked seen; each one taken moves to DIR/cur with the
 * maildir flag S.
 *
 * Nothing is lost: a message that cannot be taken is kept in a failed/
 * folder (beside the maildir, or <datadir>/mail/failed/ for standard
 * input) before the command reports the failure, and a temporary failure
 * leaves the message with the MTA or in the maildir.  docs/mail-intake.md
 * is the operator's guide.
 */
#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/evidence.h"
#include "app/mail_intake.h"
#include "cli/cli.h"
#include "mail/mail_parse.h"
#include "util/mem.h"

/* sysexits.h: the MTA keeps the message and tries again. */
#define EXIT_TEMPFAIL 75
#define MAIL_MAX_DEFAULT ((size_t)50 << 20)
#define PATH_LEN 4096

enum { OPT_MAILDIR = CLI_OPT_FIRST_OWN, OPT_MAX_SIZE, OPT_SELF };

#define USAGE "cli.usage.mail_intake"

struct intake {
    struct cli *cli;
    struct store *store;
    size_t max;
    const char *self;
    json_t *items; /* --json: one object per message */
    int failed;    /* messages kept in failed/ */
};

/* A path into out[PATH_LEN]; false (and "") when it does not fit. */
static bool __attribute__((format(printf, 2, 3)))
path_fmt(char *out, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    int n = vsnprintf(out, PATH_LEN, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= PATH_LEN) {
        out[0] = '\0';
        return false;
    }
    return true;
}

/* A size: digits with an optional K, M or G (binary). */
static bool parse_size(const char *s, size_t *out)
{
    char *end = NULL;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || v == 0)
        return false;
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift > 0)
        end++;
    if (*end != '\0' || v > (SIZE_MAX >> 31))
        return false;
    *out = (size_t)v << shift;
    return true;
}

/* A failure that is not the message's fault: the MTA should try again
 * (and the maildir message stays where it is). */
static bool is_temporary(enum kz_err err)
{
    return err != KZ_OK && err != KZ_EMALFORMED && err != KZ_EINVAL &&
           err != KZ_ETOOBIG;
}

/* mkdir -p for the last two levels at most; 0700: mail is personal data. */
static bool make_dirs(const char *path)
{
    char tmp[PATH_LEN];

    snprintf(tmp, sizeof(tmp), "%s", path);
    for (char *p = tmp + 1; *p != '\0'; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return mkdir(tmp, 0700) == 0 || errno == EEXIST;
}

/* The directory of the database file: kizuki's data directory. */
static void data_dir(const char *db, char *out, size_t n)
{
    const char *slash = strrchr(db, '/');

    if (slash == NULL)
        snprintf(out, n, ".");
    else if (slash == db)
        snprintf(out, n, "/");
    else
        snprintf(out, n, "%.*s", (int)(slash - db), db);
}

/* The data directory of standard input's failed/ folder: the database
 * file's, or, for PostgreSQL (no file), the evidence directory's parent,
 * which the servers of one database share. */
static void stdin_data_dir(const struct cli *cli, char *out, size_t n)
{
    char ev[PATH_LEN];

    if (store_is_postgres(cli->db) && cli_evidence_dir(cli, ev, sizeof(ev)))
        data_dir(ev, out, n);
    else
        data_dir(cli->db, out, n);
}

static bool write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        len -= (size_t)w;
    }
    return true;
}

/*
 * Keep a message that could not be taken: 'head' and then the rest of
 * 'rest' (may be NULL) into 'dir'/'name' (a new file: "-2", "-3" … when
 * the name is taken), synced to disk.  False when it could not be kept:
 * then the caller must not report the message as handled.
 */
static bool keep_failed(const char *dir, const char *name, const void *head,
                        size_t len, FILE *rest)
{
    char path[PATH_LEN];
    int fd = -1;

    if (!make_dirs(dir))
        return false;
    for (int i = 1; fd < 0 && i < 1000; i++) {
        bool fits = i == 1 ? path_fmt(path, "%s/%s", dir, name)
                           : path_fmt(path, "%s/%s-%d", dir, name, i);
        if (!fits)
            return false;
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            return false;
    }
    if (fd < 0)
        return false;
    bool ok = write_all(fd, head, len);
    char chunk[65536];
    size_t n;
    while (ok && rest != NULL && (n = fread(chunk, 1, sizeof(chunk), rest)) > 0)
        ok = write_all(fd, chunk, n);
    if (ok && rest != NULL && ferror(rest))
        ok = false;
    ok = ok && fsync(fd) == 0;
    if (close(fd) != 0)
        ok = false;
    if (!ok)
        unlink(path);
    return ok;
}

static void say_failure(struct intake *in, const char *what, const char *key)
{
    struct cli *cli = in->cli;

    fprintf(stderr, "%s: %s%s%s%s\n", cli_text(cli, "cli.error"),
            cli_text(cli, key), what ? " (" : "", what ? what : "",
            what ? ")" : "");
}

static void report(struct intake *in, const char *what,
                   const struct mail_intake_result *r, const char *error_key)
{
    struct cli *cli = in->cli;

    if (cli->json) {
        json_t *o = json_object();
        if (what != NULL)
            json_object_set_new(o, "file", json_string(what));
        if (error_key != NULL) {
            json_object_set_new(o, "outcome", json_string("failed"));
            json_object_set_new(o, "error", json_string(error_key));
            json_object_set_new(o, "message",
                                json_string(cli_text(cli, error_key)));
        } else {
            json_object_set_new(o, "outcome",
                                json_string(mail_outcome_key(r->outcome)));
            json_object_set_new(o, "ref",
                                r->ref[0] ? json_string(r->ref) : json_null());
            json_object_set_new(o, "duplicate", json_boolean(r->duplicate));
            json_object_set_new(o, "unknown_ref", json_boolean(r->unknown_ref));
            json_object_set_new(o, "message_key", json_string(r->message_key));
            json_object_set_new(o, "sha256", json_string(r->sha256));
            json_object_set_new(o, "evidence",
                                json_integer((json_int_t)r->evidence));
        }
        json_array_append_new(in->items, o);
        return;
    }
    if (error_key != NULL)
        return; /* said on stderr */
    const char *key = r->duplicate ? "mail.out.duplicate"
                      : r->outcome == MAIL_OUTCOME_IGNORED ? "mail.out.ignored"
                      : r->outcome == MAIL_OUTCOME_REPLY   ? "mail.out.reply"
                      : r->unknown_ref ? "mail.out.unknown_ref"
                                       : "mail.out.new_report";
    if (what != NULL)
        printf("%s: ", what);
    if (r->ref[0] != '\0')
        printf("%s: ", r->ref);
    puts(cli_text(cli, key));
}

/*
 * Take one message of 'len' bytes.  KZ_OK (r filled), KZ_EMALFORMED with
 * *why, KZ_EINVAL with *why "mail.bad.record" (the record it would make
 * breaks a rule), or the store's error (temporary for the caller).
 */
static enum kz_err take(struct intake *in, const unsigned char *data,
                        size_t len, struct mail_intake_result *r,
                        const char **why)
{
    struct mail_msg m;
    struct kz_problems p;
    char dir[PATH_LEN];
    struct mail_intake_opts opts = {in->self, in->cli->lang, dir};

    if (!cli_evidence_dir(in->cli, dir, sizeof(dir))) {
        *why = "err.io";
        return KZ_EIO;
    }

    mail_msg_init(&m);
    kz_problems_clear(&p);
    enum kz_err err = mail_parse(data, len, &m, why);
    if (err != KZ_OK)
        return err;
    err =
        app_mail_intake(in->store, &in->cli->ctx, &m, data, len, &opts, r, &p);
    if (err == KZ_EINVAL) {
        *why = "mail.bad.record";
        for (size_t i = 0; i < p.n; i++) {
            char text[512];
            fprintf(stderr, "  %s: %s\n", p.items[i].field,
                    kz_problem_text(&p.items[i], in->cli->lang, text,
                                    sizeof(text)));
        }
    } else if (err != KZ_OK) {
        *why = kz_err_msg_key(err);
    }
    mail_msg_cleanup(&m);
    return err;
}

/* --- standard input ---------------------------------------------------------
 */

static int from_stdin(struct intake *in)
{
    struct cli *cli = in->cli;
    char dir[PATH_LEN], failed[PATH_LEN], name[96];
    struct mail_intake_result r;
    const char *why = NULL;
    unsigned char *data = xmalloc(in->max + 1);
    size_t len = fread(data, 1, in->max + 1, stdin);
    enum kz_err err = KZ_OK;

    memset(&r, 0, sizeof(r));
    stdin_data_dir(cli, dir, sizeof(dir));
    path_fmt(failed, "%s/mail/failed", dir);
    {
        struct tm tm;
        time_t now = (time_t)cli->now;
        gmtime_r(&now, &tm);
        char stamp[32];
        strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
        snprintf(name, sizeof(name), "%s-%ld.eml", stamp, (long)getpid());
    }
    if (ferror(stdin)) {
        xfree(data);
        say_failure(in, NULL, "err.io");
        return EXIT_TEMPFAIL;
    }
    if (len > in->max) {
        /* Kept whole, the part beyond the limit streamed to the file. */
        why = "mail.bad.too_large";
        err = KZ_ETOOBIG;
        if (!keep_failed(failed, name, data, len, stdin)) {
            xfree(data);
            say_failure(in, failed, "mail.keep_failed");
            return EXIT_TEMPFAIL;
        }
    } else {
        err = cli_open_store(cli, STORE_OPEN_EXISTING, &in->store);
        if (err != KZ_OK) {
            xfree(data);
            return EXIT_TEMPFAIL;
        }
        err = take(in, data, len, &r, &why);
        if (err != KZ_OK && !is_temporary(err) &&
            !keep_failed(failed, name, data, len, NULL)) {
            xfree(data);
            say_failure(in, failed, "mail.keep_failed");
            return EXIT_TEMPFAIL;
        }
    }
    xfree(data);
    if (err != KZ_OK) {
        say_failure(in, NULL, why);
        if (!is_temporary(err))
            fprintf(stderr, "%s: %s/%s\n", cli_text(cli, "mail.kept_in"),
                    failed, name);
        if (cli->json) {
            report(in, NULL, &r, why);
            cli_print_json(json_incref(json_array_get(in->items, 0)));
        }
        return is_temporary(err) ? EXIT_TEMPFAIL : 2;
    }
    report(in, NULL, &r, NULL);
    if (cli->json)
        cli_print_json(json_incref(json_array_get(in->items, 0)));
    return 0;
}

/* --- maildir -----------------------------------------------------------------
 */

/* The flags of maildir name 'name' (after ":2,"), or "" for none. */
static const char *flags_of(const char *name)
{
    const char *info = strstr(name, ":2,");

    return info ? info + 3 : "";
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in 'dir' to take (OUT: *names, sorted; caller frees each). */
static bool list_dir(const char *dir, bool seen_too, char ***names, size_t *n)
{
    DIR *d = opendir(dir);
    const struct dirent *e;
    size_t cap = 0;

    *names = NULL;
    *n = 0;
    if (d == NULL)
        return false;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (!seen_too && strchr(flags_of(e->d_name), 'S') != NULL)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *names = xrealloc(*names, cap * sizeof(**names));
        }
        (*names)[(*n)++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (*n > 0)
        qsort(*names, *n, sizeof(**names), by_name);
    return true;
}

/* 'name' with the flag S added, in the order maildir wants (ASCII). */
static void seen_name(const char *name, char *out, size_t n)
{
    const char *info = strstr(name, ":2,");
    size_t base = info ? (size_t)(info - name) : strlen(name);
    char flags[32];
    size_t k = 0;
    bool placed = false;

    for (const char *f = info ? info + 3 : ""; *f && k + 2 < sizeof(flags);
         f++) {
        if (!placed && *f > 'S') {
            flags[k++] = 'S';
            placed = true;
        }
        if (*f != 'S')
            flags[k++] = *f;
    }
    if (!placed)
        flags[k++] = 'S';
    flags[k] = '\0';
    snprintf(out, n, "%.*s:2,%s", (int)base, name, flags);
}

static bool read_file(const char *path, size_t max, unsigned char **data,
                      size_t *len, bool *too_big)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;

    *data = NULL;
    *too_big = false;
    if (fd < 0)
        return false;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return false;
    }
    if ((uint64_t)st.st_size > max) {
        *too_big = true;
        close(fd);
        return true;
    }
    *data = xmalloc((size_t)st.st_size + 1);
    *len = 0;
    while (*len < (size_t)st.st_size) {
        ssize_t r = read(fd, *data + *len, (size_t)st.st_size - *len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        *len += (size_t)r;
    }
    close(fd);
    return true;
}

/* Take one maildir file; returns 0, 2 (kept in failed/) or 75. */
static int take_file(struct intake *in, const char *maildir, const char *sub,
                     const char *name, const char *failed)
{
    char path[PATH_LEN], to[PATH_LEN], seen[PATH_LEN], what[PATH_LEN];
    struct mail_intake_result r;
    unsigned char *data = NULL;
    size_t len = 0;
    bool too_big = false;
    const char *why = NULL;
    enum kz_err err;

    memset(&r, 0, sizeof(r));
    if (!path_fmt(path, "%s/%s/%s", maildir, sub, name) ||
        !path_fmt(what, "%s/%s", sub, name)) {
        say_failure(in, name, "err.io");
        return EXIT_TEMPFAIL;
    }
    if (!read_file(path, in->max, &data, &len, &too_big)) {
        if (errno == ENOENT)
            return 0; /* another run took it meanwhile */
        say_failure(in, what, "err.io");
        report(in, what, &r, "err.io");
        return EXIT_TEMPFAIL;
    }
    if (too_big) {
        err = KZ_ETOOBIG;
        why = "mail.bad.too_large";
    } else {
        err = take(in, data, len, &r, &why);
    }
    xfree(data);
    if (is_temporary(err)) {
        say_failure(in, what, why);
        report(in, what, &r, why);
        return EXIT_TEMPFAIL;
    }
    if (err != KZ_OK) {
        path_fmt(to, "%s/%s", failed, name);
        if (!make_dirs(failed) || rename(path, to) != 0) {
            say_failure(in, what, "mail.keep_failed");
            report(in, what, &r, "mail.keep_failed");
            return EXIT_TEMPFAIL;
        }
        say_failure(in, what, why);
        fprintf(stderr, "%s: %s\n", cli_text(in->cli, "mail.kept_in"), to);
        report(in, what, &r, why);
        in->failed++;
        return 2;
    }
    seen_name(name, seen, sizeof(seen));
    path_fmt(to, "%s/cur/%s", maildir, seen);
    if (rename(path, to) != 0 && errno != ENOENT) {
        /* Taken, but it would be read again: the Message-ID keeps the
         * second reading from filing it twice. */
        say_failure(in, what, "err.io");
    }
    report(in, what, &r, NULL);
    return 0;
}

static int from_maildir(struct intake *in, const char *maildir)
{
    static const char *const subs[] = {"new", "cur"};
    char failed[PATH_LEN], parent[PATH_LEN], sub[PATH_LEN];
    int status = 0;

    /* The failed/ folder beside the maildir: a sibling of it, where a
     * mail client reading the maildir does not see it as a folder. */
    snprintf(sub, sizeof(sub), "%s", maildir);
    for (size_t n = strlen(sub); n > 1 && sub[n - 1] == '/'; n--)
        sub[n - 1] = '\0';
    data_dir(sub, parent, sizeof(parent));
    path_fmt(failed, "%s/failed", parent);
    for (size_t i = 0; i < 2 && status != EXIT_TEMPFAIL; i++) {
        char **names;
        size_t n;
        if (!path_fmt(sub, "%s/%s", maildir, subs[i]) ||
            !list_dir(sub, i == 0, &names, &n)) {
            say_failure(in, sub, "mail.no_maildir");
            return 2;
        }
        for (size_t k = 0; k < n; k++) {
            if (status != EXIT_TEMPFAIL) {
                int rc = take_file(in, maildir, subs[i], names[k], failed);
                if (rc > status)
                    status = rc;
            }
            xfree(names[k]);
        }
        xfree(names);
    }
    if (in->cli->json) {
        json_t *o = json_object();
        json_object_set(o, "items", in->items);
        cli_print_json(o);
    }
    return status;
}

int cli_mail_intake_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"maildir", required_argument, NULL, OPT_MAILDIR},
        {"max-size", required_argument, NULL, OPT_MAX_SIZE},
        {"self", required_argument, NULL, OPT_SELF},
        {NULL, 0, NULL, 0},
    };
    struct intake in = {.cli = cli, .max = MAIL_MAX_DEFAULT};
    const char *maildir = NULL;
    const char *pos[1];
    bool help = false;
    int npos = 0, c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_MAILDIR) {
            maildir = optarg;
        } else if (c == OPT_MAX_SIZE) {
            if (!parse_size(optarg, &in.max))
                return cli_usage_error(cli, "mail.bad_size", USAGE);
        } else if (c == OPT_SELF) {
            in.self = optarg;
        } else {
            rc = cli_other_option(cli, c, optarg, &help, USAGE);
            if (rc >= 0)
                return rc;
        }
    }
    rc = cli_operands(cli, argc, argv, help, pos, 0, &npos, USAGE);
    if (rc >= 0)
        return rc;
    in.items = json_array();
    mail_parse_setup();
    if (maildir != NULL) {
        enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &in.store);
        rc = err == KZ_OK ? from_maildir(&in, maildir) : EXIT_TEMPFAIL;
    } else {
        rc = from_stdin(&in);
    }
    if (in.store != NULL)
        store_close(in.store);
    json_decref(in.items);
    mail_parse_shutdown();
    return rc;
}
