from api.editing.editor import Editor
from api.queries.authors import AUTHORS
from api.serializers.author import AuthorIn, AuthorPatch, AuthorTextIn

AUTHOR_EDITOR = Editor(
    name="authors",
    listing=AUTHORS,
    input=AuthorIn,
    patch=AuthorPatch,
    translation_input=AuthorTextIn,
    title_field="name",
)
