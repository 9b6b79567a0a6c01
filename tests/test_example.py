"""The example knowledge base is complete: counts read from the model, not from file names."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from kbgen import audience, engine
from kbgen.read.model import KnowledgeBase

ROOT = Path(__file__).parent.parent
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    loaded, problems = engine.validate(ROOT, TODAY)
    assert loaded is not None and not problems.items, [p.format() for p in problems.sorted()]
    return loaded


def test_strict_validation_has_no_warning_at_all() -> None:
    """Both languages complete: not one missing translation, raw HTML or unknown file."""
    result = subprocess.run([sys.executable, "-m", "kbgen", "validate", "--project", str(ROOT), "--strict",
                             "--today", TODAY.isoformat()], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("kbgen: valid, 0 warnings: ")


def test_faqs_cover_every_stage_of_a_purchase(kb: KnowledgeBase) -> None:
    faqs = list(kb.faqs)
    assert len(faqs) >= 40
    by_stage = Counter(entry.category.stage for entry, _faq in faqs)
    for stage in ("presale", "purchase", "delivery", "postsale"):
        assert by_stage[stage] >= 5, by_stage
    public = [f for entry, f in faqs if audience.is_public(audience.faq(entry, f), f.draft)]
    assert len(public) >= 40


def test_complaints_and_suggestions_are_answered(kb: KnowledgeBase) -> None:
    texts = " ".join(f"{f.question.values['es']} {f.answer.values['es']}".lower() for _e, f in kb.faqs)
    for words in ("queja", "sugerencia", "buzón", "línea gratuita"):
        assert words in texts, words
    phone_refs = [f for _e, f in kb.faqs if "{channel:" in f.answer.values["es"]]
    assert phone_refs, "answers quote channels with {channel:ID}"


def test_channels_of_every_kind_the_documents_discuss(kb: KnowledgeBase) -> None:
    kinds = Counter(c.kind for c in kb.kb.channels)
    assert kinds["self-service"] >= 3  # FAQ site, app, IVR
    assert {"messaging", "social", "chat", "voice", "email", "in-person"} <= set(kinds)
    always_open = [c for c in kb.kb.channels if c.hours == "24x7" and c.kind in ("messaging", "social", "chat")]
    assert len(always_open) >= 4  # WhatsApp, Facebook, Instagram, web chat
    assert any(c.kind == "voice" and c.audience == "public" and c.contacts for c in kb.kb.channels)
    calendars = {c.id: c for c in kb.kb.calendars}
    assert any(c.holidays or c.holidays_of for c in calendars.values())


def test_standards_for_what_the_documents_name(kb: KnowledgeBase) -> None:
    metrics = Counter(s.metric for s in kb.standards)
    for metric in ("delivery", "installation", "wait_time", "first_response", "resolution", "refund", "callback"):
        assert metrics[metric] >= 1, metric
    first_reply_channels = {c for s in kb.standards if s.metric == "first_response" for c in s.channels}
    assert len(first_reply_channels) >= 4  # a first reply per channel
    assert any(s.segments == ["vip"] for s in kb.standards), "a standard only for long-standing customers"
    audiences = Counter(s.audience for s in kb.standards)
    assert audiences["public"] >= 5 and audiences["internal"] >= 3


def test_playbooks_of_every_kind(kb: KnowledgeBase) -> None:
    kinds = Counter(p.kind for p in kb.playbooks)
    assert kinds["daily"] >= 5
    assert kinds["crisis"] >= 8
    assert kinds["recovery"] >= 1
    assert kinds["customer-type"] == 4
    for crisis in (p for p in kb.playbooks if p.kind == "crisis"):
        assert crisis.severity and crisis.roles and crisis.statements and crisis.corrective_actions, crisis.id
        assert any(step.within is not None for step in crisis.steps), crisis.id


def test_playbooks_carry_replies_owners_and_promises(kb: KnowledgeBase) -> None:
    templates = [t for p in kb.playbooks for t in p.templates]
    assert len(templates) >= 15
    assert all(p.owner and p.reviewed for p in kb.playbooks)
    assert all(s.owner and s.reviewed for s in kb.standards)
    quoted = [p for p in kb.playbooks if any("{std:" in step.do.values["es"] for step in p.steps)
              or p.standards]
    assert len(quoted) >= 10


def test_the_example_uses_the_shapes_real_charters_need(kb: KnowledgeBase) -> None:
    """A delivery guarantee with a remedy, notice before a visit, the customer's own withdrawal
    window and a regulator as external escalation, as a real retailer would publish them."""
    by_id = {s.id: s for s in kb.standards}
    assert by_id["city-delivery"].remedy is not None and by_id["city-delivery"].remedy.automatic
    notice = by_id["installation-notice"]
    assert notice.before is not None and notice.direction == "at_least"
    assert by_id["withdrawal-window"].party == "customer"
    assert [b.id for b in kb.kb.bodies] == ["sic"]
    assert any(e.to == "sic" for p in kb.playbooks for e in p.escalate)
