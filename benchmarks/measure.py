"""How long `kbgen measure` takes on 100,000 cases of the example knowledge base (figures, not a test).

    .venv/bin/python benchmarks/measure.py [--cases 100000]

Writes a synthetic generic CSV (chat, e-mail and phone cases over one month, on the example's
24x7 and office clocks) into a temporary folder, then prints the wall and CPU seconds of
reading, mapping, measuring every standard and writing the results. The target of the measure
issue: 100,000 cases in under 10 s on 2 cores, without pandas.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kbgen.measure.run import measure

ROOT = Path(__file__).resolve().parent.parent
BOGOTA = ZoneInfo("America/Bogota")
MAPPING = """\
timezone: America/Bogota
columns:
  id: case
  channel: channel
  status: status
  events: {created: created, first_response: replied, queued: queued, answered: answered, abandoned: abandoned}
values:
  channel: {chat: web-chat, mail: email, tel: phone, wa: whatsapp}
  status: {open: open, solved: solved, spam: spam}
"""


def _open_instant(rng: random.Random, day: datetime) -> datetime:
    """A moment of the office's hours (mon-fri 07-20, sat 08-14) on `day`, most of them mid-morning."""
    if day.weekday() == 6:
        day += timedelta(days=1)
    first, last = (8, 14) if day.weekday() == 5 else (7, 20)
    hour = min(last - 1, max(first, int(rng.gauss((first + last) / 2 - 1, 2.5))))
    return day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))


def write_cases(path: Path, count: int, seed: int = 18, start: datetime = datetime(2026, 11, 1, tzinfo=BOGOTA)) -> None:
    """`count` cases over the 30 days from `start`: chats, WhatsApp, e-mails and calls in office hours,
    most answered within their promise, some late, a few never answered, abandoned or spam."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["case", "channel", "status", "created", "replied", "queued", "answered", "abandoned", "name"])
        for i in range(count):
            day = start + timedelta(days=rng.randrange(30))
            created = _open_instant(rng, day)
            channel = rng.choice(["chat", "mail", "tel", "tel", "wa"])
            status = "spam" if rng.random() < 0.01 else "solved"
            stamp = created.isoformat(timespec="seconds")
            if channel == "tel":
                wait = timedelta(seconds=int(rng.expovariate(1 / 45)))
                gone = rng.random() < 0.04
                answered = "" if gone else (created + wait).isoformat(timespec="seconds")
                abandoned = (created + wait).isoformat(timespec="seconds") if gone else ""
                out.writerow([f"T{i}", channel, status, stamp, "", stamp, answered, abandoned, "Nombre"])
            else:
                mean = {"chat": 50, "wa": 140, "mail": 5400}[channel]
                reply = created + timedelta(seconds=int(rng.expovariate(1 / mean)))
                replied = "" if rng.random() < 0.01 else reply.isoformat(timespec="seconds")
                out.writerow([f"T{i}", channel, status, stamp, replied, "", "", "", "Nombre"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--example", action="store_true", help="write the example's performance/ instead")
    args = parser.parse_args()
    if args.example:
        example()
        return
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        export, mapping = here / "cases.csv", here / "mapping.yml"
        write_cases(export, args.cases)
        mapping.write_text(MAPPING, encoding="utf-8")
        wall, cpu = time.perf_counter(), time.process_time()
        run = measure(
            ROOT,
            [export],
            "generic",
            mapping,
            datetime(2026, 11, 1).date(),
            datetime(2026, 11, 30).date(),
            out=here / "performance",
        )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert not run.problems.items, run.problems.items[:3]
    measured = sum(r.month.n for m in run.months for r in m.standards.values())
    print(f"{args.cases:,} cases, {run.rows:,} rows, {measured:,} case × standard measurements")
    print(f"kbgen measure: {wall:.2f} s wall, {cpu:.2f} s CPU (target: under 10 s on 2 cores)")


def example() -> None:
    """The example's performance/ (Sept.-Nov. 2026, 1,500 cases a month), reproducible with SOURCE_DATE_EPOCH."""
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        (here / "mapping.yml").write_text(MAPPING, encoding="utf-8")
        exports = []
        for seed, month in enumerate((9, 10, 11)):
            export = here / f"2026-{month:02d}.csv"
            write_cases(export, 1500, seed=seed, start=datetime(2026, month, 1, tzinfo=BOGOTA))
            exports.append(export)
        run = measure(ROOT, exports, "generic", here / "mapping.yml", date(2026, 9, 1), date(2026, 11, 30))
    for path in run.written:
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
