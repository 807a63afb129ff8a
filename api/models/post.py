from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.author import Author
from api.models.base import (
    Base,
    PublishableMixin,
    TimestampMixin,
    TranslatableMixin,
    TranslationMixin,
    VersionedMixin,
    str_enum,
)
from api.models.country import Country
from api.models.links import post_countries, post_partners, post_themes
from api.models.partner import Partner
from api.models.project import Project
from api.models.theme import Theme


class PostKind(StrEnum):
    ARTICLE = "article"
    NEWS = "news"
    VIDEO = "video"
    STORY = "story"


class Post(TimestampMixin, PublishableMixin, TranslatableMixin, VersionedMixin, Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[PostKind] = mapped_column(str_enum(PostKind, "post_kind"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id", ondelete="SET NULL"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    image_url: Mapped[str | None] = mapped_column(String(500))
    image_credit: Mapped[str | None] = mapped_column(String(300))
    image_width: Mapped[int | None]
    image_height: Mapped[int | None]
    video_url: Mapped[str | None] = mapped_column(String(500))
    author: Mapped[Author | None] = relationship()
    project: Mapped[Project | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=post_themes, order_by=Theme.position)
    countries: Mapped[list[Country]] = relationship(secondary=post_countries, order_by=Country.code)
    partners: Mapped[list[Partner]] = relationship(secondary=post_partners, order_by=Partner.slug)
    translations: Mapped[list["PostTranslation"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="PostTranslation.locale"
    )

    @classmethod
    def owned_by(cls, partner_id):
        """A partner's own posts are those that name it."""
        return cls.partners.any(Partner.id == partner_id)


class PostTranslation(TranslationMixin, Base):
    __tablename__ = "post_translations"
    __item_table__ = "posts"
    searchable = ("title", "excerpt", "body")

    title: Mapped[str] = mapped_column(String(300))
    excerpt: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    image_alt: Mapped[str | None] = mapped_column(String(300))
    item: Mapped[Post] = relationship(back_populates="translations")
