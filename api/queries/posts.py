from flask_babel import lazy_gettext
from sqlalchemy.orm import selectinload

from api.models import Author, Partner, Post, PostTranslation, Project, Theme
from api.queries.listing import (
    Listing,
    by_column,
    by_translation,
    equals,
    in_country,
    parse_datetime,
    related,
    since,
    until,
)

POSTS = Listing(
    model=Post,
    translation=PostTranslation,
    filters={
        "theme": related(Post.themes, Theme, "theme"),
        "partner": related(Post.partners, Partner, "partner"),
        "country": in_country(Post.countries),
        "author": related(Post.author, Author, "author"),
        "project": related(Post.project, Project, "project"),
        "kind": equals(Post.kind),
        "publication_status": equals(Post.publication_status),
        "published_after": since(Post.published_at),
        "published_before": until(Post.published_at),
        "updated_after": since(Post.updated_at),
    },
    sorts={
        "published_at": by_column(Post.published_at, parse=parse_datetime),
        "updated_at": by_column(Post.updated_at, parse=parse_datetime),
        "title": by_translation("title"),
    },
    default_sort="-published_at",
    not_found=lazy_gettext("No post has the slug “%(slug)s”."),
    load=(
        selectinload(Post.translations),
        selectinload(Post.themes).selectinload(Theme.translations),
        selectinload(Post.partners).selectinload(Partner.translations),
        selectinload(Post.countries),
        selectinload(Post.author).selectinload(Author.translations),
        selectinload(Post.project).selectinload(Project.translations),
    ),
)
