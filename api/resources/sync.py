"""GET /api/v1/sync: the delta sync API (see api.sync)."""

from flask import g, url_for
from flask.views import MethodView
from marshmallow import Schema, fields, validate
from webargs.fields import DelimitedList

from api import i18n, sync
from api.database import never
from api.resources.base import Blueprint
from api.serializers.args import ItemArgs, choice
from api.serializers.author import AuthorOut
from api.serializers.partner import PartnerOut
from api.serializers.post import PostOut
from api.serializers.project import ProjectOut
from api.serializers.theme import ThemeOut
from api.serializers.vacancy import VacancyOut
from api.syndication import channel

OUT = {
    "themes": ThemeOut,
    "authors": AuthorOut,
    "partners": PartnerOut,
    "projects": ProjectOut,
    "posts": PostOut,
    "vacancies": VacancyOut,
}

blp = Blueprint("sync", __name__, url_prefix="/api/v1", description="Delta sync for offline clients.")


class SyncArgs(ItemArgs):
    token = fields.String(metadata={"description": "A next_page_token or next_sync_token; none starts afresh."})
    types = DelimitedList(
        choice(sync.LISTINGS), metadata={"description": "Comma-separated collections (all when left out)."}
    )
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 500))


class SyncEntryOut(Schema):
    type = fields.String(metadata={"description": "The collection: posts, projects, vacancies, partners …"})
    id = fields.Integer()
    op = fields.String(metadata={"enum": ["upsert", "delete"]})
    item = fields.Dict(metadata={"description": "upsert: the item as /api/v1/{type}/{slug} serves it."})
    reason = fields.String(metadata={"enum": ["deleted", "archived", "unpublished", "sensitive"]})


class SyncPageOut(Schema):
    items = fields.List(fields.Nested(SyncEntryOut))
    next_page = fields.String(allow_none=True, metadata={"description": "More of this sync: fetch it now."})
    next_page_token = fields.String(allow_none=True)
    next_sync = fields.String(allow_none=True, metadata={"description": "On the last page: keep it, fetch it later."})
    next_sync_token = fields.String(allow_none=True)


def sync_url(state: dict | None) -> tuple[str | None, str | None]:
    if state is None:
        return None, None
    token = sync.encode(state)
    return url_for("sync.Sync", token=token, _external=True), token


@blp.route("/sync")
@channel
class Sync(MethodView):
    # A sync appends the scheduled items that went live to the change log (api.changes): on the primary.
    reads_only = staticmethod(never)

    @blp.arguments(SyncArgs, location="query")
    @blp.response(200, SyncPageOut)
    def get(self, args):
        """Everything public, then only what changed since a sync token: upserts and tombstones, paged."""
        if args.get("token"):
            state = sync.decode(args["token"])
        else:
            state = sync.begin(i18n.requested_locale(), list(args.get("types") or sync.LISTINGS))
        g.locale = state["lang"]  # the whole sync speaks the locale it started in
        found = sync.page(state, args["limit"])
        items = [
            {"type": collection, "id": item.id, "op": "upsert", "item": OUT[collection]().dump(item)}
            for collection, item in found.upserts
        ]
        items += [
            {"type": collection, "id": item_id, "op": "delete", "reason": reason}
            for collection, item_id, reason in found.tombstones
        ]
        next_page, next_page_token = sync_url(found.next_page)
        next_sync, next_sync_token = sync_url(found.next_sync)
        body = {
            "items": items,
            "next_page": next_page,
            "next_page_token": next_page_token,
            "next_sync": next_sync,
            "next_sync_token": next_sync_token,
        }
        return body, 200, {"Cache-Control": "no-store"}
