"""Editors write posts through REST: drafts, translations, publishing and scheduling, If-Match, permissions."""

from datetime import timedelta

import pytest

from tests.editing_helpers import PROBLEM, token

NEW = {
    "kind": "news",
    "original_locale": "sv",
    "themes": ["youth"],
    "countries": ["KG"],
    "partners": ["novi-ritm"],
    "translations": {"sv": {"title": "Ungdomsutbyte i Osh", "excerpt": "Kort.", "body": "<p>Hej från Osh</p>"}},
}


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


def create(client, headers, body=NEW):
    response = client.post("/api/v1/posts", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response


def test_a_new_post_is_a_private_draft_with_a_slug_from_its_title(client, editor):
    created = create(client, editor)
    assert created.json["slug"] == "ungdomsutbyte-i-osh"
    assert created.json["publication_status"] == "draft"
    assert created.headers["Location"].endswith("/api/v1/posts/ungdomsutbyte-i-osh")
    assert created.json["locale"] == "sv"
    assert [theme["slug"] for theme in created.json["themes"]] == ["youth"]
    assert client.get("/api/v1/posts/ungdomsutbyte-i-osh").status_code == 404
    assert client.get("/api/v1/posts").json["total"] == 5
    assert client.get("/api/v1/search?q=ungdomsutbyte").json["total"] == 0
    seen = client.get("/api/v1/posts/ungdomsutbyte-i-osh", headers=editor)
    assert seen.status_code == 200
    assert seen.cache_control.private and not seen.cache_control.public


def test_publishing_makes_it_public_everywhere_and_unpublishing_hides_it(client, editor):
    etag = create(client, editor).headers["ETag"]
    published = client.post("/api/v1/posts/ungdomsutbyte-i-osh/publish", json={}, headers={**editor, "If-Match": etag})
    assert published.status_code == 200
    assert published.json["publication_status"] == "published"
    assert client.get("/api/v1/posts/ungdomsutbyte-i-osh").status_code == 200
    assert client.get("/api/v1/search?q=ungdomsutbyte").json["total"] == 1
    assert client.get("/api/v1/posts?theme=youth&country=KG").json["total"] == 1
    hidden = client.post(
        "/api/v1/posts/ungdomsutbyte-i-osh/unpublish", headers={**editor, "If-Match": published.headers["ETag"]}
    )
    assert hidden.json["publication_status"] == "draft"
    assert client.get("/api/v1/posts/ungdomsutbyte-i-osh").status_code == 404


def test_a_scheduled_post_goes_public_at_its_time_without_any_job(client, editor, clock):
    etag = create(client, editor).headers["ETag"]
    soon = clock.now() + timedelta(hours=1)
    scheduled = client.post(
        "/api/v1/posts/ungdomsutbyte-i-osh/publish",
        json={"published_at": soon.isoformat()},
        headers={**editor, "If-Match": etag},
    )
    assert scheduled.json["publication_status"] == "scheduled"
    assert client.get("/api/v1/posts/ungdomsutbyte-i-osh").status_code == 404
    clock.advance(hours=1, seconds=1)
    assert client.get("/api/v1/posts/ungdomsutbyte-i-osh").status_code == 200


def test_a_write_needs_if_match_and_a_stale_one_is_a_412(client, editor):
    first = create(client, editor).headers["ETag"]
    url = "/api/v1/posts/ungdomsutbyte-i-osh"
    missing = client.patch(url, json={"sensitive": True}, headers=editor)
    assert (missing.status_code, missing.mimetype, missing.json["title"]) == (428, PROBLEM, "Precondition required")
    changed = client.patch(url, json={"sensitive": True}, headers={**editor, "If-Match": first})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != first
    stale = client.patch(url, json={"video_url": "https://video.example.org/x"}, headers={**editor, "If-Match": first})
    assert (stale.status_code, stale.mimetype) == (412, PROBLEM)
    assert client.get(url, headers=editor).json["video_url"] is None  # the stale write changed nothing


def test_translations_are_their_own_resource(client, editor):
    etag = create(client, editor).headers["ETag"]
    url = "/api/v1/posts/ungdomsutbyte-i-osh/translations/ru"
    added = client.put(url, json={"title": "Молодёжный обмен в Оше"}, headers={**editor, "If-Match": etag})
    assert added.status_code == 200
    assert sorted(added.json["translations"]) == ["ru", "sv"]
    assert client.get("/api/v1/posts/ungdomsutbyte-i-osh?lang=ru", headers=editor).json["title"] == (
        "Молодёжный обмен в Оше"
    )
    unknown = client.put(
        "/api/v1/posts/ungdomsutbyte-i-osh/translations/xx",
        json={"title": "x"},
        headers={**editor, "If-Match": added.headers["ETag"]},
    )
    assert (unknown.status_code, unknown.mimetype) == (400, PROBLEM)


def test_rich_text_is_sanitised_when_saved(client, editor):
    hostile = '<p onclick="steal()">Hej<script>alert(1)</script><a href="javascript:alert(1)">x</a></p>'
    body = {**NEW, "translations": {"sv": {"title": "Farligt", "body": hostile}}}
    saved = create(client, editor, body).json["body"]
    assert "script" not in saved and "onclick" not in saved and "javascript" not in saved
    assert saved.startswith("<p>Hej")


def test_a_taken_slug_is_a_409_and_titles_in_any_script_make_readable_slugs(client, editor):
    assert (
        client.post("/api/v1/posts", json={**NEW, "slug": "maria-from-journalist-to-ngo"}, headers=editor).status_code
        == 409
    )
    russian = {**NEW, "original_locale": "ru", "translations": {"ru": {"title": "Молодёжь Кыргызстана"}}}
    assert create(client, editor, russian).json["slug"] == "molodezh-kyrgyzstana"
    assert create(client, editor, russian).json["slug"] == "molodezh-kyrgyzstana-2"


def test_archiving_removes_a_post_from_public_reads(client, editor):
    url = "/api/v1/posts/maria-from-journalist-to-ngo"
    etag = client.get(url, headers=editor).headers["ETag"]
    archived = client.delete(url, headers={**editor, "If-Match": etag})
    assert archived.json["publication_status"] == "archived"
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/posts").json["total"] == 4


def test_anonymous_writes_are_401_before_any_validation(client):
    for response in (
        client.post("/api/v1/posts", json={"kind": "poem"}),
        client.patch("/api/v1/posts/maria-from-journalist-to-ngo", json={}),
        client.post("/api/v1/posts/maria-from-journalist-to-ngo/publish", json={}),
    ):
        assert (response.status_code, response.mimetype) == (401, PROBLEM)


def test_a_partner_edits_only_posts_about_its_own_organisation(client, runner):
    novi_ritm = token(runner, "partner", "novi-ritm")
    created = create(client, novi_ritm, {**NEW, "partners": []})
    assert [partner["slug"] for partner in created.json["partners"]] == ["novi-ritm"]
    url = "/api/v1/posts/does-authoritarianism-exist-in-central-asia"
    etag = client.get(url).headers["ETag"]
    refused = client.patch(url, json={"sensitive": True}, headers={**novi_ritm, "If-Match": etag})
    assert (refused.status_code, refused.mimetype) == (403, PROBLEM)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({**NEW, "kind": "poem"}, ["kind"]),
        ({**NEW, "original_locale": "xx"}, ["original_locale"]),
        ({**NEW, "themes": ["no-such-theme"]}, ["themes"]),
        ({**NEW, "countries": ["XX"]}, ["countries.0"]),
        ({**NEW, "video_url": "javascript:alert(1)"}, ["video_url"]),
        ({**NEW, "translations": {"en": {"title": "Only English"}}}, ["translations"]),
        ({**NEW, "colour": "red"}, ["colour"]),
    ],
)
def test_invalid_input_is_a_422_naming_the_field(client, editor, body, fields):
    response = client.post("/api/v1/posts", json=body, headers=editor)
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert [param["name"] for param in response.json["invalid_params"]] == fields
    assert client.get("/api/v1/posts", headers=editor).json["total"] == 5  # nothing half-written


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({**NEW, "translations": {"sv": {"title": ""}}}, ["translations.sv.title"]),
        ({**NEW, "translations": {"sv": {"excerpt": "No title"}}}, ["translations.sv.title"]),
        ({**NEW, "translations": {**NEW["translations"], "xx": {"title": "Unknown"}}}, ["translations.xx"]),
        ({**NEW, "featured_image": {"url": "javascript:alert(1)"}}, ["featured_image.url"]),
        ({**NEW, "featured_image": {"url": "https://img.example/a.jpg", "width": 0}}, ["featured_image.width"]),
        ({**NEW, "countries": ["KG", 7]}, ["countries.1"]),
    ],
)
def test_a_nested_field_at_fault_is_named_by_its_whole_path(client, editor, body, fields):
    response = client.post("/api/v1/posts", json=body, headers=editor)
    assert (response.status_code, response.mimetype) == (422, PROBLEM)
    assert [param["name"] for param in response.json["invalid_params"]] == fields
    assert f"“{fields[0]}”" in response.json["detail"]


def test_validation_messages_are_translated(client, editor):
    response = client.post("/api/v1/posts", json={**NEW, "kind": "poem"}, headers={**editor, "Accept-Language": "sv"})
    assert response.json["invalid_params"] == [
        {"name": "kind", "reason": "Måste vara något av: article, news, video, story."}
    ]


def test_every_save_is_kept_as_a_revision_with_who_saved_it(client, editor, runner):
    created = create(client, editor)
    url = "/api/v1/posts/ungdomsutbyte-i-osh"
    changed = client.patch(url, json={"sensitive": True}, headers={**editor, "If-Match": created.headers["ETag"]})
    history = client.get(f"{url}/revisions", headers=editor)
    assert history.status_code == 200
    versions = history.json["items"]
    assert [revision["version"] for revision in versions] == [
        int(changed.headers["ETag"].strip('"').split(".")[0]),
        int(created.headers["ETag"].strip('"').split(".")[0]),
    ]
    assert [revision["snapshot"]["sensitive"] for revision in versions] == [True, False]
    assert versions[1]["snapshot"]["translations"]["sv"]["title"] == "Ungdomsutbyte i Osh"
    assert versions[1]["snapshot"]["themes"] == ["youth"]
    assert {revision["saved_by"] for revision in versions} == {"editor"}
    assert client.get(f"{url}/revisions").status_code == 401
    partner = token(runner, "partner", "novi-ritm")
    assert client.get(f"{url}/revisions", headers=partner).status_code == 403


def test_a_failed_write_leaves_no_revision_and_no_change(client, editor):
    created = create(client, editor)
    url = "/api/v1/posts/ungdomsutbyte-i-osh"
    before = client.get(url, headers=editor).headers["ETag"]
    bad = client.patch(url, json={"themes": ["no-such-theme"]}, headers={**editor, "If-Match": created.headers["ETag"]})
    assert bad.status_code == 422
    assert len(client.get(f"{url}/revisions", headers=editor).json["items"]) == 1
    assert client.get(url, headers=editor).headers["ETag"] == before


def test_a_preview_link_shows_a_draft_to_anyone_holding_it_and_only_that_draft(client, editor):
    create(client, editor)
    link = client.post("/api/v1/posts/ungdomsutbyte-i-osh/preview", headers=editor)
    assert link.status_code == 201
    assert link.json["url"].startswith("http://localhost/api/v1/posts/ungdomsutbyte-i-osh?preview=")
    preview = client.get(link.json["url"])
    assert preview.status_code == 200
    assert preview.json["publication_status"] == "draft"
    assert preview.cache_control.private and not preview.cache_control.public
    other = client.get(f"/api/v1/posts/maria-from-journalist-to-ngo?preview={link.json['key']}")
    assert (other.status_code, other.mimetype) == (403, PROBLEM)
    forged = client.get("/api/v1/posts/ungdomsutbyte-i-osh?preview=" + link.json["key"][:-3] + "abc")
    assert forged.status_code == 403
    assert client.get("/api/v1/posts/ungdomsutbyte-i-osh").status_code == 404  # no key, no draft
    assert client.get("/api/v1/posts").json["total"] == 5  # the key opens one item, not the lists


def test_a_partner_sees_and_edits_its_own_drafts_and_no_one_elses(client, runner, editor):
    novi_ritm = token(runner, "partner", "novi-ritm")
    kobiety = token(runner, "partner", "kobiety")
    etag = create(client, novi_ritm, {**NEW, "partners": []}).headers["ETag"]
    url = "/api/v1/posts/ungdomsutbyte-i-osh"
    assert client.get(url, headers=novi_ritm).status_code == 200
    assert client.get("/api/v1/posts", headers=novi_ritm).json["total"] == 6
    edited = client.patch(url, json={"sensitive": True}, headers={**novi_ritm, "If-Match": etag})
    assert edited.status_code == 200
    assert client.get(url, headers=kobiety).status_code == 404
    assert client.get("/api/v1/posts", headers=kobiety).json["total"] == 5
    assert client.get(url).status_code == 404
    create(client, editor, {**NEW, "partners": ["kobiety"], "translations": {"sv": {"title": "Annat"}}})
    assert client.get("/api/v1/posts/annat", headers=novi_ritm).status_code == 404


def test_a_translation_can_be_removed_but_not_the_original_text(client, editor):
    etag = create(client, editor).headers["ETag"]
    url = "/api/v1/posts/ungdomsutbyte-i-osh/translations"
    added = client.put(f"{url}/en", json={"title": "Youth exchange in Osh"}, headers={**editor, "If-Match": etag})
    removed = client.delete(f"{url}/en", headers={**editor, "If-Match": added.headers["ETag"]})
    assert removed.status_code == 200
    assert list(removed.json["translations"]) == ["sv"]
    again = client.delete(f"{url}/en", headers={**editor, "If-Match": removed.headers["ETag"]})
    assert (again.status_code, again.mimetype) == (404, PROBLEM)
    original = client.delete(f"{url}/sv", headers={**editor, "If-Match": removed.headers["ETag"]})
    assert (original.status_code, original.mimetype) == (409, PROBLEM)
    assert client.get("/api/v1/posts/ungdomsutbyte-i-osh?lang=en", headers=editor).json["locale"] == "sv"
