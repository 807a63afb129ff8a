from collections.abc import Callable

from flask import url_for
from flask.views import MethodView
from flask_babel import gettext

from api import auth, editing, i18n, previews
from api.errors import ApiError
from api.extensions import db
from api.models import Post, PostTranslation, Role
from api.queries.listing import get
from api.queries.posts import POSTS
from api.resources.base import Blueprint, collection, item
from api.serializers.post import (
    PostArgs,
    PostIn,
    PostItemArgs,
    PostOut,
    PostPage,
    PostPatch,
    PostTranslationIn,
    PreviewOut,
    PublishIn,
)
from api.serializers.revision import RevisionList

blp = Blueprint("posts", __name__, url_prefix="/api/v1", description="Articles, news, stories and video clips.")

WRITERS = (Role.ADMIN, Role.EDITOR, Role.PARTNER)


def editable(slug: str) -> Post:
    """The post, if this token may change it: editors any, a partner only posts about its own organisation."""
    post = get(POSTS, slug, i18n.requested_locale())
    auth.require(*WRITERS, owners={partner.id for partner in post.partners})
    return post


def changed(slug: str, change: Callable[[Post], None]) -> tuple:
    """Apply `change` to a post this token may edit, at the version its If-Match names, and save it."""
    post = editable(slug)
    editing.check_version(post, editing.expected_version())
    change(post)
    editing.touch(post, auth.current_token())
    return saved(post)


def saved(post: Post, status: int = 200) -> tuple:
    editing.save(post, auth.current_token())
    headers = {"Location": url_for("posts.PostBySlug", slug=post.slug, _external=True)} if status == 201 else {}
    return post, status, headers


@blp.route("/posts")
class Posts(MethodView):
    @blp.arguments(PostArgs, location="query")
    @blp.response(200, PostPage)
    def get(self, args):
        """List published posts, newest first (with an editor's token, drafts too)."""
        return collection(POSTS, args)

    @blp.arguments(PostIn)
    @blp.response(201, PostOut)
    def post(self, data):
        """Create a post as a draft; a partner's post always names its own organisation."""
        token = auth.require(*WRITERS)
        title = data["translations"][data["original_locale"]]["title"]
        post = Post(slug=editing.new_slug(Post, data.pop("slug", None), title), created_by_id=token.id)
        db.session.add(post)
        editing.apply_post(post, data)
        editing.touch(post, token)
        if token.role == Role.PARTNER and token.partner not in post.partners:
            post.partners.append(token.partner)
        return saved(post, 201)


@blp.route("/posts/<slug:slug>")
class PostBySlug(MethodView):
    @blp.arguments(PostItemArgs, location="query")
    @blp.response(200, PostOut)
    def get(self, args, slug):
        """One published post by its slug (a draft too with an editor's token or a preview key)."""
        return item(POSTS, slug, args.get("preview"))

    @blp.arguments(PostPatch)
    @blp.response(200, PostOut)
    def patch(self, data, slug):
        """Change some of a post's fields; send its ETag in If-Match."""

        def change(post: Post) -> None:
            if "slug" in data and data["slug"] != post.slug:
                post.slug = editing.new_slug(Post, data.pop("slug"), "")
            editing.apply_post(post, data)

        return changed(slug, change)

    @blp.response(200, PostOut)
    def delete(self, slug):
        """Archive a post: it leaves every public list, and stays in the history."""
        return changed(slug, editing.archive)


@blp.route("/posts/<slug:slug>/translations/<locale>")
class PostTranslationByLocale(MethodView):
    @blp.arguments(PostTranslationIn)
    @blp.response(200, PostOut)
    def put(self, data, slug, locale):
        """Add or replace the post's text in one locale; send the post's ETag in If-Match."""
        if locale not in i18n.supported_locales():
            raise ApiError(gettext("“%(locale)s” is not a configured locale.", locale=locale))
        return changed(slug, lambda post: editing.set_translation(post, PostTranslation, locale, data, ("body",)))

    @blp.response(200, PostOut)
    def delete(self, slug, locale):
        """Remove the post's text in one locale (not its original one); send the post's ETag in If-Match."""
        return changed(slug, lambda post: editing.remove_translation(post, locale))


@blp.route("/posts/<slug:slug>/publish")
class PublishPost(MethodView):
    @blp.arguments(PublishIn)
    @blp.response(200, PostOut)
    def post(self, data, slug):
        """Publish now, or schedule with a future `published_at`; it goes public at that time by itself."""
        return changed(slug, lambda post: editing.publish(post, data.get("published_at")))


@blp.route("/posts/<slug:slug>/unpublish")
class UnpublishPost(MethodView):
    @blp.response(200, PostOut)
    def post(self, slug):
        """Take a post back to draft: it leaves every public list at once."""
        return changed(slug, editing.unpublish)


@blp.route("/posts/<slug:slug>/preview")
class PreviewPost(MethodView):
    @blp.response(201, PreviewOut)
    def post(self, slug):
        """A signed, expiring link that shows this post, unpublished, to whoever opens it (a frontend's preview)."""
        post = editable(slug)
        key, expires_at = previews.sign(post)
        url = url_for("posts.PostBySlug", slug=post.slug, preview=key, _external=True)
        return {"url": url, "key": key, "expires_at": expires_at}


@blp.route("/posts/<slug:slug>/revisions")
class PostRevisions(MethodView):
    @blp.response(200, RevisionList)
    def get(self, slug):
        """Every saved version of a post, newest first, with who saved it (editors)."""
        auth.require(Role.ADMIN, Role.EDITOR)
        return {"items": editing.revisions(get(POSTS, slug, i18n.requested_locale()))}
