from flask_babel import lazy_gettext
from sqlalchemy.orm import selectinload

from api.models import Theme, ThemeTranslation
from api.queries.listing import Listing, by_column, by_translation

THEMES = Listing(
    model=Theme,
    translation=ThemeTranslation,
    filters={},
    sorts={"position": by_column(Theme.position), "name": by_translation("name"), "slug": by_column(Theme.slug)},
    default_sort="position",
    not_found=lazy_gettext("No theme has the slug “%(slug)s”."),
    load=(selectinload(Theme.translations),),
)
