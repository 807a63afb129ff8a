from api.editing.editor import Editor
from api.queries.themes import THEMES
from api.serializers.theme import ThemeIn, ThemePatch, ThemeTextIn

THEME_EDITOR = Editor(
    name="themes",
    listing=THEMES,
    input=ThemeIn,
    patch=ThemePatch,
    translation_input=ThemeTextIn,
    title_field="name",
)
