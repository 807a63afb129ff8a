from flask_babel import lazy_gettext
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api import i18n
from api.models import PostKind
from api.queries.posts import POSTS
from api.serializers.args import (
    CountryCode,
    ItemArgs,
    Moment,
    choice,
    country,
    list_args,
    locale_field,
    related_slug,
    slug_field,
)
from api.serializers.common import (
    AuthorRef,
    DerivedNested,
    PartnerRef,
    ProjectRef,
    PublishableSchema,
    Translated,
    page_schema,
)


class ImageOut(Schema):
    url = fields.String()
    alt = fields.String(allow_none=True)
    credit = fields.String(allow_none=True)
    width = fields.Integer(allow_none=True)
    height = fields.Integer(allow_none=True)


def featured_image(post) -> dict | None:
    if not post.image_url:
        return None
    translation = i18n.resolve(post)
    return {
        "url": post.image_url,
        "alt": translation.image_alt if translation else None,
        "credit": post.image_credit,
        "width": post.image_width,
        "height": post.image_height,
    }


class PostOut(PublishableSchema):
    id = fields.Integer()
    slug = fields.String()
    kind = fields.Enum(PostKind, by_value=True)
    title = Translated()
    excerpt = Translated(allow_none=True)
    body = Translated(allow_none=True, metadata={"description": "Sanitised HTML."})
    author = fields.Nested(AuthorRef, allow_none=True)
    partners = fields.List(fields.Nested(PartnerRef))
    project = fields.Nested(ProjectRef, allow_none=True)
    featured_image = DerivedNested(ImageOut, getter=featured_image, allow_none=True)
    video_url = fields.String(allow_none=True)


class PostSummary(PostOut):
    """A post in a list: everything but the body, to keep pages small for mobile clients."""

    class Meta:
        exclude = ("body",)


PostPage = page_schema("PostPage", PostSummary)

PostArgs = list_args(
    "PostArgs",
    POSTS.sort_choices,
    theme=related_slug("Theme slug."),
    partner=related_slug("Partner organisation slug (mentioned in the post)."),
    country=country(),
    author=related_slug("Author slug."),
    project=related_slug("Related project slug."),
    kind=choice(PostKind),
    published_after=Moment(),
    published_before=Moment(),
    updated_after=Moment(),
)


class ImageIn(Schema):
    url = fields.Url(required=True, schemes={"https", "http"})
    credit = fields.String(allow_none=True, validate=validate.Length(max=300))
    width = fields.Integer(allow_none=True, validate=validate.Range(1, 20000))
    height = fields.Integer(allow_none=True, validate=validate.Range(1, 20000))


class PostTranslationIn(Schema):
    title = fields.String(required=True, validate=validate.Length(1, 300))
    excerpt = fields.String(allow_none=True, validate=validate.Length(max=5000))
    body = fields.String(allow_none=True, validate=validate.Length(max=500_000), metadata={"description": "HTML."})
    image_alt = fields.String(allow_none=True, validate=validate.Length(max=300))


class PostIn(Schema):
    """A new post (a draft until published); PATCH takes any subset of the same fields."""

    slug = slug_field("Made from the original title when left out; a taken slug is a 409.")
    kind = choice(PostKind, required=True)
    original_locale = locale_field(required=True)
    author = slug_field("Author slug.", allow_none=True)
    project = slug_field("Related project slug.", allow_none=True)
    themes = fields.List(slug_field("Theme slug."))
    countries = fields.List(CountryCode())
    partners = fields.List(slug_field("Partner organisation slug."))
    image = fields.Nested(ImageIn, allow_none=True)
    video_url = fields.Url(allow_none=True, schemes={"https", "http"})
    sensitive = fields.Boolean()
    translations = fields.Dict(
        keys=locale_field(), values=fields.Nested(PostTranslationIn), metadata={"description": "Text per locale."}
    )

    @validates_schema
    def original_text_is_given(self, data, partial=False, **_kwargs) -> None:
        if not partial and data.get("original_locale") not in (data.get("translations") or {}):
            raise ValidationError(lazy_gettext("Give the text in the original locale."), "translations")


class PostPatch(PostIn):
    """Any subset of PostIn's fields; the texts of the locales given are replaced, the others kept."""

    kind = choice(PostKind)
    original_locale = locale_field()

    def original_text_is_given(self, data, **_kwargs) -> None:
        """The original text exists already."""


class PostItemArgs(ItemArgs):
    preview = fields.String(
        metadata={"description": "A preview key (from POST …/preview): shows the post unpublished."}
    )


class PreviewOut(Schema):
    url = fields.String(metadata={"description": "The post's API URL with its preview key; works without a token."})
    key = fields.String()
    expires_at = fields.DateTime()


class PublishIn(Schema):
    published_at = Moment(metadata={"description": "When it goes public: now when left out; later schedules it."})
