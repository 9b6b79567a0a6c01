"""Playbooks: local IDs, roles, step order and the items their steps, templates and statements name."""

from __future__ import annotations

from kbgen import audience
from kbgen.check.checker import Checker
from kbgen.check.dates import check_review
from kbgen.check.ids import local_ids
from kbgen.check.references import did_you_mean, ref
from kbgen.problem import Level
from kbgen.read.schema import Playbook
from kbgen.read.timeline import step_clock, step_deadlines


def check_playbooks(checker: Checker) -> None:
    """Local IDs, roles, step order and every item a playbook names."""
    severities = {s.id for s in checker.kb.kb.severities}
    for pb in checker.kb.playbooks:
        public, draft, file = audience.is_public(pb.audience), pb.draft, pb.file
        roles = local_ids(checker, pb, "roles", [r.id for r in pb.roles], "role")
        local_ids(checker, pb, "steps", [s.id for s in pb.steps], "step")
        inline = [s.id for s in pb.severity if not isinstance(s, str)]
        local_ids(checker, pb, "severity", inline, "severity level")
        for i, sev in enumerate(pb.severity):
            if isinstance(sev, str) and sev not in severities:
                ref(checker, file, ("severity", i), sev, ["severity"], False, draft)
        for i, std in enumerate(pb.standards):
            ref(checker, file, ("standards", i), std, ["standard"], public, draft)
        seen_steps: set[str] = set()
        for i, step in enumerate(pb.steps):
            base = ("steps", i)
            if step.role is not None and step.role not in roles:
                checker.report(
                    file,
                    (*base, "role"),
                    "E-unknown-role",
                    f'unknown role "{step.role}"',
                    did_you_mean(step.role, roles, f"roles of this playbook: {', '.join(roles) or 'none declared'}"),
                )
            if step.after is not None and step.after not in seen_steps:
                checker.report(
                    file,
                    (*base, "after"),
                    "E-step-order",
                    f'"{step.after}" is not an earlier step',
                    did_you_mean(step.after, sorted(seen_steps), "after names the id of a step above this one"),
                )
            if step.standard is not None:
                ref(checker, file, (*base, "standard"), step.standard, ["standard"], public, draft)
            for j, std in enumerate(step.standards):
                ref(checker, file, (*base, "standards", j), std, ["standard"], public, draft)
            if step.template is not None:
                ref(checker, file, (*base, "template"), step.template, ["template"], public, draft)
            if step.statement is not None:
                ref(checker, file, (*base, "statement"), step.statement, ["statement"], public, draft)
            if step.id:
                seen_steps.add(step.id)
        check_deadline_order(checker, pb)
        for i, role in enumerate(pb.roles):
            if role.channel is not None:
                ref(checker, file, ("roles", i, "channel"), role.channel, ["channel"], public, draft)
        for i, template in enumerate(pb.templates):
            if template.channel is not None:
                ref(checker, file, ("templates", i, "channel"), template.channel, ["channel"], public, draft)
        for i, statement in enumerate(pb.statements):
            for j, channel in enumerate(statement.channels):
                ref(checker, file, ("statements", i, "channels", j), channel, ["channel"], public, draft)
        bodies = {b.id for b in checker.kb.kb.bodies}
        for i, esc in enumerate(pb.escalate):
            if esc.to not in roles and esc.to not in bodies:
                outside = f"; bodies of kb.yml: {', '.join(sorted(bodies))}" if bodies else ""
                checker.report(
                    file,
                    ("escalate", i, "to"),
                    "E-unknown-role",
                    f'unknown role "{esc.to}"',
                    did_you_mean(
                        esc.to, roles, f"roles of this playbook: {', '.join(roles) or 'none declared'}{outside}"
                    ),
                )
        for i, rel in enumerate(pb.related):
            ref(checker, file, ("related", i), rel, ["FAQ", "playbook", "standard"], public, draft)
        check_review(checker, file, (), pb.reviewed)


def check_deadline_order(checker: Checker, pb: Playbook) -> None:
    """A step due before a step listed above it (counted from the start of the case) is a warning:
    agents read the steps in order, so the order must be the order things are due."""
    clocks = {s.id: s.clock for s in checker.kb.standards}
    deadlines = step_deadlines(pb, lambda step: step_clock(step, clocks) != "24x7")
    latest: int | None = None  # the index of the latest deadline above
    for i, due in enumerate(deadlines):
        if due is None:
            continue
        before = deadlines[latest] if latest is not None else None
        if latest is not None and before is not None and due.seconds < before.seconds:
            earlier = pb.steps[latest]
            name = f'"{earlier.id}"' if earlier.id else f"step {latest + 1}"
            checker.report(
                pb.file,
                ("steps", i, "within"),
                "W-step-deadline",
                f"this step is due {due.offset} from the start of the case, before {name} above it "
                f"(due {before.offset})",
                "list the steps in the order they are due, or check their within and after",
                level=Level.WARNING,
            )
        else:
            latest = i
