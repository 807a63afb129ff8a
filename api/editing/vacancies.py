from datetime import UTC
from zoneinfo import ZoneInfo

from api.auth import STAFF
from api.editing.editor import Editor
from api.models import Role
from api.queries.vacancies import VACANCIES
from api.serializers.vacancy import VacancyIn, VacancyPatch, VacancyTextIn

DEFAULT_ZONE = "Europe/Stockholm"


def claim(vacancy, partner) -> None:
    if vacancy.host is None:
        vacancy.host = partner


def deadline_in_its_zone(vacancy, data: dict) -> dict:
    """A deadline written without an offset (“25 January, 23:59”) is meant in the vacancy's own zone."""
    deadline = data.get("deadline")
    if deadline is not None and deadline.tzinfo is None:
        zone = data.get("deadline_timezone") or vacancy.deadline_timezone or DEFAULT_ZONE
        deadline = deadline.replace(tzinfo=ZoneInfo(zone))
    if deadline is not None:
        data["deadline"] = deadline.astimezone(UTC)
    return data


VACANCY_EDITOR = Editor(
    name="vacancies",
    listing=VACANCIES,
    input=VacancyIn,
    patch=VacancyPatch,
    translation_input=VacancyTextIn,
    html_fields=("description",),
    # A partner's own vacancies are those it hosts.
    creators=(*STAFF, Role.PARTNER),
    writers=(*STAFF, Role.PARTNER),
    owners=lambda vacancy: {vacancy.host.id} if vacancy.host else set(),
    claim=claim,
    prepare=deadline_in_its_zone,
)
