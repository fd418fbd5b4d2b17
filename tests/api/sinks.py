# SPDX-License-Identifier: MIT
"""sinks - local receivers for what kizuki sends, on loopback.

SmtpSink is an aiosmtpd Controller on 127.0.0.1 with a port the kernel
picks; it keeps every message it accepts (envelope, headers and the body
decoded from its base64 UTF-8 MIME part).  WebhookReceiver is a threaded
http.server that keeps the path, headers and body of every POST, and can
be told to hold requests (a receiver that stalls or never answers) or to
answer with an error status.

Debian's python3-aiosmtpd and the standard library only.
"""

import base64
import email
import email.policy
import http.server
import json
import logging
import os
import ssl
import tempfile
import threading
import time

from aiosmtpd.controller import Controller


# A self-signed certificate for 127.0.0.1 (test only, valid to 2126):
# what an SMTP server offering STARTTLS with a certificate nobody trusts
# presents.
SELF_SIGNED_CERT = """\
-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUGSRs0uH1oyEhB5MuGRVOFwRdRzkwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMzAxMTQwMFoYDzIxMjYxMDMw
MDExNDAwWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAThW3Rg/V8FC5ECzONnMOURcEozOqjYNNyCgdBtyLqV3EYyy34Nnoq+
8sqUe/y76HdqPgc3dhdWExpKy9FOMrdlo2QwYjAdBgNVHQ4EFgQUO3G0ZHof9Ccz
zraGfKtoX88IDOUwHwYDVR0jBBgwFoAUO3G0ZHof9CczzraGfKtoX88IDOUwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IQDtE5ZscLWRY9HMna1AU56fxs+am+gyGXnNwPAaXYolLgIgGM2imWvfjQkkujdF
3J/Fnso3yh2LQupBR4Db5MTI0vY=
-----END CERTIFICATE-----
"""
SELF_SIGNED_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyJZ5tyaCujH3p55C
cqv4pSL2fTIrp/M6ye5eyK+zMN6hRANCAAThW3Rg/V8FC5ECzONnMOURcEozOqjY
NNyCgdBtyLqV3EYyy34Nnoq+8sqUe/y76HdqPgc3dhdWExpKy9FOMrdl
-----END PRIVATE KEY-----
"""


def self_signed_context():
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    with tempfile.TemporaryDirectory() as d:
        cert = os.path.join(d, "cert.pem")
        key = os.path.join(d, "key.pem")
        with open(cert, "w") as f:
            f.write(SELF_SIGNED_CERT)
        with open(key, "w") as f:
            f.write(SELF_SIGNED_KEY)
        ctx.load_cert_chain(cert, key)
    return ctx


def wait_until(what, timeout=15.0, interval=0.05, message=None):
    """Call 'what' until it returns something true; return that, or fail
    after 'timeout' seconds."""
    deadline = time.monotonic() + timeout
    while True:
        got = what()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(message or "timed out waiting for %r" % what)
        time.sleep(interval)


class Mail:
    """One message the SMTP sink accepted."""

    def __init__(self, envelope):
        self.mail_from = envelope.mail_from
        self.rcpt_tos = list(envelope.rcpt_tos)
        raw = envelope.original_content or envelope.content
        self.raw = raw if isinstance(raw, bytes) else raw.encode("utf-8")
        self.message = email.message_from_bytes(self.raw,
                                                policy=email.policy.default)
        self.subject = str(self.message.get("Subject", ""))
        self.message_id = str(self.message.get("Message-ID", ""))
        self.idem_key = str(self.message.get("X-Kizuki-Idempotency-Key", ""))
        self.transfer_encoding = str(
            self.message.get("Content-Transfer-Encoding", "")).lower()
        self.content_type = self.message.get_content_type()
        self.charset = self.message.get_content_charset()
        # Decoded by hand, as a mail client would: base64, then UTF-8.
        payload = self.message.get_payload()
        if self.transfer_encoding == "base64":
            self.body = base64.b64decode(payload).decode("utf-8")
        else:
            self.body = payload

    def __repr__(self):
        return "Mail(%s -> %s: %s)" % (self.mail_from, self.rcpt_tos,
                                       self.subject)


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        self.sink._add(Mail(envelope))
        return "250 Message accepted for delivery"


class _Controller(Controller):
    """A Controller that may listen on port 0: the port is read back from
    the socket before the first connection to it."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpSink:
    """starttls=True offers STARTTLS with the self-signed certificate; the
    failed handshakes it then sees are not logged."""

    def __init__(self, starttls=False):
        self.messages = []
        self._cond = threading.Condition()
        tls = {}
        if starttls:
            tls = {"tls_context": self_signed_context(),
                   "require_starttls": False}
            logging.getLogger("mail.log").setLevel(logging.CRITICAL)
            logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        # A fixed name: aiosmtpd would otherwise ask the resolver.
        self._controller = _Controller(_Handler(self), hostname="127.0.0.1",
                                       port=0, server_hostname="sink.test",
                                       **tls)
        self.port = None

    def start(self):
        self._controller.start()
        self.port = self._controller.port
        return self

    def stop(self):
        self._controller.stop()

    @property
    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def _add(self, mail):
        with self._cond:
            self.messages.append(mail)
            self._cond.notify_all()

    def all(self):
        with self._cond:
            return list(self.messages)

    def to(self, address):
        return [m for m in self.all() if address in m.rcpt_tos]

    def about(self, text):
        """Messages whose subject or body mention 'text'."""
        return [m for m in self.all() if text in m.subject or text in m.body]


class Hook:
    """One request the webhook receiver got."""

    def __init__(self, path, headers, body):
        self.path = path
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body.decode("utf-8"))
        except ValueError:
            self.json = None

    @property
    def text(self):
        return self.json.get("text") if isinstance(self.json, dict) else None

    def header(self, name):
        return self.headers.get(name)

    def __repr__(self):
        return "Hook(%s %s)" % (self.path, self.header("Idempotency-Key"))


class WebhookReceiver:
    """Records every POST.  hold(n, seconds) makes the next n requests
    wait (after they were recorded) until release() or 'seconds' pass;
    fail(n, status) answers the next n with 'status'."""

    def __init__(self, port=0):
        self.requests = []
        self._cond = threading.Condition()
        self._hold = 0
        self._hold_seconds = 0.0
        self._fail = 0
        self._fail_status = 500
        self._release = threading.Event()
        self.holding = threading.Event()  # set while a request is held
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                status = receiver._record(
                    Hook(self.path, dict(self.headers.items()), body))
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the sender is gone (killed, timed out)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                                     Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self.httpd.serve_forever,
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self.release()
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def url(self, path="/hook"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def hold(self, n=1, seconds=30.0):
        with self._cond:
            self._release.clear()
            self.holding.clear()
            self._hold = n
            self._hold_seconds = seconds

    def release(self):
        with self._cond:
            self._hold = 0
        self._release.set()

    def fail(self, n=1, status=500):
        with self._cond:
            self._fail = n
            self._fail_status = status

    def _record(self, hook):
        with self._cond:
            self.requests.append(hook)
            self._cond.notify_all()
            held = self._hold > 0
            if held:
                self._hold -= 1
            seconds = self._hold_seconds
            status = 200
            if self._fail > 0:
                self._fail -= 1
                status = self._fail_status
        if held:
            self.holding.set()
            self._release.wait(seconds)
        return status

    def all(self):
        with self._cond:
            return list(self.requests)

    def at(self, path):
        return [h for h in self.all() if h.path == path]

    def about(self, text):
        return [h for h in self.all() if h.text and text in h.text]
