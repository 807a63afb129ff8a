from flask.views import MethodView

from api.models import ProjectStatus
from api.queries.projects import PROJECTS
from api.resources.base import Blueprint, collection, item
from api.serializers.args import ItemArgs, Moment, choice, country, list_args, related_slug
from api.serializers.project import ProjectOut, ProjectPage

blp = Blueprint("projects", __name__, url_prefix="/api/v1", description="Projects with partner organisations.")

ProjectArgs = list_args(
    "ProjectArgs",
    PROJECTS.sort_choices,
    theme=related_slug("Theme slug."),
    partner=related_slug("Partner organisation slug."),
    programme=related_slug("Funding programme slug, e.g. erasmus-plus."),
    country=country(),
    status=choice(ProjectStatus),
    start_after=Moment(),
    start_before=Moment(),
    published_after=Moment(),
    published_before=Moment(),
    updated_after=Moment(),
)


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
