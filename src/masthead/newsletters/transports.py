"""Handing one edition mail to the mail system, with the delivery recorded exactly once.

The hard case is a worker killed while sending. If it records a delivery only
after the server accepted the mail, a kill in between sends that mail twice on
restart; if it records first, a kill in between loses it. Over SMTP this module
avoids both: it transmits the whole message *except* the final ``.`` that tells
the server the message is complete, then commits the delivery record, then sends
the ``.``. A worker killed before the commit leaves the server an unfinished
message, which SMTP servers discard, and the record still says "pending"; one
killed after the commit has already handed over everything but three bytes.
(What remains is the instant between the commit and writing those three bytes
to the socket; see docs/newsletters.md.)

Any other Django e-mail backend (an ESP through django-anymail, the file
backend of the demo) is used through its ordinary ``send_messages``; there the
record is written right after the backend returns, so a kill in that instant can
repeat one message. ESP message ids are kept, to match bounce webhooks.
"""

import contextlib
import smtplib
import socket
from collections.abc import Callable

from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

CRLF = b"\r\n"


class RecipientRefused(Exception):
    """The server refused this one message; the others can still go."""


class Outcome:
    SENT = "sent"
    ABANDONED = "abandoned"  # the record could not be claimed: someone else sent it


Commit = Callable[[str], bool]  # given the provider message id; False if not claimed


def smtp_data(message_bytes: bytes) -> bytes:
    """The DATA payload: CRLF line ends and dot-stuffing, *without* the terminating dot.

    Plain ``bytes.replace`` rather than regular expressions: this runs once per
    mail, on every byte of it.
    """
    data = message_bytes.replace(CRLF, b"\n").replace(b"\r", b"\n").replace(b"\n", CRLF)
    data = data.replace(CRLF + b".", CRLF + b"..")
    if data.startswith(b"."):
        data = b"." + data
    if not data.endswith(CRLF):
        data += CRLF
    return data


class SMTPTransport:
    """Django's SMTP backend opens and authenticates the connection; sending is done here."""

    exactly_once = True

    def __init__(self, backend: SMTPBackend):
        self.backend = backend

    def open(self) -> None:
        self.backend.open()
        sock = getattr(self.backend.connection, "sock", None)
        if sock is not None:
            # The final "." goes in a write of its own; without this, Nagle's algorithm
            # holds it back until the server's delayed ACK, some 40 ms per message.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        # The connection may already be gone (server hung up); closing is then moot.
        with contextlib.suppress(Exception):
            self.backend.close()

    def abort(self) -> None:
        """Drop the connection mid-message, so the server discards what it got."""
        connection = self.backend.connection
        self.backend.connection = None
        if connection is not None and connection.sock is not None:
            connection.close()

    def send(self, mail, commit: Commit) -> tuple[str, str]:
        """Send ``mail`` (a :class:`~.mail.PersonalMail`), committing its record before the "."."""
        smtp = self.backend.connection
        if smtp is None:
            self.open()
            smtp = self.backend.connection
        try:
            data = smtp_data(mail.as_bytes())
        except ValueError as error:  # an address or header that cannot be mailed
            raise RecipientRefused(f"Not sendable: {error}") from None
        smtp.ehlo_or_helo_if_needed()
        for command, argument, accepted in (
            (smtp.mail, mail.envelope_sender, (250,)),
            (smtp.rcpt, mail.envelope_recipient, (250, 251)),
        ):
            code, reply = command(argument)
            if code not in accepted:
                smtp.rset()
                raise RecipientRefused(f"{code} {reply.decode(errors='replace')}")
        smtp.putcmd("data")
        code, reply = smtp.getreply()
        if code != 354:
            smtp.rset()
            raise RecipientRefused(f"{code} {reply.decode(errors='replace')}")
        smtp.send(data)
        if not commit(""):
            self.abort()
            return Outcome.ABANDONED, ""
        smtp.send(b"." + CRLF)
        code, reply = smtp.getreply()
        if code != 250:
            raise RecipientRefused(f"{code} {reply.decode(errors='replace')}")
        return Outcome.SENT, ""


class BackendTransport:
    """Any other Django backend: send, then record (at-least-once for the message in flight)."""

    exactly_once = False

    def __init__(self, backend):
        self.backend = backend

    def open(self) -> None:
        self.backend.open()

    def close(self) -> None:
        self.backend.close()

    def abort(self) -> None:
        self.close()

    def send(self, mail, commit: Commit) -> tuple[str, str]:
        try:
            message = mail.as_django_message(connection=self.backend)
        except ValueError as error:
            raise RecipientRefused(f"Not sendable: {error}") from None
        if not self.backend.send_messages([message]):
            raise RecipientRefused("The e-mail backend did not accept the message.")
        status = getattr(message, "anymail_status", None)
        provider_id = str(getattr(status, "message_id", "") or "")[:255] if status else ""
        if not commit(provider_id):
            return Outcome.ABANDONED, provider_id
        return Outcome.SENT, provider_id


def open_transport():
    """The transport for the configured EMAIL_BACKEND."""
    backend = get_connection(fail_silently=False)
    if isinstance(backend, SMTPBackend):
        return SMTPTransport(backend)
    return BackendTransport(backend)


CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPException, OSError)
