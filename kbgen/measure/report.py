"""What `kbgen measure` prints: per month and standard the figures, then the vendor differences.

Where an export carries the vendor's own business minutes, every standard says how many cases
differ by more than one minute from kbgen's figure, with the largest differences: neither
figure is preferred silently, so an administrator can see which calendar or rule disagrees.
"""

from __future__ import annotations

from kbgen.measure.run import MeasureRun
from kbgen.report import plural


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


def summary(run: MeasureRun, max_bad_rows: int) -> str:
    """The run in lines: figures per month and standard, the vendor differences, what was written."""
    lines = []
    for month in run.months:
        lines.append(f"{month.month}{'' if month.complete else ' (part of the month)'}:")
        for std_id, result in sorted(month.standards.items()):
            p = result.month
            share = "-" if p.share is None else f"{p.share:.2f}%"
            goal = "" if p.goal_met is None else ("  goal met" if p.goal_met else "  goal NOT met")
            pct = f"  p50 {_duration(p.p50)} p90 {_duration(p.p90)} p95 {_duration(p.p95)}" if p.p50 is not None else ""
            skipped = sum(p.unmeasurable.values())
            lines.append(f"  {std_id}: {plural(p.n, 'case')}, {share}{goal}{pct}, {skipped} not measured")
    differences = [(m.month, s, r.vendor) for m in run.months for s, r in sorted(m.standards.items()) if r.vendor]
    if differences:
        lines.append("Differences with the vendor's business minutes (kbgen − vendor):")
        for period, std_id, vendor in differences:
            compared = plural(vendor.compared, "case")
            lines.append(f"  {period} {std_id}: {vendor.differ} of {compared} differ by more than 1 minute")
            for case in vendor.largest:
                lines.append(
                    f"    {case.id}: kbgen {case.kbgen_minutes:g} min, vendor {case.vendor_minutes:g} min,"
                    f" {case.difference_minutes:+g} min"
                )
    for std_id, why in sorted(run.not_measured.items()):
        lines.append(f"  not measured: {std_id}: {why}")
    lines.append(f"kbgen: {plural(run.rows, 'row')} read, {plural(run.bad_rows, 'bad row')}")
    if run.bad_rows > max_bad_rows:
        lines.append(f"kbgen: more bad rows than --max-bad-rows {max_bad_rows}: nothing was written")
    for path in run.written:
        lines.append(f"kbgen: wrote {path}")
    return "\n".join(lines) + "\n"
