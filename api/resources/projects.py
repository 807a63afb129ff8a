from flask.views import MethodView

from api.editing.projects import PROJECT_EDITOR
from api.queries.projects import PROJECTS
from api.resources.base import Blueprint, collection, item
from api.resources.json_ld import register_json_ld
from api.resources.writes import register_writes
from api.serializers.args import PreviewItemArgs
from api.serializers.project import ProjectArgs, ProjectOut, ProjectPage

blp = Blueprint("projects", __name__, url_prefix="/api/v1", description="Projects with partner organisations.")


@blp.route("/projects")
class Projects(MethodView):
    @blp.arguments(ProjectArgs, location="query")
    @blp.response(200, ProjectPage)
    def get(self, args):
        """List published projects, newest first."""
        return collection(PROJECTS, args)


@blp.route("/projects/<slug:slug>")
class ProjectBySlug(MethodView):
    @blp.arguments(PreviewItemArgs, location="query")
    @blp.response(200, ProjectOut)
    def get(self, args, slug):
        """One published project by its slug."""
        return item(PROJECTS, slug, args.get("preview"))


register_writes(blp, PROJECT_EDITOR, ProjectOut, "project")
register_json_ld(blp, PROJECTS, "projects", "project")
