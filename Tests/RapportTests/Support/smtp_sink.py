#!/usr/bin/env python3
"""A real SMTP server for the outbound tests: stores each envelope it accepts in DIR as
N.from, N.to (one recipient a line) and N.eml (the DATA bytes exactly as received, after
un-dot-stuffing). Options: --tls-cert/--tls-key for STARTTLS (required), --user/--password for
AUTH (required), --implicit-tls for TLS from the first byte, --login-only to offer only AUTH LOGIN, --reply "451 ..." or "550 ..." to refuse every message with that answer.
Prints "READY" once it listens."""
import argparse, asyncio, os, ssl, sys, time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--tls-cert")
parser.add_argument("--tls-key")
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--reply")
parser.add_argument("--implicit-tls", action="store_true")
parser.add_argument("--login-only", action="store_true")
args = parser.parse_args()

class Sink:
    count = 0
    async def handle_DATA(self, server, session, envelope):
        if args.reply:
            return args.reply
        Sink.count += 1
        base = os.path.join(args.dir, "%d" % Sink.count)
        with open(base + ".eml.part", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".from", "w") as f:
            f.write(envelope.mail_from)
        with open(base + ".to", "w") as f:
            f.write("\n".join(envelope.rcpt_tos))
        os.rename(base + ".eml.part", base + ".eml")
        return "250 OK stored %d" % Sink.count

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
    if ok:
        with open(os.path.join(args.dir, "auth.log"), "a") as f:
            f.write(mechanism + "\n")
    return AuthResult(success=ok)

kwargs = {}
if args.tls_cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.tls_cert, args.tls_key)
    if args.implicit_tls:
        kwargs.update(ssl_context=context)
    else:
        kwargs.update(tls_context=context, require_starttls=True)
if args.user:
    kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.tls_cert) and not args.implicit_tls)
    if args.login_only:
        kwargs.update(auth_exclude_mechanism=["PLAIN"])
if args.port == 0:
    import socket
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    args.port = probe.getsockname()[1]
    probe.close()
controller = Controller(Sink(), hostname="127.0.0.1", port=args.port, decode_data=False, **kwargs)
controller.start()
print("READY %d" % args.port, flush=True)
try:
    sys.stdin.read()
finally:
    controller.stop()
