"""Building the mails themselves: headers, addresses, the HTML and text parts.

Every mail carries ``List-Unsubscribe`` with a one-click URL and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058), and a visible
unsubscribe link in both parts. Subjects are folded onto one line and names
were checked when typed; Django's mail classes refuse any header containing a
line break on top of that, so no reader or editor text can add a header.
"""

from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import sanitize_address
from django.utils.translation import gettext as _

from . import links
from .addresses import clean_subject
from .languages import written_in
from .mime import MailTemplate
from .rendering import branding, personalise, render_mail


def newsletter_address() -> str:
    return getattr(settings, "NEWSLETTER_FROM_EMAIL", "") or settings.DEFAULT_FROM_EMAIL


def from_address() -> str:
    """``"The Meridian Weekly" <newsroom@…>``: the newsroom's name on its newsletter address."""
    return formataddr((branding().site_name, newsletter_address()))


def message_id_domain() -> str:
    return newsletter_address().rsplit("@", 1)[-1].strip("> ") or "localhost"


def to_address(email: str, name: str = "") -> str:
    return formataddr((name, email)) if name else email


def unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def build_message(
    *,
    subject: str,
    text: str,
    html: str,
    to: str,
    headers: dict[str, str],
    sender: str | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=clean_subject(subject),
        body=text,
        from_email=sender or from_address(),
        to=[to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


# Notices to one reader -------------------------------------------------------


def send_confirmation(subscriber, newsletters: list, name: str = "") -> None:
    """The double opt-in mail: one signed, expiring link confirms every list asked for.

    Written in the reader's edition, with links to its pages (``languages``).
    """
    with written_in(subscriber.language):
        _send_confirmation(subscriber, newsletters, name)


def _send_confirmation(subscriber, newsletters: list, name: str) -> None:
    confirm_url = links.confirm_url(subscriber.key, [n.pk for n in newsletters], name)
    unsubscribe_url = links.unsubscribe_url(subscriber.key, None)
    context = {
        "email": subscriber.email,
        "newsletters": newsletters,
        "confirm_url": confirm_url,
        "unsubscribe_url": unsubscribe_url,
        "valid_days": links.confirmation_max_age().days,
    }
    html, text = render_mail("confirm", context)
    build_message(
        subject=_("Confirm your subscription to %(site)s") % {"site": branding().site_name},
        text=text,
        html=html,
        to=to_address(subscriber.email, name or subscriber.name),
        headers=unsubscribe_headers(unsubscribe_url),
    ).send()


def send_manage_link(subscriber, already_subscribed: bool) -> None:
    """The preference-centre link, for a reader who asked for it or signed up twice."""
    with written_in(subscriber.language):
        _send_manage_link(subscriber, already_subscribed)


def _send_manage_link(subscriber, already_subscribed: bool) -> None:
    preferences_url = links.manage_url(subscriber.key)
    unsubscribe_url = links.unsubscribe_url(subscriber.key, None)
    context = {
        "email": subscriber.email,
        "already_subscribed": already_subscribed,
        "preferences_url": preferences_url,
        "unsubscribe_url": unsubscribe_url,
    }
    html, text = render_mail("manage_link", context)
    build_message(
        subject=_("Your %(site)s newsletters") % {"site": branding().site_name},
        text=text,
        html=html,
        to=to_address(subscriber.email, subscriber.name),
        headers=unsubscribe_headers(unsubscribe_url),
    ).send()


# Editions ------------------------------------------------------------------


@dataclass
class PersonalMail:
    """One recipient's copy of an edition, as raw bytes (SMTP) or a Django message (others)."""

    mailer: "EditionMailer"
    delivery_id: int
    email: str
    name: str
    unsubscribe_url: str
    preferences_url: str

    @property
    def envelope_sender(self) -> str:
        return self.mailer.envelope_sender

    @property
    def envelope_recipient(self) -> str:
        return sanitize_address(self.email, "utf-8")

    @property
    def message_id(self) -> str:
        # A fixed Message-ID per delivery: a receiving system can spot any duplicate.
        edition = self.mailer.edition
        return f"<edition-{edition.pk}.delivery-{self.delivery_id}@{self.mailer.domain}>"

    def text(self) -> str:
        return personalise(
            self.mailer.edition.text_body, self.unsubscribe_url, self.preferences_url
        )

    def html(self) -> str:
        return personalise(
            self.mailer.edition.html_body, self.unsubscribe_url, self.preferences_url
        )

    def as_bytes(self) -> bytes:
        return self.mailer.template.render(
            to=to_address(self.email, self.name),
            message_id=self.message_id,
            unsubscribe_url=self.unsubscribe_url,
            text=self.text(),
            html=self.html(),
        )

    def as_django_message(self, connection=None) -> EmailMultiAlternatives:
        headers = unsubscribe_headers(self.unsubscribe_url)
        headers["List-Id"] = self.mailer.list_id
        headers["Message-ID"] = self.message_id
        return build_message(
            subject=self.mailer.edition.subject,
            text=self.text(),
            html=self.html(),
            to=to_address(self.email, self.name),
            headers=headers,
            sender=self.mailer.sender,
            connection=connection,
        )


class EditionMailer:
    """Builds one edition's mail for each recipient from the edition's frozen rendering."""

    def __init__(self, edition):
        self.edition = edition
        self.sender = from_address()
        self.envelope_sender = sanitize_address(newsletter_address(), "utf-8")
        self.domain = message_id_domain()
        self.list_id = clean_subject(
            f"{edition.newsletter.name} <{edition.newsletter.slug}.{self.domain}>"
        )
        self.template = MailTemplate.build(
            subject=clean_subject(edition.subject), sender=self.sender, list_id=self.list_id
        )

    def mail_for(
        self, delivery_id: int, key: str, email: str, name: str, language: str = ""
    ) -> PersonalMail:
        """One recipient's copy; its links lead to the pages of the reader's edition."""
        with written_in(language):
            unsubscribe_url = links.unsubscribe_url(
                key, self.edition.newsletter_id, self.edition.pk
            )
            preferences_url = links.manage_url(key)
        return PersonalMail(
            mailer=self,
            delivery_id=delivery_id,
            email=email,
            name=name,
            unsubscribe_url=unsubscribe_url,
            preferences_url=preferences_url,
        )


def send_test_edition(edition, address: str) -> None:
    """The edition as it will go out, to one address, with links that lead nowhere personal."""
    from .rendering import render_edition

    rendered = render_edition(edition)
    signup_page = links.absolute_url("/newsletters/")
    build_message(
        subject=f"[Test] {edition.subject}",
        text=personalise(rendered.text, signup_page, signup_page),
        html=personalise(rendered.html, signup_page, signup_page),
        to=address,
        headers=unsubscribe_headers(signup_page),
        connection=get_connection(),
    ).send()
