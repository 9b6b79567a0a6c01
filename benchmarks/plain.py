"""Limit (a) of the benchmark: the same text as a person would write it by hand for plain MkDocs.

One folder per site (audience × language), with a stock mkdocs.yml (Material, MkDocs' default
plugins) and one Markdown page per category, a `##` heading per question, and one page per
playbook (its trigger, steps and reply templates). No kbgen involved: this is what a company
without kbgen would build, and what kbgen has to beat.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import yaml

from kbgen import engine
from kbgen.publish.views import AudienceView, make_view
from kbgen.read.model import KnowledgeBase
from kbgen.read.schema import Text

_REF = re.compile(r"\{(std|faq|playbook|channel):([^}]+)\}")


def _t(text: Text | None, lang: str, default: str) -> str:
    return "" if text is None else text.get(lang, default)[0]


def write_plain_site(view: AudienceView, lang: str, folder: Path) -> Path:
    """Write one hand-written site for `view` in `lang` under `folder`; return its mkdocs.yml."""
    default = view.default_language
    titles = {s.id: _t(s.title, lang, default) for s in view.standards}

    def text(value: Text | None) -> str:
        return _REF.sub(lambda m: titles.get(m.group(2), m.group(2)), _t(value, lang, default))

    docs = folder / "docs"
    (docs / "faq").mkdir(parents=True)
    home = [f"# {text(view.organization)}", ""]
    for entry in view.categories:
        cat = entry.category
        home.append(f"- [{text(cat.title)}](faq/{cat.id}.md)")
        page = [f"# {text(cat.title)}", ""]
        if cat.description is not None:
            page += [text(cat.description), ""]
        for faq in entry.faqs:
            page += [f"## {text(faq.question)}", "", text(faq.answer), ""]
        (docs / "faq" / f"{cat.id}.md").write_text("\n".join(page), encoding="utf-8")
    if view.playbooks:
        (docs / "playbooks").mkdir()
    for playbook in view.playbooks:
        home.append(f"- [{text(playbook.title)}](playbooks/{playbook.id}.md)")
        page = [f"# {text(playbook.title)}", "", text(playbook.trigger), "", "## Steps", ""]
        for number, step in enumerate(playbook.steps, 1):
            page.append(f"{number}. {text(step.do)}")
        for template in playbook.templates:
            page += ["", f"## {text(template.title)}", "", text(template.body)]
        (docs / "playbooks" / f"{playbook.id}.md").write_text("\n".join(page) + "\n", encoding="utf-8")
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    config = {
        "site_name": text(view.organization),
        "theme": {"name": "material", "language": lang},
        "site_dir": str(folder / "site"),
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def cpu_of_children() -> float:
    """CPU seconds (user + system) of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_of_self() -> float:
    """CPU seconds (user + system) of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def build_serially(configs: list[Path]) -> tuple[float, float]:
    """`mkdocs build` each configuration in its own process, one after another: (wall, CPU) seconds."""
    wall, cpu = time.perf_counter(), cpu_of_children()
    for config in configs:
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    return time.perf_counter() - wall, cpu_of_children() - cpu


def stock_limit(kb: KnowledgeBase, work: Path) -> tuple[float, float]:
    """Limit (a): the hand-written sites of every audience and language, built one after another."""
    today = engine.resolve_today()
    configs = [
        write_plain_site(make_view(kb, audience, today), lang, work / f"{audience}-{lang}")
        for audience in ("public", "internal")
        for lang in kb.languages
    ]
    return build_serially(configs)
