from datetime import datetime
from typing import Self

import strawberry

from api import i18n, models
from schema.types.author import Author
from schema.types.base import Editorial, Localized, Node, StructuredData, global_id, locale_of, translated
from schema.types.partner import Partner
from schema.types.project import Project
from schema.types.taxonomy import Filed

PostKind = strawberry.enum(models.PostKind, name="PostKind")


@strawberry.type
class Image:
    url: str
    alt: str | None
    credit: str | None
    width: int | None
    height: int | None


@strawberry.type(description="An article, news item, story or video clip.")
class Post(Localized, Editorial, Filed, StructuredData, Node):
    model: strawberry.Private[models.Post]
    requested: strawberry.Private[str]
    database_id: int
    slug: str
    kind: PostKind
    published_at: datetime | None
    updated_at: datetime
    sensitive: bool
    video_url: str | None
    title: str = translated("title", required=True)
    excerpt: str | None = translated("excerpt")
    body: str | None = translated("body", "Sanitised HTML.")

    @strawberry.field
    def author(self) -> Author | None:
        return Author.from_model(self.model.author, self.requested) if self.model.author else None

    @strawberry.field(description="The related project, if it is public.")
    def project(self) -> Project | None:
        return Project.from_model(self.model.project, self.requested) if self.model.project else None

    @strawberry.field(description="Partner organisations the post mentions.")
    def partners(self) -> list[Partner]:
        return [Partner.from_model(partner, self.requested) for partner in self.model.partners]

    @strawberry.field
    def featured_image(self, lang: str | None = None) -> Image | None:
        post = self.model
        if not post.image_url:
            return None
        translation = i18n.resolve(post, locale_of(self, lang))
        return Image(
            url=post.image_url,
            alt=translation.image_alt if translation else None,
            credit=post.image_credit,
            width=post.image_width,
            height=post.image_height,
        )

    @classmethod
    def from_model(cls, post: models.Post, requested: str) -> Self:
        return cls(
            id=global_id("Post", post.id),
            database_id=post.id,
            slug=post.slug,
            kind=post.kind,
            published_at=post.published_at,
            updated_at=post.updated_at,
            sensitive=post.sensitive,
            video_url=post.video_url,
            model=post,
            requested=requested,
        )
