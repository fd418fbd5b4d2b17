# SPDX-License-Identifier: MIT
"""dbaccess - the tests' side door into a kizuki database, on either
engine.

A test run uses SQLite files unless KIZUKI_TEST_BACKEND=postgresql and
KIZUKI_TEST_PG=<URI of a cluster> are set (`make api-test-pg`,
`make cli-test-pg`): then every test's store is a fresh database of that
cluster, made by create_database() and dropped by drop_database().

Database(path_or_uri) reads, writes and tampers with the store behind
kizuki's back, as an attacker or an administrator with a SQL shell would,
with the same SQL on both engines where the dialects agree: SQLite's '?'
parameters are translated for psycopg2 (Debian's python3-psycopg2, needed
only on PostgreSQL runs).
"""

import os
import sqlite3
import unittest

PG_URI = (os.environ.get("KIZUKI_TEST_PG")
          if os.environ.get("KIZUKI_TEST_BACKEND") == "postgresql" else None)


def on_postgres():
    """Do the stores of this run live in PostgreSQL?"""
    return PG_URI is not None


def sqlite_only(why):
    """Skip a test or class on PostgreSQL runs: it is about SQLite's file
    (its creation, its backup, its pages), not about behaviour."""
    return unittest.skipIf(on_postgres(), "SQLite only: " + why)


def is_uri(db):
    return db.startswith("postgresql://") or db.startswith("postgres://")


def uri_with_dbname(uri, name):
    """'uri' (postgresql://[user@][host][/dbname][?params]) naming the
    database 'name' instead of its own."""
    scheme, rest = uri.split("://", 1)
    query = ""
    if "?" in rest:
        rest, query = rest.split("?", 1)
        query = "?" + query
    authority = rest.split("/", 1)[0]
    return "%s://%s/%s%s" % (scheme, authority, name, query)


def pg_connect(uri):
    import psycopg2  # only on PostgreSQL runs
    con = psycopg2.connect(uri)
    con.autocommit = True
    return con


_seq = [0]


def create_database(prefix="kzp"):
    """A fresh, empty database on the cluster: (name, uri)."""
    _seq[0] += 1
    name = "%s_%d_%d_%s" % (prefix, os.getpid(), _seq[0],
                            os.urandom(3).hex())
    con = pg_connect(PG_URI)
    try:
        con.cursor().execute("CREATE DATABASE %s" % name)
    finally:
        con.close()
    return name, uri_with_dbname(PG_URI, name)


def drop_database(name):
    con = pg_connect(PG_URI)
    try:
        con.cursor().execute("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
    finally:
        con.close()


def pg_sql(sql):
    """SQLite's '?' parameters as psycopg2's '%s' (and a literal '%'
    doubled): the tests' SQL has no '?' inside its literals."""
    return sql.replace("%", "%%").replace("?", "%s")


class Database:
    """The store at 'db' (a SQLite file or a postgresql:// URI)."""

    def __init__(self, db):
        self.db = db
        self.pg = is_uri(db)

    def _pg(self, statements, read, bypass=False):
        con = pg_connect(self.db)
        con.autocommit = False
        try:
            cur = con.cursor()
            if bypass:
                cur.execute("SET LOCAL session_replication_role = replica")
            out = None
            for sql, args in statements:
                if args:
                    cur.execute(pg_sql(sql), tuple(args))
                else:
                    cur.execute(sql)
                out = ([tuple(r) for r in cur.fetchall()] if read
                       else cur.rowcount)
            con.commit()
            return out
        finally:
            con.close()

    def read(self, sql, args=()):
        """The rows of 'sql', as tuples."""
        if self.pg:
            return self._pg([(sql, args)], True)
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True,
                              timeout=10)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def read_many(self, statements):
        """The rows of each SQL text of 'statements' (no parameters), read
        in one connection and, on PostgreSQL, one snapshot: a new server
        connection costs tens of milliseconds, and a test asks for a
        count of every table after every request it refuses."""
        if self.pg:
            con = pg_connect(self.db)
            con.autocommit = False
            try:
                cur = con.cursor()
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                out = []
                for sql in statements:
                    cur.execute(sql)
                    out.append([tuple(r) for r in cur.fetchall()])
                con.commit()
                return out
            finally:
                con.close()
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True,
                              timeout=10)
        try:
            return [con.execute(sql).fetchall() for sql in statements]
        finally:
            con.close()

    def write(self, sql, args=()):
        """Run one changing statement; returns the rows changed."""
        if self.pg:
            return self._pg([(sql, args)], False)
        con = sqlite3.connect(self.db, timeout=10)
        try:
            n = con.execute(sql, args).rowcount
            con.commit()
            return n
        finally:
            con.close()

    def tamper(self, statements):
        """Run [(sql, args), ...] in one transaction with the append-only
        guards (triggers) off."""
        if self.pg:
            self._pg(statements, False, bypass=True)
            return
        con = sqlite3.connect(self.db, timeout=10)
        try:
            triggers = con.execute("SELECT name, sql FROM sqlite_schema"
                                   " WHERE type = 'trigger'").fetchall()
            con.execute("BEGIN")
            for name, _ in triggers:
                con.execute('DROP TRIGGER "%s"' % name)
            for sql, args in statements:
                con.execute(sql, args)
            for _, sql in triggers:
                con.execute(sql)
            con.commit()
        finally:
            con.close()

    def tables(self):
        """The names of the store's tables."""
        if self.pg:
            rows = self.read("SELECT table_name FROM information_schema"
                             ".tables WHERE table_schema = current_schema()"
                             " AND table_type = 'BASE TABLE'")
        else:
            rows = self.read("SELECT name FROM sqlite_schema WHERE type ="
                             " 'table' AND name NOT LIKE 'sqlite_%'")
        return sorted(r[0] for r in rows)

    def tables_with_column(self, column):
        """The names of the tables that have a column 'column'."""
        if self.pg:
            rows = self.read(
                "SELECT table_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND column_name = ?",
                (column,))
        else:
            rows = self.read(
                "SELECT m.name FROM sqlite_schema m,"
                " pragma_table_info(m.name) p WHERE m.type = 'table'"
                " AND p.name = ?", (column,))
        return sorted(r[0] for r in rows)

    def dump(self):
        """The whole database as text, for comparing before and after:
        SQLite's own dump (schema included); on PostgreSQL every row of
        every table in order."""
        if not self.pg:
            con = sqlite3.connect(str(self.db))
            try:
                return "\n".join(con.iterdump())
            finally:
                con.close()
        lines = []
        tables = self.tables()
        for t, rows in zip(tables, self.read_many(
                ["SELECT * FROM %s ORDER BY 1" % t for t in tables])):
            for row in rows:
                lines.append("%s %r" % (t, row))
        return "\n".join(lines)
