/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the `kizuki` command: shared context, option handling and
 * output helpers for the subcommands (cli_*.c).  The CLI is a client of
 * app/ and store/; it never includes http/ headers.
 */
#ifndef KZ_CLI_CLI_H
#define KZ_CLI_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "store/store.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/timefmt.h"

struct cli {
    enum lang lang;
    const char *db; /* --db, $KIZUKI_DB or ./kizuki.db */
    /* --evidence-dir or $KIZUKI_EVIDENCE_DIR; NULL: beside the database
     * (app_evidence_dir) */
    const char *evidence_dir;
    bool json;      /* --json: machine-readable output */
    char actor[96]; /* who the chronology names for local commands */
    kz_time now;
    /* The local operator has the database file, so acts as an
     * administrator; what it does is still audited, from "cli". */
    struct app_ctx ctx;
};

/* Long options every subcommand accepts; their 'val's are below. */
enum {
    CLI_OPT_DB = 1000,
    CLI_OPT_LANG,
    CLI_OPT_JSON,
    CLI_OPT_HELP,
    CLI_OPT_EVIDENCE_DIR,
    CLI_OPT_FIRST_OWN /* subcommands number their own options from here */
};

#define CLI_COMMON_OPTIONS                                                     \
    {"db", required_argument, NULL, CLI_OPT_DB},                               \
        {"lang", required_argument, NULL, CLI_OPT_LANG},                       \
        {"json", no_argument, NULL, CLI_OPT_JSON},                             \
        {"evidence-dir", required_argument, NULL, CLI_OPT_EVIDENCE_DIR},       \
    {                                                                          \
        "help", no_argument, NULL, CLI_OPT_HELP                                \
    }

/* Entry point: parse argv and run a subcommand; returns the exit code. */
int cli_main(int argc, char **argv);

/*
 * Handle option 'c' if it is a common one.  Returns 1 when handled, 0 when
 * it is not a common option, and -1 (message printed) for a bad value.
 * Sets *help on --help.
 */
int cli_common_option(struct cli *cli, int c, const char *arg, bool *help);

/*
 * A subcommand's option 'c' that is not its own: a common one, or a usage
 * error naming 'usage_key'.  Returns -1 to go on, else the exit code.
 */
int cli_other_option(struct cli *cli, int c, const char *arg, bool *help,
                     const char *usage_key);
/*
 * After getopt_long: answer --help with the usage of 'usage_key' (0), or
 * gather the operands into pos[max] (OUT: *npos).  Returns -1 to go on,
 * else the exit code.
 */
int cli_operands(struct cli *cli, int argc, char **argv, bool help,
                 const char **pos, int max, int *npos, const char *usage_key);

/* Open the database named by cli->db; prints the reason on failure. */
enum kz_err cli_open_store(struct cli *cli, enum store_open_mode mode,
                           struct store **out);

/*
 * The evidence directory of this command (cli->evidence_dir, else
 * app_evidence_dir() of cli->db) in out[n]; false when it does not fit.
 */
bool cli_evidence_dir(const struct cli *cli, char *out, size_t n);

/* Print 'err' (and the problems of each field) for a person on stderr,
 * or the JSON envelope on stdout under --json; returns the exit code. */
int cli_fail(struct cli *cli, enum kz_err err, const char *msg_key,
             const struct kz_problems *p);
/* A usage error: the message of 'msg_key' and the subcommand's usage. */
int cli_usage_error(struct cli *cli, const char *msg_key,
                    const char *usage_key);
/* Print the catalogue text 'key' and a newline to stdout. */
void cli_say(struct cli *cli, const char *key);
/* Print 'j' to stdout as indented JSON; takes the reference. */
void cli_print_json(json_t *j);
/* The text of 'key' in the CLI's language. */
const char *cli_text(struct cli *cli, const char *key);

/*
 * Turn the command-line text 'value' for record field 'key' into its JSON
 * value (OUT: *out, new reference), following the field's shape: "" is
 * null, lists are comma-separated or JSON arrays, info types are
 * "type[:count]" items.  A problem for 'key' goes to 'p'.
 */
enum kz_err cli_field_value(const char *key, const char *value, json_t **out,
                            struct kz_problems *p);

/* Print 's' padded with spaces to 'width' terminal columns (Japanese
 * characters take two). */
void cli_pad(const char *s, size_t width);
/* Strict decimal integer; false for anything else. */
bool cli_parse_int64(const char *s, int64_t *out);
/* -1 when 'ref' is a well-formed reference, else the exit code of the
 * usage error printed. */
int cli_check_ref(struct cli *cli, const char *ref);

int cli_init_main(struct cli *cli, int argc, char **argv);
int cli_incident_main(struct cli *cli, int argc, char **argv);
int cli_verify_main(struct cli *cli, int argc, char **argv);
int cli_backup_main(struct cli *cli, int argc, char **argv);
int cli_migrate_main(struct cli *cli, int argc, char **argv);
int cli_taxonomy_main(struct cli *cli, int argc, char **argv);
int cli_serve_main(struct cli *cli, int argc, char **argv);
int cli_user_main(struct cli *cli, int argc, char **argv);
int cli_token_main(struct cli *cli, int argc, char **argv);
int cli_registry_main(struct cli *cli, int argc, char **argv);
int cli_task_main(struct cli *cli, int argc, char **argv);
int cli_evidence_main(struct cli *cli, int argc, char **argv);
int cli_observable_main(struct cli *cli, int argc, char **argv);
int cli_alert_main(struct cli *cli, int argc, char **argv);
int cli_playbook_main(struct cli *cli, int argc, char **argv);
int cli_deadlines_main(struct cli *cli, int argc, char **argv);
int cli_mail_intake_main(struct cli *cli, int argc, char **argv);
int cli_search_main(struct cli *cli, int argc, char **argv);

#endif
