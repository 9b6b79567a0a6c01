"""What several page kinds share: one view in one language, its words, and the rows and links
that appear on more than one page (channels, standards, related items, copyable texts)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypedDict

from babel.lists import format_list

from kbgen.publish.links import channel_href, contact_href, contact_link
from kbgen.publish.pages.base import Page, template_page
from kbgen.publish.pages.standard_row import StandardRow, standard_row
from kbgen.publish.text import TextRenderer, code_fence
from kbgen.publish.views import AudienceView, CategoryView
from kbgen.publish.words import Words
from kbgen.read.scalars import DAYS, Duration
from kbgen.read.schema import (
    ACCESSIBILITY_KINDS,
    STATEMENT_STAGES,
    UNPUBLISHED,
    Channel,
    Level,
    Segment,
    Standard,
    Text,
)

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
    # "" for channels customers reach us on; "outbound" (we contact them), "accessibility"
    group: str
    holidays: str  # the anchor of its calendar's days off on the contact page, or ""


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
        self.words = Words(lang, view.formal)
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
        if clock == UNPUBLISHED:
            return self.t("hours.unpublished")
        calendar = self.view.calendars.get(clock)
        if calendar is None:
            return ""
        phrases = self.words.week(calendar.week)
        closed = [self.words.day(d) for d in DAYS if d not in calendar.week]
        if closed:  # customers ask about the days it does not open too
            phrases.append(f"{format_list(closed, locale=self.words.locale)} {self.t('hours.closed')}")
        words = ", ".join(phrases)
        for season in calendar.seasons:
            start, end = self.words.month_day(season.start), self.words.month_day(season.end)
            when = self.t("hours.season", start=start, end=end)
            words += f"; {when}: {', '.join(self.words.week(season.week))}"
        return words + f" ({self.words.timezone(calendar.timezone)})"

    def channel_row(self, channel: Channel) -> ChannelRow:
        """The channel's row, built once per context and shared by every page that lists it."""
        if channel.id not in self._rows:
            self._rows[channel.id] = self._channel_row(channel)
        return self._rows[channel.id]

    def _channel_row(self, channel: Channel) -> ChannelRow:
        notes: list[str] = []
        if channel.segments:
            names = [self.level_name(s, self.view.segments) for s in channel.segments if s in self.view.segments]
            notes.append(f"{self.t('vip_only')}: {', '.join(names)}")
        if channel.by_appointment:
            notes.append(self.t("appointment"))
        if channel.outbound:
            notes.append(self.t("contact.outbound.note"))
        if channel.accessibility:
            notes.append(f"{self.t('accessibility')}: {self.text.inline(channel.accessibility)}")
        if channel.hours is None:
            hours = [] if channel.outbound or channel.kind == "postal" else [self.t("self_service")]
        else:
            hours = [self.clock_words(channel.hours)]
        if channel.hours == UNPUBLISHED and channel.url:
            hours.append(self.t("hours.see", url=f"<{channel.url}>"))
        for other in channel.hours_for:
            hours.append(f"{self.text.inline(other.label)}: {self.clock_words(other.hours)}")
        contacts = []
        for entry in channel.contact:
            text = self.text.get(entry.value)
            # A number we call or write from is not one to call: no link
            link = contact_link(text, None if channel.outbound else channel_href(channel, text))
            contacts.append(f"{link} ({self.text.inline(entry.label)})" if entry.label else link)
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
            group="outbound" if channel.outbound else "accessibility" if channel.kind in ACCESSIBILITY_KINDS else "",
            holidays=self.holidays_anchor(channel.hours),
        )

    def level_name(self, item_id: str, levels: Mapping[str, Level | Segment]) -> str:
        """A segment's, priority's or stage's title in this language, or its ID when it has none."""
        level = levels.get(item_id)
        return self.text.inline(level.title) if level is not None and level.title else item_id

    def holidays_anchor(self, clock: str | None) -> str:
        """Where the contact page lists the days off of `clock`'s calendar, when it has any."""
        calendar = self.view.calendars.get(clock or "")
        if calendar is None or not (calendar.holidays or calendar.holidays_of):
            return ""
        return f"calendar-{calendar.id}"

    def standard_row(self, std: Standard, page: str) -> StandardRow:
        """The standard's row; Markdown in it links relative to `page`."""
        return standard_row(self, std, page)

    def owner_words(self, owner: str | None) -> str:
        """Who owns an item: the team's name and contact from kb.yml's `owners` (internal site), else
        the ID as written; empty without an owner."""
        if owner is None:
            return ""
        team = self.view.owners.get(owner)
        if team is None:
            return owner
        name = self.text.inline(team.name)
        return f"{name} ({contact_link(team.contact, contact_href(team.contact))})" if team.contact else name

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
        body = reflow(self.text.plain(item.body).strip("\n"))
        subject = self.text.plain(item.subject) if getattr(item, "subject", None) else ""
        channel = next((c for c in self.view.channels if c.id == getattr(item, "channel", None)), None)
        channels = [self.text.inline(c.name) for c in self.view.channels if c.id in getattr(item, "channels", [])]
        return {
            "id": item.id,
            "title": self.text.inline(item.title),
            "body": body,
            "fence": code_fence(body),
            "channel": self.text.inline(channel.name) if channel else ", ".join(channels),
            "subject": subject,
            "stage": self.statement_stage(getattr(item, "stage", None)),
            "placeholders": sorted(set(PLACEHOLDER_RE.findall(subject + "\n" + body))),
        }

    def statement_stage(self, stage: Text | None) -> str:
        """A statement's stage in words: kbgen's for `STATEMENT_STAGES`, else the editor's own text."""
        if stage is None:
            return ""
        word = stage.values.get(self.view.default_language, "")
        if word in STATEMENT_STAGES and len(stage.values) == 1:
            return self.t(f"statement.{word}")
        return self.text.inline(stage)


_LIST_ITEM = re.compile(r"\s*(?:[-*+•]|\d+[.)])\s")


def reflow(body: str) -> str:
    """A canned reply or statement as it is sent: the lines of each paragraph joined by one space, so
    the text flows in any e-mail or chat box. Blank lines (between paragraphs) stay; a line that is a
    list item, or that follows a line ending in a backslash (which is removed) or two spaces, keeps
    its own line."""
    out: list[str] = []
    keep_break = True
    for line in body.split("\n"):
        if not line.strip():
            out.append("")
            keep_break = True
            continue
        hard = line.endswith("\\") or line.endswith("  ")
        text = line[:-1].rstrip() if line.endswith("\\") else line.rstrip()
        if keep_break or _LIST_ITEM.match(line):
            out.append(text)
        else:
            out[-1] = out[-1] + " " + text.strip()
        keep_break = hard
    return "\n".join(out)

