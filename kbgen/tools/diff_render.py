"""`kbgen diff`'s reports: Markdown for a pull-request summary, or one JSON document."""

from __future__ import annotations

import json

from kbgen import audience
from kbgen.tools.diff_change import Change, DiffResult
from kbgen.tools.diff_words import messages


def sentence(change: Change, m: dict[str, str]) -> str:
    """One change as a line of Markdown, in the words of `m`."""
    c = change
    kind = m[f"kind.{c.kind}.{c.audience}"] if c.kind == "standard" else m[f"kind.{c.kind}"]
    what = f"{kind} **{c.title}**"
    fields = ", ".join(f"`{f}`" for f in c.fields)
    langs = f" ({', '.join(c.languages)})" if c.languages else ""
    values = {"what": what, "kind": kind, "before": c.before, "after": c.after, "fields": fields, "langs": langs}
    if c.change in ("added", "removed"):
        text = m[f"{c.change}.draft" if "draft" in c.fields else c.change].format(**values)
    elif c.change == "audience":
        text = m[f"audience.{c.after}"].format(**values)
    elif c.change in ("retitled", "reworded", "changed", "category"):
        text = m[c.change].format(**values)
    elif c.change in ("target", "clock", "goal", "statistic") or (c.change == "hours" and c.kind == "calendar"):
        text = m["arrow"].format(**values)
    else:
        label = c.fields[0] if c.change == "scope" else c.change
        text = m["labelled"].format(label=m[f"label.{label}"], **values)
    return text + (m[f"weaker.{c.reason}"] if c.weaker else "")


def markdown(result: DiffResult, lang: str | None = None) -> str:
    """The diff as Markdown for a pull-request summary: a title, then changes for customers and for agents,
    in the words of `lang` (the editors' language; by default the titles' language)."""
    m = messages(lang or result.language)
    head = f"`{result.head}`" if result.head is not None else m["worktree"]
    lines = [f"## {m['title'].format(base=f'`{result.base}`', head=head)}", ""]
    if result.weaker:
        lines += [m["weak_count"].format(n=len(result.weaker)), ""]
    public = [c for c in result.changes if c.audience == audience.PUBLIC]
    for site in audience.AUDIENCES:
        lines += [f"### {m[f'section.{site}']}", ""]
        changes = [c for c in result.changes if c.audience == site]
        lines += [f"- {sentence(c, m)}" for c in changes]
        if site != audience.PUBLIC and public:  # agents see every public item too: never "no changes"
            lines += [""] * bool(changes) + [m["also.internal"]]
        elif not changes:
            lines.append(m[f"none.{site}"])
        pages = result.pages.get(site, [])
        if pages:
            lines += ["", m["pages"].format(pages=", ".join(f"`{p}`" for p in pages))]
        lines.append("")
    return "\n".join(lines)


def as_json(result: DiffResult, lang: str | None = None) -> str:  # lang: the Markdown's signature
    """The diff as one JSON document: both revisions, the language and every change (UTF-8, not ASCII-escaped)."""
    payload = {
        "base": result.base,
        "head": result.head,
        "language": result.language,
        "changes": [c.as_json() for c in result.changes],
        "pages": result.pages,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"markdown": markdown, "json": as_json}
