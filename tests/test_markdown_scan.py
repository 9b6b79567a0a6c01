"""The linear scans that run before any Markdown library: nesting, links, anchors, code."""

from __future__ import annotations

from kbgen.publish.text import export_text
from kbgen.read.markdown_scan import anchors, host_allowed, links, remote_host, too_deep


def test_nesting_counts_markers_quotes_and_indentation() -> None:
    assert too_deep("- a\n    - b\n        > c\n\n* * *\n---\n") is None
    deep = too_deep("x\n" + "> " * 21 + "y")
    assert deep is not None and (deep.line, deep.column, deep.depth) == (2, 1, 21)
    indented = too_deep("\n".join("    " * i + "- y" for i in range(25)))
    assert indented is not None and indented.depth == 21 and indented.line == 21
    assert too_deep("1. " * 3000 + "x") is not None
    assert too_deep("> " * 20 + "x") is None  # the limit itself is allowed


def test_links_and_images_outside_code() -> None:
    text = (
        "![a](https://t.example/p.png) [b](../internal/x.md) `![c](https://no.example/c.png)`\n"
        '<img alt="" src="//t.example/q.gif"> ![r][logo]\n\n[logo]: https://cdn.example/l.png\n'
        "```\n![d](https://no.example/d.png)\n```\n"
    )
    found = [(link.url, link.image) for link in links(text)]
    assert found == [
        ("https://t.example/p.png", True),
        ("../internal/x.md", False),
        ("https://cdn.example/l.png", True),
        ("//t.example/q.gif", True),
    ]
    assert [remote_host(url) for url, _ in found] == ["t.example", None, "cdn.example", "t.example"]
    assert host_allowed("img.example.org", [".example.org"]) and host_allowed("example.org", [".example.org"])
    assert not host_allowed("evil-example.org", [".example.org"]) and not host_allowed("a.b", ["b"])


def test_anchors_from_headings_and_attributes() -> None:
    found = [
        (a.id, a.explicit) for a in anchors("## Secuestro { #elegir-nevera }\n\n## Delivery cost\n\ntext {: #x }\n")
    ]
    assert found == [("elegir-nevera", True), ("x", True), ("delivery-cost", False)]


def test_export_text_has_no_markup() -> None:
    assert export_text("Reset <script>alert(1)</script> password") == "Reset password"
    assert export_text("a &lt;b&gt; &amp; c < d") == "a & c < d"
    assert export_text("&amp;lt;img src=x onerror=alert(1)&amp;gt;") == ""
