"""Declarative base, column types and the mixins every content type shares."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import (
    DateTime,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    and_,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

if TYPE_CHECKING:
    from api.models.token import ApiToken

from api import search

# Row ids are SQL INTEGERs: a larger number, from a URL or a global id, names nothing (not an overflow, a 500).
MAX_ROW_ID = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which stores no zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: every stored time carries its zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def str_enum(enum: type[StrEnum], name: str) -> Enum:
    # Stored as text with a CHECK constraint: adding a value later is a small migration on both databases.
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        values_callable=lambda e: [m.value for m in e],
        length=32,
    )


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {datetime: UTCDateTime()}


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)


class PublicationStatus(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class PublishableMixin:
    """Editorial state. Public means published (or scheduled) with a publish time that has passed."""

    publication_status: Mapped[PublicationStatus] = mapped_column(
        str_enum(PublicationStatus, "publication_status"), default=PublicationStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column()
    # Sensitive items are served to the organisation's own site but never syndicated (feeds, widgets, webhooks).
    sensitive: Mapped[bool] = mapped_column(default=False)

    @declared_attr.directive
    def __table_args__(cls):
        # The public rule and the default sort in one index: a list walks it newest first and stops after a page,
        # and counting public items (syndicated ones too: not sensitive) reads nothing else. (An index of
        # publication_status alone, two values that matter, misled SQLite's planner into sorting every row.)
        columns = ("published_at", "id", "publication_status", "sensitive")
        return (Index(f"ix_{cls.__tablename__}_published_at", *columns),)

    @classmethod
    def owned_by(cls, partner_id):
        """Which items belong to a partner organisation; each content type says (posts name it, vacancies…)."""
        return false()

    @classmethod
    def is_public(cls, now: datetime):
        return and_(
            cls.publication_status.in_([PublicationStatus.PUBLISHED, PublicationStatus.SCHEDULED]),
            cls.published_at <= now,
        )


class VersionedMixin:
    """An editable item: a version that every change increments (a stale write fails instead of overwriting a
    newer one: SQLAlchemy adds `WHERE version = <expected>` to each UPDATE) and who created and last changed it."""

    version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        # use_alter: tokens refer to partners and partners to tokens; the cycle is broken at this end.
        return mapped_column(ForeignKey("api_tokens.id", ondelete="SET NULL", use_alter=True))

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("api_tokens.id", ondelete="SET NULL", use_alter=True))

    @declared_attr
    def created_by(cls) -> Mapped["ApiToken | None"]:
        return relationship("ApiToken", foreign_keys=f"{cls.__name__}.created_by_id", viewonly=True)

    @declared_attr
    def updated_by(cls) -> Mapped["ApiToken | None"]:
        return relationship("ApiToken", foreign_keys=f"{cls.__name__}.updated_by_id", viewonly=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


class TranslatableMixin:
    """An item whose text lives in per-locale translation rows."""

    original_locale: Mapped[str] = mapped_column(String(16), default="en")


class TranslationMixin(TimestampMixin):
    """One row per item and locale. `search_text` holds the analyzer's lexemes of the searchable fields."""

    __item_table__: ClassVar[str]
    searchable: ClassVar[tuple[str, ...]] = ()

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(16))
    search_text: Mapped[str] = mapped_column(Text, default="")

    @declared_attr
    def item_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey(f"{cls.__item_table__}.id", ondelete="CASCADE"), index=True)

    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("item_id", "locale"),)

    def refresh_search_text(self) -> None:
        self.search_text = search.index_text(self.locale, *(getattr(self, name) for name in self.searchable))
