"""Who sees what: public reads see only published items whose time has come, everywhere, by construction.

The rule is added to every ORM query of a session, relationship loads included (SQLAlchemy's global filter
recipe), so no list, lookup, nested relation, count or search can forget it. Sessions that must see drafts
(the seed loader, editors, preview links) set `session.info["include_private"]`; a partner's session sets
`session.info["partner_id"]` and also sees its own organisation's unpublished items, so it can edit them.
A statement that must see every row whoever asks (is a slug taken?) says so with `every_row`.
"""

from sqlalchemy import literal, or_
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria

from api.models.base import PublishableMixin, utcnow


def public_only(state: ORMExecuteState) -> None:
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return  # relationship and column loads inherit the criteria of the query that loaded their parent
    if state.session.info.get("include_private") or state.execution_options.get("every_row"):
        return
    moment = utcnow()
    partner_id = state.session.info.get("partner_id")
    if partner_id is None:
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
    """From here on, this session sees what the public sees, whatever token the request carries (syndication:
    a feed or widget shows the same to everyone)."""
    session.info.pop("include_private", None)
    session.info.pop("partner_id", None)


def every_row(statement):
    """The statement, seeing drafts and scheduled items too, whatever the session may read: for checks whose
    answer must not depend on who asks (a unique slug is unique among every row, not the visible ones)."""
    return statement.execution_options(every_row=True)
