"""Amounts in remedies: money in a currency, and shares of a price that may pass 100 %."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import list_currencies

from kbgen.read.scalars import Percent, ScalarError, number


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in a currency: `50 GBP` holds 50 and `GBP` (ISO 4217); Babel writes it per language."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def parse_money(text: str) -> Money:
    """`50 GBP`, `1075 USD`, `12.50 EUR` or `GBP 50`: an amount and an ISO 4217 currency code Babel knows."""
    stripped = text.strip()
    match = re.fullmatch(r"([0-9]+(?:[.,][0-9]{1,2})?)\s+([A-Za-z]{3})", stripped) or re.fullmatch(
        r"([A-Za-z]{3})\s+([0-9]+(?:[.,][0-9]{1,2})?)", stripped
    )
    if not match:
        raise ScalarError(
            "E-money",
            f'expected an amount and a currency code such as "50 GBP" or "25 USD", got "{text}"',
            "write the number, a space and the ISO 4217 code (COP, EUR, GBP, USD); no symbols, no thousands separators",
        )
    first, second = match.groups()
    digits, code = (first, second) if first[0].isdigit() else (second, first)
    if code.upper() not in list_currencies():
        raise ScalarError("E-money", f'"{code}" is not an ISO 4217 currency code', "for example COP, EUR, GBP, USD")
    return Money(number(digits), code.upper())


def parse_share(text: str) -> Percent:
    """A share of a price, which may pass 100 %: `200%` of the fare."""
    match = re.fullmatch(r"([0-9]+(?:[.,][0-9]+)?)\s?%", text.strip())
    if not match:
        raise ScalarError("E-percent", f'expected a percentage such as 200%, got "{text}"')
    value = number(match.group(1))
    if value <= 0:
        raise ScalarError("E-percent", f'a share must be more than 0%, got "{text}"')
    return Percent(value)
