/* SPDX-License-Identifier: MIT */
/*
 * cli_user.c - `kizuki user add|list|disable|enable|passwd|role` and
 * `kizuki token create|list|revoke`.  Passwords are read from standard
 * input (never from the command line, where other users could see them)
 * or generated and shown once.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/account_ops.h"
#include "cli/cli.h"
#include "core/taxonomy.h"

enum {
    OPT_ROLE = CLI_OPT_FIRST_OWN,
    OPT_PASSWORD_STDIN,
    OPT_EXPIRES,
    OPT_LABEL,
};

struct user_args {
    const char *pos[3];
    int npos;
    const char *role;
    const char *label;
    const char *expires;
    bool password_stdin;
    bool help;
};

static int parse(struct cli *cli, int argc, char **argv, struct user_args *a,
                 const char *usage)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"role", required_argument, NULL, OPT_ROLE},
        {"password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN},
        {"expires", required_argument, NULL, OPT_EXPIRES},
        {"label", required_argument, NULL, OPT_LABEL},
        {NULL, 0, NULL, 0},
    };
    int c;

    memset(a, 0, sizeof(*a));
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_ROLE) {
            a->role = optarg;
        } else if (c == OPT_PASSWORD_STDIN) {
            a->password_stdin = true;
        } else if (c == OPT_EXPIRES) {
            a->expires = optarg;
        } else if (c == OPT_LABEL) {
            a->label = optarg;
        } else {
            int rc = cli_other_option(cli, c, optarg, &a->help, usage);
            if (rc >= 0)
                return rc;
        }
    }
    return cli_operands(cli, argc, argv, a->help, a->pos, 3, &a->npos, usage);
}

/* One line from stdin without its newline (OUT: buf[n]). */
static bool read_password(char *buf, size_t n)
{
    if (fgets(buf, (int)n, stdin) == NULL)
        return false;
    size_t len = strlen(buf);
    if (len > 0 && buf[len - 1] != '\n' && !feof(stdin))
        return false; /* longer than the buffer */
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
    return true;
}

static void print_generated(struct cli *cli, const char *name,
                            const char *password)
{
    if (cli->json) {
        cli_print_json(
            json_pack("{s:s, s:s}", "name", name, "password", password));
        return;
    }
    printf("%s: %s\n  %s: %s\n%s\n", cli_text(cli, "cli.user"), name,
           cli_text(cli, "cli.password"), password,
           cli_text(cli, "cli.password_once"));
}

static int open_or_fail(struct cli *cli, struct store **s)
{
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, s);

    return err == KZ_OK ? -1 : kz_err_exit_code(err);
}

static int user_add(struct cli *cli, int argc, char **argv)
{
    struct user_args a;
    struct kz_problems p;
    struct store *s = NULL;
    char pw[PASSWORD_MAX + 2];
    char generated[GENERATED_PASSWORD_LEN + 1] = "";
    enum role role;
    int rc = parse(cli, argc, argv, &a, "cli.usage.user_add");

    if (rc >= 0)
        return rc;
    if (a.npos != 1)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.user_add");
    kz_problems_clear(&p);
    if (a.role == NULL || !role_from_key(a.role, &role)) {
        kz_problems_add(&p, "role", a.role ? "v.unknown_key" : "v.required");
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    if (a.password_stdin && !read_password(pw, sizeof(pw))) {
        kz_problems_add(&p, "password", "v.required");
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    rc = open_or_fail(cli, &s);
    if (rc >= 0)
        return rc;
    enum kz_err err =
        app_account_add(s, &cli->ctx, a.pos[0], role, NULL,
                        a.password_stdin ? pw : NULL, generated, &p);
    sodium_memzero(pw, sizeof(pw));
    store_close(s);
    if (err != KZ_OK)
        return cli_fail(cli, err, NULL, &p);
    if (generated[0] != '\0')
        print_generated(cli, a.pos[0], generated);
    else if (!cli->json)
        printf("%s %s\n", a.pos[0], cli_text(cli, "cli.user_added"));
    else
        cli_print_json(json_pack("{s:s}", "name", a.pos[0]));
    sodium_memzero(generated, sizeof(generated));
    return 0;
}

static int user_list(struct cli *cli, int argc, char **argv)
{
    struct user_args a;
    struct account_list l = {0};
    struct store *s = NULL;
    int rc = parse(cli, argc, argv, &a, "cli.usage.user_list");

    if (rc >= 0)
        return rc;
    if (a.npos != 0)
        return cli_usage_error(cli, "cli.extra_args", "cli.usage.user_list");
    rc = open_or_fail(cli, &s);
    if (rc >= 0)
        return rc;
    enum kz_err err = app_account_list(s, &cli->ctx, &l);
    store_close(s);
    if (err != KZ_OK)
        return cli_fail(cli, err, NULL, NULL);
    if (cli->json) {
        json_t *items = json_array();
        for (size_t i = 0; i < l.n; i++)
            json_array_append_new(
                items, json_pack("{s:s, s:s, s:b}", "name", l.items[i].name,
                                 "role", role_key(l.items[i].role), "disabled",
                                 l.items[i].disabled));
        cli_print_json(json_pack("{s:o}", "items", items));
    } else {
        for (size_t i = 0; i < l.n; i++)
            printf("%-24s %-14s %s\n", l.items[i].name,
                   taxonomy_label(&taxonomy_role, role_key(l.items[i].role),
                                  cli->lang),
                   l.items[i].disabled ? cli_text(cli, "cli.disabled") : "");
    }
    account_list_cleanup(&l);
    return 0;
}

/* disable, enable and role share one path: an account update. */
static int user_update(struct cli *cli, int argc, char **argv, int mode)
{
    static const char *const usage[] = {"cli.usage.user_disable",
                                        "cli.usage.user_disable",
                                        "cli.usage.user_role"};
    struct user_args a;
    struct kz_problems p;
    struct account acc;
    struct store *s = NULL;
    enum role role;
    bool disabled = mode == 0;
    int rc = parse(cli, argc, argv, &a, usage[mode]);

    if (rc >= 0)
        return rc;
    if (a.npos != (mode == 2 ? 2 : 1))
        return cli_usage_error(cli, "cli.need_args", usage[mode]);
    kz_problems_clear(&p);
    if (mode == 2 && !role_from_key(a.pos[1], &role)) {
        kz_problems_add(&p, "role", "v.unknown_key");
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    rc = open_or_fail(cli, &s);
    if (rc >= 0)
        return rc;
    account_init(&acc);
    enum kz_err err =
        app_account_update(s, &cli->ctx, a.pos[0], mode == 2 ? &role : NULL,
                           mode == 2 ? NULL : &disabled, NULL, &acc, &p);
    store_close(s);
    account_cleanup(&acc);
    if (err != KZ_OK)
        return cli_fail(cli, err, err == KZ_ENOTFOUND ? "cli.no_user" : NULL,
                        &p);
    printf("%s %s\n", a.pos[0], cli_text(cli, "cli.user_updated"));
    return 0;
}

static int user_passwd(struct cli *cli, int argc, char **argv)
{
    struct user_args a;
    struct kz_problems p;
    struct store *s = NULL;
    char pw[PASSWORD_MAX + 2];
    char generated[GENERATED_PASSWORD_LEN + 1] = "";
    int rc = parse(cli, argc, argv, &a, "cli.usage.user_passwd");

    if (rc >= 0)
        return rc;
    if (a.npos != 1)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.user_passwd");
    kz_problems_clear(&p);
    if (a.password_stdin && !read_password(pw, sizeof(pw))) {
        kz_problems_add(&p, "password", "v.required");
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    rc = open_or_fail(cli, &s);
    if (rc >= 0)
        return rc;
    enum kz_err err = app_account_set_password(
        s, &cli->ctx, a.pos[0], a.password_stdin ? pw : NULL, generated, &p);
    sodium_memzero(pw, sizeof(pw));
    store_close(s);
    if (err != KZ_OK)
        return cli_fail(cli, err, err == KZ_ENOTFOUND ? "cli.no_user" : NULL,
                        &p);
    if (generated[0] != '\0')
        print_generated(cli, a.pos[0], generated);
    else
        printf("%s %s\n", a.pos[0], cli_text(cli, "cli.user_updated"));
    sodium_memzero(generated, sizeof(generated));
    return 0;
}

int cli_user_main(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return user_add(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return user_list(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "disable") == 0)
        return user_update(cli, argc - 1, argv + 1, 0);
    if (argc >= 2 && strcmp(argv[1], "enable") == 0)
        return user_update(cli, argc - 1, argv + 1, 1);
    if (argc >= 2 && strcmp(argv[1], "role") == 0)
        return user_update(cli, argc - 1, argv + 1, 2);
    if (argc >= 2 && strcmp(argv[1], "passwd") == 0)
        return user_passwd(cli, argc - 1, argv + 1);
    if (argc >= 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)) {
        cli_say(cli, "cli.usage.user");
        return 0;
    }
    return cli_usage_error(cli, "cli.unknown_command", "cli.usage.user");
}

static int token_create(struct cli *cli, int argc, char **argv)
{
    struct user_args a;
    struct kz_problems p;
    struct credential c;
    struct store *s = NULL;
    char token[TOKEN_LEN + 1];
    int64_t days = 0;
    int rc = parse(cli, argc, argv, &a, "cli.usage.token_create");

    if (rc >= 0)
        return rc;
    if (a.npos != 1)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.token_create");
    kz_problems_clear(&p);
    if (a.expires != NULL &&
        (!cli_parse_int64(a.expires, &days) || days < 1 || days > 3650)) {
        kz_problems_add(&p, "expires", "v.token_days");
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    rc = open_or_fail(cli, &s);
    if (rc >= 0)
        return rc;
    credential_init(&c);
    enum kz_err err = app_token_create(s, &cli->ctx, a.pos[0], a.label,
                                       (int)days, token, &c, &p);
    store_close(s);
    if (err != KZ_OK) {
        credential_cleanup(&c);
        return cli_fail(cli, err, err == KZ_ENOTFOUND ? "cli.no_user" : NULL,
                        &p);
    }
    if (cli->json)
        cli_print_json(json_pack("{s:s, s:s, s:s}", "id", c.id, "user",
                                 a.pos[0], "token", token));
    else
        printf("%s\n%s\n", token, cli_text(cli, "cli.token_once"));
    sodium_memzero(token, sizeof(token));
    credential_cleanup(&c);
    return 0;
}

static int token_list(struct cli *cli, int argc, char **argv)
{
    struct user_args a;
    struct credential_list l = {0};
    struct store *s = NULL;
    int rc = parse(cli, argc, argv, &a, "cli.usage.token_list");

    if (rc >= 0)
        return rc;
    rc = open_or_fail(cli, &s);
    if (rc >= 0)
        return rc;
    enum kz_err err = app_token_list(s, &cli->ctx, true, &l);
    store_close(s);
    if (err != KZ_OK)
        return cli_fail(cli, err, NULL, NULL);
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++) {
        char created[TIMEFMT_LEN];
        if (a.npos == 1 && strcmp(l.items[i].account_name, a.pos[0]) != 0)
            continue;
        if (!cli->json)
            printf("%s  %-16s %s  %s %s\n", l.items[i].id,
                   l.items[i].account_name,
                   timefmt_format_short(l.items[i].created_at, created),
                   l.items[i].revoked ? cli_text(cli, "cli.revoked") : "",
                   l.items[i].label);
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:b}", "id", l.items[i].id,
                             "user", l.items[i].account_name, "label",
                             l.items[i].label, "revoked", l.items[i].revoked));
    }
    if (cli->json)
        cli_print_json(json_pack("{s:o}", "items", items));
    else
        json_decref(items);
    credential_list_cleanup(&l);
    return 0;
}

static int token_revoke(struct cli *cli, int argc, char **argv)
{
    struct user_args a;
    struct store *s = NULL;
    int rc = parse(cli, argc, argv, &a, "cli.usage.token_revoke");

    if (rc >= 0)
        return rc;
    if (a.npos != 1)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.token_revoke");
    rc = open_or_fail(cli, &s);
    if (rc >= 0)
        return rc;
    enum kz_err err = app_token_revoke(s, &cli->ctx, a.pos[0]);
    store_close(s);
    if (err != KZ_OK)
        return cli_fail(cli, err, NULL, NULL);
    printf("%s %s\n", a.pos[0], cli_text(cli, "cli.token_revoked"));
    return 0;
}

int cli_token_main(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "create") == 0)
        return token_create(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return token_list(cli, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "revoke") == 0)
        return token_revoke(cli, argc - 1, argv + 1);
    if (argc >= 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)) {
        cli_say(cli, "cli.usage.token");
        return 0;
    }
    return cli_usage_error(cli, "cli.unknown_command", "cli.usage.token");
}
