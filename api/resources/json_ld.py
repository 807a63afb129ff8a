"""Each item's schema.org description as JSON-LD, at /api/v1/{type}/{slug}/jsonld (see api.structured_data): a
syndicated channel, so a sensitive item is a 404, as an unknown one is."""

from flask import Response
from flask.views import MethodView

from api import i18n
from api.queries.listing import Listing, get
from api.resources.base import Blueprint
from api.serializers.args import ItemArgs
from api.structured_data import json_ld, script_safe
from api.syndication import channel

JSON_LD_RESPONSE = {
    "200": {
        "description": (
            'schema.org JSON-LD, ready for a <script type="application/ld+json"> element (<, > and & escaped); '
            "a 404 for sensitive items."
        ),
        "content": {"application/ld+json": {"schema": {"type": "object"}}},
    }
}


def register_json_ld(blp: Blueprint, listing: Listing, collection: str, noun: str) -> None:
    @channel
    class JsonLd(MethodView):
        @blp.arguments(ItemArgs, location="query")
        @blp.doc(responses=JSON_LD_RESPONSE)
        def get(self, _args, slug):
            locale = i18n.requested_locale()
            found = get(listing, slug, locale)
            return Response(script_safe(json_ld(found, locale)), mimetype="application/ld+json")

    JsonLd.get.__doc__ = f"The {noun} as schema.org JSON-LD, for a page that shows it."
    blp.route(f"/{collection}/<slug:slug>/jsonld", endpoint=f"{noun.title().replace(' ', '')}JsonLd")(JsonLd)
