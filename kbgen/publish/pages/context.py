"""What several page kinds share: one view in one language, its words, and the rows and links
that appear on more than one page (channels, standards, related items, copyable texts)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypedDict

from babel.lists import format_list

from kbgen.publish.links import channel_href, contact_link
from kbgen.publish.pages.base import Page, template_page
from kbgen.publish.text import TextRenderer, code_fence
from kbgen.publish.views import AudienceView, CategoryView
from kbgen.publish.words import Words
from kbgen.read.scalars import DAYS, Duration, Percent
from kbgen.read.schema import STATEMENT_STAGES, Channel, Level, Standard, Text

FULL = Percent(Decimal(100))
PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")
PLAYBOOK_KINDS = ("daily", "crisis", "recovery", "customer-type")


class ChannelRow(TypedDict):
    """A channel as the contact, home and category pages show it: contacts as links, hours and notes in words."""

    id: str
    description: str
    name: str
    kind: str
    contacts: list[str]
    hours: list[str]
    notes: list[str]
    address: str
    holidays: str  # the anchor of its calendar's days off on the contact page, or ""


class StandardRow(TypedDict):
    """A standard as the commitments page and the standards matrix show it, its target and clock in words."""

    id: str
    title: str
    target: str
    goal: str
    clock: str
    channels: str
    segments: str
    measured: str
    description: str
    metric: str
    audience: str
    owner: str


class Copyable(TypedDict):
    """A reply template or statement, ready to copy (template `copyable`, included by `playbook` and `replies`)."""

    id: str
    title: str
    body: str
    fence: str
    channel: str
    subject: str
    stage: str
    placeholders: list[str]


class Context:
    """One audience's view in one language, with the helpers its pages share."""

    def __init__(self, view: AudienceView, lang: str) -> None:
        self.view = view
        self.lang = lang
        self.words = Words(lang)
        self.text = TextRenderer(view, self.words, lang)
        self._rows: dict[str, ChannelRow] = {}

    def t(self, key: str, **values: str) -> str:
        """The words of `key` in this language, with `values` filled in."""
        return self.words.t(key, **values)

    def page(self, path: str, kind: str, meta: dict[str, Any], context: Mapping[str, object]) -> Page:
        """A page from the template of its `kind` (`kbgen/templates/KIND.md.j2`), which receives
        `context` and `t` (the words of this language)."""
        return template_page(path, f"{kind}.md.j2", meta, {"t": self.t, **context})

    def clock_words(self, clock: str) -> str:
        """A clock in words: "24x7", or a calendar's weekly hours and time zone (empty for an unknown calendar)."""
        if clock == "24x7":
            return self.t("hours.always")
        calendar = self.view.calendars.get(clock)
        if calendar is None:
            return ""
        phrases = self.words.week(calendar.week)
        closed = [self.words.day(d) for d in DAYS if d not in calendar.week]
        if closed:  # customers ask about the days it does not open too
            phrases.append(f"{format_list(closed, locale=self.words.locale)} {self.t('hours.closed')}")
        return ", ".join(phrases) + f" ({self.words.timezone(calendar.timezone)})"

    def channel_row(self, channel: Channel) -> ChannelRow:
        """The channel's row, built once per context and shared by every page that lists it."""
        if channel.id not in self._rows:
            self._rows[channel.id] = self._channel_row(channel)
        return self._rows[channel.id]

    def _channel_row(self, channel: Channel) -> ChannelRow:
        notes: list[str] = []
        if channel.segments:
            names = [
                self.text.inline(self.view.segments[s].title) if self.view.segments[s].title else s
                for s in channel.segments
                if s in self.view.segments
            ]
            notes.append(f"{self.t('vip_only')}: {', '.join(names)}")
        if channel.by_appointment:
            notes.append(self.t("appointment"))
        if channel.accessibility:
            notes.append(f"{self.t('accessibility')}: {self.text.inline(channel.accessibility)}")
        if channel.hours is None:
            hours = [self.t("self_service")]
        elif channel.hours == "24x7":
            hours = [self.t("hours.always")]
        else:
            hours = [self.clock_words(channel.hours)]
        contacts = [contact_link(c, channel_href(channel, c)) for c in channel.contacts]
        if channel.url:
            contacts.append(f"<{channel.url}>")
        return ChannelRow(
            id=channel.id,
            description=self.text.inline(channel.description),
            name=self.text.inline(channel.name),
            kind=channel.kind,
            contacts=contacts,
            hours=hours,
            notes=notes,
            address=self.text.inline(channel.address),
            holidays=self.holidays_anchor(channel.hours),
        )

    def holidays_anchor(self, clock: str | None) -> str:
        """Where the contact page lists the days off of `clock`'s calendar, when it has any."""
        calendar = self.view.calendars.get(clock or "")
        if calendar is None or not (calendar.holidays or calendar.holidays_of):
            return ""
        return f"calendar-{calendar.id}"

    def standard_row(self, std: Standard, page: str) -> StandardRow:
        """The standard's row; Markdown in it links relative to `page`."""
        goal = ""
        if std.statistic == "share":
            goal = self.words.percent(std.goal or FULL)
        else:
            goal = self.t(f"statistic.{std.statistic}")
        channels = ", ".join(self.text.inline(c.name) for c in self.view.channels if c.id in std.channels)
        segments = ", ".join(
            self.text.inline(self.view.segments[s].title) if self.view.segments[s].title else s
            for s in std.segments
            if s in self.view.segments
        )
        return {
            "id": std.id,
            "title": self.text.inline(std.title),
            "target": self.text.standard_words(std),
            "goal": goal,
            "clock": self.clock_words(std.clock),
            "channels": channels or self.t("all_channels"),
            "segments": segments,
            "measured": self.text.markdown(std.measured, page),
            "description": self.text.markdown(std.description, page),
            "metric": std.metric,
            "audience": self.t(f"audience.{std.audience}"),
            "owner": std.owner or "",
        }

    def fallback_note(self, *texts: Text | None) -> str:
        """The "not translated" note when any of `texts` falls back to the default language, else empty."""
        if any(self.text.is_fallback(t) for t in texts):
            language = self.words.language_name(self.view.default_language)
            return self.t("no_translation", language=language)
        return ""

    def within(self, duration: Duration | None, clock: str) -> str:
        """A step's time limit in words, in business time unless `clock` is 24x7; empty without one."""
        if duration is None:
            return ""
        return self.words.duration(duration, business=clock != "24x7")

    def stage_groups(self) -> list[tuple[str, str, list[CategoryView]]]:
        """The categories by stage, as (stage ID, title, categories), in stage order; categories of no
        known stage come last, under "other"."""
        groups: list[tuple[str, str, list[CategoryView]]] = []
        stage_ids = [s.id for s in self.view.stages]
        for stage in self.view.stages:
            cats = [c for c in self.view.categories if c.category.stage == stage.id]
            if cats:
                groups.append((stage.id, self.stage_title(stage), cats))
        others = [c for c in self.view.categories if c.category.stage not in stage_ids]
        if others:
            groups.append(("other", self.t("questions"), others))
        return groups

    def stage_title(self, stage: Level) -> str:
        """A stage's title: kbgen's words for the default stages, the editors' own for stages kb.yml declares."""
        if not self.view.custom_stages:
            return self.words.stage_title(stage.id) or stage.id
        return self.text.inline(stage.title)

    def related_link(self, item_id: str, page: str) -> list[str]:
        """A Markdown link to a related FAQ, playbook or standard, relative to `page`; empty when this view
        does not hold it."""
        text = self.text
        if item_id in text.faqs:
            title = text.inline(text.faqs[item_id][1].question)
            return [f"[{title}]({text.link_target('faq', item_id, page)})"]
        if item_id in text.playbooks:
            title = text.inline(text.playbooks[item_id].title)
            return [f"[{title}]({text.link_target('playbook', item_id, page)})"]
        if item_id in text.standards:
            title = text.inline(text.standards[item_id].title)
            return [f"[{title}]({text.link_target('std', item_id, page)})"]
        return []

    def copyable(self, item: Any) -> Copyable:
        """A reply template or statement (anything with `id`, `title` and `body`) as a copyable block."""
        body = self.text.plain(item.body).strip("\n")
        channel = next((c for c in self.view.channels if c.id == getattr(item, "channel", None)), None)
        channels = [self.text.inline(c.name) for c in self.view.channels if c.id in getattr(item, "channels", [])]
        return {
            "id": item.id,
            "title": self.text.inline(item.title),
            "body": body,
            "fence": code_fence(body),
            "channel": self.text.inline(channel.name) if channel else ", ".join(channels),
            "subject": self.text.plain(item.subject) if getattr(item, "subject", None) else "",
            "stage": self.statement_stage(getattr(item, "stage", None)),
            "placeholders": sorted(set(PLACEHOLDER_RE.findall(body))),
        }

    def statement_stage(self, stage: Text | None) -> str:
        """A statement's stage in words: kbgen's for `STATEMENT_STAGES`, else the editor's own text."""
        if stage is None:
            return ""
        word = stage.values.get(self.view.default_language, "")
        if word in STATEMENT_STAGES and len(stage.values) == 1:
            return self.t(f"statement.{word}")
        return self.text.inline(stage)
