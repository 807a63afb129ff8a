"""Full-text search in the database's own engine: cross-type /search and each collection's `q` parameter."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import select

from api.models import Post, PostKind, PostTranslation, PublicationStatus

CAG = "central-asia-solidarity-groups"
MALMO_HITS = {
    ("post", "joining-central-asia-solidarity-groups"),
    ("partner", CAG),
    ("vacancy", "projektansvarig"),
    ("vacancy", "esc-volunteers-malmo-2020"),
}
HIT_FIELDS = {"type", "id", "slug", "title", "snippet", "locale", "url", "score"}


def ok(client, url: str, **kwargs) -> dict:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True))
    return response.json


def search(client, q: str, **params) -> dict:
    query = "&".join(f"{name}={quote(str(value))}" for name, value in params.items())
    return ok(client, f"/api/v1/search?q={quote(q)}" + (f"&{query}" if query else ""))


def hits(body: dict) -> set[tuple[str, str]]:
    return {(item["type"], item["slug"]) for item in body["items"]}


def slugs(client, url: str) -> list[str]:
    return [item["slug"] for item in ok(client, url)["items"]]


def assert_problem_naming(response, name: str) -> None:
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    problem = response.json
    assert problem["status"] == 400
    assert problem["type"] == "/problems/invalid-parameter"
    assert problem["title"] == "Bad request"
    assert name in problem["detail"]
    assert [param["name"] for param in problem["invalid_params"]] == [name]


# Cross-type search


@pytest.mark.parametrize("q", ["malmo", "Malmö", "MALMÖ", "malmö"])
def test_search_ignores_diacritics_and_case_so_malmo_finds_malmoe(client, q):
    body = search(client, q)
    assert hits(body) == MALMO_HITS
    assert body["total"] == 4


def test_search_hits_say_their_type_score_and_served_locale(client):
    body = search(client, "malmo")
    assert body["requested_locale"] == "en"
    locales = {(item["type"], item["slug"]): item["locale"] for item in body["items"]}
    # The job ad exists only in Swedish, so it is matched and served in Swedish even when English is asked.
    assert locales == {
        ("post", "joining-central-asia-solidarity-groups"): "en",
        ("partner", CAG): "en",
        ("vacancy", "projektansvarig"): "sv",
        ("vacancy", "esc-volunteers-malmo-2020"): "en",
    }
    for item in body["items"]:
        assert set(item) == HIT_FIELDS
        assert isinstance(item["score"], float)
        assert item["score"] > 0
    job = next(item for item in body["items"] if item["slug"] == "projektansvarig")
    assert job["title"] == "Projektansvarig"
    assert job["url"] == "http://localhost/api/v1/vacancies/projektansvarig"
    assert job["snippet"].startswith("Centralasiengrupperna (CAG) är en ideell organisation som är baserad i Malmö.")
    assert "<p>" not in job["snippet"]
    assert job["snippet"].endswith("…")
    assert len(job["snippet"]) <= 240


@pytest.mark.parametrize("q", ["malmo", "climate", "youth", "central asia", "kyrgyzstan"])
def test_search_lists_the_best_match_first(client, q):
    scores = [item["score"] for item in search(client, q)["items"]]
    assert len(scores) >= 2
    assert scores == sorted(scores, reverse=True)


def test_search_ranks_the_item_that_is_about_the_words_above_one_that_mentions_them(client):
    # The mobility names Kyrgyzstan in its title, location, summary and body; the residency mentions it twice.
    assert slugs(client, "/api/v1/search?q=kyrgyzstan&type=project") == [
        "youth-workers-mobility-kyrgyzstan",
        "climate-residency-osh",
    ]
    assert slugs(client, "/api/v1/projects?q=kyrgyzstan") == [
        "youth-workers-mobility-kyrgyzstan",
        "climate-residency-osh",
    ]


def test_search_ranks_across_types_by_the_same_measure(client):
    # Each type has its own index; a word common to one small type must not sink that type's items.
    assert [(item["type"], item["slug"]) for item in search(client, "volunteering")["items"]] == [
        ("vacancy", "esc-volunteers-malmo-2020"),
        ("post", "joining-central-asia-solidarity-groups"),
    ]
    assert [(item["type"], item["slug"]) for item in search(client, "novi ritm")["items"]] == [
        ("partner", "novi-ritm"),
        ("project", "climate-residency-osh"),
        ("project", "youth-workers-mobility-kyrgyzstan"),
    ]


def test_search_scores_are_the_same_whichever_types_are_searched(client):
    alone = search(client, "malmo", type="vacancy")["items"]
    together = search(client, "malmo")["items"]
    for item in alone:
        assert item["score"] == next(hit["score"] for hit in together if hit["slug"] == item["slug"])
    assert alone[0]["score"] > alone[1]["score"]


def test_search_score_of_an_item_does_not_change_when_other_items_use_the_word(client, db_session):
    # Scores are comparable across types only if no type's own word statistics (bm25's rarity) enter them.
    before = {item["slug"]: item["score"] for item in search(client, "malmo")["items"]}
    for number in range(3):
        add_post(
            db_session, f"malmo-{number}", PublicationStatus.PUBLISHED, datetime(2021, 1, 1, tzinfo=UTC), "en", "Malmö"
        )
    db_session.commit()
    after = {item["slug"]: item["score"] for item in search(client, "malmo")["items"]}
    assert {slug: after[slug] for slug in before} == before
    assert after.keys() - before.keys() == {"malmo-0", "malmo-1", "malmo-2"}


def test_search_words_must_all_match(client):
    assert hits(search(client, "climate")) == {
        ("post", "climate-change-in-central-asia-clip"),
        ("project", "climate-residency-osh"),
        ("partner", CAG),
    }
    assert hits(search(client, "climate residency")) == {("project", "climate-residency-osh")}
    assert search(client, "climate authoritarianism")["total"] == 0


def test_search_type_filter_restricts_the_types(client):
    vacancies = search(client, "malmo", type="vacancy")
    assert hits(vacancies) == {("vacancy", "projektansvarig"), ("vacancy", "esc-volunteers-malmo-2020")}
    assert vacancies["total"] == 2
    both = ok(client, "/api/v1/search?q=malmo&type=post&type=partner")
    assert hits(both) == {("post", "joining-central-asia-solidarity-groups"), ("partner", CAG)}
    assert both["total"] == 2
    assert search(client, "malmo", type="project") == {
        "items": [],
        "total": 0,
        "limit": 20,
        "next": None,
        "next_cursor": None,
        "requested_locale": "en",
    }


def test_search_type_filter_rejects_unknown_types(client):
    assert_problem_naming(client.get("/api/v1/search?q=malmo&type=theme"), "type")


def test_search_total_is_the_sum_over_types(client):
    total = search(client, "central")["total"]
    per_type = sum(search(client, "central", type=kind)["total"] for kind in ("post", "project", "vacancy", "partner"))
    assert total == per_type
    assert total == 8


def test_search_pages_with_a_cursor_through_every_hit_once(client):
    everything = search(client, "central")["items"]
    seen = []
    url = "/api/v1/search?q=central&limit=3"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json
        assert body["total"] == 8
        assert len(body["items"]) == (3 if pages < 2 else 2)
        seen.extend(body["items"])
        pages += 1
        if body["next"]:
            assert f'<{body["next"]}>; rel="next"' in response.headers["Link"]
            assert body["next_cursor"] in body["next"]
        else:
            assert body["next_cursor"] is None
            assert 'rel="next"' not in response.headers["Link"]
        url = body["next"]
    assert pages == 3
    assert [(item["type"], item["slug"]) for item in seen] == [(item["type"], item["slug"]) for item in everything]
    assert len(set((item["type"], item["slug"]) for item in seen)) == 8


def test_search_cursor_follows_the_same_order_with_the_cursor_parameter(client):
    first = search(client, "malmo", limit=2)
    assert len(first["items"]) == 2
    second = search(client, "malmo", limit=2, cursor=first["next_cursor"])
    assert second["next_cursor"] is None
    assert [item["slug"] for item in first["items"] + second["items"]] == [
        item["slug"] for item in search(client, "malmo")["items"]
    ]


def test_search_rejects_a_forged_cursor(client):
    assert_problem_naming(client.get("/api/v1/search?q=malmo&cursor=not-a-cursor"), "cursor")


def test_search_needs_q(client):
    assert_problem_naming(client.get("/api/v1/search"), "q")


@pytest.mark.parametrize("q", ['""', "*", ":*", "!", "&|", "' --", "  "])
def test_search_without_words_is_a_problem_naming_q(client, q):
    assert_problem_naming(client.get(f"/api/v1/search?q={quote(q)}"), "q")
    assert_problem_naming(client.get(f"/api/v1/posts?q={quote(q)}"), "q")


def test_search_with_an_empty_q_is_a_problem_naming_q(client):
    assert_problem_naming(client.get("/api/v1/search?q="), "q")
    assert_problem_naming(client.get("/api/v1/posts?q="), "q")


def test_search_longer_than_200_characters_is_a_problem_naming_q(client):
    assert_problem_naming(client.get("/api/v1/search?q=" + "a" * 201), "q")
    assert_problem_naming(client.get("/api/v1/posts?q=" + "a" * 201), "q")
    assert_problem_naming(client.get("/api/v1/themes?q=" + "malmo " * 40), "q")


def test_search_of_exactly_200_characters_is_accepted(client):
    assert search(client, "malmo".ljust(200))["total"] == 4
    assert_problem_naming(client.get("/api/v1/search?q=" + quote("malmo".ljust(201))), "q")


INJECTIONS = [
    "' OR 1=1 --",
    '"foo" NEAR bar',
    "a & b | !c",
    "malmo*",
    "malmo OR climate",
    "NOT malmo",
    "malmo AND",
    "NEAR(malmo climate)",
    "search_text:malmo",
    "'; DROP TABLE posts; --",
    '"unterminated',
    "(malmo",
    "malmo)",
    "^malmo",
    "-malmo",
    "malmo:*",
    "malmo <-> climate",
    "x' || 'y",
    "\\",
    "%",
    "_",
    "⑴ ½ ŉ ﬁ",
    "ǅ Σίσυφος İstanbul",
    "𝔐𝔞𝔩𝔪𝔬",
    "\x00malmo",
    "ͺ",
    "malmo ͺ",
]


@pytest.mark.parametrize("q", INJECTIONS)
@pytest.mark.parametrize("path", ["/api/v1/search", "/api/v1/posts", "/api/v1/partners", "/api/v1/themes"])
def test_search_syntax_of_either_engine_is_never_an_error(client, path, q):
    response = client.get(f"{path}?q={quote(q)}")
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    if response.status_code == 400:
        assert response.json["invalid_params"][0]["name"] == "q"
    else:
        assert response.json["total"] == len(response.json["items"])


def test_search_operators_are_words_not_syntax(client):
    # Engine operators in the query are ignored: "malmo OR climate" needs both words, "NOT malmo" needs "not".
    assert search(client, "malmo*")["total"] == 4
    assert search(client, "malmo:*")["total"] == 4
    assert search(client, "malmo OR climate")["total"] == 0
    # Only one text has the word "not" near Malmö: "I was not able to travel to Malmo".
    assert hits(search(client, "NOT malmo")) == {("post", "joining-central-asia-solidarity-groups")}
    assert search(client, "-malmo")["total"] == 4
    assert search(client, "' OR 1=1 --")["total"] == 0
    assert search(client, '"foo" NEAR bar')["total"] == 0
    assert search(client, "a & b | !c")["total"] == 0


def test_search_ignores_characters_that_fold_to_no_letters(client):
    # U+037A decomposes to a space and a combining mark, ⑴ to "(1)": neither may reach the engine as syntax.
    assert_problem_naming(client.get(f"/api/v1/search?q={quote('ͺ')}"), "q")
    assert_problem_naming(client.get(f"/api/v1/posts?q={quote('ͺ ﱞ')}"), "q")
    assert hits(search(client, "malmo ͺ")) == MALMO_HITS
    assert search(client, "⑴ ½")["total"] == 0


def test_search_with_more_words_than_are_used_is_answered(client):
    many = "central asia solidarity groups malmo youth climate kyrgyzstan osh novi ritm metoo volunteering"
    body = search(client, many)
    assert body["total"] == len(body["items"]) == 0
    long_words = " ".join(f"projektansvariga{number}" for number in range(11))
    assert search(client, long_words)["total"] == 0


def test_search_injection_leaves_the_content_intact(client):
    search(client, "'; DROP TABLE posts; --")
    search(client, "x' || 'y")
    assert ok(client, "/api/v1/posts")["total"] == 5
    assert hits(search(client, "malmo")) == MALMO_HITS


# Languages: stemming per language and the locale fallback


def test_search_matches_swedish_inflections(client):
    job = ok(client, "/api/v1/vacancies/projektansvarig")["description"]
    # The ad says "satsningar" and "aktivister"; the definite plurals appear nowhere in it.
    assert "satsningar" in job and "satsningarna" not in job
    assert "aktivister" in job and "aktivisterna" not in job
    for q in ("satsningarna", "aktivisterna", "satsning"):
        body = search(client, q, lang="sv")
        assert hits(body) == {("partner", CAG), ("vacancy", "projektansvarig")}, q
        assert {item["locale"] for item in body["items"]} == {"sv"}


def test_search_matches_a_swedish_job_title_in_another_form(client):
    assert "projektansvariga" not in ok(client, "/api/v1/vacancies/projektansvarig")["description"].lower()
    assert hits(search(client, "projektansvariga")) == {("vacancy", "projektansvarig")}
    assert slugs(client, "/api/v1/vacancies?q=projektansvariga") == ["projektansvarig"]


def test_search_matches_russian_inflections_in_the_russian_translation(client):
    partner = ok(client, f"/api/v1/partners/{CAG}?lang=ru")
    assert "организация" in partner["description"] and "организации" not in partner["description"]
    for q in ("организации", "организацию", "Организация"):
        body = search(client, q, lang="ru")
        assert hits(body) == {("partner", CAG)}, q
        assert body["items"][0]["locale"] == "ru"
        assert body["items"][0]["title"] == "Группы солидарности с Центральной Азией"
    assert slugs(client, f"/api/v1/partners?q={quote('организации')}&lang=ru") == [CAG]


def test_search_folds_cyrillic_yo_so_malme_finds_malmyo(client):
    assert "Мальмё" in ok(client, f"/api/v1/partners/{CAG}?lang=ru")["description"]
    assert hits(search(client, "Мальме", lang="ru")) == {("partner", CAG)}
    assert hits(search(client, "мальмё", lang="ru")) == {("partner", CAG)}


@pytest.mark.parametrize(
    ("q", "slug", "name"),
    [
        ("młodzieży", "youth", "Młodzież"),
        ("mlodziezy", "youth", "Młodzież"),
        ("MŁODZIEŻ", "youth", "Młodzież"),
        ("środowiska", "environment-climate", "Środowisko i klimat"),
        ("srodowiska", "environment-climate", "Środowisko i klimat"),
        ("człowieka", "human-rights", "Prawa człowieka"),
        ("czlowieka", "human-rights", "Prawa człowieka"),
        ("klimatu", "environment-climate", "Środowisko i klimat"),
    ],
)
def test_theme_search_matches_polish_inflections_and_diacritics(client, q, slug, name):
    body = ok(client, f"/api/v1/themes?q={quote(q)}&lang=pl")
    assert [(item["slug"], item["name"], item["locale"]) for item in body["items"]] == [(slug, name, "pl")]
    assert body["total"] == 1


def test_theme_search_looks_in_the_served_language_only(client):
    assert slugs(client, "/api/v1/themes?q=mlodziezy&lang=en") == []
    assert slugs(client, "/api/v1/themes?q=youth&lang=pl") == []
    assert slugs(client, "/api/v1/themes?q=youth&lang=en") == ["youth"]
    assert slugs(client, f"/api/v1/themes?q={quote('молодёжи')}&lang=ru") == ["youth"]
    assert slugs(client, f"/api/v1/themes?q={quote('ungdomsfrågorna')}&lang=sv") == ["youth"]


def test_search_honours_the_locale_fallback(client):
    # The partner's Russian text is served for ru, and for ky through the ky → ru chain; English is served for en.
    assert hits(search(client, "организации", lang="ru")) == {("partner", CAG)}
    ky = search(client, "организации", lang="ky")
    assert hits(ky) == {("partner", CAG)}
    assert ky["items"][0]["locale"] == "ru"
    assert ky["requested_locale"] == "ky"
    assert search(client, "организации", lang="en")["total"] == 0
    assert search(client, "организации", lang="sv")["total"] == 0
    assert slugs(client, f"/api/v1/partners?q={quote('организации')}&lang=en") == []


def test_search_honours_accept_language_like_lang(client):
    response = client.get(f"/api/v1/search?q={quote('организации')}", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert response.status_code == 200
    assert hits(response.json) == {("partner", CAG)}
    assert response.json["requested_locale"] == "ru"


def test_search_does_not_find_words_of_translations_that_are_not_served(client):
    # Only the Swedish text of the partner says "Centralasiengrupperna"; English readers get the English text.
    assert slugs(client, "/api/v1/partners?q=centralasiengrupperna&lang=sv") == [CAG]
    assert slugs(client, "/api/v1/partners?q=centralasiengrupperna&lang=en") == []
    assert hits(search(client, "satsningar", lang="en")) == {("vacancy", "projektansvarig")}


# Each collection's q parameter


def test_collection_search_combines_with_filters(client):
    assert sorted(slugs(client, "/api/v1/posts?q=central")) == [
        "climate-change-in-central-asia-clip",
        "does-authoritarianism-exist-in-central-asia",
        "joining-central-asia-solidarity-groups",
        "maria-from-journalist-to-ngo",
        "why-central-asia-matters-to-the-great-powers",
    ]
    assert sorted(slugs(client, "/api/v1/posts?q=central&kind=article")) == [
        "does-authoritarianism-exist-in-central-asia",
        "why-central-asia-matters-to-the-great-powers",
    ]
    assert slugs(client, "/api/v1/posts?q=central&theme=environment-climate") == ["climate-change-in-central-asia-clip"]
    assert ok(client, "/api/v1/posts?q=central&kind=article")["total"] == 2


@pytest.mark.parametrize(
    ("path", "q", "expected"),
    [
        ("/api/v1/posts", "climate", ["climate-change-in-central-asia-clip"]),
        ("/api/v1/posts", "malmo", ["joining-central-asia-solidarity-groups"]),
        ("/api/v1/posts", "journalists", ["maria-from-journalist-to-ngo"]),
        ("/api/v1/projects", "metoo", ["men-engaging-after-metoo"]),
        ("/api/v1/projects", "residencies", ["climate-residency-osh"]),
        ("/api/v1/vacancies", "volunteering", ["esc-volunteers-malmo-2020"]),
        ("/api/v1/partners", "osh", ["novi-ritm"]),
        ("/api/v1/partners", "poland", ["kobiety"]),
        ("/api/v1/themes", "climate", ["environment-climate"]),
        ("/api/v1/authors", "journalist", ["maria"]),
    ],
)
def test_collection_q_finds_the_matching_items(client, path, q, expected):
    body = ok(client, f"{path}?q={q}")
    assert [item["slug"] for item in body["items"]] == expected
    assert body["total"] == len(expected)


def test_collection_search_sorts_by_relevance_unless_asked_otherwise(client):
    assert slugs(client, "/api/v1/projects?q=kyrgyzstan") == [
        "youth-workers-mobility-kyrgyzstan",
        "climate-residency-osh",
    ]
    assert slugs(client, "/api/v1/projects?q=kyrgyzstan&sort=relevance") == [
        "youth-workers-mobility-kyrgyzstan",
        "climate-residency-osh",
    ]
    assert slugs(client, "/api/v1/projects?q=kyrgyzstan&sort=-published_at") == [
        "climate-residency-osh",
        "youth-workers-mobility-kyrgyzstan",
    ]
    assert slugs(client, "/api/v1/vacancies?q=malmo&sort=title") == ["projektansvarig", "esc-volunteers-malmo-2020"]


def test_collection_search_pages_with_a_cursor(client):
    first = ok(client, "/api/v1/posts?q=central&limit=2")
    assert first["total"] == 5
    seen = list(first["items"])
    body = first
    while body["next"]:
        body = ok(client, body["next"])
        assert body["total"] == 5
        seen.extend(body["items"])
    assert [item["slug"] for item in seen] == slugs(client, "/api/v1/posts?q=central")
    assert len({item["slug"] for item in seen}) == 5


def test_sorting_by_relevance_without_q_is_a_problem_naming_sort(client):
    assert_problem_naming(client.get("/api/v1/posts?sort=relevance"), "sort")


# What the index holds


def add_post(session, slug: str, status: PublicationStatus, published_at: datetime, locale: str, text: str) -> None:
    translation = PostTranslation(locale=locale, title=slug, excerpt=text, body=f"<p>{text}</p>")
    session.add(
        Post(
            slug=slug,
            kind=PostKind.NEWS,
            original_locale=locale,
            publication_status=status,
            published_at=published_at,
            translations=[translation],
        )
    )


def test_search_finds_new_public_items_but_never_drafts_or_scheduled_ones(client, db_session):
    now = datetime.now(UTC)
    add_post(db_session, "draft", PublicationStatus.DRAFT, now - timedelta(days=1), "en", "Draft about Malmö")
    add_post(db_session, "scheduled", PublicationStatus.SCHEDULED, now + timedelta(days=1), "en", "Soon in Malmö")
    add_post(db_session, "nyhet", PublicationStatus.PUBLISHED, now - timedelta(days=1), "sv", "Nyheter från Malmö")
    db_session.commit()
    body = search(client, "malmo")
    assert hits(body) == MALMO_HITS | {("post", "nyhet")}
    assert body["total"] == 5
    assert next(item["locale"] for item in body["items"] if item["slug"] == "nyhet") == "sv"
    posts = ok(client, "/api/v1/posts?q=malmo")
    assert sorted(item["slug"] for item in posts["items"]) == ["joining-central-asia-solidarity-groups", "nyhet"]
    assert posts["total"] == 2
    assert search(client, "draft")["total"] == 0
    assert search(client, "soon")["total"] == 0


def test_search_follows_edits_of_a_translation(client, db_session):
    translation = db_session.scalar(
        select(PostTranslation).join(Post).where(Post.slug == "climate-change-in-central-asia-clip")
    )
    translation.excerpt = "Glaciers of the Pamir are melting."
    translation.body = "<p>Glaciers of the Pamir are melting.</p>"
    translation.title = "Pamir glaciers"
    db_session.commit()
    assert hits(search(client, "glacier", type="post")) == {("post", "climate-change-in-central-asia-clip")}
    assert hits(search(client, "climate", type="post")) == set()
    assert slugs(client, "/api/v1/posts?q=melted") == ["climate-change-in-central-asia-clip"]


@pytest.mark.parametrize(
    "q", ["aktywistów", "aktywistow", "aktywistami", "projektow", "projekty", "warsztatach", "KIRGISTANIE"]
)
def test_search_matches_polish_inflections_typed_with_or_without_diacritics(client, db_session, q):
    text = "Warsztaty dla aktywistów i koordynatorów projektów w Kirgistanie."
    add_post(db_session, "warsztaty", PublicationStatus.PUBLISHED, datetime.now(UTC) - timedelta(days=1), "pl", text)
    db_session.commit()
    body = search(client, q, lang="pl")
    assert [(item["type"], item["slug"], item["locale"]) for item in body["items"]] == [("post", "warsztaty", "pl")]
    assert slugs(client, f"/api/v1/posts?q={quote(q)}&lang=en") == ["warsztaty"]
