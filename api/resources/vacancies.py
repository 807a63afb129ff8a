from flask.views import MethodView

from api.editing.vacancies import VACANCY_EDITOR
from api.queries.vacancies import VACANCIES
from api.resources.base import Blueprint, collection, item
from api.resources.json_ld import register_json_ld
from api.resources.writes import register_writes
from api.serializers.args import PreviewItemArgs
from api.serializers.vacancy import VacancyArgs, VacancyOut, VacancyPage

blp = Blueprint("vacancies", __name__, url_prefix="/api/v1", description="Volunteer places, jobs and internships.")


@blp.route("/vacancies")
class Vacancies(MethodView):
    @blp.arguments(VacancyArgs, location="query")
    @blp.response(200, VacancyPage)
    def get(self, args):
        """List published vacancies, open and closed unless `status` says which."""
        return collection(VACANCIES, args)


@blp.route("/vacancies/<slug:slug>")
class VacancyBySlug(MethodView):
    @blp.arguments(PreviewItemArgs, location="query")
    @blp.response(200, VacancyOut)
    def get(self, args, slug):
        """One published vacancy by its slug."""
        return item(VACANCIES, slug, args.get("preview"))


register_writes(blp, VACANCY_EDITOR, VacancyOut, "vacancy")
register_json_ld(blp, VACANCIES, "vacancies", "vacancy")
