"""The registry of problem codes: code → level, title and what it means for an editor.

Every Problem names one of these codes (Problem refuses any other), the editors'
reference lists them from here, and a test checks that every code written in kbgen/ is
registered and every registered code is used. A code means one thing: the same code
in every language of the messages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One kind of finding. `E-` codes are errors, `W-` codes warnings."""

    code: str
    title: str
    doc: str

    @property
    def level(self) -> str:
        """The level, "error" or "warning", from the code's prefix."""
        return "error" if self.code.startswith("E-") else "warning"


_ALL = [
    # Reading files: YAML as editors write it
    Code("E-yaml", "YAML syntax", "The file is not valid YAML; the message says what the parser expected."),
    Code("E-encoding", "Not UTF-8", "Save the file with UTF-8 encoding."),
    Code("E-control", "Control character", "An invisible control character; delete it."),
    Code("E-size", "File too large", "A file over kbgen's size limit; split it into several files."),
    Code("E-depth", "Nesting too deep", "No kbgen field nests this deep; flatten the structure."),
    Code("E-empty-file", "Empty file", "The file is empty or holds only comments; delete it or write its content."),
    Code("E-documents", "Several documents", "One YAML document (no second ---) per file."),
    Code("E-duplicate-key", "Duplicate key", "A key written twice in one mapping: both lines are named; keep one."),
    Code("E-complex-key", "Complex key", "A key must be a plain word, not a list or a mapping."),
    Code("E-alias", "Alias", "Aliases (*name) are refused: write the value out in full."),
    Code("E-anchor", "Anchor", "Anchors (&name) are refused: write every value out in full."),
    Code("E-merge", "Merge key", "Merge keys (<<) are refused: write every field out in full."),
    Code("E-tag", "Tag", "YAML tags (!!str, !include, ...) are refused: write the plain value."),
    Code("E-comment", "Cut by a comment", "A # after a space starts a comment: quote a value that holds ' #'."),
    # The content model
    Code("E-unknown-field", "Unknown field", "A field the content model lacks; the message suggests the closest."),
    Code("E-required", "Missing field", "A required field is missing."),
    Code("E-empty", "No value", "A field that needs a value has none."),
    Code("E-type", "Wrong type", "A list, mapping or text where another kind of value is expected."),
    Code("E-schema", "Invalid value", "A value the content model does not accept."),
    Code("E-choice", "Not one of the choices", "The field takes one of a fixed set of words."),
    Code("E-oneline", "Line break in a one-line field", "Titles, questions and names are one line."),
    Code("E-id", "Bad ID", "IDs are lower-case letters, digits and hyphens, starting with a letter or digit."),
    Code("E-date", "Bad date", "Dates are YYYY-MM-DD and must exist."),
    Code("E-future-date", "Date in the future", "A reviewed date cannot be after today."),
    Code("E-duration", "Bad duration", "Durations are like 30s, 15m, 4h, 2d, 1w, 2mo (calendar months), 1y or 1h30m."),
    Code("E-money", "Bad amount", "Amounts are a number and an ISO 4217 currency code: 50 GBP, 25 USD."),
    Code("E-remedy", "Bad remedy", "A remedy is one offer, one_of or all_of; a percent says what it is of."),
    Code("E-updates", "Bad update cadence", "Updates have every or windows; every window but the last has during."),
    Code("E-party", "Whose deadline", "party: other needs party_name; a goal is only for our own deadlines."),
    Code("E-goal", "No goal to quote", "{std:ID.goal} of an aim without goal, or of a deadline that is not ours."),
    Code("E-variant", "Unknown cell", "{std:ID/CELL} names a variant of that standard; a standard of cells needs one."),
    Code("E-percent", "Bad percentage", "Percentages are like 90% (0 to 100)."),
    Code("E-score", "Bad score", "Scores are like 8.5/10, between 0 and the scale."),
    Code("E-number", "Bad number", "A number was expected."),
    Code("E-flag", "Bad flag", "Flags are true or false."),
    Code("E-url", "Bad address", "Web addresses start with https://."),
    Code(
        "E-target", "Target does not fit the metric", "A time takes a duration, a share a percentage, a score a score."
    ),
    Code("E-hours", "Bad opening hours", 'Opening hours are "HH:MM-HH:MM" ranges that do not overlap.'),
    Code("E-days", "Bad days", "Days are mon..sun, ranges such as mon-fri or lists such as sat,sun, each named once."),
    Code("E-timezone", "Unknown time zone", "A time zone of the IANA database, such as America/Bogota."),
    Code("E-holidays", "Unknown holiday calendar", "A country (and subdivision) the holidays package knows."),
    Code(
        "E-language", "Bad language", "A language tag Babel knows, declared in kb.yml; the default one always present."
    ),
    Code("E-file-name", "ID and file name differ", "A category's or playbook's ID equals its file name."),
    # The project as a whole
    Code("E-project", "Project layout", "protocols/kb.yml is missing, or protocols/ cannot be read."),
    Code(
        "E-symlink",
        "Symlink that leads away",
        "A symlink to nothing, a link loop, or one leading out of its own folder or the project.",
    ),
    Code("W-symlink", "Symlinked folder", "kbgen does not follow symlinked folders: move the folder instead."),
    Code("E-file-type", "Not a regular file", "A FIFO, socket or device: kbgen never opens it; delete it."),
    Code("W-docs-file", "File not published", "Only .md pages, and images or PDFs under images/, are published."),
    Code("E-front-matter", "Front matter", "A docs page's front matter may set title, description and hide only."),
    Code("E-mkdocs-env", "!ENV in mkdocs.yml", "!ENV is allowed only under plugins: elsewhere it would be published."),
    Code("E-read", "Unreadable file", "A file kbgen may not read (its permissions), or one gone while it was read."),
    Code("W-unknown-file", "Unknown file", "A file under protocols/ that kbgen does not read: move or delete it."),
    Code("E-docs-audience", "Page without an audience", "A page under docs/ outside public/ and internal/."),
    Code("E-docs-path", "Page in a generated page's place", "A hand-written page with the path of a generated one."),
    # References between items
    Code("E-duplicate-id", "ID used twice", "IDs are unique across the whole knowledge base (one namespace)."),
    Code("E-unknown-id", "Unknown ID", "A reference to an ID no item has; the message suggests the closest."),
    Code(
        "W-ref-unread",
        "Reference into an unread part",
        "The ID is written in a part of a file that could not be read: fix that part, and the reference is checked.",
    ),
    Code("E-wrong-kind", "Reference to the wrong kind", "The ID exists, but names another kind of item."),
    Code(
        "E-unknown-stage", "Unknown stage", "A category's stage is one of kb.yml's stages, or of the four default ones."
    ),
    Code("E-unknown-role", "Unknown role", "A step's role and an escalation's to name a role of the same playbook."),
    Code("E-step-order", "Not an earlier step", "A step's after names the id of a step above it."),
    Code(
        "W-step-deadline",
        "Step due before an earlier one",
        "Counted from the start of the case (within, after), a step is due before a step listed above it.",
    ),
    Code("E-ref-syntax", "Malformed reference", "{std:ID}, {std:ID.goal}, {channel:ID}, {faq:ID}, {playbook:ID}."),
    Code("E-draft-ref", "Reference to a draft", "A published item refers to a draft, which is never published."),
    Code(
        "E-placeholder",
        "Starter text published",
        "A text still as kbgen new wrote it, in an item that is no longer a draft: write the real words.",
    ),
    Code("E-public-ref", "Public refers to internal", "Public content may not cite or link internal content."),
    # Text
    Code("E-nesting", "Nesting too deep", "Lists and quotes in Markdown nest at most 20 levels."),
    Code("E-remote-image", "Remote image", "Images load from the site, or from a host kb.yml lists in allow_hosts."),
    Code("E-host", "Bad host", "allow_hosts lists host names such as cdn.example.com, or .example.com."),
    Code("E-heading-id", "Heading takes an item's ID", "A heading or { #id } in text may not take an ID of an item."),
    Code("W-html", "Raw HTML", "Raw HTML in text is escaped unless kb.yml says allow_html: true."),
    Code("W-translation", "Missing translation", "A text lacks one of kb.yml's languages; the default one is shown."),
    # kbgen measure: exports, mappings and the results files
    Code("E-export", "Unreadable export", "An export (or one of its rows) kbgen measure cannot read as CSV or JSON."),
    Code(
        "E-export-value",
        "Value not in the mapping",
        "A channel, priority, segment or status of an export that the mapping's values do not list.",
    ),
    Code(
        "E-export-time",
        "Bad timestamp",
        "A timestamp of an export that is not a date and time, or has no time zone and the mapping gives none.",
    ),
    Code("E-performance", "Bad results file", "A file of performance/ that kbgen measure did not write as it is."),
    # Building
    Code("E-mkdocs", "MkDocs error", "MkDocs failed to build a page (or warned, under --strict)."),
    Code("E-pagefind", "Search index failed", "Pagefind could not index the site; the message gives its reason."),
    Code("W-mkdocs", "MkDocs warning", "MkDocs warned while building a page."),
]

CODES: dict[str, Code] = {c.code: c for c in _ALL}


def known(code: str) -> bool:
    """Whether `code` is registered."""
    return code in CODES
