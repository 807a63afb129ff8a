from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext
from sqlalchemy.orm import selectinload

from api.models import Partner, Programme, Project, ProjectTranslation, Theme
from api.queries.listing import (
    FAR_FUTURE,
    Listing,
    by_column,
    by_translation,
    equals,
    in_country,
    parse_date,
    parse_datetime,
    related,
    since,
    until,
)


def _first_day_from(moment: datetime) -> date:
    """The first day whose start (00:00 UTC) is not before `moment`: a start date is a day, a filter a moment."""
    moment = moment.astimezone(UTC)
    day = moment.date()
    return day + timedelta(days=1) if moment.time() != time() and day < date.max else day


def _starts_from(_query, moment: datetime):
    return Project.start_date >= _first_day_from(moment)


def _starts_before(_query, moment: datetime):
    return Project.start_date < _first_day_from(moment)


PROJECTS = Listing(
    model=Project,
    translation=ProjectTranslation,
    filters={
        "theme": related(Project.themes, Theme, "theme"),
        "partner": related(Project.partners, Partner, "partner"),
        "programme": related(Project.programmes, Programme, "programme"),
        "country": in_country(Project.countries),
        "status": equals(Project.status),
        "publication_status": equals(Project.publication_status),
        "start_after": _starts_from,
        "start_before": _starts_before,
        "published_after": since(Project.published_at),
        "published_before": until(Project.published_at),
        "updated_after": since(Project.updated_at),
    },
    sorts={
        "published_at": by_column(Project.published_at, parse=parse_datetime),
        "updated_at": by_column(Project.updated_at, parse=parse_datetime),
        "start_date": by_column(Project.start_date, nulls=FAR_FUTURE.date(), parse=parse_date),
        "title": by_translation("title"),
    },
    default_sort="-published_at",
    not_found=lazy_gettext("No project has the slug “%(slug)s”."),
    load=(
        selectinload(Project.translations),
        selectinload(Project.themes).selectinload(Theme.translations),
        selectinload(Project.partners).selectinload(Partner.translations),
        selectinload(Project.countries),
        selectinload(Project.programmes),
    ),
)
