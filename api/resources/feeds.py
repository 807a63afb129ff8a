"""Feeds for partner sites and readers: /feeds/{posts,projects,vacancies}.{atom,rss,json}, with the collections'
own filters as query parameters. What they may carry is decided in api.syndication."""

from flask import Response, current_app, request
from flask.views import MethodView

from api import feeds, i18n
from api.pagination import page_url
from api.resources.base import Blueprint
from api.serializers.post import PostArgs
from api.serializers.project import ProjectArgs
from api.serializers.vacancy import VacancyArgs
from api.syndication import channel, syndicated

blp = Blueprint("feeds", __name__, url_prefix="/feeds", description="Atom 1.0, RSS 2.0 and JSON Feed 1.1.")

FORMAT = "<any(atom, rss, json):feed_format>"
FEED_RESPONSES = {
    "200": {
        "description": "The feed, newest first; sensitive items never appear.",
        # XML is a string to JSON Schema; JSON Feed is JSON, so clients can check its shape.
        "content": {
            mimetype: {"schema": feeds.JsonFeed if name == "json" else {"type": "string"}}
            for name, (mimetype, _render) in feeds.FORMATS.items()
        },
    }
}


def feed_response(kind: str, args: dict, feed_format: str) -> Response:
    locale = i18n.requested_locale()
    page = syndicated(kind, args, locale)
    feed = feeds.Feed(
        kind=kind,
        title=feeds.feed_title(kind),
        language=locale,
        home_page_url=current_app.config["PUBLIC_SITE_URL"],
        feed_url=request.url,
        entries=[feeds.entry(item, locale) for item in page.items],
        next_url=page_url(page.next_cursor) if page.next_cursor else None,
    )
    mimetype, render = feeds.FORMATS[feed_format]
    response = Response(render(feed), mimetype=mimetype)
    response.last_modified = feed.updated
    return response


@blp.route(f"/posts.{FORMAT}")
@channel
class PostFeed(MethodView):
    @blp.arguments(PostArgs, location="query")
    @blp.doc(responses=FEED_RESPONSES)
    def get(self, args, feed_format):
        """The latest public posts as a feed, filtered like /api/v1/posts."""
        return feed_response("posts", args, feed_format)


@blp.route(f"/projects.{FORMAT}")
@channel
class ProjectFeed(MethodView):
    @blp.arguments(ProjectArgs, location="query")
    @blp.doc(responses=FEED_RESPONSES)
    def get(self, args, feed_format):
        """The latest public projects as a feed, filtered like /api/v1/projects."""
        return feed_response("projects", args, feed_format)


@blp.route(f"/vacancies.{FORMAT}")
@channel
class VacancyFeed(MethodView):
    @blp.arguments(VacancyArgs, location="query")
    @blp.doc(responses=FEED_RESPONSES)
    def get(self, args, feed_format):
        """Open public vacancies as a feed (`status=closed` for the closed ones), filtered like /api/v1/vacancies."""
        return feed_response("vacancies", args, feed_format)
