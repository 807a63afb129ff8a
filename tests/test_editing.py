"""What every content type's write API shares (posts, projects, vacancies, partners, themes, authors): create,
change, texts per locale, history, tokens and If-Match, through HTTP."""

import pytest

from tests.editing_helpers import assert_problem, created, if_match, token, version

# collection: (a minimal new item, the slug made from it, a change, a seeded item's slug)
TYPES = {
    "posts": (
        {"kind": "news", "original_locale": "en", "translations": {"en": {"title": "Spring news"}}},
        "spring-news",
        {"sensitive": True},
        "maria-from-journalist-to-ngo",
    ),
    "projects": (
        {"status": "planned", "original_locale": "en", "translations": {"en": {"title": "Spring camp"}}},
        "spring-camp",
        {"participants_count": 12},
        "climate-residency-osh",
    ),
    "vacancies": (
        {
            "kind": "volunteer",
            "host": "novi-ritm",
            "original_locale": "en",
            "translations": {"en": {"title": "Spring volunteer"}},
        },
        "spring-volunteer",
        {"positions": 3},
        "projektansvarig",
    ),
    "partners": (
        {"original_locale": "en", "translations": {"en": {"name": "Spring Collective"}}},
        "spring-collective",
        {"city": "Bishkek"},
        "novi-ritm",
    ),
    "themes": (
        {"original_locale": "en", "translations": {"en": {"name": "Spring"}}},
        "spring",
        {"position": 9},
        "youth",
    ),
    "authors": ({"name": "Spring Writer"}, "spring-writer", {"is_pseudonym": True}, "maria"),
}


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


@pytest.mark.parametrize("collection", TYPES)
def test_staff_create_change_translate_and_keep_the_history_of_every_type(client, editor, collection):
    new, slug, change, _seeded = TYPES[collection]
    url = f"/api/v1/{collection}/{slug}"
    made = created(client, collection, new, editor)
    assert made.json["slug"] == slug
    assert made.headers["Location"] == f"http://localhost{url}"
    assert client.get(url, headers=editor).status_code == 200
    changed = client.patch(url, json=change, headers=if_match(made, editor))
    assert changed.status_code == 200, changed.json
    [(field, value)] = change.items()
    assert changed.json[field] == value
    text = {"name": "Vår"} if "name" in str(new.get("translations", {})) else {"title": "Vår"}
    text = {"role": "Skribent"} if collection == "authors" else text
    translated = client.put(f"{url}/translations/sv", json=text, headers=if_match(changed, editor))
    assert translated.status_code == 200, translated.json
    assert "sv" in translated.json["translations"]
    history = client.get(f"{url}/revisions", headers=editor).json["items"]
    assert [revision["version"] for revision in history] == [version(translated), version(changed), version(made)]
    assert history[-1]["snapshot"]["slug"] == slug


@pytest.mark.parametrize("collection", TYPES)
def test_writes_need_a_token_and_the_current_version(client, editor, collection):
    new, slug, change, _seeded = TYPES[collection]
    assert_problem(client.post(f"/api/v1/{collection}", json=new), 401)
    made = created(client, collection, new, editor)
    url = f"/api/v1/{collection}/{slug}"
    assert_problem(client.patch(url, json=change, headers=editor), 428)
    assert client.patch(url, json=change, headers=if_match(made, editor)).status_code == 200
    assert_problem(client.patch(url, json={}, headers=if_match(made, editor)), 412)
    assert_problem(client.delete(url, headers=if_match(made, editor)), 412)
    assert client.get(url, headers=editor).status_code == 200


@pytest.mark.parametrize("collection", TYPES)
def test_a_taken_slug_is_a_409_and_an_unknown_field_a_422(client, editor, collection):
    new, _slug, _change, seeded = TYPES[collection]
    assert_problem(client.post(f"/api/v1/{collection}", json={**new, "slug": seeded}, headers=editor), 409)
    assert_problem(client.post(f"/api/v1/{collection}", json={**new, "colour": "red"}, headers=editor), 422, ["colour"])
    assert_problem(client.post(f"/api/v1/{collection}", json=[new], headers=editor), 422)


@pytest.mark.parametrize("collection", ["projects", "themes", "authors", "partners"])
def test_partners_may_not_create_the_organisations_own_types(client, runner, collection):
    new, *_ = TYPES[collection]
    assert_problem(client.post(f"/api/v1/{collection}", json=new, headers=token(runner, "partner", "man")), 403)


@pytest.mark.parametrize("collection", TYPES)
def test_a_slug_can_be_changed_and_a_taken_one_is_refused(client, editor, collection):
    new, slug, _change, seeded = TYPES[collection]
    made = created(client, collection, new, editor)
    url = f"/api/v1/{collection}/{slug}"
    assert_problem(client.patch(url, json={"slug": seeded}, headers=if_match(made, editor)), 409)
    renamed = client.patch(url, json={"slug": f"{slug}-2026"}, headers=if_match(made, editor))
    assert renamed.json["slug"] == f"{slug}-2026"
    assert client.get(f"{url}-2026", headers=editor).status_code == 200
    assert client.get(url, headers=editor).status_code == 404


def test_a_new_original_locale_needs_its_text(client, editor):
    made = created(client, "posts", TYPES["posts"][0], editor)
    url = "/api/v1/posts/spring-news"
    assert_problem(client.patch(url, json={"original_locale": "ru"}, headers=if_match(made, editor)), 422)
    moved = client.patch(
        url,
        json={"original_locale": "ru", "translations": {"ru": {"title": "Весенние новости"}}},
        headers=if_match(made, editor),
    )
    assert moved.status_code == 200
    assert client.get(f"{url}?lang=pl", headers=editor).json["title"] == "Весенние новости"


def test_staff_see_who_created_and_changed_an_item_and_no_one_else_does(client, runner, editor):
    made = created(client, "posts", TYPES["posts"][0], editor)
    other = token(runner, "admin")
    changed = client.patch("/api/v1/posts/spring-news", json={"sensitive": True}, headers=if_match(made, other))
    history = changed.json["history"]
    assert (history["created_by"]["name"], history["updated_by"]["name"]) == ("editor", "admin")
    assert history["updated_at"] >= history["created_at"]
    assert changed.json["version"] == version(changed)
    published = client.post("/api/v1/posts/spring-news/publish", json={}, headers=if_match(changed, editor))
    assert published.json["history"]["updated_by"]["name"] == "editor"
    assert client.get("/api/v1/posts/spring-news").json["history"] is None
    partner = token(runner, "partner", "man")
    assert client.get("/api/v1/posts/spring-news", headers=partner).json["history"] is None
    assert "history" not in client.get("/api/v1/posts", headers=editor).json["items"][0]


@pytest.mark.parametrize("collection", ["posts", "projects", "vacancies"])
def test_staff_list_drafts_by_publication_status_and_the_public_never_sees_them(client, editor, collection):
    new, slug, _change, _seeded = TYPES[collection]
    created(client, collection, new, editor)
    drafts = client.get(f"/api/v1/{collection}?publication_status=draft", headers=editor).json
    assert [item["slug"] for item in drafts["items"]] == [slug]
    assert client.get(f"/api/v1/{collection}?publication_status=draft").json["total"] == 0
    query = f"{{ {collection}(filter: {{publicationStatus: DRAFT}}) {{ nodes {{ slug }} }} }}"
    assert client.post("/graphql", json={"query": query}, headers=editor).json["data"][collection]["nodes"] == [
        {"slug": slug}
    ]
