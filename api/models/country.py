from functools import cache

from babel import Locale
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base

# Codes CLDR lists as territories but that are not ISO 3166-1 countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


class Country(Base):
    """A country by its ISO 3166-1 alpha-2 code; names come translated from CLDR, not from rows."""

    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)

    def name(self, locale: str) -> str:
        return country_name(self.code, locale)


@cache
def country_codes() -> frozenset[str]:
    territories = Locale("en").territories
    return frozenset(code for code in territories if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES)


@cache
def country_name(code: str, locale: str) -> str:
    return Locale.parse(locale, sep="-").territories.get(code) or code
