"""A standard's promise in words, in one language: the same words for `{std:…}` in any text, the
commitments page, the standards matrix and playbooks.

What a promise can say, as real charters write it: a target (or a deadline in words), notice before an
event, a time of day on the last day, at least rather than at most, an aim rather than a guarantee,
whose deadline it is, the condition it applies under and its exclusions, a remedy when it is broken
(offers, automatic or on request, claimed and paid within, larger by how late), an update cadence by
windows, and a grid of cells by segment and priority.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from babel.lists import format_list

from kbgen.publish.words import Words
from kbgen.read.scalars import Duration, Percent
from kbgen.read.schema import Offer, Remedy, Standard, Text, Variant

FULL = Percent(Decimal(100))


class Promises:
    """Words for standards in one language; `inline` turns editor text into one line of Markdown."""

    def __init__(self, words: Words, inline: Callable[[Text | None], str]) -> None:
        self.words = words
        self.inline = inline

    # --- the target -----------------------------------------------------------------

    def target(self, std: Standard, cell: Variant | None = None) -> str:
        """The promise's target in words ("2 días hábiles", "al menos 24 horas antes de la visita"), the
        cell's when one is named; without a target, its deadline, cadence, offers or title."""
        target = cell.target if cell is not None and cell.target is not None else std.target
        deadline = cell.deadline if cell is not None and cell.deadline is not None else std.deadline
        clock = cell.clock if cell is not None and cell.clock is not None else std.clock
        if deadline is not None and (cell is None or cell.target is None):
            return self.inline(deadline)
        if target is None and cell is None and std.variants:
            return self.grid_range(std)
        if target is None:
            if std.updates is not None:
                return self.updates(std)
            if std.remedy is not None:
                return self.offers(std.remedy)
            return self.inline(std.title)
        business = clock != "24x7"
        if not isinstance(target, Duration):
            return self.words.target(target, std.at_most, business)
        words = self.words.duration(target, business)
        if std.at is not None:
            whole_days = target.weeks * 7 + target.days
            key = "at.next_day" if whole_days == 1 else "at.last_day"
            key += ".business" if business else ""
            words = self.words.t(key, duration=words, time=self.words.time(std.at))
        if std.before is not None:
            words = self.words.t("before", duration=words, event=self.inline(std.before))
        if std.direction == "at_least":
            words = self.words.t("at_least.duration", value=words)
        return words

    def grid_range(self, std: Standard) -> str:
        """A grid's targets as a range from the shortest to the longest: "de 30 minutos a 24 horas hábiles"."""
        timed = [v for v in std.variants if isinstance(v.target, Duration)]
        if not timed:
            return self.inline(std.title)
        ordered = sorted(timed, key=lambda v: v.target.total_seconds if isinstance(v.target, Duration) else 0)
        low, high = self.target(std, ordered[0]), self.target(std, ordered[-1])
        return low if low == high else self.words.t("grid.range", low=low, high=high)

    def goal(self, std: Standard, cell: Variant | None = None) -> str:
        """The share of cases the target holds for ("90 %"); "an aim" for an aim without one; nothing for a
        deadline that is not ours."""
        if std.party != "us":
            return ""
        goal = cell.goal if cell is not None and cell.goal is not None else std.goal
        if std.statistic != "share":
            return self.words.t(f"statistic.{std.statistic}")
        if std.aim:
            return self.words.t("aim.share", goal=self.words.percent(goal)) if goal else self.words.t("aim")
        return self.words.percent(goal or FULL)

    # --- remedies and conditions ----------------------------------------------------------

    def offer(self, offer: Offer) -> str:
        """One offer in words: "£50 (credit to your account)", "200% of the one-way fare, up to $1,075"."""
        what = self.inline(offer.what) if offer.what is not None else ""
        if offer.percent is not None:
            words = self.words.t("offer.percent", percent=self.words.percent(offer.percent), of=self.inline(offer.of))
            if offer.cap is not None:
                words = self.words.t("offer.cap", offer=words, cap=self.words.money(offer.cap))
        elif offer.amount is not None:
            words = self.words.money(offer.amount)
        else:
            return what
        return self.words.t("offer.what", offer=words, what=what) if what else words

    def offers(self, remedy: Remedy) -> str:
        """A remedy's offers: one, one of several ("… or …"), or all of them ("… and …")."""
        if remedy.one_of:
            return format_list([self.offer(o) for o in remedy.one_of], style="or", locale=self.words.locale)
        if remedy.all_of:
            return format_list([self.offer(o) for o in remedy.all_of], locale=self.words.locale)
        return self.offer(remedy)

    def remedy(self, std: Standard) -> list[str]:
        """The remedy's lines: what the customer receives, how, within what time, and more the later."""
        remedy = std.remedy
        if remedy is None:
            return []
        head = self.words.t("remedy.when" if std.when is not None else "remedy")
        lines = [f"**{head}:** {_sentence(self.offers(remedy))}"]
        business = (remedy.clock or std.clock) != "24x7"
        terms = [self.words.t("remedy.automatic" if remedy.automatic else "remedy.on_request")]
        if remedy.claim_within is not None:
            terms.append(
                self.words.t("remedy.claim_within", duration=self.words.duration(remedy.claim_within, business))
            )
        if remedy.paid_within is not None:
            terms.append(self.words.t("remedy.paid_within", duration=self.words.duration(remedy.paid_within, business)))
        lines.append(" ".join(terms))
        for step in remedy.steps:
            late = self.words.duration(step.over, std.clock != "24x7")
            lines.append(self.words.t("remedy.step", duration=late, offer=self.offer(step)))
        return lines

    def updates(self, std: Standard) -> str:
        """An update cadence in words: "at least every 20 minutes for the first 2 hours; then at least every hour"."""
        updates = std.updates
        if updates is None:
            return ""
        business = std.clock != "24x7"

        def say(duration: Duration) -> str:
            return self.words.every(duration, business)

        parts: list[str] = []
        if updates.first is not None:
            parts.append(self.words.t("updates.first", duration=say(updates.first)))
        if updates.every is not None:
            parts.append(self.words.t("updates.every", duration=say(updates.every)))
        for i, window in enumerate(updates.windows):
            key = "updates.window" if i == 0 else "updates.then"
            if window.during is None:
                key = "updates.every" if i == 0 else "updates.then.last"
                parts.append(self.words.t(key, duration=say(window.every)))
            else:
                parts.append(self.words.t(key, every=say(window.every), during=say(window.during)))
        cadence = "; ".join(parts)
        if updates.or_when is not None:
            cadence = self.words.t("updates.or_when", cadence=cadence, event=self.inline(updates.or_when))
        return cadence

    def details(self, std: Standard) -> list[str]:
        """What a promise says beyond its target, as Markdown lines: the condition, the remedy, the
        exclusions, the update cadence."""
        lines: list[str] = []
        if std.when is not None:
            lines.append(f"**{self.words.t('condition')}:** {_sentence(self.inline(std.when))}")
        lines += self.remedy(std)
        if std.exclusions:
            listed = format_list([self.inline(e) for e in std.exclusions], locale=self.words.locale)
            lines.append(f"**{self.words.t('exclusions')}:** {_sentence(listed)}")
        if std.updates is not None and std.target is not None:
            lines.append(f"**{self.words.t('updates')}:** {_sentence(self.updates(std))}")
        return lines


def _sentence(text: str) -> str:
    """Text ending as a sentence does: a full stop unless it has one (or other closing punctuation)."""
    return text if not text or text[-1] in ".!?…" else f"{text}."
