"""The steps every write is made of: versions (If-Match), slugs, links, translations, publication, revisions.
api.editing.actions puts them together; only `save` commits."""

import re
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum

from flask import g, request
from flask_babel import gettext, ngettext
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from api import previews
from api.errors import ApiError, InvalidParameters, NotFound
from api.extensions import db
from api.models import Country, PublicationStatus, Revision
from api.models.base import utcnow
from api.models.token import ApiToken
from api.sanitize import clean_html
from api.slugs import slugify, unique_slug
from api.visibility import every_row

_VERSION = re.compile(r'^(?:W/)?"?(\d+)\.')


class PreconditionRequired(ApiError):
    status = 428
    code = "PRECONDITION_REQUIRED"
    type = "/problems/precondition-required"


class StaleVersion(ApiError):
    status = 412
    code = "STALE_VERSION"
    type = "/problems/stale-version"


class OriginalTextNeeded(ApiError):
    status = 409
    code = "CONFLICT"
    type = "/problems/original-text-needed"


class InUse(ApiError):
    status = 409
    code = "CONFLICT"
    type = "/problems/in-use"


class SlugTaken(ApiError):
    status = 409
    code = "CONFLICT"
    type = "/problems/slug-taken"


class WriteConflict(ApiError):
    status = 409
    code = "CONFLICT"
    type = "/problems/write-conflict"


def expected_version() -> int:
    """The version an `If-Match` header names (our ETags are "<version>.<hash>"); writes must send one."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired(gettext("Send the item's ETag in If-Match, so a newer change is not overwritten."))
    match = _VERSION.match(header)
    if match is None:
        raise StaleVersion(gettext("If-Match does not name a version of this item."))
    return int(match.group(1))


def check_version(item, expected: int) -> None:
    if item.version != expected:
        raise StaleVersion(
            gettext(
                "The item has changed since version %(expected)s (it is at %(current)s): reload it and retry.",
                expected=expected,
                current=item.version,
            )
        )


def touch(item, token: ApiToken) -> None:
    """Record who changed the item; this also makes it dirty, so its version moves on with any change."""
    item.updated_by_id = token.id
    item.updated_at = utcnow()


def lookup(model, slugs: list[str], field: str) -> list:
    found = {item.slug: item for item in db.session.scalars(select(model).where(model.slug.in_(slugs)))}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        reason = gettext("Nothing is known by the slug “%(slug)s”.", slug=missing[0])
        raise InvalidParameters([{"name": field, "reason": reason}], status=422)
    return [found[slug] for slug in slugs]


def countries(codes: list[str]) -> list[Country]:
    return [db.session.get(Country, code) or Country(code=code) for code in dict.fromkeys(codes)]


def new_slug(model, requested: str | None, title: str) -> str:
    """The requested slug (a 409 if it is taken) or one made from the title, made unique."""
    if requested:
        if _held(model, requested):
            raise _slug_taken(requested)
        return requested
    return unique_slug(slugify(title), lambda slug: _held(model, slug))


def _held(model, slug: str, other_than: int | None = None) -> bool:
    """Whether a row other than `other_than` holds the slug, drafts this token cannot read included: the column
    is unique over them all."""
    stmt = select(model.id).where(model.slug == slug)
    if other_than is not None:
        stmt = stmt.where(model.id != other_than)
    return db.session.scalar(every_row(stmt)) is not None


def _slug_taken(slug: str) -> SlugTaken:
    # One answer whoever holds the slug: it tells a partner nothing about a draft it cannot read.
    return SlugTaken(gettext("The slug “%(slug)s” is taken.", slug=slug))


def _conflict(model, slug: str, own_id: int | None) -> ApiError:
    """The 409 for a unique value the database refused: the slug's own if another row holds it now (new_slug
    checks first, but a concurrent write can take it in between), otherwise one that names nothing it found."""
    if _held(model, slug, other_than=own_id):
        return _slug_taken(slug)
    return WriteConflict(gettext("Another write changed the same data at the same time: reload and retry."))


def set_translation(item, translation_model, locale: str, fields: dict, html_fields: tuple[str, ...]) -> None:
    """Create or replace the item's text in one locale; rich text is sanitised on the way in."""
    cleaned = {name: clean_html(value) if name in html_fields else value for name, value in fields.items()}
    current = next((t for t in item.translations if t.locale == locale), None)
    if current is None:
        item.translations.append(translation_model(locale=locale, **cleaned))
        return
    for name, value in cleaned.items():
        setattr(current, name, value)


def remove_translation(item, locale: str) -> None:
    """Drop the item's text in one locale; the original locale's text is the item itself and stays."""
    if locale == item.original_locale:
        raise OriginalTextNeeded(gettext("The text in the original locale cannot be removed."))
    current = next((t for t in item.translations if t.locale == locale), None)
    if current is None:
        raise NotFound(gettext("There is no text in “%(locale)s” to remove.", locale=locale))
    item.translations.remove(current)


def publish(item, at: datetime | None) -> None:
    """Publish now, or schedule for `at` (a time in the future); a scheduled item goes public by itself."""
    moment = at or utcnow()
    item.published_at = moment
    item.publication_status = PublicationStatus.SCHEDULED if moment > utcnow() else PublicationStatus.PUBLISHED


def unpublish(item) -> None:
    """Back to draft, and its preview links end: taking an item back is a retraction, from their holders too."""
    item.publication_status = PublicationStatus.DRAFT
    previews.end_all(item)


def archive(item) -> None:
    """Out of every list, and its preview links end with it."""
    item.publication_status = PublicationStatus.ARCHIVED
    previews.end_all(item)


def references(item) -> int:
    """How many content rows link to the item, drafts and archived items included. Its own texts do not count,
    nor do tokens: a deleted partner organisation's tokens go with it."""
    own_texts = inspect(type(item)).relationships["translations"].mapper.local_table
    total = 0
    for table in item.metadata.sorted_tables:
        if table is own_texts or table is ApiToken.__table__:
            continue
        for foreign_key in table.foreign_keys:
            if foreign_key.column.table is item.__table__:
                stmt = select(func.count()).select_from(table).where(foreign_key.parent == item.id)
                total += db.session.scalar(stmt)
    return total


def delete(item, log: Callable[[], object]) -> None:
    """Delete an item nothing links to any more, with its change in the log (`log`); its revisions stay, as the
    history of what it was."""
    used = references(item)
    if used:
        raise InUse(
            ngettext(
                "“%(slug)s” is still linked from %(num)d item: unlink it first.",
                "“%(slug)s” is still linked from %(num)d items: unlink them first.",
                used,
                slug=item.slug,
            )
        )
    log()
    db.session.delete(item)
    db.session.commit()


def remember_version(item) -> None:
    """The response's ETag carries the item's version (see api.http)."""
    g.etag_version = item.version


def snapshot(item) -> dict:
    """The item's whole editable state as JSON: its columns, its texts per locale and its links by slug."""
    mapper = inspect(item).mapper
    state = {attr.key: _jsonable(getattr(item, attr.key)) for attr in mapper.column_attrs}
    state["translations"] = {
        translation.locale: {
            attr.key: _jsonable(getattr(translation, attr.key))
            for attr in inspect(translation).mapper.column_attrs
            if attr.key not in _TRANSLATION_BOOKKEEPING
        }
        for translation in item.translations
    }
    for relationship in mapper.relationships:
        if relationship.key == "translations" or relationship.viewonly:
            continue
        value = getattr(item, relationship.key)
        if relationship.uselist:
            state[relationship.key] = [_reference(linked) for linked in value]
        elif value is not None:
            state[relationship.key] = _reference(value)
    return state


_TRANSLATION_BOOKKEEPING = {"id", "item_id", "search_text", "created_at"}


def _reference(linked) -> str:
    return getattr(linked, "slug", None) or getattr(linked, "code", None) or str(linked.id)


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value.value if isinstance(value, Enum) else value


def revisions(item) -> list[Revision]:
    """The item's saved versions, newest first."""
    stmt = (
        select(Revision)
        .where(Revision.item_type == item.__tablename__, Revision.item_id == item.id)
        .order_by(Revision.version.desc())
    )
    return list(db.session.scalars(stmt))


def save(item, token: ApiToken, log: Callable[[], object]) -> None:
    """Commit the request's one transaction with a revision of what it saved and its change in the log (`log`);
    a concurrent save of the same version is a 412 (SQLAlchemy checks the version in the UPDATE), never a lost
    write, and a unique value another write took meanwhile is a 409, never a 500."""
    slug, own_id = item.slug, item.id  # read now: a rollback expires them
    try:
        db.session.flush()
        revision = Revision(
            item_type=item.__tablename__, item_id=item.id, version=item.version, snapshot=snapshot(item), token=token
        )
        db.session.add(revision)
        log()
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise StaleVersion(gettext("The item was changed by someone else meanwhile: reload it and retry.")) from error
    except IntegrityError as error:
        db.session.rollback()
        raise _conflict(type(item), slug, own_id) from error
    # The response shows the item as a read would: links in their order, values as the database keeps them.
    db.session.expire(item)
    remember_version(item)
