"""Edition mails as raw bytes, fast: what every recipient shares is encoded once.

Building each of 100,000 mails with Django's ``EmailMultiAlternatives`` spends
most of its time in Python's ``email`` package re-encoding the same headers and
bodies. Here the shared headers (Subject, From, List-Id…) are encoded once by
the ``email`` package itself, with its SMTP policy (which refuses line breaks
in header values), and each recipient's mail only adds its own To, Message-ID
and List-Unsubscribe lines and its own links in the bodies, which are encoded
with the C quoted-printable encoder. The result is the same MIME structure
Django produces (multipart/alternative, text then HTML, UTF-8).
"""

import binascii
import secrets
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate

from django.core.mail.message import sanitize_address

CRLF = "\r\n"


class UnsafeHeader(ValueError):
    """A per-recipient header value contained a line break."""


def _one_line(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise UnsafeHeader("Header values cannot contain line breaks.")
    return value


def _quoted_printable(text: str) -> str:
    encoded = binascii.b2a_qp(text.replace("\r\n", "\n").encode("utf-8"), istext=True)
    return encoded.decode("ascii").replace("\n", CRLF)


@dataclass(frozen=True)
class MailTemplate:
    """The parts of an edition's mail that are the same for every recipient."""

    shared_headers: str
    boundary: str

    @classmethod
    def build(cls, *, subject: str, sender: str, list_id: str) -> "MailTemplate":
        head = EmailMessage(policy=policy.SMTP)
        head["Subject"] = subject
        head["From"] = sender
        head["Date"] = formatdate(usegmt=True)
        head["List-Id"] = list_id
        head["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        head["MIME-Version"] = "1.0"
        headers = head.as_bytes().decode("ascii").split(CRLF + CRLF, 1)[0]
        return cls(shared_headers=headers, boundary="=_masthead_" + secrets.token_hex(12))

    def render(
        self, *, to: str, message_id: str, unsubscribe_url: str, text: str, html: str
    ) -> bytes:
        """The whole mail for one recipient, CRLF line ends, 7-bit clean."""
        to_header = _one_line(sanitize_address(to, "utf-8"))
        lines = [
            self.shared_headers,
            f"To: {to_header}",
            f"Message-ID: {_one_line(message_id)}",
            f"List-Unsubscribe: <{_one_line(unsubscribe_url)}>",
            f'Content-Type: multipart/alternative; boundary="{self.boundary}"',
            "",
            f"--{self.boundary}",
            'Content-Type: text/plain; charset="utf-8"',
            "Content-Transfer-Encoding: quoted-printable",
            "",
            _quoted_printable(text),
            f"--{self.boundary}",
            'Content-Type: text/html; charset="utf-8"',
            "Content-Transfer-Encoding: quoted-printable",
            "",
            _quoted_printable(html),
            f"--{self.boundary}--",
            "",
        ]
        return CRLF.join(lines).encode("ascii")
