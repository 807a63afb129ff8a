from flask.views import MethodView

from api.editing.posts import POST_EDITOR
from api.queries.posts import POSTS
from api.resources.base import Blueprint, collection, item
from api.resources.json_ld import register_json_ld
from api.resources.writes import register_writes
from api.serializers.args import PreviewItemArgs
from api.serializers.post import PostArgs, PostOut, PostPage

blp = Blueprint("posts", __name__, url_prefix="/api/v1", description="Articles, news, stories and video clips.")


@blp.route("/posts")
class Posts(MethodView):
    @blp.arguments(PostArgs, location="query")
    @blp.response(200, PostPage)
    def get(self, args):
        """List published posts, newest first (with an editor's token, drafts too)."""
        return collection(POSTS, args)


@blp.route("/posts/<slug:slug>")
class PostBySlug(MethodView):
    @blp.arguments(PreviewItemArgs, location="query")
    @blp.response(200, PostOut)
    def get(self, args, slug):
        """One published post by its slug (a draft too with an editor's token or a preview key)."""
        return item(POSTS, slug, args.get("preview"))


register_writes(blp, POST_EDITOR, PostOut, "post")
register_json_ld(blp, POSTS, "posts", "post")
