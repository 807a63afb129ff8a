from flask.views import MethodView

from api.editing.authors import AUTHOR_EDITOR
from api.queries.authors import AUTHORS
from api.resources.base import Blueprint, collection, item
from api.resources.writes import register_writes
from api.serializers.args import ItemArgs
from api.serializers.author import AuthorArgs, AuthorOut, AuthorPage

blp = Blueprint("authors", __name__, url_prefix="/api/v1", description="People behind bylines.")


@blp.route("/authors")
class Authors(MethodView):
    @blp.arguments(AuthorArgs, location="query")
    @blp.response(200, AuthorPage)
    def get(self, args):
        """List authors by name."""
        return collection(AUTHORS, args)


@blp.route("/authors/<slug:slug>")
class AuthorBySlug(MethodView):
    @blp.arguments(ItemArgs, location="query")
    @blp.response(200, AuthorOut)
    def get(self, _args, slug):
        """One author by slug."""
        return item(AUTHORS, slug)


register_writes(blp, AUTHOR_EDITOR, AuthorOut, "author")
