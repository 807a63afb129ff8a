from marshmallow import Schema, fields, validate

from api import i18n
from api.models import PostKind
from api.queries.posts import POSTS
from api.serializers.args import (
    CountryCode,
    Moment,
    choice,
    country,
    list_args,
    publication_status,
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
from api.serializers.inputs import (
    ContentIn,
    Flag,
    enum,
    html,
    patch_schema,
    slugs,
    text,
    title,
    translations,
    url,
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
    """A post in a list: everything but the body (pages stay small for mobile clients) and the history."""

    class Meta:
        exclude = ("body", "history")


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
    publication_status=publication_status(),
    published_after=Moment(),
    published_before=Moment(),
    updated_after=Moment(),
)


class ImageIn(Schema):
    url = url(required=True)
    credit = text(300, allow_none=True)
    width = fields.Integer(allow_none=True, validate=validate.Range(1, 20000))
    height = fields.Integer(allow_none=True, validate=validate.Range(1, 20000))


class PostTextIn(Schema):
    title = title()
    excerpt = text(5000, allow_none=True)
    body = html(allow_none=True)
    image_alt = text(300, allow_none=True, metadata={"description": "The featured image's alt text."})


class PostIn(ContentIn):
    """A new post (a draft until published)."""

    FLATTEN = {
        "featured_image": {
            "url": "image_url",
            "credit": "image_credit",
            "width": "image_width",
            "height": "image_height",
        }
    }

    kind = enum(PostKind, required=True)
    author = slug_field("Author slug.", allow_none=True)
    project = slug_field("Related project slug.", allow_none=True)
    themes = slugs("Theme slug.")
    countries = fields.List(CountryCode())
    partners = slugs("Partner organisation slug.")
    featured_image = fields.Nested(ImageIn, allow_none=True, metadata={"description": "Replaced as a whole."})
    video_url = url(allow_none=True)
    sensitive = Flag()
    translations = translations(PostTextIn)


PostPatch = patch_schema(PostIn, "PostPatch")
