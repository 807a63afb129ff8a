from flask.views import MethodView

from api.queries.projects import PROJECTS
from api.resources.base import Blueprint, collection, item
from api.serializers.args import ItemArgs
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
    @blp.arguments(ItemArgs, location="query")
    @blp.response(200, ProjectOut)
    def get(self, _args, slug):
        """One published project by its slug."""
        return item(PROJECTS, slug)
