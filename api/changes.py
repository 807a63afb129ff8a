"""The change log: what the delta sync API and the webhook worker read.

Every write records its change in its own transaction (api.editing.operations), so the log holds a change exactly
when the change was committed. Writers take one lock before they append, held to their commit, so log ids become
visible in order and a reader that has seen id N never later finds a smaller one appear (PostgreSQL allots ids
before commit; SQLite has one writer at a time already).

A scheduled item goes public at its time with no write at all; `note_went_live` appends that moment to the log
the first time a reader (sync) or the worker looks after it.

Each change also says whether it can have changed what the public sees (`public`): public validators
(api.caching) move only with those, so an editor's saves of a draft leave every public answer as it was.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session, aliased

from api.models import Change, ChangeAction, PublicationStatus
from api.models.base import PublishableMixin, utcnow

LOG_LOCK = 72_001  # the PostgreSQL advisory lock key of the log's writers

# An item due to go public this soon counts as public already. Its time may come while the write's transaction is
# still open: the validators' passed publication time would then move before the write is visible, and nothing
# would move after it.
SOON = timedelta(minutes=5)


def lock_log(session: Session) -> None:
    """Serialise appends to the log until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOG_LOCK})


def touches_public(item) -> bool:
    """Whether a change to `item`, asked before it is flushed, can change what the public sees: the item was public
    before or is after (or is due within SOON). Partners, themes and authors have no draft state: always."""
    if not isinstance(item, PublishableMixin):
        return True
    horizon = utcnow() + SOON
    if _shown(item.publication_status, item.published_at, horizon):
        return True
    state = inspect(item)
    if not state.persistent:
        return False  # new: nobody saw it before
    before = [state.attrs[key].history for key in ("publication_status", "published_at")]
    if not all(history.deleted or history.unchanged for history in before):
        return True  # a value set without being read first: what it was is unknown, so assume it was shown
    return _shown(*((history.deleted or history.unchanged)[0] for history in before), horizon)


def _shown(status: PublicationStatus | str | None, published_at: datetime | None, horizon: datetime) -> bool:
    listed = status in (PublicationStatus.PUBLISHED, PublicationStatus.SCHEDULED)
    return listed and published_at is not None and published_at <= horizon


def record(session: Session, item, collection: str, action: ChangeAction, partner_ids, *, public: bool) -> Change:
    """Append a change of `item` to the log, in the caller's transaction (which must commit it); `public` is
    touches_public(item), asked before the flush forgets what the item was."""
    lock_log(session)
    change = Change(
        item_type=collection,
        item_id=item.id,
        slug=item.slug,
        action=action,
        version=getattr(item, "version", None),
        sensitive=bool(getattr(item, "sensitive", False)),
        partner_ids=sorted(partner_ids),
        public=public,
    )
    session.add(change)
    return change


def note_went_live(session: Session, publishable: dict[str, type]) -> int:
    """Log each scheduled item whose time has come since it was scheduled; returns how many were logged."""
    now = utcnow()
    lock_log(session)
    logged = 0
    for collection, model in publishable.items():
        table = model.__table__  # the table, not the entity: the public-only rule must not hide these rows
        latest = aliased(Change)
        last_change = (
            select(func.max(latest.id))
            .where(latest.item_type == collection, latest.item_id == table.c.id)
            .scalar_subquery()
        )
        due = (
            select(table.c.id, table.c.slug, table.c.version, table.c.sensitive)
            .join(Change, Change.id == last_change)
            .where(
                Change.action == ChangeAction.SCHEDULED,
                table.c.publication_status == PublicationStatus.SCHEDULED.value,
                table.c.published_at <= now,
            )
        )
        for row in session.execute(due):
            session.add(
                Change(
                    item_type=collection,
                    item_id=row.id,
                    slug=row.slug,
                    action=ChangeAction.WENT_LIVE,
                    version=row.version,
                    sensitive=row.sensitive,
                    partner_ids=_last_partner_ids(session, collection, row.id),
                    # What the public sees changed at the item's time, which every public validator already
                    # names (api.caching: the latest publication time that has passed); this row adds nothing.
                    public=False,
                )
            )
            logged += 1
    session.commit()
    return logged


def _last_partner_ids(session: Session, collection: str, item_id: int) -> list[int]:
    stmt = (
        select(Change.partner_ids)
        .where(Change.item_type == collection, Change.item_id == item_id)
        .order_by(Change.id.desc())
        .limit(1)
    )
    return session.scalar(stmt) or []
