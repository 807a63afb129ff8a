"""Writing vacancies: deadlines in their own time zone, eligibility and how to apply, hosts and partner tokens."""

import pytest

from tests.editing_helpers import assert_problem, created, if_match, token

NEW = {
    "kind": "volunteer",
    "host": "novi-ritm",
    "original_locale": "en",
    "positions": 2,
    "deadline": "2031-01-25T23:59:00",
    "start_date": "2031-03-01",
    "start_date_flexible": True,
    "duration": "P12M",
    "eligibility": {"min_age": 18, "max_age": 30},
    "how_to_apply": {"email": "apply@example.org"},
    "programme": "european-solidarity-corps",
    "programme_reference": "OID E10064468",
    "themes": ["youth"],
    "countries": ["kg"],
    "translations": {
        "en": {
            "title": "Volunteers in Osh",
            "description": "<p>Join us<script>alert(1)</script></p>",
            "eligibility": "Residents of Sweden.",
            "how_to_apply": "Send a CV.",
        }
    },
}


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


def test_a_deadline_without_an_offset_is_read_in_the_vacancys_zone(client, editor):
    vacancy = created(client, "vacancies", NEW, editor).json
    assert vacancy["deadline"] == "2031-01-25T22:59:00+00:00"
    assert vacancy["deadline_local"] == "2031-01-25T23:59:00+01:00"
    bishkek = created(
        client,
        "vacancies",
        {**NEW, "deadline_timezone": "Asia/Bishkek", "translations": {"en": {"title": "Bishkek"}}},
        editor,
    ).json
    assert bishkek["deadline"] == "2031-01-25T17:59:00+00:00"
    assert bishkek["deadline_local"] == "2031-01-25T23:59:00+06:00"


def test_every_field_lands_where_the_reads_show_it(client, editor):
    vacancy = created(client, "vacancies", NEW, editor).json
    assert vacancy["host"]["slug"] == "novi-ritm"
    assert vacancy["eligibility"] == {"min_age": 18, "max_age": 30, "requirements": "Residents of Sweden."}
    assert vacancy["how_to_apply"] == {"url": None, "email": "apply@example.org", "instructions": "Send a CV."}
    assert vacancy["programme"]["slug"] == "european-solidarity-corps"
    assert (vacancy["positions"], vacancy["duration"], vacancy["status"]) == (2, "P12M", "open")
    assert [country["code"] for country in vacancy["countries"]] == ["KG"]
    assert vacancy["description"] == "<p>Join us</p>"
    assert vacancy["publication_status"] == "draft"


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"deadline_timezone": "Mars/Olympus"}, ["deadline_timezone"]),
        ({"duration": "twelve months"}, ["duration"]),
        ({"how_to_apply": {"email": "not-an-address"}}, ["how_to_apply.email"]),
        ({"how_to_apply": {"url": "javascript:alert(1)"}}, ["how_to_apply.url"]),
        ({"eligibility": {"min_age": 30, "max_age": 18}}, ["eligibility.max_age"]),
        ({"positions": 0}, ["positions"]),
        ({"host": "no-such-partner"}, ["host"]),
        ({"programme": "no-such-programme"}, ["programme"]),
        ({"kind": "forever"}, ["kind"]),
        ({"deadline": "soon"}, ["deadline"]),
    ],
)
def test_invalid_vacancies_are_a_422_naming_the_field(client, editor, change, fields):
    assert_problem(client.post("/api/v1/vacancies", json={**NEW, **change}, headers=editor), 422, fields)
    assert client.get("/api/v1/vacancies", headers=editor).json["total"] == 2


def test_a_vacancy_needs_a_host(client, editor):
    body = {key: value for key, value in NEW.items() if key != "host"}
    assert_problem(client.post("/api/v1/vacancies", json=body, headers=editor), 422, ["host"])


def test_a_partner_hosts_its_own_vacancies_and_no_one_elses(client, runner, editor):
    novi_ritm = token(runner, "partner", "novi-ritm")
    body = {key: value for key, value in NEW.items() if key != "host"}
    own = created(client, "vacancies", body, novi_ritm)
    assert own.json["host"]["slug"] == "novi-ritm"
    assert_problem(client.post("/api/v1/vacancies", json={**NEW, "host": "kobiety"}, headers=novi_ritm), 403)
    url = "/api/v1/vacancies/volunteers-in-osh"
    assert_problem(client.patch(url, json={"host": "kobiety"}, headers=if_match(own, novi_ritm)), 403)
    published = client.post(f"{url}/publish", json={}, headers=if_match(own, novi_ritm))
    assert published.json["publication_status"] == "published"
    assert client.get(url).status_code == 200
    seeded = client.get("/api/v1/vacancies/projektansvarig")
    assert_problem(client.patch(seeded.request.path, json={"positions": 9}, headers=if_match(seeded, novi_ritm)), 403)


def test_an_archived_vacancy_leaves_the_public_lists(client, editor):
    url = "/api/v1/vacancies/esc-volunteers-malmo-2020"
    archived = client.delete(url, headers=if_match(client.get(url), editor))
    assert archived.json["publication_status"] == "archived"
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/vacancies").json["total"] == 1


def test_a_validators_message_is_one_translated_reason(client, editor):
    response = client.post(
        "/api/v1/vacancies",
        json={**NEW, "deadline_timezone": "Mars/Olympus"},
        headers={**editor, "Accept-Language": "sv"},
    )
    assert response.json["invalid_params"] == [
        {"name": "deadline_timezone", "reason": "Inte en IANA-tidszon, t.ex. Europe/Stockholm."}
    ]
