from flask_babel import lazy_gettext
from sqlalchemy import not_
from sqlalchemy.orm import selectinload

from api.models import Partner, Programme, Theme, Vacancy, VacancyStatus, VacancyTranslation
from api.models.base import utcnow
from api.queries.listing import (
    FAR_FUTURE,
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


def _status(_query, status: VacancyStatus):
    is_open = Vacancy.is_open(utcnow())
    return is_open if status == VacancyStatus.OPEN else not_(is_open)


VACANCIES = Listing(
    model=Vacancy,
    translation=VacancyTranslation,
    filters={
        "theme": related(Vacancy.themes, Theme, "theme"),
        "partner": related(Vacancy.host, Partner, "partner"),
        "programme": related(Vacancy.programme, Programme, "programme"),
        "country": in_country(Vacancy.countries),
        "kind": equals(Vacancy.kind),
        "status": _status,
        "publication_status": equals(Vacancy.publication_status),
        "deadline_after": since(Vacancy.deadline),
        "deadline_before": until(Vacancy.deadline),
        "published_after": since(Vacancy.published_at),
        "published_before": until(Vacancy.published_at),
        "updated_after": since(Vacancy.updated_at),
    },
    sorts={
        "published_at": by_column(Vacancy.published_at, parse=parse_datetime),
        "updated_at": by_column(Vacancy.updated_at, parse=parse_datetime),
        "deadline": by_column(Vacancy.deadline, nulls=FAR_FUTURE, parse=parse_datetime),
        "title": by_translation("title"),
    },
    default_sort="-published_at",
    not_found=lazy_gettext("No vacancy has the slug “%(slug)s”."),
    load=(
        selectinload(Vacancy.translations),
        selectinload(Vacancy.themes).selectinload(Theme.translations),
        selectinload(Vacancy.host).selectinload(Partner.translations),
        selectinload(Vacancy.countries),
        selectinload(Vacancy.programme),
    ),
)
