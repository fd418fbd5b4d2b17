/* SPDX-License-Identifier: MIT */
/*
 * test_blob.c - the content-addressed evidence store (src/store/blob.c):
 * hashes of a stream written in pieces equal the known vectors, the file
 * lands under its SHA-256 and nothing is left in tmp/, the same bytes are
 * one file, the size limit, re-hashing on open, listing, media types.
 */
#include "support/test.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/blob.h"
#include "util/mem.h"

#define ABC_SHA256                                                             \
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define ABC_SHA1 "a9993e364706816aba3e25717850c26c9cd0d89d"
#define ABC_MD5 "900150983cd24fb0d6963f7d28e17f72"

static char root[256];
static char dir[300];

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof(root), "/tmp/kizuki-blob-XXXXXX");
    if (mkdtemp(root) == NULL)
        return -1;
    snprintf(dir, sizeof(dir), "%s/evidence", root);
    return 0;
}

static int teardown(void **state)
{
    char cmd[400];

    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static size_t entries(const char *path)
{
    DIR *d = opendir(path);
    size_t n = 0;

    if (d == NULL)
        return 0;
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static size_t temp_files(void)
{
    char tmp[400];

    snprintf(tmp, sizeof(tmp), "%s/tmp", dir);
    return entries(tmp);
}

static void put(const char *const *pieces, struct blob_info *info)
{
    struct blob_writer *w = NULL;

    assert_int_equal(blob_begin(dir, 1 << 20, &w), KZ_OK);
    for (size_t i = 0; pieces[i] != NULL; i++)
        assert_int_equal(blob_write(w, pieces[i], strlen(pieces[i])), KZ_OK);
    assert_int_equal(blob_finish(w, info), KZ_OK);
}

static void test_hashes_of_a_stream(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "", "b", "c", NULL};
    struct blob_info info;
    char path[400];

    put(pieces, &info);
    assert_string_equal(info.sha256, ABC_SHA256);
    assert_string_equal(info.sha1, ABC_SHA1);
    assert_string_equal(info.md5, ABC_MD5);
    assert_int_equal(info.size, 3);
    assert_true(blob_path(dir, ABC_SHA256, path, sizeof(path)));
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char got[8] = {0};
    assert_int_equal(fread(got, 1, sizeof(got), f), 3);
    fclose(f);
    assert_string_equal(got, "abc");
    assert_int_equal(temp_files(), 0);
    /* The same bytes again: one file. */
    static const char *const whole[] = {"abc", NULL};
    put(whole, &info);
    assert_string_equal(info.sha256, ABC_SHA256);
    char sub[400];
    snprintf(sub, sizeof(sub), "%s/ba", dir);
    assert_int_equal(entries(sub), 1);
    assert_int_equal(temp_files(), 0);
}

static void test_a_large_stream(void **state)
{
    (void)state;
    /* 1,000,000 'a': the SHA-256 test vector of FIPS 180-2. */
    struct blob_writer *w = NULL;
    struct blob_info info;
    char *a = xmalloc(1000);

    memset(a, 'a', 1000);
    assert_int_equal(blob_begin(dir, 2000000, &w), KZ_OK);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(blob_write(w, a, 1000), KZ_OK);
    assert_int_equal(blob_written(w), 1000000);
    assert_int_equal(blob_finish(w, &info), KZ_OK);
    xfree(a);
    assert_string_equal(
        info.sha256,
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    assert_string_equal(info.sha1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    assert_string_equal(info.md5, "7707d6ae4e027c70eea2a935c2296f21");
}

static void test_the_limit(void **state)
{
    (void)state;
    struct blob_writer *w = NULL;

    assert_int_equal(blob_begin(dir, 5, &w), KZ_OK);
    assert_int_equal(temp_files(), 1);
    assert_int_equal(blob_write(w, "abcde", 5), KZ_OK);
    assert_int_equal(blob_write(w, "f", 1), KZ_ETOOBIG);
    blob_abort(w);
    assert_int_equal(temp_files(), 0);
    blob_abort(NULL);
}

static void test_open_checked(void **state)
{
    (void)state;
    static const char *const pieces[] = {"%PDF-1.4\n", "hello", NULL};
    struct blob_info info;
    struct blob_info found;
    char path[400];
    int fd = -1;

    put(pieces, &info);
    assert_string_equal(info.media_type, "application/pdf");
    assert_int_equal(blob_open_checked(dir, info.sha256, &fd, &found), KZ_OK);
    assert_string_equal(found.sha256, info.sha256);
    assert_int_equal(found.size, info.size);
    char b[4];
    assert_int_equal(read(fd, b, 4), 4); /* positioned at the start */
    assert_memory_equal(b, "%PDF", 4);
    close(fd);
    assert_true(blob_path(dir, info.sha256, path, sizeof(path)));
    chmod(path, 0600);
    FILE *f = fopen(path, "ab");
    fputs("!", f);
    fclose(f);
    assert_int_equal(blob_open_checked(dir, info.sha256, &fd, &found), KZ_OK);
    close(fd);
    assert_string_not_equal(found.sha256, info.sha256);
    unlink(path);
    assert_int_equal(blob_open_checked(dir, info.sha256, &fd, &found),
                     KZ_ENOTFOUND);
    assert_int_equal(fd, -1);
}

static void test_put_fd_and_list(void **state)
{
    (void)state;
    char src[400];
    struct blob_info info;
    struct strv l = {0};

    snprintf(src, sizeof(src), "%s/src.txt", root);
    FILE *f = fopen(src, "wb");
    fputs("abc", f);
    fclose(f);
    int fd = open(src, O_RDONLY);
    assert_int_equal(blob_put_fd(dir, fd, 100, &info), KZ_OK);
    close(fd);
    assert_string_equal(info.sha256, ABC_SHA256);
    fd = open(src, O_RDONLY);
    assert_int_equal(blob_put_fd(dir, fd, 2, &info), KZ_ETOOBIG);
    close(fd);
    assert_int_equal(temp_files(), 0);
    char stray[400];
    snprintf(stray, sizeof(stray), "%s/ba/not-a-hash", dir);
    f = fopen(stray, "wb");
    fclose(f);
    assert_int_equal(blob_list(dir, &l), KZ_OK);
    assert_true(strv_contains(&l, ABC_SHA256));
    assert_true(strv_contains(&l, "ba/not-a-hash"));
    strv_cleanup(&l);
}

/* An upload a crashed server left behind goes; one still being written
 * (by this or another server sharing the directory) stays. */
static void test_sweep_tmp_by_age(void **state)
{
    struct blob_writer *w = NULL;
    char old[400], other[400];
    int removed = -1;
    (void)state;

    assert_int_equal(blob_sweep_tmp(dir, 3600, time(NULL), &removed), KZ_OK);
    assert_int_equal(removed, 0); /* no directory yet */
    assert_int_equal(blob_begin(dir, 1024, &w), KZ_OK);
    assert_int_equal(blob_write(w, "abc", 3), KZ_OK);
    snprintf(old, sizeof(old), "%s/tmp/upload-stale1", dir);
    snprintf(other, sizeof(other), "%s/tmp/notes.txt", dir);
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(i == 0 ? old : other, "w");
        assert_non_null(f);
        fputs("x", f);
        fclose(f);
    }
    time_t now = time(NULL);
    struct timespec times[2] = {{now - 7200, 0}, {now - 7200, 0}};
    assert_int_equal(utimensat(AT_FDCWD, old, times, 0), 0);
    assert_int_equal(utimensat(AT_FDCWD, other, times, 0), 0);

    assert_int_equal(blob_sweep_tmp(dir, 3600, now, &removed), KZ_OK);
    assert_int_equal(removed, 1);
    assert_int_not_equal(access(old, F_OK), 0);
    assert_int_equal(access(other, F_OK), 0); /* not ours: left alone */
    /* The upload in progress is still there and finishes. */
    struct blob_info info;
    assert_int_equal(blob_finish(w, &info), KZ_OK);
    assert_string_equal(info.sha256, ABC_SHA256);
    unlink(other);
}

static void test_dir_for_db(void **state)
{
    (void)state;
    char out[64];

    assert_true(blob_dir_for_db("/var/lib/kizuki/k.db", out, sizeof(out)));
    assert_string_equal(out, "/var/lib/kizuki/evidence");
    assert_true(blob_dir_for_db("k.db", out, sizeof(out)));
    assert_string_equal(out, "evidence");
    assert_true(blob_dir_for_db("/k.db", out, sizeof(out)));
    assert_string_equal(out, "/evidence");
    assert_false(blob_dir_for_db("/a/very/long/path/that/does/not/fit/in/"
                                 "sixty/four/bytes/k.db",
                                 out, sizeof(out)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hashes_of_a_stream, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_large_stream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_fd_and_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep_tmp_by_age, setup, teardown),
        cmocka_unit_test(test_dir_for_db),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
