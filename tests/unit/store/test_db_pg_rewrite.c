/* SPDX-License-Identifier: MIT */
/*
 * test_db_pg_rewrite.c - what the PostgreSQL driver does without a
 * server: SQLite's ?N parameters become $N (and nothing inside literals,
 * identifiers or comments changes), and an unreachable server is refused
 * with a message naming the host and port.
 */
#include "support/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db_pg.h"
#include "util/mem.h"

static void assert_rewrites(const char *sql, const char *want, int want_n)
{
    int n = -1;
    char *got = db_pg_rewrite(sql, &n);

    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(n, want_n);
    xfree(got);
}

static void test_numbers_become_dollars(void **state)
{
    (void)state;
    assert_rewrites("SELECT 1", "SELECT 1", 0);
    assert_rewrites("SELECT a FROM t WHERE id = ?1 AND v > ?2",
                    "SELECT a FROM t WHERE id = $1 AND v > $2", 2);
    /* One number used twice is one parameter. */
    assert_rewrites("UPDATE t SET a = ?1 WHERE b = ?1 OR c = ?3",
                    "UPDATE t SET a = $1 WHERE b = $1 OR c = $3", 3);
    assert_rewrites("VALUES (?12,?3)", "VALUES ($12,$3)", 12);
}

static void test_quoted_text_is_left_alone(void **state)
{
    (void)state;
    assert_rewrites("SELECT '?1', ?1", "SELECT '?1', $1", 1);
    /* A doubled quote stays inside the literal. */
    assert_rewrites("SELECT 'it''s ?2', ?1", "SELECT 'it''s ?2', $1", 1);
    assert_rewrites("SELECT \"col?1\" FROM t WHERE x = ?1",
                    "SELECT \"col?1\" FROM t WHERE x = $1", 1);
    assert_rewrites("SELECT E'\\' ?2', ?1", "SELECT E'\\' ?2', $1", 1);
    assert_rewrites("SELECT $$ ?2 $$, $t$ ?3 $t$, ?1",
                    "SELECT $$ ?2 $$, $t$ ?3 $t$, $1", 1);
    assert_rewrites("SELECT ?1 -- ?2\n, /* ?3 */ ?2",
                    "SELECT $1 -- ?2\n, /* ?3 */ $2", 2);
    /* Japanese text around parameters is copied byte for byte. */
    assert_rewrites("SELECT '顧客?1' || ?1", "SELECT '顧客?1' || $1", 1);
}

static void test_bad_numbering_is_refused(void **state)
{
    int n = 0;

    (void)state;
    assert_null(db_pg_rewrite("SELECT ?", &n));
    assert_null(db_pg_rewrite("SELECT ?0", &n));
    assert_null(db_pg_rewrite("SELECT ?40000", &n));
}

static void test_unreachable_server_is_named(void **state)
{
    struct db *d = (struct db *)1;
    char path[] = "/tmp/kz-pg-stderr-XXXXXX";
    int fd = mkstemp(path);
    int saved = dup(STDERR_FILENO);
    char msg[1024] = "";

    (void)state;
    assert_true(fd >= 0 && saved >= 0);
    fflush(stderr);
    dup2(fd, STDERR_FILENO);
    /* Port 1 on loopback: nothing listens there. */
    enum kz_err err =
        db_pg_open("postgresql://kizuki:secret-pw@127.0.0.1:1/kizuki"
                   "?connect_timeout=5",
                   &d);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    ssize_t got = pread(fd, msg, sizeof(msg) - 1, 0);
    close(fd);
    unlink(path);
    msg[got > 0 ? got : 0] = '\0';

    assert_int_equal(err, KZ_EBUSY);
    assert_null(d);
    assert_non_null(strstr(msg, "127.0.0.1"));
    assert_non_null(strstr(msg, "port 1"));
    assert_non_null(strstr(msg, "refused"));
    assert_null(strstr(msg, "secret-pw"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_become_dollars),
        cmocka_unit_test(test_quoted_text_is_left_alone),
        cmocka_unit_test(test_bad_numbering_is_refused),
        cmocka_unit_test(test_unreachable_server_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
