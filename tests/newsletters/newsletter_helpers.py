"""Test helpers: a real SMTP server (aiosmtpd) on a free loopback port, and links in mails."""

import email
import email.policy
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from servers import free_port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)

    def part(self, subtype: str) -> str:
        return self.message.get_body(preferencelist=(subtype,)).get_content()


@dataclass
class SinkHandler:
    """Accepts every message; ``refuse`` lists recipients to answer 550 at RCPT."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
            )
        return "250 Message accepted"

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if address in r.recipients]

    def counts(self) -> Counter:
        with self.lock:
            return Counter(rcpt for r in self.received for rcpt in r.recipients)


class SMTPSink:
    def __init__(self, handler: SinkHandler | None = None):
        self.handler = handler or SinkHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SMTPSink":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        return self.handler.received


def link_in(text: str, kind: str, base: str = "http://testserver") -> str:
    """The first absolute link of ``kind`` (confirm, manage, unsubscribe) in a mail's text."""
    match = re.search(rf"{re.escape(base)}/newsletters/{kind}/[^\s/]+/", text)
    assert match, f"No {kind} link in:\n{text}"
    return match.group(0)


def mail_through(settings, sink: "SMTPSink") -> None:
    """Django's SMTP backend, pointed at ``sink`` with no TLS or login."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
