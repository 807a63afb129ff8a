"""The write API every content type shares: create, change, delete, texts per locale, publication, previews and
history, registered on the type's blueprint beside its read views. The work is done in api.editing.actions."""

from flask import url_for
from flask.views import MethodView

from api.editing import actions
from api.editing.editor import Editor
from api.editing.operations import expected_version
from api.resources.base import Blueprint
from api.serializers.common import ENDPOINTS
from api.serializers.inputs import PublishIn
from api.serializers.preview import PreviewKeyList, PreviewOut
from api.serializers.revision import RevisionList


def described(summary: str):
    """The view's OpenAPI summary (a docstring cannot hold the content type's name)."""

    def decorate(view):
        view.__doc__ = summary
        return view

    return decorate


# A change to an existing item names the version it saw (api.editing.operations.expected_version).
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": "The item's ETag as last read (it starts with its version): 428 without it, 412 if stale.",
}


def conditional(view):
    """Documents the If-Match header the view requires."""
    return Blueprint.doc(parameters=[IF_MATCH])(view)


def created(item) -> tuple:
    return item, 201, {"Location": url_for(ENDPOINTS[type(item)], slug=item.slug, _external=True)}


def register_writes(blp: Blueprint, editor: Editor, out_schema, noun: str) -> None:
    """Add the write routes for one content type (`noun` names it in the docs) to its blueprint."""
    collection, item = f"/{editor.name}", f"/{editor.name}/<slug:slug>"
    prefix = noun.title().replace(" ", "")

    class Create(MethodView):
        @blp.arguments(editor.input)
        @blp.response(201, out_schema)
        @described(f"Create a {noun}{' as a draft' if editor.publishable else ''}; send the whole of it.")
        def post(self, data):
            return created(actions.create(editor, data))

    class Change(MethodView):
        @blp.arguments(editor.patch)
        @blp.response(200, out_schema)
        @described(f"Change some of a {noun}'s fields; send its ETag in If-Match.")
        @conditional
        def patch(self, data, slug):
            return actions.update(editor, slug, expected_version, data)

        if editor.publishable:

            @blp.response(200, out_schema)
            @described(f"Archive a {noun}: it leaves every public list and stays in the history; send its ETag.")
            @conditional
            def delete(self, slug):
                return actions.delete(editor, slug, expected_version)

        else:

            @blp.response(204)
            @described(f"Delete a {noun} that nothing links to any more (409 otherwise); send its ETag.")
            @conditional
            def delete(self, slug):
                actions.delete(editor, slug, expected_version)

    class Translation(MethodView):
        @blp.arguments(editor.translation_input)
        @blp.response(200, out_schema)
        @described(f"Add or replace the {noun}'s text in one locale; send its ETag in If-Match.")
        @conditional
        def put(self, text, slug, locale):
            return actions.set_translation(editor, slug, expected_version, locale, text)

        @blp.response(200, out_schema)
        @described(f"Remove the {noun}'s text in one locale (not its original one); send its ETag in If-Match.")
        @conditional
        def delete(self, slug, locale):
            return actions.remove_translation(editor, slug, expected_version, locale)

    class Revisions(MethodView):
        @blp.response(200, RevisionList)
        @described(f"Every saved version of a {noun}, newest first, with who saved it (staff).")
        def get(self, slug):
            return {"items": actions.revisions(editor, slug)}

    blp.route(collection, endpoint=f"Create{prefix}")(Create)
    blp.route(item, endpoint=f"Change{prefix}")(Change)
    blp.route(f"{item}/translations/<locale>", endpoint=f"{prefix}Translation")(Translation)
    blp.route(f"{item}/revisions", endpoint=f"{prefix}Revisions")(Revisions)
    if editor.publishable:
        _register_publication(blp, editor, out_schema, noun, prefix)


def _register_publication(blp: Blueprint, editor: Editor, out_schema, noun: str, prefix: str) -> None:
    item = f"/{editor.name}/<slug:slug>"

    class Publish(MethodView):
        @blp.arguments(PublishIn)
        @blp.response(200, out_schema)
        @described(f"Publish a {noun} now, or schedule it with a future `published_at`: it goes public by itself.")
        @conditional
        def post(self, data, slug):
            return actions.publish(editor, slug, expected_version, data.get("published_at"))

    class Unpublish(MethodView):
        @blp.response(200, out_schema)
        @described(f"Take a {noun} back to draft: it leaves every public list at once; send its ETag.")
        @conditional
        def post(self, slug):
            return actions.unpublish(editor, slug, expected_version)

    blp.route(f"{item}/publish", endpoint=f"Publish{prefix}")(Publish)
    blp.route(f"{item}/unpublish", endpoint=f"Unpublish{prefix}")(Unpublish)
    _register_previews(blp, editor, noun, prefix)


def _register_previews(blp: Blueprint, editor: Editor, noun: str, prefix: str) -> None:
    item = f"/{editor.name}/<slug:slug>"
    make_one = f"An expiring link that shows this {noun}, unpublished, to whoever opens it, until it ends."

    class Previews(MethodView):
        @blp.response(200, PreviewKeyList)
        @described(f"The {noun}'s preview keys that still work, newest first, with who made them (staff).")
        def get(self, slug):
            return {"items": actions.preview_keys(editor, slug)}

        @blp.response(201, PreviewOut)
        @described(make_one)
        def post(self, slug):
            return actions.preview(editor, slug)

    class PreviewKey(MethodView):
        @blp.response(204)
        @described(f"Revoke one of the {noun}'s preview keys: its link stops working at once (staff).")
        def delete(self, slug, key_id):
            actions.revoke_preview(editor, slug, key_id)

    class Preview(MethodView):
        @blp.response(201, PreviewOut)
        @blp.doc(deprecated=True)
        @described(f"{make_one} The same as POST …/previews, kept for the clients that use it.")
        def post(self, slug):
            return actions.preview(editor, slug)

    blp.route(f"{item}/previews", endpoint=f"{prefix}Previews")(Previews)
    blp.route(f"{item}/previews/<key_id>", endpoint=f"{prefix}PreviewKey")(PreviewKey)
    blp.route(f"{item}/preview", endpoint=f"Preview{prefix}")(Preview)
