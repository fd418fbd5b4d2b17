/* SPDX-License-Identifier: MIT */
/*
 * cli_serve.c - `kizuki serve`: create the database if needed, make the
 * first administrator on a new database, serve until SIGINT or SIGTERM,
 * then shut down gracefully.
 */
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/account_ops.h"
#include "app/evidence.h"
#include "app/duty_due.h"
#include "app/settings.h"
#include "cli/cli.h"
#include "http/server.h"
#include "notify/send.h"

enum {
    OPT_LISTEN = CLI_OPT_FIRST_OWN,
    OPT_TLS_CERT,
    OPT_TLS_KEY,
    OPT_THREADS,
    OPT_ACCESS_LOG,
    OPT_REQUEST_TIMEOUT,
    OPT_EVIDENCE_MAX_BYTES,
    OPT_UPLOAD_MIN_RATE,
};

/* Split "ADDR:PORT", "[V6]:PORT" or ":PORT" into 'addr' (OUT: 64 bytes)
 * and *port. */
static bool parse_listen(const char *s, char *addr, unsigned short *port)
{
    const char *colon;
    int64_t p = 0;

    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (close == NULL || close[1] != ':' || close - s - 1 >= 64)
            return false;
        memcpy(addr, s + 1, (size_t)(close - s - 1));
        addr[close - s - 1] = '\0';
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (colon == NULL || colon - s >= 64)
            return false;
        memcpy(addr, s, (size_t)(colon - s));
        addr[colon - s] = '\0';
        if (addr[0] == '\0')
            snprintf(addr, 64, "127.0.0.1");
    }
    if (!cli_parse_int64(colon + 1, &p) || p < 0 || p > 65535)
        return false;
    *port = (unsigned short)p;
    return true;
}

/* On a database without accounts, create "admin" and show its password
 * once: there is no other way in. */
static int first_admin(struct cli *cli, struct store *s)
{
    char password[GENERATED_PASSWORD_LEN + 1];
    struct kz_problems p;
    int64_t n = 0;
    enum kz_err err = store_account_count(s, &n);

    if (err != KZ_OK)
        return cli_fail(cli, err, NULL, NULL);
    if (n > 0)
        return 0;
    kz_problems_clear(&p);
    err = app_account_add(s, &cli->ctx, "admin", ROLE_ADMIN, NULL, NULL,
                          password, &p);
    if (err != KZ_OK)
        return cli_fail(cli, err, NULL, &p);
    printf("%s\n  %s: admin\n  %s: %s\n%s\n",
           cli_text(cli, "cli.admin_created"), cli_text(cli, "cli.user"),
           cli_text(cli, "cli.password"), password,
           cli_text(cli, "cli.password_once"));
    sodium_memzero(password, sizeof(password));
    return 0;
}

int cli_serve_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"tls-cert", required_argument, NULL, OPT_TLS_CERT},
        {"tls-key", required_argument, NULL, OPT_TLS_KEY},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"access-log", required_argument, NULL, OPT_ACCESS_LOG},
        {"request-timeout", required_argument, NULL, OPT_REQUEST_TIMEOUT},
        {"evidence-max-bytes", required_argument, NULL, OPT_EVIDENCE_MAX_BYTES},
        {"upload-min-rate", required_argument, NULL, OPT_UPLOAD_MIN_RATE},
        {NULL, 0, NULL, 0},
    };
    struct server_config cfg = {0};
    struct http_server *srv = NULL;
    struct store *s = NULL;
    const char *listen = "127.0.0.1:8080";
    const char *log_path = NULL;
    char addr[64];
    bool help = false;
    int64_t threads = 0;
    int64_t request_timeout = 30;
    int64_t evidence_max = (int64_t)EVIDENCE_MAX_BYTES_DEFAULT;
    /* 16 KiB/s: a slow line still uploads; a trickle does not hold a
     * connection for ever. */
    int64_t upload_min_rate = 16 * 1024;
    char evidence_dir[4096];
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_LISTEN:
            listen = optarg;
            break;
        case OPT_TLS_CERT:
            cfg.tls_cert = optarg;
            break;
        case OPT_TLS_KEY:
            cfg.tls_key = optarg;
            break;
        case OPT_THREADS:
            if (!cli_parse_int64(optarg, &threads) || threads < 1 ||
                threads > 64)
                return cli_usage_error(cli, "cli.bad_threads",
                                       "cli.usage.serve");
            break;
        case OPT_ACCESS_LOG:
            log_path = optarg;
            break;
        case OPT_REQUEST_TIMEOUT:
            if (!cli_parse_int64(optarg, &request_timeout) ||
                request_timeout < 1 || request_timeout > 3600)
                return cli_usage_error(cli, "cli.bad_request_timeout",
                                       "cli.usage.serve");
            break;
        case OPT_EVIDENCE_MAX_BYTES:
            if (!cli_parse_int64(optarg, &evidence_max) || evidence_max < 1)
                return cli_usage_error(cli, "cli.bad_evidence_max",
                                       "cli.usage.serve");
            break;
        case OPT_UPLOAD_MIN_RATE:
            if (!cli_parse_int64(optarg, &upload_min_rate) ||
                upload_min_rate < 1)
                return cli_usage_error(cli, "cli.bad_upload_rate",
                                       "cli.usage.serve");
            break;
        default: {
            int rc = cli_other_option(cli, c, optarg, &help, "cli.usage.serve");
            if (rc >= 0)
                return rc;
        }
        }
    }
    if (help) {
        cli_say(cli, "cli.usage.serve");
        return 0;
    }
    if (optind != argc)
        return cli_usage_error(cli, "cli.extra_args", "cli.usage.serve");
    if (!parse_listen(listen, addr, &cfg.port))
        return cli_usage_error(cli, "cli.bad_listen", "cli.usage.serve");
    if ((cfg.tls_cert == NULL) != (cfg.tls_key == NULL))
        return cli_usage_error(cli, "cli.tls_pair", "cli.usage.serve");

    enum kz_err err = cli_open_store(cli, STORE_OPEN_CREATE, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    int rc = first_admin(cli, s);
    /* The overdue filter reads each incident's stored soonest due time: a
     * database from before it, or whose rules changed, gets them now,
     * before any request may ask. */
    if (rc == 0) {
        err = app_duty_due_refresh(s, cli->now, NULL);
        if (err != KZ_OK)
            rc = cli_fail(cli, err, NULL, NULL);
    }
    store_close(s);
    if (rc != 0)
        return rc;

    cfg.access_log = stdout;
    if (log_path != NULL && strcmp(log_path, "-") != 0) {
        cfg.access_log = fopen(log_path, "a");
        if (cfg.access_log == NULL)
            return cli_usage_error(cli, "cli.bad_access_log", NULL);
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cfg.db = cli->db;
    cfg.address = addr;
    cfg.threads =
        threads > 0 ? (unsigned)threads : (unsigned)(cores > 2 ? cores * 2 : 4);
    cfg.max_connections = 512;
    /* The whole of a request's headers and body, and the longest silence. */
    cfg.timeout_seconds = (unsigned)request_timeout;
    if (!cli_evidence_dir(cli, evidence_dir, sizeof(evidence_dir)))
        return cli_usage_error(cli, "cli.bad_db", NULL);
    cfg.evidence_dir = evidence_dir;
    /* Uploads a crashed server left half-written (app_evidence_sweep);
     * file ages are the machine's time, not a test clock's. */
    if (app_evidence_sweep(evidence_dir, (kz_time)time(NULL)) != KZ_OK)
        fprintf(stderr, "kizuki: could not clean %s/tmp\n", evidence_dir);
    cfg.evidence_max_bytes = (uint64_t)evidence_max;
    cfg.upload_min_rate = (uint64_t)upload_min_rate;

    /* Signals are taken by sigwait below, not by whichever thread the
     * kernel picks: block them before any thread starts. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    send_global_init();
    err = server_start(&cfg, &srv);
    if (err != KZ_OK) {
        send_global_cleanup();
        if (cfg.access_log != stdout)
            fclose(cfg.access_log);
        return cli_fail(cli, err, "cli.listen_failed", NULL);
    }
    char url[128];
    snprintf(url, sizeof(url), "%s://%s%s%s:%u",
             cfg.tls_cert ? "https" : "http", strchr(addr, ':') ? "[" : "",
             addr, strchr(addr, ':') ? "]" : "", server_port(srv));
    /* Links in summonses point here until an administrator sets the
     * address people actually use. */
    if (store_open(cli->db, STORE_OPEN_EXISTING, &s) == KZ_OK) {
        if (app_settings_default_base_url(s, url) != KZ_OK)
            fprintf(stderr, "kizuki: could not record the base URL\n");
        store_close(s);
    }
    printf("%s: %s/\n", cli_text(cli, "cli.serving"), url);
    printf("%s\n", cli_text(cli, "cli.stop_hint"));
    fflush(stdout);

    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "%s\n", cli_text(cli, "cli.stopping"));
    /* For `make bench` (docs/internals/performance.md): a diagnostic
     * line, not a message to the user, hence not translated. */
    if (getenv("KIZUKI_WRITER_STATS") != NULL) {
        char line[512];
        server_writer_report(srv, line, sizeof(line));
        fprintf(stderr, "%s\n", line);
    }
    server_stop(srv, 10);
    if (cfg.access_log != stdout)
        fclose(cfg.access_log);
    send_global_cleanup();
    fprintf(stderr, "%s\n", cli_text(cli, "cli.stopped"));
    return 0;
}
