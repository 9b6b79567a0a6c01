"""A small project and synthetic exports for the `kbgen measure` tests, with answers known by construction.

The 1,000 chat and e-mail cases are drawn from a seeded generator that also writes down, for
each case, the open time it was given: on the 24x7 chat clock that is the elapsed time, and the
e-mail cases open and close within one open stretch of the office calendar (a weekday that is
no holiday, 07:00-20:00 in Bogotá), so their business time is their elapsed time too. A few
e-mail cases cross nights, weekends and holidays, with their business time worked out by hand.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")
KB = """\
organization: {name: Tienda de prueba}
languages: [es, en]
performance: {public: PUBLIC, min_cases: 30}
calendars:
  - id: office
    timezone: America/Bogota
    week: {mon-fri: "07:00-20:00", sat: "08:00-14:00"}
    holidays: [2026-12-25, 2027-01-01]
    holidays_of: {country: CO}
channels:
  - {id: chat, name: Chat, kind: chat, hours: 24x7}
  - {id: email, name: Correo, kind: email, hours: office}
  - {id: phone, name: Teléfono, kind: voice, hours: office}
  - {id: back-office, name: Interno, kind: email, hours: office, audience: internal}
"""
STANDARDS = """\
- id: chat-reply
  title: {es: Respuesta en el chat, en: Chat reply}
  metric: first_response
  target: 2m
  goal: 90%
  channels: [chat]
  audience: public
  measure: {exclude_tags: [test]}
- id: email-reply
  title: {es: Respuesta por correo, en: E-mail reply}
  metric: first_response
  target: 4h
  goal: 80%
  clock: office
  channels: [email]
  audience: public
- id: internal-reply
  title: {es: Respuesta interna secreta, en: Secret internal reply}
  metric: first_response
  target: 1h
  clock: office
  channels: [back-office]
- id: wait-counted
  title: {es: Espera (abandonos cuentan), en: Wait (abandons count)}
  metric: wait_time
  target: 20s
  goal: 80%
  clock: office
  channels: [phone]
  audience: public
  measure: {abandon: counted}
- id: wait-excluded
  title: {es: Espera (sin abandonos), en: Wait (no abandons)}
  metric: wait_time
  target: 20s
  goal: 80%
  clock: office
  channels: [phone]
  measure: {abandon: excluded}
- id: wait-short
  title: {es: Espera (sin abandonos cortos), en: Wait (no short abandons)}
  metric: wait_time
  target: 20s
  goal: 80%
  clock: office
  channels: [phone]
  measure: {abandon: short_excluded, short_abandon: 5s}
"""
FAQS = """\
category: {id: ayuda, title: Ayuda}
faqs:
  - id: chat-speed
    question: ¿Cuánto tarda el chat?
    answer: Respondemos en {std:chat-reply}.
"""
MAPPING = """\
timezone: America/Bogota
columns:
  id: Caso
  channel: Canal
  status: Estado
  tags: Etiquetas
  events: {created: Creado, first_response: Respondido, queued: En cola, answered: Contestada, abandoned: Colgada}
values:
  channel: {Chat: chat, Correo: email, Tel: phone, Interno: back-office}
  status: {abierto: open, spam: spam, fusionado: merged}
"""
HEADER = ["Caso", "Canal", "Estado", "Etiquetas", "Creado", "Respondido", "En cola", "Contestada", "Colgada"]
HEADER += ["Nombre", "Correo-e", "Asunto"]
CANARIES = ("CANARY-NAME-Ximena", "canary.mail@example.org", "CANARY-SUBJECT-lavadora")
# Weekdays of November 2026 that are no holiday in Colombia (Nov 2 and Nov 16 are).
OPEN_DAYS = [d for d in (date(2026, 11, n) for n in range(1, 31)) if d.weekday() < 5 and d.day not in (2, 16)]


def make_project(root: Path, public: bool = True) -> Path:
    """A project with the office calendar of the worked examples, chat/e-mail/phone standards and one FAQ."""
    (root / "protocols" / "standards").mkdir(parents=True)
    (root / "protocols" / "faqs").mkdir()
    (root / "protocols" / "kb.yml").write_text(KB.replace("PUBLIC", str(public).lower()), encoding="utf-8")
    (root / "protocols" / "standards" / "respuesta.yml").write_text(STANDARDS, encoding="utf-8")
    (root / "protocols" / "faqs" / "ayuda.yml").write_text(FAQS, encoding="utf-8")
    (root / "mapping.yml").write_text(MAPPING, encoding="utf-8")
    return root


def stamp(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment is not None else ""


@dataclass
class Expected:
    """What one standard's November must show: measured open times, breaches, reasons."""

    target: int  # seconds
    goal: float
    seconds: dict[str, int] = field(default_factory=dict)  # case ID -> open time
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.seconds)

    @property
    def met(self) -> int:
        return sum(1 for s in self.seconds.values() if s <= self.target)

    @property
    def breaches(self) -> list[str]:
        return sorted(i for i, s in self.seconds.items() if s > self.target)

    def percentile(self, p: int) -> int:
        ordered = sorted(self.seconds.values())
        return ordered[math.ceil(p * len(ordered) / 100) - 1]


def write_thousand(path: Path, seed: int = 2026) -> dict[str, Expected]:
    """1,000 chat and e-mail cases of November 2026, and what each standard must report."""
    rng = random.Random(seed)
    chat = Expected(target=120, goal=90.0)
    email = Expected(target=4 * 3600, goal=80.0)
    rows: list[list[str]] = []

    def row(case: str, channel: str, created: datetime | None, replied: datetime | None, **extra: str) -> None:
        status, tags = extra.get("status", "abierto"), extra.get("tags", "")
        rows.append([case, channel, status, tags, stamp(created), stamp(replied), "", "", "", *CANARIES])

    for i in range(600):  # chat, 24x7: open time is elapsed time
        created = datetime(2026, 11, 1, tzinfo=BOGOTA) + timedelta(seconds=rng.randrange(29 * 86400))
        seconds = rng.choice([rng.randrange(1, 120), rng.randrange(1, 120), rng.randrange(120, 900)])
        case = f"C{i:04d}"
        chat.seconds[case] = seconds
        row(case, "Chat", created, created + timedelta(seconds=seconds))
    for i in range(378):  # e-mail, within one open stretch of a weekday: business time is elapsed time
        day = rng.choice(OPEN_DAYS)
        created = datetime(day.year, day.month, day.day, 7, tzinfo=BOGOTA) + timedelta(seconds=rng.randrange(4 * 3600))
        seconds = rng.randrange(60, 9 * 3600)  # ends by 20:00 at the latest
        case = f"E{i:04d}"
        email.seconds[case] = seconds
        row(case, "Correo", created, created + timedelta(seconds=seconds))
    # Across nights, a weekend and the observed holiday of Monday 16 November (worked out by hand):
    crossing = [
        ("X001", datetime(2026, 11, 13, 18, 0), datetime(2026, 11, 17, 8, 30), int(9.5 * 3600)),
        ("X002", datetime(2026, 11, 3, 19, 30), datetime(2026, 11, 4, 7, 45), 75 * 60),
        ("X003", datetime(2026, 11, 7, 13, 0), datetime(2026, 11, 9, 7, 30), 90 * 60),
        ("X004", datetime(2026, 11, 8, 10, 0), datetime(2026, 11, 9, 9, 0), 2 * 3600),
        ("X005", datetime(2026, 11, 1, 12, 0), datetime(2026, 11, 3, 7, 0), 0),
    ]
    for case, a, b, seconds in crossing:
        email.seconds[case] = seconds
        row(case, "Correo", a.replace(tzinfo=BOGOTA), b.replace(tzinfo=BOGOTA))
    # Not measured, each for its reason (counted apart, never in n):
    base = datetime(2026, 11, 20, 10, tzinfo=BOGOTA)
    for i in range(5):
        row(f"N{i}", "Chat", base, None)  # no reply yet
    chat.reasons["no_reply_yet"] = 5
    for i in range(4):
        row(f"S{i}", "Chat", base, base + timedelta(seconds=30), status="spam")
    row("M0", "Chat", base, base + timedelta(seconds=30), status="fusionado")
    chat.reasons["merged_or_spam"] = 5
    for i in range(3):
        row(f"T{i}", "Chat", base, base + timedelta(seconds=30), tags="test, vip")
    chat.reasons["excluded_tag"] = 3
    for i in range(2):
        row(f"R{i}", "Correo", base, base - timedelta(minutes=5))  # the reply before the case: wrong data
    email.reasons["inconsistent_timestamps"] = 2
    # A case of October and one of December: outside the measured month
    row("OUT1", "Chat", datetime(2026, 10, 31, 23, 59, tzinfo=BOGOTA), datetime(2026, 11, 1, 0, 1, tzinfo=BOGOTA))
    row("OUT2", "Chat", datetime(2026, 12, 1, 0, 0, tzinfo=BOGOTA), datetime(2026, 12, 1, 0, 1, tzinfo=BOGOTA))
    assert len(rows) == 1_000 and len(chat.seconds) + len(email.seconds) == 983
    rng.shuffle(rows)
    write_csv(path, rows)
    return {"chat-reply": chat, "email-reply": email}


def write_calls(path: Path) -> None:
    """One phone fixture for the three abandon rules: 10 answered in time, 5 late, 3 long and 2 short abandons."""
    rows = []
    start = datetime(2026, 11, 10, 9, tzinfo=BOGOTA)
    waits = [(f"A{i}", 5 + i, None) for i in range(10)] + [(f"L{i}", 40 + i, None) for i in range(5)]
    waits += [(f"G{i}", None, 30) for i in range(3)] + [(f"H{i}", None, 2) for i in range(2)]
    for i, (case, answered, hung_up) in enumerate(waits):
        queued = start + timedelta(minutes=i)
        got = queued + timedelta(seconds=answered) if answered is not None else None
        gone = queued + timedelta(seconds=hung_up) if hung_up is not None else None
        rows.append([case, "Tel", "abierto", "", stamp(queued), "", stamp(queued), stamp(got), stamp(gone), *CANARIES])
    write_csv(path, rows)


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        out.writerows(rows)
