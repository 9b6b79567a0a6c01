"""`kbgen.loader.load_bytes`: the rows of RELIABILITY.md's YAML table that must end in a correct value,
and the located refusals of the rest, at the loader level (the CLI corpus is tests/cases/)."""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from kbgen import engine
from kbgen.problem import Level
from kbgen.read.loader import MAX_BYTES, load_bytes
from kbgen.read.source_map import Unparsed
from kbgen.read.yaml_events import MAX_DEPTH

BASE = Path(__file__).parent / "cases" / "_base"


def ok(text: str | bytes) -> object:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    loaded = load_bytes(raw, "f.yml")
    assert loaded.problems == [], [p.format() for p in loaded.problems]
    assert loaded.ok
    return loaded.data


def refused(text: str | bytes) -> list[tuple[int, int, str, str]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    loaded = load_bytes(raw, "f.yml")
    assert loaded.data is None or loaded.partial
    assert not loaded.ok
    assert all(p.level is Level.ERROR and p.file == "f.yml" for p in loaded.problems)
    return [(p.line, p.column, p.field, p.code) for p in loaded.problems]


# --- every scalar is the text that was written ------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["no", "No", "NO", "yes", "on", "off", "y", "n", "true", "false", "True"],
)
def test_yaml11_booleans_stay_text(written: str) -> None:
    assert ok(f"answer: {written}\n") == {"answer": written}


@pytest.mark.parametrize(
    "written",
    ["9:30", "0755", "1.10", "018000123456", "1e3", "0x1F", "0o17", ".inf", ".NaN", "-0", "+12", "1_000", "190:20:30"],
)
def test_numbers_stay_text(written: str) -> None:
    assert ok(f"value: {written}\n") == {"value": written}


@pytest.mark.parametrize("written", ["2026-10-01", "2023-02-29", "2026-10-01T10:00:00Z", "2026-10-01 10:00"])
def test_dates_stay_text_even_invalid(written: str) -> None:
    # safe_load raises a bare ValueError on 2023-02-29; here the schema decides later.
    assert ok(f"reviewed: {written}\n") == {"reviewed": written}


def test_quoted_and_plain_key_of_the_same_text_are_a_duplicate() -> None:
    # `1:` and `'1':` are the same text: a located duplicate, not a silent loss.
    assert refused("1: c\n'1': d\n") == [(2, 1, "1", "E-duplicate-key")]


def test_yes_and_true_keys_are_distinct() -> None:
    assert ok("yes: a\ntrue: b\n1: c\non: d\nno: e\n") == {"yes": "a", "true": "b", "1": "c", "on": "d", "no": "e"}


def test_flow_collections_stay_text() -> None:
    assert ok("t: {es: no, en: yes}\nl: [on, off, 0755, 9:30]\n") == {
        "t": {"es": "no", "en": "yes"},
        "l": ["on", "off", "0755", "9:30"],
    }


def test_plain_empty_tilde_null_are_none_quoted_are_text() -> None:
    data = ok('a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: ""\ng: \'\'\nh: "null"\ni: "~"\nj: nul\n')
    assert data == {
        "a": None,
        "b": None,
        "c": None,
        "d": None,
        "e": None,
        "f": "",
        "g": "",
        "h": "null",
        "i": "~",
        "j": "nul",
    }


def test_empty_list_items_are_none() -> None:
    assert ok("l:\n  -\n  - ~\n  - ''\n") == {"l": [None, None, ""]}


def test_hash_inside_quotes_and_after_space_hash_space() -> None:
    data = ok('a: "rated #1"\nb: rated # a real comment\nc: C#\nd: a#b\n')
    assert data == {"a": "rated #1", "b": "rated", "c": "C#", "d": "a#b"}


def test_block_scalars_keep_text() -> None:
    data = ok("a: |\n  no\n  9:30\nb: >-\n  yes\n  0755\n")
    assert data == {"a": "no\n9:30\n", "b": "yes 0755"}


def test_bom_is_accepted_and_positions_ignore_it() -> None:
    loaded = load_bytes(b"\xef\xbb\xbfa: 1\nb: x\n", "f.yml")
    assert loaded.problems == []
    assert loaded.data == {"a": "1", "b": "x"}
    assert loaded.source.keys[("a",)] == (1, 1)
    assert loaded.source.values[("a",)] == (1, 4)


def test_crlf_line_endings() -> None:
    loaded = load_bytes(b"a: 1\r\nb:\r\n  - x\r\n", "f.yml")
    assert loaded.data == {"a": "1", "b": ["x"]}
    assert loaded.source.values[("b", 0)] == (3, 5)


def test_unicode_text_kept() -> None:
    assert ok("q: ¿Cuánto tarda la entrega? 🚚\n") == {"q": "¿Cuánto tarda la entrega? 🚚"}


# --- positions ------------------------------------------------------------------------------


def test_positions_are_one_based_for_keys_and_values() -> None:
    text = "category:\n  id: deliveries\nfaqs:\n  - id: a\n    tags: [x, y]\n  - {id: b, question: q}\n"
    loaded = load_bytes(text.encode(), "f.yml")
    src = loaded.source
    assert loaded.problems == []
    assert src.keys[("category",)] == (1, 1)
    assert src.values[("category",)] == (2, 3)  # a block mapping starts at its first key
    assert src.keys[("category", "id")] == (2, 3)
    assert src.values[("category", "id")] == (2, 7)
    assert src.values[("faqs",)] == (4, 3)
    assert src.values[("faqs", 0)] == (4, 5)
    assert src.values[("faqs", 0, "tags")] == (5, 11)
    assert src.values[("faqs", 0, "tags", 1)] == (5, 15)
    assert src.keys[("faqs", 1, "question")] == (6, 13)
    assert src.values[("faqs", 1, "question")] == (6, 23)
    # position() falls back to the nearest ancestor, and key=True prefers the key.
    assert src.position(("faqs", 0, "missing")) == (4, 5)
    assert src.position(("faqs", 0, "tags"), key=True) == (5, 5)
    assert src.position(()) == (1, 1)


def test_find_in_scalar_inside_literal_block() -> None:
    text = "answer:\n  es: |\n    Entregamos en {std:city-delivery}.\n    Llame a la {channel:phone}.\n"
    loaded = load_bytes(text.encode(), "f.yml")
    src = loaded.source
    assert src.find_in_scalar(("answer", "es"), "{std:city-delivery}") == (3, 19)
    assert src.find_in_scalar(("answer", "es"), "{channel:phone}") == (4, 16)
    # not found: the start of the scalar
    assert src.find_in_scalar(("answer", "es"), "{faq:x}") == src.values[("answer", "es")]


def test_find_in_scalar_folded_and_quoted() -> None:
    text = 'a: >\n  uno {faq:x}\n  dos\nb: "tres {std:y}"\n'
    src = load_bytes(text.encode(), "f.yml").source
    assert src.find_in_scalar(("a",), "{faq:x}") == (2, 7)
    assert src.find_in_scalar(("b",), "{std:y}") == (4, 10)


def test_find_in_scalar_does_not_look_into_the_next_value() -> None:
    text = "a: uno\nb: '{std:y}'\n"
    src = load_bytes(text.encode(), "f.yml").source
    assert src.find_in_scalar(("a",), "{std:y}") == (1, 4)


def test_offset_position_with_multibyte_characters() -> None:
    text = "q: ¿Dónde? {faq:x}\n"
    src = load_bytes(text.encode(), "f.yml").source
    assert src.find_in_scalar(("q",), "{faq:x}") == (1, 12)  # columns count characters, not bytes


# --- refusals, each located ---------------------------------------------------------------


def test_duplicate_key_names_both_lines() -> None:
    loaded = load_bytes(b"a: 1\nb: 2\na: 3\n", "f.yml")
    assert loaded.data == {"a": "1", "b": "2"} and loaded.partial  # the first value, so the rest is checked
    [problem] = loaded.problems
    assert (problem.line, problem.column, problem.field, problem.code) == (3, 1, "a", "E-duplicate-key")
    assert "line 1" in problem.message


def test_nested_duplicate_key() -> None:
    assert refused("faqs:\n  - id: a\n    id: b\n") == [(3, 5, "faqs[0].id", "E-duplicate-key")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x 1\n", [(1, 4, "a", "E-anchor")]),
        ("a: 1\nb: *x\n", [(2, 4, "b", "E-alias")]),
        ("a: !!str 1\n", [(1, 4, "a", "E-tag")]),
        ("a: !!binary aG9sYQ==\n", [(1, 4, "a", "E-tag")]),
        ("a: !!set {x}\n", [(1, 4, "a", "E-tag")]),
        ("a: !include other.yml\n", [(1, 4, "a", "E-tag")]),
        ('a: !!python/object/apply:os.system ["true"]\n', [(1, 4, "a", "E-tag")]),
        ("a:\n  <<: {b: 1}\n", [(2, 3, "a.<<", "E-merge")]),
        ("a: 1\n---\nb: 2\n", [(2, 1, "", "E-documents")]),
        ("", [(1, 1, "", "E-empty-file")]),
        ("# only\n# comments\n", [(1, 1, "", "E-empty-file")]),
        ("---\n", [(1, 1, "", "E-empty-file")]),
        ("a:\n\tb: 1\n", [(2, 1, "a", "E-yaml")]),
        ("? [a]\n: b\n", [(1, 3, "", "E-complex-key")]),
        ("a: rated #1\n", [(1, 10, "a", "E-comment")]),
        ("a: 'unclosed\n", [(1, 13, "a", "E-yaml")]),  # clamped to the file's last line
    ],
)
def test_refused_constructs_are_located(text: str, expected: list[tuple[int, int, str, str]]) -> None:
    assert refused(text) == expected


def test_latin1_is_located_at_the_first_bad_byte() -> None:
    assert refused("a: 1\nb: año\n".encode("latin-1")) == [(2, 5, "", "E-encoding")]


@pytest.mark.parametrize(("char", "col"), [("\x00", 6), ("\x07", 6), ("\x1b", 6), ("\x7f", 6), ("\x85", 6)])
def test_control_characters_are_located(char: str, col: int) -> None:
    assert refused(f"a: 1\nb: ab{char}c\n") == [(2, col, "", "E-control")]


def test_too_large() -> None:
    assert refused(b"a: " + b"x" * MAX_BYTES + b"\n") == [(1, 1, "", "E-size")]


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 500, 100_000])
def test_deep_nesting_is_refused_quickly(levels: int) -> None:
    start = time.perf_counter()
    problems = refused("a: " + "[" * levels + "]" * levels + "\n")
    assert [code for *_, code in problems] == ["E-depth"]
    assert time.perf_counter() - start < 2


def test_nesting_at_the_limit_is_fine() -> None:
    levels = MAX_DEPTH - 1  # plus the root mapping
    data = ok("a: " + "[" * levels + "]" * levels + "\n")
    assert isinstance(data, dict)


def test_block_nesting_is_refused() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n"
    assert [code for *_, code in refused(text)] == ["E-depth"]


def test_billion_laughs_is_refused_at_once() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for p, c in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]")
    start = time.perf_counter()
    problems = refused("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1
    assert ("E-alias" in {code for *_, code in problems}) and problems[0][3] == "E-anchor"


def test_merge_key_bomb_is_refused_at_once() -> None:
    lines = ["- &a0 {x: 1}"] + [f"- &a{i} {{<<: [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]}}" for i in range(1, 30)]
    start = time.perf_counter()
    problems = refused("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1
    assert {"E-anchor", "E-merge", "E-alias"} <= {code for *_, code in problems}


# --- the validator keeps text where text is expected --------------------------------------


def _project(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    target = project / rel
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    target.write_text(text.replace(old, new), encoding="utf-8")
    return project


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "NO"])
def test_yaml11_words_are_kept_as_text_where_text_is_expected(tmp_path: Path, word: str) -> None:
    project = _project(
        tmp_path,
        "protocols/faqs/deliveries.yml",
        '    answer: {es: "No.", en: "No."}',
        f"    answer: {{es: {word}, en: {word}}}",
    )
    kb, problems = engine.validate(project, date(2026, 11, 23))
    assert problems.sorted() == []
    assert kb is not None
    answers = {faq.id: faq.answer.values for _, faq in kb.faqs}
    assert answers["delivery-cost"] == {"es": word, "en": word}


def test_numbers_are_kept_as_text_where_text_is_expected(tmp_path: Path) -> None:
    project = _project(tmp_path, "protocols/kb.yml", '    contact: "ext. 4400"\n', "    contact: 018000123456\n")
    kb, problems = engine.validate(project, date(2026, 11, 23))
    assert problems.sorted() == []
    assert kb is not None
    assert kb.kb.channels[1].contacts == ["018000123456"]


def test_unquoted_opening_hours_are_read(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        "protocols/kb.yml",
        'week: {mon-fri: "07:00-20:00", sat: "08:00-14:00"}',
        "week: {mon-fri: 7:00-20:00, sat: [9:30-12:00, 14:00-18:00]}",
    )
    kb, problems = engine.validate(project, date(2026, 11, 23))
    assert problems.sorted() == []
    assert kb is not None
    week = kb.kb.calendars[0].week
    assert [str(r) for r in week["mon"]] == ["07:00-20:00"]
    assert [str(r) for r in week["sat"]] == ["09:30-12:00", "14:00-18:00"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_line_separators_are_refused_where_they_stand(separator: str) -> None:
    # libyaml counts U+2028/U+2029 as line breaks, editors and GitHub do not: every later
    # position would be one line off, so they are refused like control characters.
    assert refused(f'a: "x{separator}y"\nb: &x 1\n') == [(1, 6, "", "E-control")]


@pytest.mark.parametrize("escape", ["\\0", "\\e", "\\x07", "\\u0000", "\\x85"])
def test_escaped_control_characters_are_refused(escape: str) -> None:
    assert refused(f'a: ok\nb: "x{escape}y"\n') == [(2, 4, "b", "E-control")]


# --- after a syntax error, the rest of the file is still read -------------------------------


def test_a_syntax_error_leaves_the_other_entries_read_and_located() -> None:
    text = "a: 1\nb: {x: y: z}\nc: 3\n"
    loaded = load_bytes(text.encode(), "f.yml")
    assert loaded.partial and not loaded.ok
    assert [(p.line, p.field, p.code) for p in loaded.problems] == [(2, "b", "E-yaml")]
    assert loaded.data == {"a": "1", "b": {}, "c": "3"}
    assert isinstance(loaded.data["b"], Unparsed)
    assert loaded.source.position(("c",)) == (3, 4)
    assert loaded.source.find_in_scalar(("c",), "3") == (3, 4)  # spans point into the whole file


def test_list_entries_are_read_one_by_one_and_down_to_their_fields() -> None:
    text = "- id: a\n  t: x: y\n  u: ok\n- id: b\n  t: fine\n- {id: c, t: x: y}\n"
    loaded = load_bytes(text.encode(), "f.yml")
    assert [(p.line, p.field) for p in loaded.problems] == [(2, "[0].t"), (6, "[2]")]
    assert isinstance(loaded.data, list)
    assert loaded.data[0] == {"id": "a", "t": {}, "u": "ok"}
    assert loaded.data[1] == {"id": "b", "t": "fine"}
    assert isinstance(loaded.data[2], Unparsed)
    assert loaded.unparsed_ids == {} and loaded.source.position((1, "t")) == (5, 6)


def test_the_ids_of_parts_that_do_not_parse_are_known() -> None:
    loaded = load_bytes(b"- id: x\n  t: {a: b: c\n- id: y\n", "f.yml")
    assert loaded.data is not None and loaded.data[1] == {"id": "y"}
    assert load_bytes(b"- id: x\n\tt: 1\n", "f.yml").unparsed_ids == {"x": 1}


def test_several_tab_errors_each_reported() -> None:
    loaded = load_bytes(b"a:\n\tb: 1\nc: 2\nd:\n\te: 3\n", "f.yml")
    assert [(p.line, p.column, p.field) for p in loaded.problems] == [(2, 1, "a"), (5, 1, "d")]
    assert loaded.data == {"a": {}, "c": "2", "d": {}}


def test_pydantic_names_of_validators_never_reach_a_field_path() -> None:
    from kbgen.read.schema import Channel
    from kbgen.read.validate import _resolve

    data = {"id": "x", "contact": {"es": "1"}}
    loc = ("contact", "function-plain[validate()]", "tagged-union[Text,list]", "es")
    assert _resolve(Channel, data, loc)[0] == ("contact", "es")


def test_a_bare_line_in_a_mapping_is_an_error_where_it_stands() -> None:
    loaded = load_bytes(b"a: 1\nb:\n  c: 2\n  oops\nd: 4\n", "f.yml")
    assert [(p.line, p.column, p.field, p.code) for p in loaded.problems] == [(4, 3, "b", "E-yaml")]
    assert loaded.data is not None and loaded.data["d"] == "4" and loaded.data["b"]["c"] == "2"


def test_a_mistake_in_one_faq_of_each_example_file_leaves_every_other_faq_as_read() -> None:
    """Resynchronising never changes what the rest of a file says: each FAQ of the example's files
    broken in turn (an unquoted `: ` in its ID line), the others read exactly as from the whole file."""
    root = Path(__file__).parent.parent / "protocols" / "faqs"
    tried = 0
    for path in sorted(root.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        whole = load_bytes(text.encode(), path.name)
        assert whole.ok and isinstance(whole.data, dict)
        lines = text.splitlines(keepends=True)
        heads = [n for n, line in enumerate(lines) if line.lstrip().startswith("- id: ")]
        for i, n in enumerate(heads[:4]):
            broken = [*lines[:n], lines[n].rstrip("\n") + ": oops: here\n", *lines[n + 1 :]]
            loaded = load_bytes("".join(broken).encode(), path.name)
            assert loaded.partial and [p.line for p in loaded.problems if p.code == "E-yaml"] == [n + 1]
            assert isinstance(loaded.data, dict) and loaded.data["category"] == whole.data["category"]
            for j, faq in enumerate(whole.data["faqs"]):
                if j != i:
                    assert loaded.data["faqs"][j] == faq, (path.name, i, j)
                    assert loaded.source.position(("faqs", j, "id")) == whole.source.position(("faqs", j, "id"))
            tried += 1
    assert tried >= 10
