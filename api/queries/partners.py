from flask_babel import lazy_gettext
from sqlalchemy.orm import selectinload

from api.models import Partner, PartnerTranslation, Project
from api.queries.listing import Listing, by_column, by_translation, equals, parse_datetime, since

PARTNERS = Listing(
    model=Partner,
    translation=PartnerTranslation,
    filters={
        "country": equals(Partner.country_code),
        "updated_after": since(Partner.updated_at),
    },
    sorts={
        "name": by_translation("name"),
        "slug": by_column(Partner.slug),
        "updated_at": by_column(Partner.updated_at, parse=parse_datetime),
    },
    default_sort="name",
    not_found=lazy_gettext("No partner organisation has the slug “%(slug)s”."),
    load=(
        selectinload(Partner.translations),
        selectinload(Partner.country),
        selectinload(Partner.projects).selectinload(Project.translations),
    ),
)
