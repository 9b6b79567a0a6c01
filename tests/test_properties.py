"""Property tests: whatever the bytes, the loader and the validator end in data or located Problems.

No input may raise, hang or print; every Problem must point inside the file it names and
carry a code, a message and (for errors) words an editor can act on.

The default run keeps each property at ~200 examples; the `slow` variants run 1,000 in
`make test` and 3,000 in `make thorough` (KBGEN_THOROUGH=1).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kbgen import engine, report
from kbgen.problem import Level, Problem, Problems
from kbgen.read.loader import load_bytes
from kbgen.read.source_map import Loaded
from kbgen.read.yaml_events import MAX_DEPTH

BASE = Path(__file__).parent / "cases" / "_base"
TODAY = date(2026, 11, 23)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=3000 if os.environ.get("KBGEN_THOROUGH") == "1" else 1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# --- strategies ---------------------------------------------------------------------------------

# Scalars that trip YAML 1.1 loaders, kbgen's strict fields or its reference syntax.
# fmt: off
TRICKY = [
    "no", "yes", "on", "off", "NO", "true", "false", "~", "null", "", " ", "9:30", "0755", "1.10", "1e3",
    "2026-10-01", "2023-02-29", "2026-13-01", "2099-01-01", "018000123456", "1h30m", "0m", "1.5h", "2d", "95%",
    "101%", "8.5/10", "0/0", "24x7", "office", "phone", "supervisors", "vip", "sev1", "city-delivery",
    "complaint-resolution", "delivery-time", "delivery-cost", "complaint-handling", "complaint-ack",
    "complaint-holding", "agent", "supervisor", "acknowledge", "public", "internal", "daily", "crisis",
    "{std:city-delivery}", "{std:city-delivery.goal}", "{std:nope}", "{channel:phone}", "{channel:supervisors}",
    "{faq:delivery-time}", "{playbook:complaint-handling}", "{faq:}", "{channel:phone.goal}", "{{ name }}",
    "<b>x</b>", "<script>alert(1)</script>", "rated #1", "a: b", "- x", "line\nbreak", "07:00-20:00",
    "22:00-06:00", "mon-fri", "sat,sun", "America/Bogota", "Bogota", "es", "en", "fr", "pt-BR", "Ω", "\u2028",
    "Ünïcödé ¿?", "https://example.com", "javascript:alert(1)", "delivery", "resolution", "satisfaction",
    "other", "share", "average", "at_most", "CO", "XX",
]
# fmt: on
# Field names of every kind of file, so generated documents reach deep into the schema.
# fmt: off
FIELDS = [
    "id", "title", "question", "answer", "category", "faqs", "tags", "featured", "audience", "related", "owner",
    "reviewed", "review_every", "draft", "description", "stage", "order", "kind", "summary", "trigger", "signs",
    "severity", "roles", "duties", "standards", "standard", "steps", "do", "phase", "role", "within", "after",
    "every", "template", "statement", "checklist", "templates", "channel", "subject", "body", "statements",
    "channels", "corrective_actions", "avoid", "close_when", "escalate", "when", "to", "examples", "metric",
    "target", "goal", "statistic", "direction", "clock", "priorities", "segments", "measured", "es", "en",
    "organization", "name", "url", "languages", "allow_html", "calendars", "timezone", "week", "holidays",
    "holidays_of", "country", "subdivision", "contact", "hours", "address", "by_appointment", "accessibility",
    "severities", "stages", "feedback", "provider", "property", "mon-fri", "sat", "<<", "yes", "1", "",
]
# fmt: on

scalars = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30))
keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=12))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=25,
)


def text_field() -> st.SearchStrategy[Any]:
    return st.one_of(scalars, st.dictionaries(st.sampled_from(["es", "en", "fr", "no"]), scalars, max_size=3))


def shaped(fields: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping with mostly-real field names, values from the tricky pool or nested documents."""
    value = st.one_of(scalars, text_field(), st.lists(st.one_of(scalars, text_field()), max_size=4), documents)
    return st.dictionaries(st.one_of(st.sampled_from(fields), keys), value, max_size=len(fields) + 1)


FAQ_FIELDS = ["id", "question", "answer", "tags", "featured", "audience", "related", "owner", "reviewed", "draft"]
STEP_FIELDS = [
    "do",
    "id",
    "phase",
    "role",
    "within",
    "after",
    "every",
    "standard",
    "standards",
    "template",
    "statement",
    "checklist",
]
PLAYBOOK_FIELDS = [
    "id",
    "kind",
    "title",
    "summary",
    "audience",
    "trigger",
    "signs",
    "standards",
    "related",
    "owner",
    "reviewed",
    "review_every",
    "draft",
    "corrective_actions",
    "avoid",
    "close_when",
]

faq_files = st.fixed_dictionaries(
    {
        "category": st.one_of(
            st.fixed_dictionaries({"id": st.sampled_from(["x", "returns", "X"]), "title": text_field()}),
            shaped(["id", "title", "description", "stage", "audience", "order", "draft"]),
        ),
        "faqs": st.lists(
            st.one_of(
                st.fixed_dictionaries(
                    {"id": st.sampled_from([*TRICKY, "x-1", "x-2"]), "question": text_field(), "answer": text_field()},
                    optional={k: st.one_of(scalars, st.lists(scalars, max_size=3)) for k in FAQ_FIELDS[3:]},
                ),
                shaped(FAQ_FIELDS),
            ),
            max_size=4,
        ),
    }
)

playbook_files = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["x", "complaint-handling", "X y"]),
        "kind": st.sampled_from(["daily", "crisis", "dayly", ""]),
        "title": text_field(),
        "trigger": text_field(),
        "steps": st.lists(st.one_of(shaped(STEP_FIELDS), scalars), max_size=4),
    },
    optional={
        "roles": st.lists(st.one_of(shaped(["id", "title", "duties"]), scalars), max_size=3),
        "severity": st.lists(st.one_of(scalars, shaped(["id", "title", "description", "examples"])), max_size=3),
        "templates": st.lists(shaped(["id", "title", "channel", "subject", "body"]), max_size=2),
        "statements": st.lists(shaped(["id", "title", "stage", "channels", "body"]), max_size=2),
        "escalate": st.lists(st.one_of(shaped(["when", "to", "within"]), scalars), max_size=2),
        **{
            k: st.one_of(scalars, text_field(), st.lists(scalars, max_size=3))
            for k in PLAYBOOK_FIELDS
            if k not in ("id", "kind", "title", "trigger")
        },
    },
)

# Fragments that break YAML in instructive ways when spliced into a dumped document.
# fmt: off
SPLICE = [
    ":", ": ", "- ", "\n", "\n  ", "\t", "#", " #x", "&a ", "*a", "!!binary ", "!include ", "<<: ", "---\n",
    "...\n", "{", "}", "[", "]", ",", "'", '"', "|", ">", "?", "%YAML 1.1\n", "\\", "\x00", "\x1b", "\ufeff",
    "\r", "\r\n", "@", "`", "yes: ", "1: ", "~", "{std:", "[" * 60, "- - - - - - - -",
]
# fmt: on


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[Any]) -> bytes:
    """A document dumped by safe_dump, then edited at random places."""
    doc = draw(base)
    flow = draw(st.sampled_from([None, False, True]))
    text = yaml.safe_dump(doc, allow_unicode=draw(st.booleans()), default_flow_style=flow, sort_keys=False)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "dup-line", "indent"]))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(SPLICE)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif op == "dup-line":
            lines = text.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(0, len(lines) - 1))
                lines.insert(i, lines[i])
                text = "".join(lines)
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(0, len(lines) - 1))
                lines[i] = draw(st.sampled_from([" ", "  ", "\t", ""])) + lines[i].lstrip(" ")
                text = "".join(lines)
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1"])), errors="replace")


# --- invariants -------------------------------------------------------------------------------------


def _lines(raw: bytes) -> int:
    """An upper bound for a reported line.

    libyaml puts "unexpected end of file" on the line after a last line without a newline
    (one past the end: allowed here, see the report). A lone CR is a line break to YAML and to
    editors alike; U+0085/U+2028/U+2029 would be to YAML only, and are refused by the loader.
    """
    text = raw.decode("utf-8", errors="replace")
    return len(re.findall("\r\n|[\n\r]", text)) + 2


def check_problem(problem: Problem, raw: bytes | None = None) -> None:
    assert isinstance(problem, Problem)
    assert problem.level in (Level.ERROR, Level.WARNING)
    assert problem.code.startswith("E-" if problem.level is Level.ERROR else "W-"), problem
    assert problem.message.strip(), problem
    assert problem.line >= 1 and problem.column >= 1, problem
    if raw is not None:
        assert problem.line <= _lines(raw), problem
    for leak in ("Traceback", "errors.pydantic.dev", "<class "):
        assert leak not in problem.message, problem.format()
    problem.format()


def check_worded(problem: Problem) -> None:
    """kbgen's own grammar, never a pydantic message passed on."""
    assert problem.code != "E-schema", f"unworded validation error: {problem.format()}"
    for leak in ("Input should be", "pydantic", "Field required", "validation error"):
        assert leak not in problem.message, problem.format()


_REFUSALS = {"E-anchor", "E-tag", "E-merge", "E-control", "E-comment", "E-duplicate-key"}


def check_loaded(loaded: Loaded, raw: bytes) -> None:
    assert isinstance(loaded, Loaded)
    for problem in loaded.problems:
        assert problem.file == "x.yml"
        check_problem(problem, raw)
    if loaded.ok:
        assert loaded.problems == [] or all(p.level is Level.WARNING for p in loaded.problems)
        _check_plain(loaded.data, 0)
    elif loaded.partial:  # read around a syntax error or a refusal: plain data, an Unparsed where it failed
        assert {p.code for p in loaded.problems} & {"E-yaml", *_REFUSALS}
        _check_plain(loaded.data, 0)
    else:
        assert loaded.data is None
        assert loaded.problems


def _check_plain(data: Any, depth: int) -> None:
    """Loaded data is only dicts with text keys, lists, text and None, and never deeper than MAX_DEPTH."""
    assert depth <= MAX_DEPTH
    if isinstance(data, dict):
        for key, value in data.items():
            assert isinstance(key, str)
            _check_plain(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            _check_plain(value, depth + 1)
    else:
        assert data is None or isinstance(data, str)


def _depth(doc: Any) -> int:
    if isinstance(doc, dict):
        return 1 + max((_depth(v) for v in doc.values()), default=0)
    if isinstance(doc, list):
        return 1 + max((_depth(v) for v in doc), default=0)
    return 0


def loader_bytes(raw: bytes) -> None:
    check_loaded(load_bytes(raw, "x.yml"), raw)


def loader_roundtrip(doc: Any) -> None:
    """What safe_dump writes from text-only data, load_bytes reads back exactly."""
    assume(_depth(doc) < MAX_DEPTH)
    raw = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")
    loaded = load_bytes(raw, "x.yml")
    check_loaded(loaded, raw)
    bad = [p for p in loaded.problems if p.code not in ("E-control",)]
    assert not bad, [p.format() for p in bad]
    if loaded.ok:
        assert loaded.data == doc


# --- the whole validator ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("prop") / "project"
    shutil.copytree(BASE, root)
    return root


def validate_with(project: Path, rel: str, raw: bytes) -> Problems:
    target = project / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)
    try:
        kb, problems = engine.validate(project, TODAY)
        assert isinstance(problems, Problems)
        for problem in problems.sorted():
            assert (project / problem.file).is_file(), problem
            check_problem(problem, (project / problem.file).read_bytes())
    finally:
        target.unlink()
    # Every reporter renders every outcome.
    assert report.text(problems, None).endswith("\n")
    json.loads(report.as_json(problems, None))
    report.github(problems, None)
    if kb is None:
        assert problems.errors
    return problems


def _faq_doc(doc: Any) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


FAQ_REL = "protocols/faqs/x.yml"
PLAYBOOK_REL = "protocols/playbooks/daily/x.yml"


# Loader: random bytes, random text, dumped documents, mutated documents.


@FAST
@given(st.binary(max_size=3000))
def test_loader_random_bytes(raw: bytes) -> None:
    loader_bytes(raw)


@FAST
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=2000))
def test_loader_random_text(text: str) -> None:
    loader_bytes(text.encode("utf-8"))


@FAST
@given(st.text(alphabet=string.printable + "-:#&*!{}[],|>'\"?%@`~\t", max_size=400))
def test_loader_yaml_punctuation_soup(text: str) -> None:
    loader_bytes(text.encode("utf-8"))


@FAST
@given(documents)
def test_loader_reads_back_what_safe_dump_writes(doc: Any) -> None:
    loader_roundtrip(doc)


@FAST
@given(mutated(documents))
def test_loader_mutated_documents(raw: bytes) -> None:
    loader_bytes(raw)


# Validator: a document as an FAQ file or a playbook in a copy of the base project.


@FAST
@given(doc=st.one_of(faq_files, documents))
def test_validator_faq_documents(project: Path, doc: Any) -> None:
    validate_with(project, FAQ_REL, _faq_doc(doc))


@FAST
@given(doc=st.one_of(playbook_files, documents))
def test_validator_playbook_documents(project: Path, doc: Any) -> None:
    validate_with(project, PLAYBOOK_REL, _faq_doc(doc))


@FAST
@given(raw=st.one_of(mutated(faq_files), mutated(playbook_files)), rel=st.sampled_from([FAQ_REL, PLAYBOOK_REL]))
def test_validator_mutated_documents(project: Path, raw: bytes, rel: str) -> None:
    validate_with(project, rel, raw)


@FAST
@given(raw=st.binary(max_size=2000), rel=st.sampled_from([FAQ_REL, PLAYBOOK_REL]))
def test_validator_random_bytes(project: Path, raw: bytes, rel: str) -> None:
    validate_with(project, rel, raw)


# Wording and content invariants, each with the example that first broke it
# (tests/cases/choice-given-list-or-mapping, tests/cases/yaml-escaped-control-characters).


@FAST
@example(doc={"id": "x", "kind": ["daily"], "title": "t", "trigger": "t", "steps": [{"do": "d"}]}, rel=PLAYBOOK_REL)
@example(
    doc={
        "category": {"id": "x", "title": "t", "audience": {}},
        "faqs": [{"id": "x-1", "question": "q", "answer": "a"}],
    },
    rel=FAQ_REL,
)
@given(doc=st.one_of(faq_files, playbook_files), rel=st.sampled_from([FAQ_REL, PLAYBOOK_REL]))
def test_validator_words_every_error(project: Path, doc: Any, rel: str) -> None:
    for problem in validate_with(project, rel, _faq_doc(doc)).sorted():
        check_worded(problem)


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _texts(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [t for k, v in data.items() for t in [k, *_texts(v)]]
    if isinstance(data, list):
        return [t for v in data for t in _texts(v)]
    return [data] if isinstance(data, str) else []


@FAST
@example(raw=b'"featured\\e[2J": true\n')
@example(raw=b'answer: "No.\\0"\n')
@example(raw=b'answer: "\\e[2J"\n')
@given(raw=mutated(documents))
def test_loaded_text_has_no_control_characters(raw: bytes) -> None:
    loaded = load_bytes(raw, "x.yml")
    for text in _texts(loaded.data):
        assert not CONTROL.search(text), repr(text)


# The same properties with many more examples (about 50 s together).


@pytest.mark.slow
@SLOW
@given(st.binary(max_size=3000))
def test_slow_loader_random_bytes(raw: bytes) -> None:
    loader_bytes(raw)


@pytest.mark.slow
@SLOW
@given(st.one_of(documents.map(lambda doc: ("doc", doc)), mutated(documents).map(lambda raw: ("raw", raw))))
def test_slow_loader_documents(drawn: tuple[str, Any]) -> None:
    kind, value = drawn
    if kind == "doc":
        loader_roundtrip(value)
    else:
        loader_bytes(value)


@pytest.mark.slow
@SLOW
@given(
    raw=st.one_of(
        st.one_of(faq_files, playbook_files, documents).map(_faq_doc),
        mutated(faq_files),
        mutated(playbook_files),
    ),
    rel=st.sampled_from([FAQ_REL, PLAYBOOK_REL]),
)
def test_slow_validator_documents(project: Path, raw: bytes, rel: str) -> None:
    validate_with(project, rel, raw)
