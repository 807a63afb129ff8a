"""Writing partner organisations: staff add and remove them, a partner edits its own profile only."""

import pytest

from tests.editing_helpers import assert_problem, created, if_match, token

NEW = {
    "original_locale": "ru",
    "country": "kg",
    "city": "Бишкек",
    "website": "https://example.org/",
    "logo": {"url": "https://example.org/logo.png"},
    "translations": {
        "ru": {"name": "Кыргыз Жаштары", "description": "Молодёжная организация.", "logo_alt": "Логотип"},
        "en": {"name": "Kyrgyz Youth"},
    },
}


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


def test_staff_add_a_partner_with_a_readable_slug_from_its_cyrillic_name(client, editor):
    partner = created(client, "partners", NEW, editor).json
    assert partner["slug"] == "kyrgyz-zhashtary"
    assert partner["country"] == {"code": "KG", "name": "Kyrgyzstan"}
    assert partner["logo"] == {"url": "https://example.org/logo.png", "alt": None}
    assert client.get("/api/v1/partners/kyrgyz-zhashtary?lang=ru").json["logo"]["alt"] == "Логотип"
    assert client.get("/api/v1/partners/kyrgyz-zhashtary").json["name"] == "Kyrgyz Youth"


def test_a_partner_edits_its_own_profile_and_nothing_else(client, runner):
    novi_ritm = token(runner, "partner", "novi-ritm")
    own = client.get("/api/v1/partners/novi-ritm")
    edited = client.patch(
        "/api/v1/partners/novi-ritm", json={"website": "https://noviritm.example/"}, headers=if_match(own, novi_ritm)
    )
    assert edited.json["website"] == "https://noviritm.example/"
    other = client.get("/api/v1/partners/kobiety")
    assert_problem(
        client.patch("/api/v1/partners/kobiety", json={"city": "x"}, headers=if_match(other, novi_ritm)), 403
    )
    assert_problem(client.delete("/api/v1/partners/novi-ritm", headers=if_match(edited, novi_ritm)), 403)
    assert_problem(client.post("/api/v1/partners", json=NEW, headers=novi_ritm), 403)


def test_a_partner_nothing_links_to_can_be_deleted_and_its_tokens_go_with_it(client, runner, editor):
    made = created(client, "partners", NEW, editor)
    partner_token = token(runner, "partner", "kyrgyz-zhashtary")
    assert client.get("/api/v1/me", headers=partner_token).status_code == 200
    deleted = client.delete("/api/v1/partners/kyrgyz-zhashtary", headers=if_match(made, editor))
    assert deleted.status_code == 204
    assert client.get("/api/v1/partners/kyrgyz-zhashtary").status_code == 404
    assert_problem(client.get("/api/v1/me", headers=partner_token), 401)


def test_a_partner_that_content_links_to_is_not_deleted(client, editor):
    url = "/api/v1/partners/novi-ritm"
    refused = client.delete(url, headers=if_match(client.get(url), editor))
    assert_problem(refused, 409)
    assert refused.json["detail"] == "“novi-ritm” is still linked from 2 items: unlink them first."
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("change", "fields"),
    [({"website": "ftp://example.org"}, ["website"]), ({"country": "XX"}, ["country"]), ({"logo": {}}, ["logo.url"])],
)
def test_invalid_partners_are_a_422_naming_the_field(client, editor, change, fields):
    assert_problem(client.post("/api/v1/partners", json={**NEW, **change}, headers=editor), 422, fields)
