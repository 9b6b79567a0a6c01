"""Contacts customers can tap, derived from a channel's kind and contact, and the order channels
are offered in (where a person answers first, the human phone line first among voices)."""

from __future__ import annotations

import pytest

from kbgen.publish.links import by_reach, contact_href, people
from kbgen.read.schema import Channel


@pytest.mark.parametrize(
    ("contact", "kind", "names", "href"),
    [
        ("01 8000 123 456", "voice", (), "tel:018000123456"),
        ("+57 601 555 0142", "in-person", (), "tel:+576015550142"),
        ("+57 300 555 0100", "messaging", ("whatsapp", "WhatsApp"), "https://wa.me/573005550100"),
        ("+57 300 555 0100", "messaging", ("sms-line", "Mensajes de texto"), "sms:+573005550100"),
        ("servicio@example.com", "email", (), "mailto:servicio@example.com"),
        ("https://ayuda.example.com/chat", "chat", (), "https://ayuda.example.com/chat"),
        ("@ElectrohogarAndina", "social", ("facebook", "Facebook"), "https://www.facebook.com/ElectrohogarAndina"),
        ("@electrohogar.andina", "social", ("ig", "Instagram"), "https://www.instagram.com/electrohogar.andina/"),
        ("01 8000 123 456 › 1", "self-service", (), "tel:018000123456"),
        ("@someone", "social", ("forum", "Foro"), None),
        ("Calle 26 n.º 69-76, of. 402, Bogotá D. C.", "postal", (), None),
        ("Google Play · App Store", "self-service", (), None),
        ("#sala-de-crisis", "chat", (), None),
    ],
)
def test_contact_href(contact: str, kind: str, names: tuple[str, ...], href: str | None) -> None:
    assert contact_href(contact, kind, names) == href


def channel(id: str, kind: str, **more: object) -> Channel:
    fields = {"id": id, "name": id, "kind": kind, "contact": "01 8000 000 000", "hours": "24x7", **more}
    return Channel.model_validate(fields)


def test_people_first_and_the_line_for_everyone_before_a_segments_line() -> None:
    channels = [
        channel("ivr", "self-service"),
        channel("whatsapp", "messaging"),
        channel("vip-line", "voice", segments=["vip"]),
        channel("email", "email"),
        channel("phone", "voice"),
        channel("postal", "postal"),
    ]
    assert [c.id for c in by_reach(channels)] == ["phone", "vip-line", "whatsapp", "email", "ivr", "postal"]
    assert [c.id for c in people(channels)] == ["phone", "whatsapp", "email"]
