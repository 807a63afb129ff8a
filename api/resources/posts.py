from flask.views import MethodView

from api.models import PostKind
from api.queries.posts import POSTS
from api.resources.base import Blueprint, collection, item
from api.serializers.args import ItemArgs, Moment, choice, country, list_args, related_slug
from api.serializers.post import PostOut, PostPage

blp = Blueprint("posts", __name__, url_prefix="/api/v1", description="Articles, news, stories and video clips.")

PostArgs = list_args(
    "PostArgs",
    POSTS.sort_choices,
    theme=related_slug("Theme slug."),
    partner=related_slug("Partner organisation slug (mentioned in the post)."),
    country=country(),
    author=related_slug("Author slug."),
    project=related_slug("Related project slug."),
    kind=choice(PostKind),
    published_after=Moment(),
    published_before=Moment(),
    updated_after=Moment(),
)


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
