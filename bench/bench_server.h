/* SPDX-License-Identifier: MIT */
/*
 * bench_server.h - running `kizuki serve` as a child of a benchmark: start
 * it on a free port, read its URL, measure its peak memory, stop it.
 */
#ifndef KZ_BENCH_SERVER_H
#define KZ_BENCH_SERVER_H

#include <stdio.h>
#include <sys/types.h>

struct bench_server {
    pid_t pid;
    FILE *out; /* its stdout, where it prints the URL */
    char base[64];
    char err_log[300]; /* its stderr */
};

/* Start `KIZUKI serve --db DB --listen 127.0.0.1:0` with its access log
 * and stderr in DIR; exits the benchmark on failure.  The server is sent
 * SIGTERM when the thread that started it ends (PR_SET_PDEATHSIG), so a
 * benchmark that is killed or crashes leaves no server running: call it
 * from the main thread. */
void bench_server_start(struct bench_server *srv, const char *kizuki,
                        const char *db, const char *dir);
/* The same with the logs named DIR/NAME.err and DIR/NAME.access.log
 * (NAME NULL: as above), and `--evidence-dir EVIDENCE_DIR` unless NULL. */
void bench_server_start_named(struct bench_server *srv, const char *kizuki,
                              const char *db, const char *dir, const char *name,
                              const char *evidence_dir);
/* The peak resident set of the server in KiB (VmHWM), or -1. */
long bench_server_peak_kib(const struct bench_server *srv);
/* Stop with SIGTERM; returns the exit status, or -1. */
int bench_server_stop(struct bench_server *srv);

#endif
