"""Who sees what: public reads see only published items whose time has come, everywhere, by construction.

The rule is added to every ORM query of a session, relationship loads included (SQLAlchemy's global filter
recipe), so no list, lookup, nested relation, count or search can forget it. Sessions that must see drafts
(the seed loader, editors, preview links) set `session.info["include_private"]`; a partner's session sets
`session.info["partner_id"]` and also sees its own organisation's unpublished items, so it can edit them.
A syndicated session (api.syndication: feeds, widgets, oEmbed, JSON-LD, sync, webhooks) sets
`session.info["syndicated"]` and sees public items that are not sensitive: a sensitive item is not loaded at all,
so no nested reference (a post's project, a partner's projects) can carry it out. A statement that must see every
row whoever asks (is a slug taken?) says so with `every_row`.
"""

from sqlalchemy import and_, literal, or_
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria

from api.models.base import PublishableMixin, utcnow


def public_only(state: ORMExecuteState) -> None:
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return  # relationship and column loads inherit the criteria of the query that loaded their parent
    if state.execution_options.get("every_row"):
        return
    info = state.session.info
    moment = utcnow()
    partner_id = info.get("partner_id")
    if info.get("syndicated"):  # first: nothing widens a syndicated view
        criteria = with_loader_criteria(
            PublishableMixin,
            lambda cls: and_(cls.is_public(moment), cls.sensitive.is_(False)),
            include_aliases=True,
        )
    elif info.get("include_private"):
        return
    elif partner_id is None:
        criteria = with_loader_criteria(PublishableMixin, lambda cls: cls.is_public(moment), include_aliases=True)
    else:
        partner = literal(partner_id)  # a SQL element, so the cached lambda takes it as a parameter
        criteria = with_loader_criteria(
            PublishableMixin,
            lambda cls: or_(cls.is_public(moment), cls.owned_by(partner)),
            include_aliases=True,
        )
    state.statement = state.statement.options(criteria)


def public_view(session) -> None:
    """From here on, this session sees what the public sees, whatever token the request carries."""
    session.info.pop("include_private", None)
    session.info.pop("partner_id", None)


def syndicated_view(session) -> None:
    """From here on, this session sees only what may leave the organisation's own site: public and not sensitive.

    Publishable items it already holds are let go, so that none loaded under a wider view can be handed out as
    a nested reference from the identity map."""
    public_view(session)
    session.info["syndicated"] = True
    for item in list(session.identity_map.values()):
        if isinstance(item, PublishableMixin):
            session.expunge(item)


def is_syndicated(session) -> bool:
    return bool(session.info.get("syndicated"))


def every_row(statement):
    """The statement, seeing drafts and scheduled items too, whatever the session may read: for checks whose
    answer must not depend on who asks (a unique slug is unique among every row, not the visible ones)."""
    return statement.execution_options(every_row=True)
