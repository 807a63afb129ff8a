"""The write actions, one function per operation, shared by the REST views and the GraphQL mutations.

Each finds the item (as this token may see it), checks the token's right to it and the version the client saw,
applies the change and saves it with a revision, in the request's one transaction."""

from collections.abc import Callable
from datetime import datetime

from flask import url_for
from flask_babel import gettext
from sqlalchemy import inspect
from sqlalchemy.orm import RelationshipDirection

from api import auth, changes, i18n, previews
from api.auth import STAFF
from api.editing import operations
from api.editing.editor import Editor
from api.errors import ApiError, InvalidParameters
from api.extensions import db
from api.models import ChangeAction, PreviewKey, PublicationStatus, Revision, Role
from api.models.token import ApiToken
from api.queries.listing import get
from api.serializers.common import ENDPOINTS

# The version the client saw: a number (GraphQL's expectedVersion) or how to read it (REST's If-Match), read only
# once the item is found and the token's right to it checked, so a 404 or 403 comes before a 428.
Expected = int | Callable[[], int]


class UnknownLocale(ApiError):
    type = "/problems/unknown-locale"


def editable(editor: Editor, slug: str, roles: tuple[Role, ...] | None = None):
    """The item, if this token may change it: staff any, a partner only its own organisation's."""
    item = get(editor.listing, slug, i18n.requested_locale())
    auth.require(*(roles or editor.writers), owners=editor.owners(item))
    return item


def create(editor: Editor, data: dict):
    token = auth.require(*editor.creators)
    data = dict(data)
    slug = operations.new_slug(editor.model, data.pop("slug", None), editor.title_in(data))
    item = editor.model(slug=slug, created_by_id=token.id)
    editor.apply(item, data)
    if token.role == Role.PARTNER:
        editor.claim(item, token.partner)
    _check_required_links(item)
    db.session.add(item)  # only now: a look-up before this point would flush it half-made
    return _saved(editor, item, token, ChangeAction.CREATED, named_before={})


def update(editor: Editor, slug: str, expected: Expected, data: dict):
    def change(item) -> None:
        fields = dict(data)
        new_slug = fields.pop("slug", None)
        if new_slug and new_slug != item.slug:
            item.slug = operations.new_slug(editor.model, new_slug, "")
        editor.apply(item, fields)

    return changed(editor, slug, expected, change, action=ChangeAction.UPDATED)


def set_translation(editor: Editor, slug: str, expected: Expected, locale: str, text: dict):
    if locale not in i18n.supported_locales():
        raise UnknownLocale(gettext("“%(locale)s” is not a configured locale.", locale=locale))
    return changed(
        editor,
        slug,
        expected,
        lambda item: operations.set_translation(item, editor.translation_model, locale, text, editor.html_fields),
        action=ChangeAction.UPDATED,
    )


def remove_translation(editor: Editor, slug: str, expected: Expected, locale: str):
    return changed(
        editor, slug, expected, lambda item: operations.remove_translation(item, locale), action=ChangeAction.UPDATED
    )


def publish(editor: Editor, slug: str, expected: Expected, at: datetime | None):
    return changed(editor, slug, expected, lambda item: operations.publish(item, at), action=ChangeAction.PUBLISHED)


def unpublish(editor: Editor, slug: str, expected: Expected):
    return changed(editor, slug, expected, operations.unpublish, action=ChangeAction.UNPUBLISHED)


def delete(editor: Editor, slug: str, expected: Expected):
    """Archive a publishable item (it stays in the history); delete any other that nothing links to any more.
    Returns the item, archived or gone."""
    if editor.publishable:
        return changed(editor, slug, expected, operations.archive, roles=editor.creators, action=ChangeAction.ARCHIVED)
    item = editable(editor, slug, editor.creators)
    operations.check_version(item, _version(expected))
    public = changes.touches_public(item)
    operations.delete(
        item,
        lambda: changes.record(db.session, item, editor.name, ChangeAction.DELETED, editor.owners(item), public=public),
    )
    return item


def preview(editor: Editor, slug: str) -> dict:
    """An expiring link to the item as it is, published or not (not archived); its key is shown only now."""
    item = editable(editor, slug)
    record, key = previews.create(item, auth.current_token())
    db.session.commit()
    url = url_for(ENDPOINTS[editor.model], slug=item.slug, preview=key, _external=True)
    return {"id": record.id, "url": url, "key": key, "expires_at": record.expires_at}


def preview_keys(editor: Editor, slug: str) -> list[PreviewKey]:
    """The item's live preview keys (staff): who made each and until when it works."""
    auth.require(*STAFF)
    return previews.of(get(editor.listing, slug, i18n.requested_locale()))


def revoke_preview(editor: Editor, slug: str, key_id: str) -> PreviewKey:
    """End one of the item's preview keys at once (staff)."""
    auth.require(*STAFF)
    record = previews.revoke(get(editor.listing, slug, i18n.requested_locale()), key_id)
    db.session.commit()
    return record


def revisions(editor: Editor, slug: str) -> list[Revision]:
    auth.require(*STAFF)
    return operations.revisions(get(editor.listing, slug, i18n.requested_locale()))


def changed(
    editor: Editor,
    slug: str,
    expected: Expected,
    change: Callable,
    *,
    action: ChangeAction,
    roles: tuple[Role, ...] | None = None,
):
    """Apply `change` to an item this token may change, at the version the client saw, and save it."""
    item = editable(editor, slug, roles)
    operations.check_version(item, _version(expected))
    named_before = editor.organisations(item)
    change(item)
    return _saved(editor, item, auth.current_token(), action, named_before)


def _version(expected: Expected) -> int:
    return expected() if callable(expected) else expected


def _saved(editor: Editor, item, token: ApiToken, action: ChangeAction, named_before: dict[str, set[int]]):
    if token.role == Role.PARTNER:
        _within_own_organisation(editor, item, token.partner_id, named_before)
    operations.touch(item, token)
    # Both read before the flush, which forgets what changed.
    action, public = _logged_action(item, action), changes.touches_public(item)
    operations.save(item, token, _logger(editor, item, action, public))
    return item


def _within_own_organisation(editor: Editor, item, partner_id: int, named_before: dict[str, set[int]]) -> None:
    """A partner acts only for its own organisation: in a field that names organisations it adds or removes no
    other (staff decide what is shared; a list left as it was is fine), and it does not write its own out of the
    item. Either is a 403, the first naming the field."""
    for field, named in editor.organisations(item).items():
        if (named ^ named_before.get(field, set())) - {partner_id}:
            reason = gettext("Only staff may add or remove another organisation in “%(field)s”.", field=field)
            raise auth.Forbidden(reason, invalid_params=[{"name": field, "reason": reason}])
    if partner_id not in editor.owners(item):
        raise auth.Forbidden(gettext("A partner token may only change its own organisation's content."))


def _logger(editor: Editor, item, action: ChangeAction, public: bool) -> Callable[[], object]:
    """How the item's change is appended to the log, in the transaction that saves it."""
    return lambda: changes.record(db.session, item, editor.name, action, editor.owners(item), public=public)


def _logged_action(item, action: ChangeAction) -> ChangeAction:
    """What the change log calls this write: a publication in the future is a scheduling, and marking an item
    sensitive (or no longer) is a change of its own, since it takes the item out of syndication (or back)."""
    if action is ChangeAction.PUBLISHED and item.publication_status == PublicationStatus.SCHEDULED:
        return ChangeAction.SCHEDULED
    attributes = inspect(item).attrs
    if action is ChangeAction.UPDATED and "sensitive" in attributes and attributes.sensitive.history.has_changes():
        return ChangeAction.MARKED_SENSITIVE if item.sensitive else ChangeAction.UNMARKED_SENSITIVE
    return action


def _check_required_links(item) -> None:
    """A link the item cannot exist without (a vacancy's host) must have been given."""
    for relationship in inspect(type(item)).relationships:
        required = relationship.direction is RelationshipDirection.MANYTOONE and not any(
            column.nullable for column in relationship.local_columns
        )
        if required and getattr(item, relationship.key) is None:
            reason = gettext("Missing data for required field.")
            raise InvalidParameters([{"name": relationship.key, "reason": reason}], status=422)
