"""The content model: one definition that validates editors' YAML and is exported as JSON Schema.

Input is always what `loader` builds: text, lists, mappings and `None`.
Each typed field converts text strictly through `scalars`; the JSON Schema
describes what editors write (so `featured: true` and `order: 3` autocomplete).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    PrivateAttr,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kbgen.read import amounts, days, scalars
from kbgen.read.amounts import Money
from kbgen.read.scalars import Duration, Percent, ScalarError, Score, Target, TimeRange

SCALAR_JSON: dict[str, Any] = {"type": ["string", "number", "boolean"]}


def _converter(parse: Callable[[str], Any], kind: str) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if value is None or isinstance(value, (dict, list)):
            return value  # left for the type check to word
        try:
            return parse(str(value))
        except ScalarError as exc:
            raise PydanticCustomError(exc.code, exc.message, {"hint": exc.hint}) from None

    convert.__name__ = f"parse_{kind}"
    return convert


def _typed(parse: Callable[[str], Any], kind: str) -> PlainValidator:
    """A value read strictly from text by `parse`."""

    def validate(value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("E-empty", "has no value", {"hint": "write a value, or delete the line"})
        if isinstance(value, (dict, list)):
            raise PydanticCustomError("E-type", f"expected {kind}, got {describe(value)}", {"hint": ""})
        return _converter(parse, kind)(value)

    return PlainValidator(validate)


def describe(value: Any) -> str:
    """A value as a message quotes it: "no value", "a mapping", "a list" or the text, cut at 40 characters."""
    if value is None:
        return "no value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    short = str(value) if len(str(value)) <= 40 else str(value)[:37] + "..."
    return f'"{short}"'


def choice(*values: str) -> Callable[[Any], Any]:
    """A validator that accepts only one of `values`, suggesting the closest one for a typo."""

    def check(value: Any) -> Any:
        if isinstance(value, (list, dict)):
            raise PydanticCustomError(
                "E-choice",
                f"expected one of {', '.join(values)}, got {describe(value)}",
                {"hint": "write one of them, without [ ] or { }"},
            )
        if isinstance(value, str) and value not in values:
            from difflib import get_close_matches

            close = get_close_matches(value, values, n=1)
            hint = f'did you mean "{close[0]}"?' if close else ""
            raise PydanticCustomError("E-choice", f'expected one of {", ".join(values)}, got "{value}"', {"hint": hint})
        return value

    return check


Id = Annotated[
    str,
    _typed(scalars.parse_id, "an ID"),
    # An all-digit ID (2024) is a number to any YAML reader; kbgen reads it as text.
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": scalars.ID_RE.pattern}, {"type": "integer", "minimum": 0}]}
    ),
]
Flag = Annotated[bool, _typed(scalars.parse_flag, "true or false"), WithJsonSchema({"type": "boolean"})]
Int = Annotated[int, _typed(scalars.parse_int, "a whole number"), WithJsonSchema({"type": "integer"})]
Date = Annotated[date, _typed(scalars.parse_date, "a date"), WithJsonSchema({"type": "string", "format": "date"})]
DURATION_PATTERN = r"^([0-9]+y)?([0-9]+mo)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$"
DurationT = Annotated[
    Duration,
    _typed(scalars.parse_duration, "a duration"),
    WithJsonSchema(
        {"type": "string", "pattern": DURATION_PATTERN, "description": "30s, 15m, 4h, 2d, 1w, 2mo, 1y or 1h30m"}
    ),
]
MoneyT = Annotated[
    Money,
    _typed(amounts.parse_money, "an amount"),
    WithJsonSchema({"type": "string", "description": "an amount and an ISO 4217 code: 50 GBP, 25 USD"}),
]
ShareT = Annotated[
    Percent,
    _typed(amounts.parse_share, "a percentage"),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]+([.,][0-9]+)? ?%$", "description": "200% of a price"}),
]
TimeOfDay = Annotated[
    int,
    _typed(days.parse_time_of_day, "a time of day"),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]{1,2}:[0-9]{2}$", "description": "HH:MM, 10:00"}),
]
PercentT = Annotated[
    Percent,
    _typed(scalars.parse_percent, "a percentage"),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]+([.,][0-9]+)? ?%$"}),
]
TargetT = Annotated[
    Target,
    _typed(scalars.parse_target, "a target"),
    WithJsonSchema({"type": "string", "description": "a duration (2h), a percentage (3%) or a score (8.5/10)"}),
]
Lang = Annotated[str, _typed(scalars.parse_language, "a language code"), WithJsonSchema({"type": "string"})]
TimeZone = Annotated[str, _typed(scalars.parse_timezone, "a time zone"), WithJsonSchema({"type": "string"})]
Url = Annotated[str, _typed(scalars.parse_url, "a web address"), WithJsonSchema({"type": "string", "format": "uri"})]
Word = Annotated[str, _typed(str, "text"), WithJsonSchema(SCALAR_JSON)]
HOST_PATTERN = r"^\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$"


def parse_host(value: str) -> str:
    """A host name a public page may load images from: `cdn.example.com`, or `.example.com` for its subdomains."""
    if not re.fullmatch(HOST_PATTERN, value):
        raise scalars.ScalarError(
            "E-host",
            f'expected a host name such as cdn.example.com, got "{value}"',
            "write the host alone: no https://, no path",
        )
    return value.lower()


Host = Annotated[
    str,
    _typed(parse_host, "a host name"),
    WithJsonSchema({"type": "string", "pattern": HOST_PATTERN, "description": "cdn.example.com, .example.com"}),
]
Audience = Annotated[Literal["public", "internal"], BeforeValidator(choice("public", "internal"))]

CLOCK_JSON = {"type": "string", "description": "24x7 or the ID of a calendar in kb.yml"}
Clock = Annotated[
    str, _typed(lambda t: t if t == "24x7" else scalars.parse_id(t), "a clock"), WithJsonSchema(CLOCK_JSON)
]
UNPUBLISHED = "unpublished"
CHANNEL_HOURS_JSON = {
    "type": "string",
    "description": "24x7, the ID of a calendar in kb.yml, or unpublished (the hours are not published)",
}
ChannelHours = Annotated[
    str,
    _typed(lambda t: t if t in ("24x7", UNPUBLISHED) else scalars.parse_id(t), "hours"),
    WithJsonSchema(CHANNEL_HOURS_JSON),
]


@dataclass(frozen=True)
class Text:
    """Markdown per language; `values` always holds the default language."""

    values: dict[str, str]

    @property
    def default(self) -> str:
        """The text in the knowledge base's default language (always the first one held)."""
        return next(iter(self.values.values()))

    def get(self, lang: str, default: str) -> tuple[str, bool]:
        """The text in `lang`, and whether it fell back to the default language."""
        if lang in self.values:
            return self.values[lang], False
        return self.values[default], True


def _make_text(one_line: bool) -> Callable[[Any, ValidationInfo], Text]:
    def validate(value: Any, info: ValidationInfo) -> Text:
        context = info.context or {}
        declared: list[str] | None = context.get("languages")
        languages: list[str] = declared or (list(value) if isinstance(value, dict) and value else ["es"])
        default = languages[0]
        if value is None:
            raise PydanticCustomError("E-empty", "has no value", {"hint": "write the text, or delete the line"})
        if isinstance(value, list):
            raise PydanticCustomError("E-type", "expected text or {es: ..., en: ...}, got a list", {"hint": ""})
        if isinstance(value, dict):
            for lang, text in value.items():
                if declared is not None and lang not in languages:
                    raise PydanticCustomError(
                        "E-language",
                        f'"{lang}" is not a language of this knowledge base',
                        {"hint": f"declared in kb.yml: {', '.join(languages)}", "key": lang},
                    )
                if isinstance(text, (list, dict)):
                    raise PydanticCustomError(
                        "E-type",
                        f'the "{lang}" text: expected text, got {describe(text)}',
                        {"hint": "quote it if it starts with [ or {", "field": lang},
                    )
                if text is None or not str(text).strip():
                    raise PydanticCustomError(
                        "E-empty",
                        f'the "{lang}" text is empty',
                        {"hint": "write the text, or delete the language", "field": lang},
                    )
            if declared is not None and default not in value:
                raise PydanticCustomError(
                    "E-language",
                    f'the default language "{default}" is missing',
                    {"hint": f"add {default}: with the text in {default}"},
                )
            # The default language first: `Text.default` reads it without knowing the languages.
            values = {k: str(v) for k, v in sorted(value.items(), key=lambda kv: kv[0] != default)}
        else:
            if not str(value).strip():
                raise PydanticCustomError(
                    "E-empty", "the text is empty", {"hint": "write the text, or delete the line"}
                )
            values = {default: str(value)}
        if one_line:
            for lang, text in values.items():
                if "\n" in text.strip():
                    raise PydanticCustomError(
                        "E-oneline",
                        f'a line break in a one-line field ("{lang}")'
                        if isinstance(value, dict)
                        else "a line break in a one-line field",
                        {"hint": "write it on one line, without | or >"},
                    )
            values = {k: v.strip() for k, v in values.items()}
        return Text(values)

    return validate


def _text_json(one_line: bool) -> dict[str, Any]:
    text: dict[str, Any] = {"type": ["string", "number", "boolean"]}
    if not one_line:
        text["description"] = "Markdown"
    return {"anyOf": [text, {"type": "object", "additionalProperties": text, "minProperties": 1}]}


TextT = Annotated[Text, PlainValidator(_make_text(False)), WithJsonSchema(_text_json(False))]
OneLine = Annotated[Text, PlainValidator(_make_text(True)), WithJsonSchema(_text_json(True))]


class Model(BaseModel):
    """The base of every model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=False)


class Item(Model):
    """Something with a place in a file, so later checks can point at it."""

    id: Id
    _file: str = PrivateAttr(default="")
    _path: tuple[str | int, ...] = PrivateAttr(default=())

    def locate(self, file: str, path: tuple[str | int, ...]) -> None:
        """Record where the item was read from, for later checks to point at."""
        self._file, self._path = file, path

    @property
    def file(self) -> str:
        """The file the item was read from."""
        private = self.__pydantic_private__  # what self._file reads, without pydantic's lookup
        return str(private["_file"]) if private else ""

    @property
    def path(self) -> tuple[str | int, ...]:
        """The item's field path within its file."""
        private = self.__pydantic_private__
        return tuple(private["_path"]) if private else ()


class Reviewable(Item):
    """An item editors review: who owns it, when it was last reviewed, how often, and whether it is a draft."""

    owner: Word | None = None
    reviewed: Date | None = None
    review_every: DurationT | None = None
    draft: Flag = False


# --- kb.yml ---------------------------------------------------------------


class Organization(Model):
    """The organization in kb.yml: its name, website and logo."""

    name: OneLine
    url: Url | None = None
    logo: Word | None = Field(default=None, description="path of a logo under docs/public")


class HolidaysOf(Model):
    """The public holidays a calendar takes from the `holidays` library: a country and subdivision."""

    country: Annotated[str, _typed(str, "a country code"), WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"})]
    subdivision: Word | None = None


def _week(value: Any) -> dict[str, list[TimeRange]]:
    if value is None or not isinstance(value, dict):
        raise PydanticCustomError(
            "E-type",
            f"expected days mapped to hours, got {describe(value)}",
            {"hint": 'for example {mon-fri: "07:00-20:00"}'},
        )
    week: dict[str, list[TimeRange]] = {}
    errors: list[dict[str, str]] = []
    for spec, hours in value.items():
        try:
            days = scalars.parse_days(spec)
        except ScalarError as exc:
            errors.append({"key": spec, "code": exc.code, "message": exc.message, "hint": exc.hint})
            continue
        items = hours if isinstance(hours, list) else [hours]
        if items == ["open"]:
            # The day is open, its times are not published: counted as the whole day, shown without times.
            for day in days:
                week[day] = [TimeRange(0, 24 * 60, untimed=True)]
            continue
        try:
            if not items or any(not isinstance(h, str) for h in items):
                raise ScalarError(
                    "E-hours",
                    f'expected "HH:MM-HH:MM" or a list of them, got {describe(hours)}',
                    'for example "07:00-20:00" or ["08:00-13:00", "15:00-19:00"]',
                )
            ranges = sorted((scalars.parse_time_range(h) for h in items), key=lambda r: r.start)
            for first, second in itertools.pairwise(ranges):
                if second.start < first.end:
                    raise ScalarError("E-hours", f"{first} and {second} overlap", "make the ranges follow each other")
        except ScalarError as exc:
            errors.append({"field": spec, "code": exc.code, "message": exc.message, "hint": exc.hint})
            continue
        for day in days:
            if day in week:
                errors.append(
                    {"key": spec, "code": "E-days", "message": f'"{day}" is named twice', "hint": "name each day once"}
                )
            week[day] = ranges
    if errors:
        head = errors[0]
        raise PydanticCustomError(head["code"], head["message"], {"hint": head["hint"], "errors": errors})
    if not week:
        raise PydanticCustomError(
            "E-hours",
            "a week with no open day",
            {"hint": "name the open days; a channel whose hours are not published says hours: unpublished"},
        )
    return week


MD_JSON = {"type": "string", "pattern": r"^[0-9]{2}-[0-9]{2}$", "description": "MM-DD, 04-01"}
WEEK_JSON = {
    "type": "object",
    "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    "description": 'days (mon, mon-fri, sat,sun) to "HH:MM-HH:MM", a list of ranges, or open (times not published)',
}


class Season(Model):
    """A part of the year with its own hours, inside a calendar's `seasons`: `start` and `end` are MM-DD."""

    title: OneLine | None = None
    start: Annotated[tuple[int, int], _typed(days.parse_month_day, "a day of the year"), WithJsonSchema(MD_JSON)]
    end: Annotated[tuple[int, int], _typed(days.parse_month_day, "a day of the year"), WithJsonSchema(MD_JSON)]
    week: Annotated[dict[str, list[TimeRange]], PlainValidator(_week), WithJsonSchema(WEEK_JSON)]


class Calendar(Item):
    """Opening hours in kb.yml's `calendars`: a week of hours in a time zone, with days off."""

    id: Id
    title: OneLine | None = None
    timezone: TimeZone
    week: Annotated[dict[str, list[TimeRange]], PlainValidator(_week), WithJsonSchema(WEEK_JSON)]
    holidays: list[Date] = []
    holidays_of: HolidaysOf | None = None
    # Parts of the year with other hours ("until 21:00 from April to June"); the first that holds wins.
    seasons: list[Season] = []


CHANNEL_KINDS = (
    "self-service",
    "assisted",
    "chat",
    "messaging",
    "social",
    "voice",
    "email",
    "web-form",
    "in-person",
    "postal",
    "status-page",
    "textphone",
    "relay",
    "sign-language",
)
ACCESSIBILITY_KINDS = ("textphone", "relay", "sign-language")


class ContactEntry(Model):
    """One contact of a channel: a number or address, with an optional label ("England", "Wales")."""

    value: OneLine
    label: OneLine | None = None


def _contacts(value: Any) -> Any:
    """`contact` as written (one, a translated one, a list, labelled entries) as a list of entries."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [
        item if isinstance(item, dict) and ("value" in item or "label" in item) else {"value": item} for item in items
    ]


CONTACT_ONE = {"anyOf": [SCALAR_JSON, {"type": "object", "additionalProperties": SCALAR_JSON}]}
CONTACT_JSON = {
    "anyOf": [
        CONTACT_ONE,
        {
            "type": "array",
            "items": {
                "anyOf": [
                    CONTACT_ONE,
                    {
                        "type": "object",
                        "properties": {"value": CONTACT_ONE, "label": CONTACT_ONE},
                        "required": ["value"],
                        "additionalProperties": False,
                    },
                ]
            },
        },
    ],
    "description": "a number or address, a translated one ({es: ..., en: ...}), or a list; "
    "labelled: {value: ..., label: ...}",
}


class HoursFor(Model):
    """Other hours of a channel: for one service, or only in one situation."""

    label: OneLine
    hours: ChannelHours


class Channel(Item):
    """A way to reach the organization, in kb.yml's `channels`; all but self-service and status-page need hours."""

    id: Id
    name: OneLine
    kind: Annotated[
        Literal[
            "self-service",
            "assisted",
            "chat",
            "messaging",
            "social",
            "voice",
            "email",
            "web-form",
            "in-person",
            "postal",
            "status-page",
            "textphone",
            "relay",
            "sign-language",
        ],
        BeforeValidator(choice(*CHANNEL_KINDS)),
    ]
    contact: Annotated[list[ContactEntry], BeforeValidator(_contacts), WithJsonSchema(CONTACT_JSON)] = []
    url: Url | None = None
    hours: ChannelHours | None = None
    # Other hours at the same contact: per service, or only in some situation ("24/7 during an incident")
    hours_for: list[HoursFor] = []
    # We contact customers through it ("we'll send you an SMS"); they cannot reach us there
    outbound: Flag = False
    audience: Audience = "public"
    address: TextT | None = None
    by_appointment: Flag = False
    segments: list[Id] = []
    accessibility: TextT | None = None
    description: TextT | None = None

    @model_validator(mode="after")
    def _hours_required(self) -> Channel:
        if self.hours is None and self.kind not in ("self-service", "status-page", "postal") and not self.outbound:
            raise PydanticCustomError(
                "E-required",
                f'a {self.kind} channel needs "hours"',
                {
                    "hint": "add hours: the ID of a calendar, 24x7 if people attend it day and night, "
                    "or unpublished if the hours are not published",
                    "field": "hours",
                },
            )
        return self

    @property
    def contacts(self) -> list[str]:
        """The channel's contacts in the default language, whether `contact` was one or several."""
        return [entry.value.default for entry in self.contact]


class Segment(Item):
    id: Id
    title: OneLine | None = None
    description: TextT | None = None


def _id_to_mapping(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


SegmentEntry = Annotated[
    Segment,
    BeforeValidator(_id_to_mapping),
    WithJsonSchema({"anyOf": [{"type": "string"}, Segment.model_json_schema()]}),
]


class Level(Item):
    """A priority, a severity or a stage: an ID with words around it."""

    id: Id
    title: OneLine
    description: TextT | None = None
    examples: list[TextT] = []


class Feedback(Model):
    """kb.yml's `feedback`: how readers' "was this helpful?" answers are collected (an analytics property or a URL)."""

    provider: Annotated[Literal["google"], BeforeValidator(choice("google"))] | None = None
    property: Word | None = None
    url: Url | None = None


class Body(Item):
    """An external body in kb.yml's `bodies`: who may review a complaint outside the organization, and when."""

    id: Id
    name: OneLine
    contact: Annotated[list[ContactEntry], BeforeValidator(_contacts), WithJsonSchema(CONTACT_JSON)] = []
    url: Url | None = None
    # When a customer may approach it ("after our final response, or 8 weeks after the complaint")
    when: TextT
    # The wait after the complaint after which it may be approached, if the source gives one
    after: DurationT | None = None
    description: TextT | None = None


def _address_form(value: Any) -> Any:
    return "tú" if value == "tu" else choice("tú", "usted")(value)


class Owner(Model):
    """A team in kb.yml's `owners`: the ID that `owner:` fields name, its name and how to reach it."""

    id: Id
    name: OneLine
    contact: Word | None = None


class Performance(Model):
    """kb.yml's `performance`: whether customers see the results `kbgen measure` wrote, and from how many cases."""

    public: Flag = False
    min_cases: Int = 30

    @model_validator(mode="after")
    def _positive(self) -> Performance:
        if self.min_cases < 1:
            raise PydanticCustomError(
                "E-number", f"min_cases must be at least 1, got {self.min_cases}", {"hint": "", "field": "min_cases"}
            )
        return self


class KbFile(Model):
    """protocols/kb.yml: the organization, languages, calendars, channels, segments, levels and site settings."""

    organization: Organization
    languages: list[Lang] = Field(min_length=1)
    allow_html: Flag = False
    review_every: DurationT = Field(default=Duration(days=180), json_schema_extra={"default": "180d"})
    calendars: list[Calendar] = []
    channels: list[Channel] = []
    segments: list[SegmentEntry] = []
    priorities: list[Level] = []
    severities: list[Level] = []
    stages: list[Level] = []
    feedback: Feedback | None = None
    # Hosts public pages may load images from (editor text and docs pages); none by default.
    allow_hosts: list[Host] = []
    # Bodies outside the organization customers may take a complaint to (a regulator, an ombudsman).
    bodies: list[Body] = []
    # How kbgen's own Spanish words address the reader: tú (default) or usted.
    address_form: Annotated[
        Literal["tú", "usted"], BeforeValidator(_address_form), WithJsonSchema({"enum": ["tú", "usted"]})
    ] = "tú"
    # The teams that `owner:` fields name, declared once with a name and a contact (internal site only).
    owners: list[Owner] = []
    performance: Performance = Field(default_factory=Performance)
    # The language of kbgen's messages to editors (validate, diff, review); default: the first language.
    editors_language: Lang | None = None


# --- standards ---------------------------------------------------------------

METRICS = (
    "acknowledgement",
    "first_response",
    "next_response",
    "resolution",
    "wait_time",
    "callback",
    "delivery",
    "installation",
    "appointment",
    "refund",
    "abandonment",
    "answered",
    "satisfaction",
    "other",
)
DURATION_METRICS = METRICS[:10]


class Offer(Model):
    """What a customer receives: an amount, a share of a price (with a cap), or words ("an apology")."""

    what: OneLine | None = None
    amount: MoneyT | None = None
    percent: ShareT | None = None
    # What `percent` is a share of: "la tarifa de ida", "the one-way fare"
    of: OneLine | None = None
    # The most it comes to: "no more than $1,075"
    cap: MoneyT | None = None

    def _offer_problems(self) -> None:
        if self.what is None and self.amount is None and self.percent is None:
            raise PydanticCustomError(
                "E-remedy",
                "an offer needs what, amount or percent",
                {"hint": 'for example amount: 50 GBP, or what: {es: "Una disculpa", en: "An apology"}'},
            )
        if self.percent is not None and self.of is None:
            raise PydanticCustomError(
                "E-remedy", "a percent needs of: what it is a share of", {"hint": "for example of: the one-way fare"}
            )
        if self.cap is not None and self.percent is None:
            raise PydanticCustomError(
                "E-remedy", "cap limits a percent", {"hint": "write the amount itself as amount:", "field": "cap"}
            )

    @model_validator(mode="after")
    def _needs_something(self) -> Offer:
        self._offer_problems()
        return self


class RemedyStep(Offer):
    """A larger remedy the later a promise is kept: `over` is how late."""

    over: DurationT


class Remedy(Offer):
    """What we give when a promise is broken (or when its `when` holds): one offer inline, `one_of` the
    customer chooses from, or `all_of` together; automatic or on request; paid and claimed within."""

    one_of: list[Offer] = []
    all_of: list[Offer] = []
    # Paid without being asked (default: the customer asks for it)
    automatic: Flag = False
    claim_within: DurationT | None = None
    paid_within: DurationT | None = None
    # The clock of claim_within and paid_within: 24x7 or a calendar (default: the standard's clock)
    clock: Clock | None = None
    # Larger remedies by how late: [{over: 2h, percent: 400%, of: ..., cap: 2150 USD}]
    steps: list[RemedyStep] = []

    def _offer_problems(self) -> None:
        forms = [
            self.one_of != [],
            self.all_of != [],
            any(v is not None for v in (self.what, self.amount, self.percent)),
        ]
        if sum(forms) != 1:
            raise PydanticCustomError(
                "E-remedy",
                "a remedy is one offer (what, amount or percent), one_of or all_of",
                {"hint": "write one of the three forms"},
            )
        if forms[2]:
            super()._offer_problems()
        if self.automatic and self.claim_within is not None:
            raise PydanticCustomError(
                "E-remedy",
                "an automatic remedy is not claimed",
                {"hint": "remove claim_within, or automatic: true", "field": "claim_within"},
            )


class Variant(Model):
    """One cell of a standard's grid: a segment and/or a priority with its own target."""

    id: Id
    segment: Id | None = None
    priority: Id | None = None
    target: TargetT | None = None
    goal: PercentT | None = None
    clock: Clock | None = None
    deadline: OneLine | None = None


class Window(Model):
    """One stretch of an update cadence: at least every `every`, `during` this long (the last one: from then on)."""

    every: DurationT
    during: DurationT | None = None


class Updates(Model):
    """How often customers hear from us while something lasts."""

    # The first update comes within this (from what the standard's measured text names)
    first: DurationT | None = None
    # Then at least every: one cadence...
    every: DurationT | None = None
    # ...or windows: [{every: 20m, during: 2h}, {every: 1h}]
    windows: list[Window] = []
    # Or sooner when this happens ("as your flight status changes"), whichever comes first
    or_when: OneLine | None = None

    @model_validator(mode="after")
    def _cadence(self) -> Updates:
        if (self.every is None) == (not self.windows):
            raise PydanticCustomError(
                "E-updates", "updates need every or windows (not both)", {"hint": "for example every: 30m"}
            )
        for window in self.windows[:-1]:
            if window.during is None:
                raise PydanticCustomError(
                    "E-updates",
                    "every window but the last needs during",
                    {"hint": "for example {every: 20m, during: 2h}, then {every: 1h}"},
                )
        return self


PARTIES = ("us", "customer", "other")


ABANDON_RULES = ("counted", "excluded", "short_excluded")
# What happens to a case, as `kbgen measure` reads it from an export's columns.
EVENTS = (
    "created",
    "queued",
    "acknowledged",
    "first_response",
    "next_response",
    "answered",
    "abandoned",
    "callback",
    "resolved",
    "delivered",
    "installed",
    "appointment",
    "refunded",
)
EventName = Annotated[str, BeforeValidator(choice(*EVENTS)), WithJsonSchema({"enum": list(EVENTS)})]


class Measure(Model):
    """A standard's `measure`: how `kbgen measure` computes it from exports; each field has a default per metric."""

    start: EventName | None = None
    stop: EventName | None = None
    pause: list[Word] = []
    abandon: Annotated[Literal["counted", "excluded", "short_excluded"], BeforeValidator(choice(*ABANDON_RULES))] = (
        "counted"
    )
    short_abandon: DurationT = Field(default=Duration(seconds=5), json_schema_extra={"default": "5s"})
    exclude_tags: list[Word] = []


class Standard(Reviewable):
    """A service standard in a standards file: a metric, its target and where it applies."""

    id: Id
    title: OneLine
    metric: Annotated[str, BeforeValidator(choice(*METRICS)), WithJsonSchema({"enum": list(METRICS)})]
    target: TargetT | None = None
    goal: PercentT | None = None
    statistic: Annotated[
        Literal["share", "average", "median", "max"], BeforeValidator(choice("share", "average", "median", "max"))
    ] = "share"
    direction: Annotated[Literal["at_most", "at_least"], BeforeValidator(choice("at_most", "at_least"))] | None = None
    clock: Clock = "24x7"
    channels: list[Id] = []
    # It applies on every channel (without channels or all_channels it names none in particular)
    all_channels: Flag = False
    priorities: list[Id] = []
    segments: list[Id] = []
    measured: TextT | None = None
    audience: Audience = "internal"
    description: TextT | None = None
    # Whose deadline: ours (default), the customer's, or another party's (party_name says whose)
    party: Annotated[Literal["us", "customer", "other"], BeforeValidator(choice(*PARTIES))] = "us"
    party_name: OneLine | None = None
    # An aim, not a guarantee: "we aim to deliver water within 24 hours"
    aim: Flag = False
    # Notice before an event: "at least 24 hours before the visit" (with direction: at_least)
    before: OneLine | None = None
    # The target in words when it is set case by case or by the calendar
    deadline: OneLine | None = None
    # With a target in whole days: by this time of the last day ("by the next business day at 10:00")
    at: TimeOfDay | None = None
    # The condition under which it applies: "your flight is delayed two hours or more"
    when: TextT | None = None
    exclusions: list[TextT] = []
    remedy: Remedy | None = None
    # One promise, many cells: targets by segment and priority, shown as one grid
    variants: list[Variant] = []
    updates: Updates | None = None
    measure: Measure | None = None

    @model_validator(mode="after")
    def _metric_rules(self) -> Standard:
        def fail(field: str, message: str, hint: str, code: str = "E-target") -> PydanticCustomError:
            return PydanticCustomError(code, message, {"hint": hint, "field": field})

        target = self.target
        shaped = self.deadline is not None or self.variants or self.updates is not None or self.when is not None
        if target is None and self.metric != "other" and not shaped:
            raise fail("target", f'a "{self.metric}" standard needs a target', "add target: ...")
        if self.deadline is not None and target is not None:
            raise fail("deadline", "deadline says the target in words: write target or deadline", "keep one of them")
        for where, cell_target in [("target", target), *(("variants", v.target) for v in self.variants)]:
            self._target_fits(where, cell_target, fail)
        if self.metric == "other":
            if self.description is None and self.when is None and self.updates is None:
                raise fail("description", 'an "other" standard needs a description', "say what is measured")
            if target is not None and not isinstance(target, Duration) and self.direction is None:
                raise fail(
                    "direction",
                    "a target that is not a duration needs a direction",
                    "add direction: at_most or direction: at_least",
                )
        if self.goal is not None and self.statistic != "share":
            raise fail(
                "goal",
                f'goal only applies with statistic: share, not "{self.statistic}"',
                "remove goal, or use statistic: share",
            )
        if self.party == "other" and self.party_name is None:
            raise fail(
                "party_name", "party: other needs party_name", 'say whose deadline it is: "la entidad"', "E-party"
            )
        if self.party != "other" and self.party_name is not None:
            raise fail("party_name", "party_name goes with party: other", "add party: other", "E-party")
        if self.party != "us" and self.goal is not None:
            raise fail("goal", "a goal is a share of our own cases", "remove goal: it is not our deadline", "E-party")
        if self.before is not None and not isinstance(target, Duration):
            raise fail("before", "notice before an event needs a duration target", "for example target: 24h")
        if self.at is not None and (
            not isinstance(target, Duration)
            or target.clock_seconds
            or target.calendar_months
            or not target.total_seconds
        ):
            raise fail(
                "at", "at (a time of day) goes with a target in whole days", "for example target: 1d and at: 10:00"
            )
        ids = [v.id for v in self.variants]
        for index, vid in enumerate(ids):
            if vid in ids[:index]:
                raise fail(
                    "variants", f'the variant "{vid}" is named twice', "give each variant its own id", "E-duplicate-id"
                )
        return self

    def _target_fits(self, where: str, target: Target | None, fail: Callable[..., PydanticCustomError]) -> None:
        if target is None:
            return
        if self.metric in DURATION_METRICS and not isinstance(target, Duration):
            raise fail(where, f'a "{self.metric}" target is a duration, got {target}', "for example 2h or 3d")
        if self.metric in ("abandonment", "answered") and not isinstance(target, Percent):
            raise fail(where, f'a "{self.metric}" target is a percentage, got {target}', "for example 3%")
        if self.metric == "satisfaction" and not isinstance(target, Score):
            raise fail(where, f'a "satisfaction" target is a score, got {target}', "for example 8.5/10")

    @property
    def at_most(self) -> bool:
        """Whether the target is a ceiling (times, abandonment) rather than a floor."""
        if self.direction is not None:
            return self.direction == "at_most"
        return self.metric not in ("answered", "satisfaction")

    def variant(self, variant_id: str) -> Variant | None:
        """The cell of the grid with this id, or None."""
        return next((v for v in self.variants if v.id == variant_id), None)


# --- FAQs ---------------------------------------------------------------------


class Category(Item):
    """The `category` of a FAQ file: the page its FAQs appear on."""

    id: Id
    title: OneLine
    description: TextT | None = None
    stage: Id | None = None
    audience: Audience | None = None
    order: Int | None = None
    draft: Flag = False


class Faq(Reviewable):
    """One question and its answer, in a FAQ file's `faqs`."""

    id: Id
    question: OneLine
    answer: TextT
    # Words readers search with, hidden on the page; each may be translated: {es: reclamación, en: complaint}
    tags: list[OneLine] = []
    featured: Flag = False
    audience: Audience | None = None
    related: list[Id] = []
    # Words customers may search with that the answer does not use ("rayada, golpeada"), per
    # language: indexed for search, never shown.
    keywords: OneLine | None = None


class FaqFile(Model):
    """A FAQ file under protocols/faqs/: one category and its FAQs."""

    category: Category
    faqs: list[Faq] = Field(min_length=1)


# --- playbooks -----------------------------------------------------------------

PLAYBOOK_KINDS = ("daily", "crisis", "recovery", "customer-type")


class Role(Model):
    """A role in a playbook's `roles`, with its duties and how to reach whoever holds it: a channel
    of kb.yml (the crisis room), and/or a `contact` of its own (a phone, an extension)."""

    id: Id
    title: OneLine
    duties: list[TextT] = []
    channel: Id | None = None
    contact: Word | None = None


def _level_tag(value: Any) -> str:
    return "ref" if isinstance(value, str) else "level"


SeverityEntry = Annotated[
    Annotated[Id, Tag("ref")] | Annotated[Level, Tag("level")],
    Discriminator(_level_tag),
]


class Step(Model):
    """One step of a playbook's `steps`: what to do, who does it and within what time."""

    do: TextT
    id: Id | None = None
    phase: OneLine | None = None
    role: Id | None = None
    within: DurationT | None = None
    after: Id | None = None
    every: DurationT | None = None
    standard: Id | None = None
    standards: list[Id] = []
    template: Id | None = None
    statement: Id | None = None
    checklist: list[TextT] = []

    @property
    def all_standards(self) -> list[str]:
        """The step's standards: `standard` and `standards` together."""
        return ([self.standard] if self.standard else []) + list(self.standards)


class Template(Item):
    """A reply template in a playbook's `templates`, for agents to copy."""

    id: Id
    title: OneLine
    channel: Id | None = None
    subject: OneLine | None = None
    body: TextT


# Statement stages kbgen words in every language; any other stage is the editor's own text.
STATEMENT_STAGES = (
    "scheduled",
    "investigating",
    "identified",
    "monitoring",
    "update",
    "resolved",
    "holding",
    "apology",
    "closing",
)


class Statement(Item):
    """A statement for customers in a playbook's `statements`, for one stage of an incident (investigating...)."""

    id: Id
    title: OneLine
    stage: OneLine | None = None
    channels: list[Id] = []
    body: TextT


class Escalation(Model):
    """An entry of a playbook's `escalate`: when, to which role (or external body of kb.yml), within what time."""

    when: TextT
    to: Id
    within: DurationT | None = None


class Playbook(Reviewable):
    """A playbook file under protocols/playbooks/: how the team handles one kind of situation."""

    id: Id
    kind: Annotated[Literal["daily", "crisis", "recovery", "customer-type"], BeforeValidator(choice(*PLAYBOOK_KINDS))]
    title: OneLine
    summary: TextT | None = None
    audience: Audience = "internal"
    trigger: TextT
    signs: list[TextT] = []
    severity: list[SeverityEntry] = []
    roles: list[Role] = []
    standards: list[Id] = []
    steps: list[Step] = Field(min_length=1)
    templates: list[Template] = []
    statements: list[Statement] = []
    corrective_actions: list[TextT] = []
    avoid: list[TextT] = []
    close_when: list[TextT] = []
    escalate: list[Escalation] = []
    related: list[Id] = []
    # Words agents type when the situation happens ("datos expuestos"): weighted by the internal search.
    keywords: list[OneLine] = []


class LanguagesOnly(Model):
    """Read first from kb.yml: every text field depends on the declared languages."""

    model_config = ConfigDict(extra="ignore")
    languages: list[Lang] = Field(min_length=1)
