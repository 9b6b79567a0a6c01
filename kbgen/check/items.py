"""The fields of kb.yml, standards and FAQs that name other items, stages or audiences."""

from __future__ import annotations

from kbgen import audience
from kbgen.check.checker import Checker
from kbgen.check.dates import check_holidays, check_review
from kbgen.check.references import did_you_mean, ref
from kbgen.read.model import DEFAULT_STAGES
from kbgen.read.schema import UNPUBLISHED


def check_kb(checker: Checker) -> None:
    """kb.yml: calendars' holidays, channels' hours and segments, the feedback provider's property."""
    kb = checker.kb.kb
    calendars = {c.id for c in kb.calendars}
    segments = {s.id for s in kb.segments}
    for cal in kb.calendars:
        if cal.holidays_of is not None:
            check_holidays(
                checker, cal.file, (*cal.path, "holidays_of"), cal.holidays_of.country, cal.holidays_of.subdivision
            )
    for channel in kb.channels:
        hours = [((*channel.path, "hours"), channel.hours)]
        hours += [((*channel.path, "hours_for", i, "hours"), h.hours) for i, h in enumerate(channel.hours_for)]
        for path, clock in hours:
            if clock is not None and clock not in ("24x7", UNPUBLISHED) and clock not in calendars:
                ref(checker, channel.file, path, clock, ["calendar"], False)
        for i, seg in enumerate(channel.segments):
            if seg not in segments:
                ref(checker, channel.file, (*channel.path, "segments", i), seg, ["segment"], False)
    if kb.feedback is not None and kb.feedback.provider == "google" and not kb.feedback.property:
        checker.report(
            checker.kb.kb_file,
            ("feedback",),
            "E-required",
            'feedback with provider "google" needs "property"',
            "add property: G-XXXXXXX",
        )


def check_standards(checker: Checker) -> None:
    """What each standard names: its clock, channels, segments and priorities; its review date."""
    declared_priorities = bool(checker.kb.kb.priorities)
    for std in checker.kb.standards:
        public = audience.is_public(std.audience)
        if std.clock != "24x7":
            ref(checker, std.file, (*std.path, "clock"), std.clock, ["calendar"], False, std.draft)
        for i, channel in enumerate(std.channels):
            ref(checker, std.file, (*std.path, "channels", i), channel, ["channel"], public, std.draft)
        for i, seg in enumerate(std.segments):
            ref(checker, std.file, (*std.path, "segments", i), seg, ["segment"], False, std.draft)
        if declared_priorities:
            for i, prio in enumerate(std.priorities):
                ref(checker, std.file, (*std.path, "priorities", i), prio, ["priority"], False, std.draft)
        remedy_clock = std.remedy.clock if std.remedy is not None else None
        if remedy_clock is not None and remedy_clock != "24x7":
            ref(checker, std.file, (*std.path, "remedy", "clock"), remedy_clock, ["calendar"], False, std.draft)
        for i, cell in enumerate(std.variants):
            at = (*std.path, "variants", i)
            if cell.segment is not None:
                ref(checker, std.file, (*at, "segment"), cell.segment, ["segment"], False, std.draft)
            if cell.priority is not None and declared_priorities:
                ref(checker, std.file, (*at, "priority"), cell.priority, ["priority"], False, std.draft)
            if cell.clock is not None and cell.clock != "24x7":
                ref(checker, std.file, (*at, "clock"), cell.clock, ["calendar"], False, std.draft)
        check_review(checker, std.file, std.path, std.reviewed)


def check_faqs(checker: Checker) -> None:
    """Categories' stages; FAQs' audience against their category, related items and review date."""
    stage_ids = {s.id for s in checker.kb.kb.stages} if checker.kb.custom_stages else set(DEFAULT_STAGES)
    for entry in checker.kb.categories:
        cat = entry.category
        if cat.stage is not None and cat.stage not in stage_ids:
            if checker.kb.custom_stages:
                ref(checker, cat.file, (*cat.path, "stage"), cat.stage, ["stage"], False)
            else:
                checker.report(
                    cat.file,
                    (*cat.path, "stage"),
                    "E-unknown-stage",
                    f'unknown stage "{cat.stage}"',
                    did_you_mean(
                        cat.stage,
                        DEFAULT_STAGES,
                        f"stages are {', '.join(DEFAULT_STAGES)}, unless kb.yml declares stages",
                    ),
                )
        for faq in entry.faqs:
            public = audience.is_public(audience.faq(entry, faq))
            draft = audience.faq_draft(entry, faq)
            if public and audience.declared_category(entry) == audience.INTERNAL:
                checker.report(
                    faq.file,
                    (*faq.path, "audience"),
                    "E-public-ref",
                    "a public FAQ in an internal category",
                    "move it to a public category, or make it internal",
                )
            for i, rel in enumerate(faq.related):
                ref(checker, faq.file, (*faq.path, "related", i), rel, ["FAQ", "playbook", "standard"], public, draft)
            check_review(checker, faq.file, faq.path, faq.reviewed)
