/* SPDX-License-Identifier: MIT */
/*
 * replay.c - a plain driver for the harnesses of tests/fuzz/: feeds every
 * file named on the command line (a directory: every file in it) to
 * LLVMFuzzerTestOneInput once, without libFuzzer.  `make test` builds each
 * harness with it and replays the committed corpus, so every input that
 * once found a bug stays a regression test under the normal compiler,
 * ASan (make asan) and valgrind (make valgrind).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* The harnesses that need no set-up do not define it. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* Run one file through the harness; false when it cannot be read. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t n = 0;
    size_t cap = 0;
    uint8_t chunk[4096];
    size_t got;

    if (f == NULL) {
        perror(path);
        return 0;
    }
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (n + got > cap) {
            cap = (n + got) * 2;
            uint8_t *grown = realloc(data, cap);
            if (grown == NULL)
                abort();
            data = grown;
        }
        memcpy(data + n, chunk, got);
        n += got;
    }
    int ok = !ferror(f);
    fclose(f);
    if (ok)
        LLVMFuzzerTestOneInput(data != NULL ? data : chunk, n);
    free(data);
    return ok;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of directory 'dir', in name order; the count of
 * files replayed, or -1 when one could not be read. */
static long replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0;
    long done = 0;
    struct dirent *e;

    if (d == NULL) {
        perror(dir);
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **grown = realloc(names, (n + 1) * sizeof(char *));
        if (grown == NULL)
            abort();
        names = grown;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (names[n] == NULL)
            abort();
        snprintf(names[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof(char *), compare_names);
    for (size_t i = 0; i < n; i++) {
        if (done >= 0)
            done = replay_file(names[i]) ? done + 1 : -1;
        free(names[i]);
    }
    free(names);
    return done;
}

int main(int argc, char **argv)
{
    long total = 0;

    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        struct stat st;
        long n;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        n = S_ISDIR(st.st_mode) ? replay_dir(argv[i])
                                : (replay_file(argv[i]) ? 1 : -1);
        if (n < 0)
            return 1;
        total += n;
    }
    printf("replayed %ld inputs\n", total);
    return 0;
}
