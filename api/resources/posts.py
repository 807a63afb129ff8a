from flask.views import MethodView

from api.queries.posts import POSTS
from api.resources.base import Blueprint, collection, item
from api.serializers.args import ItemArgs
from api.serializers.post import PostArgs, PostOut, PostPage

blp = Blueprint("posts", __name__, url_prefix="/api/v1", description="Articles, news, stories and video clips.")


@blp.route("/posts")
class Posts(MethodView):
    @blp.arguments(PostArgs, location="query")
    @blp.response(200, PostPage)
    def get(self, args):
        """List published posts, newest first."""
        return collection(POSTS, args)


@blp.route("/posts/<slug:slug>")
class PostBySlug(MethodView):
    @blp.arguments(ItemArgs, location="query")
    @blp.response(200, PostOut)
    def get(self, _args, slug):
        """One published post by its slug."""
        return item(POSTS, slug)
