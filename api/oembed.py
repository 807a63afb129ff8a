"""An oEmbed provider (https://oembed.com, JSON, type "rich") for item pages of the public website, so a partner's
CMS turns a pasted link into a card. The card is the widget's item page in an iframe; sensitive items have none."""

from flask import Blueprint, Response, current_app, json, request, url_for
from flask_babel import gettext
from markupsafe import escape
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from api import i18n
from api.errors import ApiError, InvalidParameters, NotFound
from api.syndication import SITE_NAME, channel, parse_public_url, syndicated_item

WIDTH, HEIGHT = 480, 220
blp = Blueprint("oembed", __name__)


class NotImplementedFormat(ApiError):
    status = 501
    code = "NOT_IMPLEMENTED"
    type = "/problems/oembed-format"


class OEmbedArgs(Schema):
    class Meta:
        unknown = EXCLUDE  # consumers may send parameters of their own

    url = fields.Url(required=True, validate=validate.Length(max=2000))
    format = fields.String(load_default="json")
    maxwidth = fields.Integer(validate=validate.Range(min=1))
    maxheight = fields.Integer(validate=validate.Range(min=1))
    lang = fields.String()


def card_size(args: dict) -> tuple[int, int]:
    return min(WIDTH, args.get("maxwidth", WIDTH)), min(HEIGHT, args.get("maxheight", HEIGHT))


@blp.get("/oembed")
@channel
def oembed() -> Response:
    """The oEmbed answer for a public item URL: 404 for anything else, 501 for formats other than JSON."""
    try:
        args = OEmbedArgs().load(request.args)
    except ValidationError as error:
        raise InvalidParameters.from_messages(error.messages, parameters=True) from error
    if args["format"] != "json":
        raise NotImplementedFormat(gettext("Only the JSON format is provided."))
    target = parse_public_url(args["url"])
    if target is None:
        raise NotFound(gettext("This URL is not an item of the public website."))
    locale = i18n.match_locale(target.get("lang")) or i18n.requested_locale()
    item = syndicated_item(target["type"], target["slug"], locale)
    width, height = card_size(args)
    text = i18n.resolve(item, locale)
    src = url_for("widgets.embed_item", kind=target["type"], slug=item.slug, lang=locale, _external=True)
    html = (
        f'<iframe src="{src}" width="{width}" height="{height}" title="{escape(text.title)}" '
        'loading="lazy" style="border:0;max-width:100%"></iframe>'
    )
    answer = {
        "version": "1.0",
        "type": "rich",
        "title": text.title,
        "provider_name": str(SITE_NAME),
        "provider_url": current_app.config["PUBLIC_SITE_URL"],
        "cache_age": current_app.config["CACHE_MAX_AGE"],
        "html": html,
        "width": width,
        "height": height,
    }
    return Response(json.dumps(answer, ensure_ascii=False), mimetype="application/json")
