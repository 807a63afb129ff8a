from flask_babel import lazy_gettext
from sqlalchemy.orm import selectinload

from api.models import Author, AuthorTranslation
from api.queries.listing import Listing, by_column

AUTHORS = Listing(
    model=Author,
    translation=AuthorTranslation,
    filters={},
    sorts={"name": by_column(Author.name), "slug": by_column(Author.slug)},
    default_sort="name",
    not_found=lazy_gettext("No author has the slug “%(slug)s”."),
    load=(selectinload(Author.translations),),
)
