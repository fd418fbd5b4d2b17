# SPDX-License-Identifier: MIT
"""A total deadline for each request (`serve --request-timeout`): a client
that trickles its headers or its body, a byte now and then so that it is
never silent for long, is answered 408 and its connection closed when
the deadline passes - libmicrohttpd's own timeout only measured silence,
so such a client held its connection for ever.  And a flood of them from
one address starves that address for no longer than the deadline: the
per-address limit counts only connections not yet past it."""

import json
import select
import socket
import threading
import time

from tests.api.server import ApiTestCase

DEADLINE = 3
# Generous for a loaded machine: the sweeper looks every 250 ms.
SLACK = 6
TICK = 0.5  # a trickling client is never silent for longer


class Trickler:
    """A connection that sends 'head' and then one byte of 'drip' every
    TICK seconds, reading what comes back, until the server closes it."""

    def __init__(self, port, source, head, drip):
        self.sock = socket.socket()
        self.sock.settimeout(5)
        self.sock.bind((source, 0))
        self.sock.connect(("127.0.0.1", port))
        self.sock.setblocking(False)
        self.pending = head
        self.drip = drip
        self.received = b""
        self.closed_at = None
        self.started = time.monotonic()

    def step(self):
        """Send what is due and read what came; False once closed."""
        if self.closed_at is not None:
            return False
        try:
            while True:
                b = self.sock.recv(65536)
                if not b:
                    return self._closed()
                self.received += b
        except BlockingIOError:
            pass
        except OSError:
            return self._closed()
        try:
            if self.pending:
                n = self.sock.send(self.pending)
                self.pending = self.pending[n:]
            elif self.drip:
                self.sock.send(self.drip[:1])
                self.drip = self.drip[1:]
        except BlockingIOError:
            pass
        except OSError:
            return self._closed()
        return True

    def _closed(self):
        self.closed_at = time.monotonic()
        self.sock.close()
        return False

    def close(self):
        if self.closed_at is None:
            self.sock.close()


def trickle(ticklers, until):
    """Step every trickler each TICK until all are closed or 'until'."""
    while time.monotonic() < until:
        alive = [t for t in ticklers if t.step()]
        if not alive:
            return
        socks = [t.sock for t in alive]
        select.select(socks, [], [], TICK)


HEADERS = (b"GET /healthz HTTP/1.1\r\nHost: x\r\n",
           b"X-Slow: " + b"a" * 200 + b"\r\n\r\n")


class DeadlineTest(ApiTestCase):

    serve_args = ("--request-timeout", str(DEADLINE))

    def body_of_408(self, data):
        head, _, body = data.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 408 "), data)
        self.assertIn(b"connection: close", head.lower())
        err = json.loads(body.decode("utf-8"))["error"]
        self.assertEqual(err["code"], "request_timeout")
        return err

    def test_trickled_headers_get_408_and_are_closed(self):
        t = Trickler(self.server.port, "127.0.0.1", *HEADERS)
        try:
            trickle([t], time.monotonic() + DEADLINE + SLACK)
        finally:
            t.close()
        self.assertIsNotNone(t.closed_at, "still open after the deadline")
        self.assertGreaterEqual(t.closed_at - t.started, DEADLINE - 0.5)
        self.assertLess(t.closed_at - t.started, DEADLINE + SLACK)
        # Never silent for the idle timeout: the deadline closed it.
        self.assertTrue(t.drip, "sent every byte before the deadline")
        self.body_of_408(t.received)

    def test_trickled_body_gets_408_and_is_closed(self):
        head = (b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\n"
                b"Content-Length: 300\r\n\r\n{")
        t = Trickler(self.server.port, "127.0.0.1", head, b" " * 200)
        try:
            trickle([t], time.monotonic() + DEADLINE + SLACK)
        finally:
            t.close()
        self.assertIsNotNone(t.closed_at, "still open after the deadline")
        self.assertLess(t.closed_at - t.started, DEADLINE + SLACK)
        self.assertTrue(t.drip, "sent every byte before the deadline")
        self.body_of_408(t.received)

    def test_a_flood_of_slow_connections_does_not_starve_the_address(self):
        src = "127.0.0.61"
        flood = []
        try:
            for _ in range(72):
                try:
                    flood.append(Trickler(self.server.port, src, *HEADERS))
                except OSError:
                    pass
            stop = time.monotonic() + DEADLINE + 2 * SLACK
            runner = threading.Thread(target=trickle, args=(flood, stop))
            runner.start()
            started = time.monotonic()
            ok = None
            while ok is None and time.monotonic() < stop:
                try:
                    r = self.server.send("GET", "/healthz", source=src,
                                         timeout=DEADLINE + SLACK)
                    if r.status == 200:
                        ok = time.monotonic() - started
                except OSError:
                    time.sleep(0.2)
                except Exception:  # http.client: refused mid-answer
                    time.sleep(0.2)
            runner.join()
        finally:
            for t in flood:
                t.close()
        self.assertIsNotNone(ok, "the address stayed locked out")
        self.assertLess(ok, DEADLINE + SLACK)
        # The flood was shut down by the deadline, not by running out.
        closed = [t for t in flood if t.closed_at is not None]
        self.assertGreaterEqual(len(closed), 64)
        for t in closed:
            self.assertLess(t.closed_at - t.started, DEADLINE + SLACK)

    def test_a_prompt_request_on_a_kept_alive_connection_is_served(self):
        # The deadline restarts after each answer: two requests a second
        # apart on one connection are both answered.
        c = socket.create_connection(("127.0.0.1", self.server.port),
                                     timeout=10)
        try:
            for _ in range(2):
                c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                data = b""
                while b"}" not in data:
                    b = c.recv(65536)
                    self.assertTrue(b, data)
                    data += b
                self.assertTrue(data.startswith(b"HTTP/1.1 200 "), data)
                time.sleep(DEADLINE / 2)
        finally:
            c.close()

    def test_the_option_is_checked(self):
        for bad in ("0", "3601", "x"):
            p = self.server.kz("serve", "--request-timeout", bad)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn(b"--request-timeout", p.stderr)
