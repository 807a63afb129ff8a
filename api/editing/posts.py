from api.auth import STAFF
from api.editing.editor import Editor
from api.models import Role
from api.queries.posts import POSTS
from api.serializers.post import PostIn, PostPatch, PostTextIn


def claim(post, partner) -> None:
    if partner not in post.partners:
        post.partners.append(partner)


POST_EDITOR = Editor(
    name="posts",
    listing=POSTS,
    input=PostIn,
    patch=PostPatch,
    translation_input=PostTextIn,
    html_fields=("body",),
    # A partner's own posts are those that name it.
    creators=(*STAFF, Role.PARTNER),
    writers=(*STAFF, Role.PARTNER),
    owners=lambda post: {partner.id for partner in post.partners},
    claim=claim,
)
