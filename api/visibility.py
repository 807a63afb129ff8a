"""Who sees what: public reads see only published items whose time has come, everywhere, by construction.

The rule is added to every ORM query of a session, relationship loads included (SQLAlchemy's global filter
recipe), so no list, lookup, nested relation, count or search can forget it. Sessions that must see drafts
(the seed loader, and editors later) set `session.info["include_private"]`.
"""

from sqlalchemy.orm import ORMExecuteState, with_loader_criteria

from api.models.base import PublishableMixin, utcnow


def public_only(state: ORMExecuteState) -> None:
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return  # relationship and column loads inherit the criteria of the query that loaded their parent
    if state.session.info.get("include_private"):
        return
    moment = utcnow()
    state.statement = state.statement.options(
        with_loader_criteria(PublishableMixin, lambda cls: cls.is_public(moment), include_aliases=True)
    )
