from flask.views import MethodView

from api.editing.themes import THEME_EDITOR
from api.queries.themes import THEMES
from api.resources.base import Blueprint, collection, item
from api.resources.writes import register_writes
from api.serializers.args import ItemArgs
from api.serializers.theme import ThemeArgs, ThemeOut, ThemePage

blp = Blueprint("themes", __name__, url_prefix="/api/v1", description="The thematic taxonomy.")


@blp.route("/themes")
class Themes(MethodView):
    @blp.arguments(ThemeArgs, location="query")
    @blp.response(200, ThemePage)
    def get(self, args):
        """List themes in their editorial order."""
        return collection(THEMES, args)


@blp.route("/themes/<slug:slug>")
class ThemeBySlug(MethodView):
    @blp.arguments(ItemArgs, location="query")
    @blp.response(200, ThemeOut)
    def get(self, _args, slug):
        """One theme by its slug."""
        return item(THEMES, slug)


register_writes(blp, THEME_EDITOR, ThemeOut, "theme")
