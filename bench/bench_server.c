/* SPDX-License-Identifier: MIT */
/*
 * bench_server.c - the server as a benchmark's child (see bench_server.h).
 */
#include "bench_server.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

void bench_server_start(struct bench_server *srv, const char *kizuki,
                        const char *db, const char *dir)
{
    char access_log[300];
    char err_log[300];
    char line[512];
    int fds[2];
    posix_spawn_file_actions_t fa;

    snprintf(access_log, sizeof(access_log), "%s/access.log", dir);
    snprintf(err_log, sizeof(err_log), "%s/serve.err", dir);
    char *argv[] = {(char *)kizuki, (char *)"serve", (char *)"--db",
                    (char *)db,     (char *)"--listen", (char *)"127.0.0.1:0",
                    (char *)"--access-log", access_log, NULL};
    if (pipe(fds) != 0) {
        perror("bench: pipe");
        exit(2);
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    posix_spawn_file_actions_addopen(&fa, 2, err_log,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc = posix_spawn(&srv->pid, kizuki, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        fprintf(stderr, "bench: cannot run %s: %s\n", kizuki, strerror(rc));
        exit(2);
    }
    srv->out = fdopen(fds[0], "r");
    srv->base[0] = '\0';
    while (srv->base[0] == '\0' && fgets(line, sizeof(line), srv->out)) {
        const char *u = strstr(line, "http://");
        unsigned port = 0;
        if (u != NULL && sscanf(u, "http://127.0.0.1:%u/", &port) == 1)
            snprintf(srv->base, sizeof(srv->base), "http://127.0.0.1:%u",
                     port);
    }
    if (srv->base[0] == '\0') {
        fprintf(stderr, "bench: the server printed no URL (see %s)\n",
                err_log);
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
