# SPDX-License-Identifier: MIT
"""Request framing (RFC 9112 section 6.3): a request whose body length is
ambiguous - two Content-Length headers, equal or not, or Content-Length
with Transfer-Encoding - is refused with 400 and its connection closed
before any of its body is read, so that nothing in the body is ever
parsed as a second request (request smuggling).  libmicrohttpd took the
first Content-Length (or the chunked encoding) and served the rest of
the body as another request.  Raw sockets: http.client would not send
such requests."""

import json
import socket

from tests.api.server import ApiTestCase

# What a smuggler hides in the body: a request of its own.
INNER = (b"GET /api/v1/smuggled HTTP/1.1\r\nHost: x\r\n"
         b"Content-Length: 0\r\n\r\n")
BODY = b'{"a":1}'


# The engine behind the store cannot change what these check
# (tests/run_parallel.py).
BACKEND_INDEPENDENT = True

class FramingTest(ApiTestCase):

    def exchange(self, data):
        """Send 'data' on a new connection; return everything the server
        sends until it closes the connection (fails if it does not)."""
        c = socket.create_connection(("127.0.0.1", self.server.port),
                                     timeout=20)
        try:
            c.sendall(data)
            out = b""
            while True:
                try:
                    b = c.recv(65536)
                except socket.timeout:
                    self.fail("connection left open after: %r" % out)
                except ConnectionResetError:
                    break
                if not b:
                    break
                out += b
            return out
        finally:
            c.close()

    def head_of(self, name, length_headers, body):
        return (b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\n" + length_headers +
                b"\r\n" + body)

    def assertRefused(self, out):
        """Exactly one answer, 400 malformed, with Connection: close."""
        self.assertEqual(out.count(b"HTTP/1.1 "), 1, out)
        head, _, body = out.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.assertTrue(lines[0].startswith("HTTP/1.1 400 "), out)
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:])}
        self.assertEqual(headers.get("connection", "").lower(), "close", out)
        err = json.loads(body.decode("utf-8"))["error"]
        self.assertEqual(err["code"], "malformed")
        self.assertNotIn(b"smuggled", out)
        self.assertFalse([e for e in self.server.access_log()
                          if "smuggled" in e["path"]])

    def test_control_pipelined_requests_are_both_answered(self):
        # The probe itself: a well-framed body followed by a second
        # request gets two answers, so a smuggled one would be seen.
        req = (b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
               b"Content-Type: application/json\r\n"
               b"Content-Length: %d\r\n\r\n" % len(BODY) + BODY +
               b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        out = self.exchange(req)
        self.assertEqual(out.count(b"HTTP/1.1 "), 2, out)

    def test_two_different_content_lengths(self):
        body = BODY + INNER
        out = self.exchange(self.head_of(
            "cl", b"Content-Length: %d\r\nContent-Length: %d\r\n" %
            (len(BODY), len(body)), body))
        self.assertRefused(out)

    def test_two_equal_content_lengths(self):
        out = self.exchange(self.head_of(
            "cl", b"Content-Length: 7\r\nContent-Length: 7\r\n",
            BODY + INNER))
        self.assertRefused(out)

    def test_content_length_then_transfer_encoding(self):
        # Chunked, the body ends at once and INNER would come next; by
        # Content-Length, INNER is part of the body.
        body = b"0\r\n\r\n" + INNER
        out = self.exchange(self.head_of(
            "clte", b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" %
            len(body), body))
        self.assertRefused(out)

    def test_transfer_encoding_then_content_length(self):
        body = b"0\r\n\r\n" + INNER
        out = self.exchange(self.head_of(
            "tecl", b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
            body))
        self.assertRefused(out)

    def test_duplicate_length_on_a_get_is_refused_too(self):
        out = self.exchange(
            b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
            b"content-length: 0\r\n\r\n" + INNER)
        self.assertRefused(out)

    def test_one_transfer_encoding_alone_is_fine(self):
        req = (b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
               b"Content-Type: application/json\r\nConnection: close\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n" +
               b"%x\r\n" % len(BODY) + BODY + b"\r\n0\r\n\r\n")
        out = self.exchange(req)
        self.assertEqual(out.count(b"HTTP/1.1 "), 1, out)
        self.assertTrue(out.startswith(b"HTTP/1.1 422 "), out)
