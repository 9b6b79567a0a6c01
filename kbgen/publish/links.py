"""Contacts customers can tap: the link of a web address, an e-mail address, a phone number, a
WhatsApp number or a social handle, derived from a channel's `kind` and `contact`."""

from __future__ import annotations

import re

from kbgen.read.schema import Channel

PHONE_RE = re.compile(r"\+?[\d\s().-]{7,}")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", flags=re.I)
URL_RE = re.compile(r"https?://\S+")
# Social networks whose profile address follows from a handle ("@name"), by the channel's ID or name.
SOCIAL = {
    "facebook": "https://www.facebook.com/{}",
    "instagram": "https://www.instagram.com/{}/",
    "tiktok": "https://www.tiktok.com/@{}",
    "twitter": "https://x.com/{}",
}


def tel_digits(number: str) -> str:
    """A phone number as a tel: link wants it: digits and a leading +."""
    return re.sub(r"[^\d+]", "", number)


def is_phone(contact: str) -> bool:
    """Whether a contact is a phone number ("01 8000 123 456", "+57 300 555 0100")."""
    return bool(PHONE_RE.fullmatch(contact)) and len(tel_digits(contact)) >= 7


def contact_href(contact: str, kind: str = "voice", names: tuple[str, ...] = ()) -> str | None:
    """Where tapping a contact leads, or None when it is not reachable by a link (a postal address,
    "Google Play · App Store"): web addresses as they are, e-mail by `mailto:`, phone numbers by
    `tel:`, a messaging number by WhatsApp's `wa.me` when the channel (its ID or `names`) says
    WhatsApp (else `sms:`), and a social handle by its network's profile address."""
    if URL_RE.fullmatch(contact):
        return contact
    if EMAIL_RE.fullmatch(contact):
        return f"mailto:{contact}"
    said = " ".join(names).lower()
    if is_phone(contact):
        digits = tel_digits(contact)
        if kind == "messaging":
            return f"https://wa.me/{digits.lstrip('+')}" if "whatsapp" in said else f"sms:{digits}"
        return f"tel:{digits}"
    menu = re.fullmatch(r"(.+?)\s*›.*", contact)  # an automated menu's option: "01 8000 123 456 › 1"
    if menu and is_phone(menu.group(1)):
        return f"tel:{tel_digits(menu.group(1))}"
    handle = re.fullmatch(r"@([\w.]+)", contact)
    if kind == "social" and handle:
        network = next((n for n in SOCIAL if n in said or (n == "twitter" and re.search(r"\bx\b", said))), None)
        if network:
            return SOCIAL[network].format(handle.group(1))
    return None


def channel_href(channel: Channel, contact: str) -> str | None:
    """`contact_href` for one of a channel's contacts, the channel's ID and names telling the network."""
    return contact_href(contact, channel.kind, (channel.id, *channel.name.values.values()))


def markdown_escape(text: str) -> str:
    """A contact as Markdown link text or a table cell shows it literally."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]")


def contact_link(contact: str, href: str | None) -> str:
    """A contact as Markdown: a link to `href`, or the words alone without one."""
    text = markdown_escape(contact)
    return f"[{text}]({href})" if href else text


# Where a person answers, in the order customers are offered them: a voice first, then writing.
PERSON_KINDS = (
    "voice",
    "messaging",
    "chat",
    "email",
    "web-form",
    "social",
    "assisted",
    "in-person",
    "textphone",
    "relay",
    "sign-language",
)


def by_reach(channels: list[Channel]) -> list[Channel]:
    """Channels in the order customers are offered them: where a person answers first (voice, then
    messaging, chat, e-mail…), the lines open to every customer before those of some segments,
    then the rest (self-service, status pages, post) in the editors' order, and last the channels
    we only reach customers through (outbound)."""

    def rank(item: tuple[int, Channel]) -> tuple[int, int, int, int]:
        index, channel = item
        kind = PERSON_KINDS.index(channel.kind) if channel.kind in PERSON_KINDS else len(PERSON_KINDS)
        # The channels we reach customers through (outbound) come after every way to reach us
        return (1 if channel.outbound else 0, kind, 1 if channel.segments else 0, index)

    return [c for _, c in sorted(enumerate(channels), key=rank)]


def people(channels: list[Channel]) -> list[Channel]:
    """The channels where a person answers every customer, by `by_reach`, with a contact to tap."""
    return [
        c for c in by_reach(channels) if c.kind in PERSON_KINDS and not c.segments and c.contacts and not c.outbound
    ]
