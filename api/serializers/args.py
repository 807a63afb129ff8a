"""Query-parameter schemas. Unknown parameters are rejected (see api.resources.base), so every name is here."""

from datetime import UTC, date, datetime, time

from flask import current_app
from flask_babel import lazy_gettext
from marshmallow import Schema, ValidationError, fields, validate

from api.models import PublicationStatus
from api.models.country import country_codes
from api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.slugs import SLUG_PATTERN

CHOICES_ERROR = lazy_gettext("Must be one of: {choices}.")


class Moment(fields.String):
    """An ISO 8601 date or date-time; a date means its start in UTC, a time without a zone means UTC."""

    def __init__(self, **kwargs) -> None:
        # The spec names the usual form; a date alone is accepted too.
        kwargs["metadata"] = {"format": "date-time", **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        value = super()._deserialize(value, attr, data, **kwargs)  # a string, as the spec says, not a number
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            try:
                moment = datetime.combine(date.fromisoformat(value), time())
            except ValueError as error:
                raise ValidationError(lazy_gettext("Not a valid ISO 8601 date or date-time.")) from error
        try:
            # Stored times are UTC: a moment that has no UTC equivalent (year 0 or 10000) is invalid input.
            return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
        except OverflowError as error:
            raise ValidationError(lazy_gettext("Not a valid ISO 8601 date or date-time.")) from error


class CountryCode(fields.String):
    def _deserialize(self, value, attr, data, **kwargs) -> str:
        code = super()._deserialize(value, attr, data, **kwargs).upper()
        if code not in country_codes():
            raise ValidationError(lazy_gettext("Not an ISO 3166-1 alpha-2 country code."))
        return code


def choice(values, **kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf([str(value) for value in values], error=CHOICES_ERROR), **kwargs)


class ItemArgs(Schema):
    error_messages = {"unknown": lazy_gettext("Unknown parameter.")}

    lang = fields.String(
        metadata={"description": "Locale to serve (BCP 47); overrides Accept-Language. Unsupported → default."}
    )


class PreviewItemArgs(ItemArgs):
    """An item that can be a draft: a preview key shows it unpublished."""

    preview = fields.String(
        metadata={"description": "A preview key (from POST …/preview): shows the item unpublished."}
    )


class ListArgs(ItemArgs):
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(1, MAX_LIMIT, error=lazy_gettext("Must be between {min} and {max}.")),
        metadata={"description": f"Page size, 1 to {MAX_LIMIT}; more is an error, not a silent cap."},
    )
    cursor = fields.String(metadata={"description": "The `next_cursor` of the previous page."})
    q = fields.String(
        validate=validate.Length(1, 200, error=lazy_gettext("Must be between {min} and {max} characters long.")),
        metadata={"description": "Full-text search in the served language; inflections and accents are ignored."},
    )


def list_args(name: str, sort_choices: list[str], **filters: fields.Field) -> type[Schema]:
    """A collection's query schema: the common parameters, its sort choices and its filters."""
    sort = choice(sort_choices, metadata={"description": "A field, `-` first for descending."})
    return ListArgs.from_dict({"sort": sort, **filters}, name=name)


def slug_field(description: str, **kwargs) -> fields.String:
    return fields.String(
        validate=validate.Regexp(f"^{SLUG_PATTERN}$", error=lazy_gettext("Not a valid slug.")),
        metadata={"description": description, "pattern": f"^{SLUG_PATTERN}$"},
        **kwargs,
    )


class Locale(fields.String):
    """One of the configured locales (the list is configuration, so it is checked at load time)."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        locale = super()._deserialize(value, attr, data, **kwargs)
        if locale not in current_app.config["LOCALES"]:
            choices = ", ".join(current_app.config["LOCALES"])
            raise ValidationError(str(CHOICES_ERROR).format(choices=choices))
        return locale


def locale_field(**kwargs) -> Locale:
    return Locale(metadata={"description": "A configured locale, e.g. en, sv, ru, ky, pl."}, **kwargs)


def related_slug(description: str) -> fields.String:
    return slug_field(description)


def publication_status():
    return choice(
        PublicationStatus,
        metadata={"description": "Editorial state; the public sees only published items, staff all of them."},
    )


def country() -> CountryCode:
    return CountryCode(metadata={"description": "ISO 3166-1 alpha-2 code."})
