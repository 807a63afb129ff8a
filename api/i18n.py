"""Locale negotiation and the one fallback chain, used by REST, GraphQL, feeds and search alike.

Fallback: requested locale → its configured chain (e.g. ky → ru) → the item's original locale → the default
locale → any available. The chain is computed here once; SQL (queries) and Python (serializers) both follow it.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from flask import current_app, g, has_request_context, request
from sqlalchemy import case
from werkzeug.datastructures import LanguageAccept

from api.models.base import TranslatableMixin, TranslationMixin


def supported_locales() -> list[str]:
    return current_app.config["LOCALES"]


def default_locale() -> str:
    return current_app.config["DEFAULT_LOCALE"]


def match_locale(tag: str | None) -> str | None:
    """The supported locale for a BCP 47 tag (`sv-SE` → `sv`), or None."""
    if not tag:
        return None
    supported = {locale.lower(): locale for locale in supported_locales()}
    tag = tag.strip().replace("_", "-").lower()
    return supported.get(tag) or supported.get(tag.split("-")[0])


def negotiate_locale() -> str:
    """`lang` beats Accept-Language; an unsupported locale falls back to the default, never an error."""
    lang = match_locale(request.args.get("lang"))
    if lang:
        return lang
    accept: LanguageAccept = request.accept_languages
    for tag, quality in accept:
        locale = match_locale(tag) if quality > 0 else None  # q=0 means "not this one" (RFC 9110 §12.4.2)
        if locale:
            return locale
    return default_locale()


def requested_locale() -> str:
    if not has_request_context():
        return default_locale()
    if "locale" not in g:
        g.locale = negotiate_locale()
    return g.locale


def preference(requested: str) -> list[str]:
    """Locales in the order they are tried for an item, before its original locale and the default."""
    chain = [requested, *current_app.config["LOCALE_FALLBACKS"].get(requested, [])]
    return list(dict.fromkeys(chain))


def _rank(locale: str, requested: str, original: str) -> tuple[int, str]:
    order = [*preference(requested), original, default_locale()]
    return (order.index(locale) if locale in order else len(order), locale)


def resolve(item: TranslatableMixin, requested: str | None = None) -> TranslationMixin | None:
    """The translation an item is served in for the requested locale."""
    requested = requested or requested_locale()
    translations = item.translations
    if not translations:
        return None
    return min(translations, key=lambda t: _rank(t.locale, requested, item.original_locale))


def rank_expression(locale_column, original_column, requested: str):
    """The SQL twin of `_rank`: lower is preferred; ties are broken by locale in the query's ORDER BY."""
    order = [*preference(requested), None, default_locale()]
    whens = []
    for position, locale in enumerate(order):
        whens.append((locale_column == (original_column if locale is None else locale), position))
    return case(*whens, else_=len(order))


def format_moment(moment: datetime, locale: str, zone: str = "UTC") -> str:
    """A time as a reader of `locale` writes it (25 januari 2020 23:59), in the zone it was announced in."""
    local = moment.astimezone(ZoneInfo(zone))
    language = Locale.parse(locale, sep="-")
    return (
        f"{format_date(local.date(), 'long', locale=language)}, {format_time(local.time(), 'short', locale=language)}"
    )


def format_day(day: date | datetime, locale: str) -> str:
    """A date as a reader of `locale` writes it (25 januari 2020)."""
    return format_date(day, "long", locale=Locale.parse(locale, sep="-"))
