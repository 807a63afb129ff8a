"""Input building blocks every content type's write schema shares: slugs, original locale, texts per locale,
nested objects stored in columns, and the PATCH variant of a schema."""

import copy
import re
from zoneinfo import available_timezones

from flask_babel import lazy_gettext
from marshmallow import Schema, ValidationError, fields, missing, post_load, validate, validates_schema

from api.serializers.args import CHOICES_ERROR, Moment, locale_field, slug_field

URL_SCHEMES = {"https", "http"}
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")


def text(maximum: int, **kwargs) -> fields.String:
    return fields.String(validate=validate.Length(max=maximum), **kwargs)


def title(maximum: int = 300) -> fields.String:
    return fields.String(required=True, validate=validate.Length(1, maximum))


def url(**kwargs) -> fields.Url:
    return fields.Url(schemes=URL_SCHEMES, validate=validate.Length(max=500), **kwargs)


def html(**kwargs) -> fields.String:
    return fields.String(
        validate=validate.Length(max=500_000), metadata={"description": "HTML; sanitised when saved."}, **kwargs
    )


class Flag(fields.Boolean):
    """A JSON true or false, as the spec says: marshmallow would also take 1, "yes" or "on"."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class Choice(fields.Enum):
    """An enum given by value, refused with the same (translated) message as a query parameter's choices."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and value not in {member.value for member in self.enum}:
            raise ValidationError(CHOICES_ERROR.format(choices=self.choices_text))
        return super()._deserialize(value, attr, data, **kwargs)


def enum(values, **kwargs) -> Choice:
    return Choice(values, by_value=True, **kwargs)


def slugs(description: str) -> fields.List:
    return fields.List(slug_field(description))


def duration(**kwargs) -> fields.String:
    return fields.String(
        validate=validate.Regexp(_DURATION, error=lazy_gettext("Not an ISO 8601 duration, e.g. P12M.")),
        metadata={"description": "ISO 8601 duration, e.g. P12M."},
        **kwargs,
    )


def time_zone(**kwargs) -> fields.String:
    def known(value: str) -> None:
        if value not in available_timezones():
            raise ValidationError([lazy_gettext("Not an IANA time zone, e.g. Europe/Stockholm.")])

    return fields.String(validate=known, metadata={"description": "IANA time zone, e.g. Europe/Stockholm."}, **kwargs)


class ContentIn(Schema):
    """What every new item gives: an optional slug, its original locale and its text in that locale.

    Nested objects that the item stores in columns (featured_image → image_url …) are named in FLATTEN."""

    complete = True  # False in the PATCH variant: fields left out keep their values
    text_required = True  # False where the text in the original locale is optional (an author's role and bio)
    FLATTEN: dict[str, dict[str, str]] = {}

    slug = slug_field("Made from the original title when left out; a taken slug is a 409.")
    original_locale = locale_field(required=True)

    @validates_schema
    def original_text_is_given(self, data, **_kwargs) -> None:
        if self.complete and self.text_required and data.get("original_locale") not in (data.get("translations") or {}):
            raise ValidationError([lazy_gettext("Give the text in the original locale.")], "translations")

    @post_load
    def to_columns(self, data: dict, **_kwargs) -> dict:
        for key, columns in self.FLATTEN.items():
            flatten(data, key, columns)
        return data


def translations(text_schema: type[Schema]) -> fields.Dict:
    return fields.Dict(
        keys=locale_field(), values=fields.Nested(text_schema), metadata={"description": "Text per locale."}
    )


def patch_schema(schema: type[Schema], name: str) -> type[Schema]:
    """The same fields, none required at the top: a PATCH changes what it names and keeps the rest."""
    optional = {}
    for field_name, declared in schema._declared_fields.items():
        optional[field_name] = copy.copy(declared)
        optional[field_name].required = False
        optional[field_name].load_default = missing
    doc = f"Any subset of {schema.__name__}'s fields; the texts of the locales given are replaced, the others kept."
    return type(name, (schema,), {**optional, "complete": False, "__doc__": doc})


def flatten(data: dict, key: str, columns: dict[str, str]) -> dict:
    """A nested input object (featured_image) onto the columns that store it (image_url …); null clears them."""
    if key in data:
        nested = data.pop(key) or {}
        data.update({column: nested.get(name) for name, column in columns.items()})
    return data


class PublishIn(Schema):
    published_at = Moment(metadata={"description": "When it goes public: now when left out; later schedules it."})
