"""The contact page: every channel, and every calendar with its hours and coming holidays."""

from __future__ import annotations

import re
from datetime import date
from typing import TypedDict

from kbgen import urls
from kbgen.publish.links import by_reach, contact_href, contact_link
from kbgen.publish.pages.base import Page, escape_title
from kbgen.publish.pages.channel_standards import standards_links
from kbgen.publish.pages.context import ChannelRow, Context
from kbgen.read.schema import Body, Calendar

OBSERVED_RE = re.compile(r"\s*\((observado|observed|observada)\)", flags=re.I)


class CalendarEntry(TypedDict):
    """One calendar on the contact page: its hours and coming holidays in words."""

    id: str
    title: str
    hours: str
    holidays: list[str]


class BodyEntry(TypedDict):
    """An external body on the contact page: when a customer may approach it, and how."""

    id: str
    name: str
    when: str
    after: str
    contacts: list[str]


class ContactContext(TypedDict):
    """What the `contact` template receives: every channel, the external bodies and every calendar."""

    title: str
    channels: list[ChannelRow]
    bodies: list[BodyEntry]
    calendars: list[CalendarEntry]
    standards_links: dict[str, str]  # agents' site: each channel's standards page, by channel ID


def contact(ctx: Context) -> Page:
    """The contact page (template `contact`)."""
    calendars: list[CalendarEntry] = []
    for cal in ctx.view.calendars.values():
        calendars.append(
            {
                "id": cal.id,
                "title": ctx.text.inline(cal.title) if cal.title else f"{ctx.t('hours')}: {cal.id}",
                "hours": ctx.clock_words(cal.id),
                "holidays": holidays(ctx, cal),
            }
        )
    rows = [ctx.channel_row(c) for c in by_reach(ctx.view.channels)]
    order = ("", "accessibility", "outbound")  # ways to reach us first; the ones we use to reach you last
    context: ContactContext = {
        "title": ctx.t("contact"),
        "channels": sorted(rows, key=lambda row: order.index(row["group"])),
        "bodies": [body_entry(ctx, b) for b in ctx.view.bodies],
        "calendars": calendars,
        "standards_links": standards_links(ctx, urls.CONTACT),
    }
    return ctx.page(urls.CONTACT, "contact", {"title": escape_title(ctx.t("contact"))}, context)


def body_entry(ctx: Context, body: Body) -> BodyEntry:
    """An external body in words: its name, when it may be approached, its contacts as links."""
    when = ctx.text.markdown(body.when, urls.CONTACT)
    after = ctx.t("bodies.after", duration=ctx.words.duration(body.after)) if body.after is not None else ""
    contacts = [contact_link(text, contact_href(text)) for text in (ctx.text.get(e.value) for e in body.contact)]
    if body.url:
        contacts.append(f"<{body.url}>")
    return {"id": body.id, "name": ctx.text.inline(body.name), "when": when, "after": after, "contacts": contacts}


def holidays(ctx: Context, cal: Calendar) -> list[str]:
    """The calendar's days off in the coming year, in words: its own and its country's public holidays."""
    import holidays as holidays_lib

    today = ctx.view.today
    try:
        end = today.replace(year=today.year + 1)
    except ValueError:  # 29 February: a year ahead is 28 February
        end = today.replace(year=today.year + 1, day=28)
    days: dict[date, str] = {}
    for extra in cal.holidays:
        if today <= extra <= end:
            days[extra] = ctx.t("holidays.own")
    if cal.holidays_of is not None:
        lang = ctx.lang.replace("-", "_")
        known = holidays_lib.country_holidays(
            cal.holidays_of.country, subdiv=cal.holidays_of.subdivision, years=[today.year, today.year + 1]
        )
        supported = getattr(known, "supported_languages", ()) or ()
        chosen = next((s for s in supported if s.split("_")[0] == lang.split("_")[0]), None)
        if chosen:
            known = holidays_lib.country_holidays(
                cal.holidays_of.country,
                subdiv=cal.holidays_of.subdivision,
                years=[today.year, today.year + 1],
                language=chosen,
            )
        for day, name in sorted(known.items()):
            if today <= day <= end:
                # a holiday moved to a Monday is still the holiday customers know by its name
                days[day] = OBSERVED_RE.sub("", str(name))
    return [f"{ctx.words.date(d)}" + (f": {n}" if n else "") for d, n in sorted(days.items())]
