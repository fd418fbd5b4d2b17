/* SPDX-License-Identifier: MIT */
/*
 * bench_server.c - the server as a benchmark's child (see bench_server.h).
 */
#include "bench_server.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * The child half of bench_server_start, between fork and exec: only
 * async-signal-safe calls (the benchmark may have threads).  The server
 * gets SIGTERM when the benchmark dies, however it dies, so a killed
 * benchmark leaves no server behind: posix_spawn cannot ask for that,
 * hence fork and exec.
 */
static void child(pid_t parent, int out_fd, const char *err_log,
                  char *const argv[])
{
    static const char failed[] = "bench: cannot run the server\n";

    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
        _exit(127); /* the benchmark is already gone */
    int err = open(err_log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (err < 0 || dup2(out_fd, 1) < 0 || dup2(err, 2) < 0)
        _exit(127);
    close(out_fd);
    close(err);
    execv(argv[0], argv);
    ssize_t n = write(2, failed, sizeof(failed) - 1);
    (void)n;
    _exit(127);
}

void bench_server_start(struct bench_server *srv, const char *kizuki,
                        const char *db, const char *dir)
{
    bench_server_start_named(srv, kizuki, db, dir, NULL, NULL);
}

void bench_server_start_named(struct bench_server *srv, const char *kizuki,
                              const char *db, const char *dir, const char *name,
                              const char *evidence_dir)
{
    char access_log[300];
    char line[512];
    int fds[2];

    if (name == NULL) {
        snprintf(access_log, sizeof(access_log), "%s/access.log", dir);
        snprintf(srv->err_log, sizeof(srv->err_log), "%s/serve.err", dir);
    } else {
        snprintf(access_log, sizeof(access_log), "%s/%s.access.log", dir, name);
        snprintf(srv->err_log, sizeof(srv->err_log), "%s/%s.err", dir, name);
    }
    char *err_log = srv->err_log;
    /* BENCH_THREADS=N: `--threads N`, to compare handler pools. */
    const char *threads = getenv("BENCH_THREADS");
    bool with_threads = threads != NULL && threads[0] != '\0';
    char *argv[] = {(char *)kizuki,
                    (char *)"serve",
                    (char *)"--db",
                    (char *)db,
                    (char *)"--listen",
                    (char *)"127.0.0.1:0",
                    (char *)"--access-log",
                    access_log,
                    with_threads ? (char *)"--threads" : NULL,
                    (char *)threads,
                    NULL,
                    NULL,
                    NULL};
    /* The optional pairs, packed after the fixed arguments. */
    int at = with_threads ? 10 : 8;
    if (evidence_dir != NULL) {
        argv[at++] = (char *)"--evidence-dir";
        argv[at++] = (char *)evidence_dir;
    }
    argv[at] = NULL;
    /* Close-on-exec: only the child's copy, moved to its stdout, stays
     * open in the server. */
    if (pipe2(fds, O_CLOEXEC) != 0) {
        perror("bench: pipe");
        exit(2);
    }
    fflush(NULL); /* nothing buffered is written twice */
    pid_t parent = getpid();
    srv->pid = fork();
    if (srv->pid < 0) {
        perror("bench: fork");
        exit(2);
    }
    if (srv->pid == 0)
        child(parent, fds[1], err_log, argv);
    close(fds[1]);
    srv->out = fdopen(fds[0], "r");
    srv->base[0] = '\0';
    while (srv->base[0] == '\0' && fgets(line, sizeof(line), srv->out)) {
        const char *u = strstr(line, "http://");
        unsigned port = 0;
        if (u != NULL && sscanf(u, "http://127.0.0.1:%u/", &port) == 1)
            snprintf(srv->base, sizeof(srv->base), "http://127.0.0.1:%u", port);
    }
    if (srv->base[0] == '\0') {
        fprintf(stderr, "bench: the server (%s) printed no URL (see %s)\n",
                kizuki, err_log);
        exit(2);
    }
}

long bench_server_peak_kib(const struct bench_server *srv)
{
    char path[64];
    char line[256];
    long kib = -1;

    snprintf(path, sizeof(path), "/proc/%d/status", (int)srv->pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof(line), f) != NULL) {
        if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
            break;
    }
    fclose(f);
    return kib;
}

int bench_server_stop(struct bench_server *srv)
{
    int status = 0;

    kill(srv->pid, SIGTERM);
    while (waitpid(srv->pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    fclose(srv->out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
