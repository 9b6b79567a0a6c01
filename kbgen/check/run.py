"""Checks across items: one ID namespace, references, audiences, dates, translations.

Checks only add Problems; they never print and never raise. They run in this order, which is
the order of their Problems in a report.
"""

from __future__ import annotations

from datetime import date

from kbgen.check.checker import Checker
from kbgen.check.docs import check_docs
from kbgen.check.ids import collect_ids
from kbgen.check.items import check_faqs, check_kb, check_standards
from kbgen.check.playbooks import check_playbooks
from kbgen.check.references import check_broken_items
from kbgen.check.text import check_texts
from kbgen.problem import Problems
from kbgen.read.model import KnowledgeBase


def check(kb: KnowledgeBase, problems: Problems, today: date) -> None:
    """Add to `problems` what the checks across items find in `kb`, as of `today`."""
    checker = Checker(kb, problems, today)
    collect_ids(checker)
    check_kb(checker)
    check_standards(checker)
    check_faqs(checker)
    check_playbooks(checker)
    check_texts(checker)
    check_broken_items(checker)
    check_docs(checker, kb.docs)
