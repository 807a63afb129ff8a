from flask.views import MethodView

from api import i18n
from api.pagination import paginated_response
from api.queries.everything import SEARCHABLE, search
from api.resources.base import Blueprint
from api.serializers.search import SearchArgs, SearchPage, hit

blp = Blueprint("search", __name__, url_prefix="/api/v1", description="Ranked search across content types.")


@blp.route("/search")
class Search(MethodView):
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, SearchPage)
    def get(self, args):
        """Search posts, projects, vacancies and partners at once, best match first."""
        locale = i18n.requested_locale()
        types = list(dict.fromkeys(args.get("type") or SEARCHABLE))
        page, hits = search(args["q"], locale, types, args["limit"], args.get("cursor"))
        body, headers = paginated_response(page, [hit(*found) for found in hits])
        return {**body, "requested_locale": locale}, headers
