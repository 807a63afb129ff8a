from flask.views import MethodView

from api.models import VacancyKind, VacancyStatus
from api.queries.vacancies import VACANCIES
from api.resources.base import Blueprint, collection, item
from api.serializers.args import ItemArgs, Moment, choice, country, list_args, related_slug
from api.serializers.vacancy import VacancyOut, VacancyPage

blp = Blueprint("vacancies", __name__, url_prefix="/api/v1", description="Volunteer places, jobs and internships.")

VacancyArgs = list_args(
    "VacancyArgs",
    VACANCIES.sort_choices,
    theme=related_slug("Theme slug."),
    partner=related_slug("Hosting organisation slug."),
    programme=related_slug("Funding programme slug, e.g. european-solidarity-corps."),
    country=country(),
    kind=choice(VacancyKind),
    status=choice(VacancyStatus, metadata={"description": "open: the deadline has not passed (or there is none)."}),
    deadline_after=Moment(),
    deadline_before=Moment(),
    published_after=Moment(),
    published_before=Moment(),
    updated_after=Moment(),
)


@blp.route("/vacancies")
class Vacancies(MethodView):
    @blp.arguments(VacancyArgs, location="query")
    @blp.response(200, VacancyPage)
    def get(self, args):
        """List published vacancies, open and closed unless `status` says which."""
        return collection(VACANCIES, args)


@blp.route("/vacancies/<slug:slug>")
class VacancyBySlug(MethodView):
    @blp.arguments(ItemArgs, location="query")
    @blp.response(200, VacancyOut)
    def get(self, _args, slug):
        """One published vacancy by its slug."""
        return item(VACANCIES, slug)
