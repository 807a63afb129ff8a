"""The demo content: every paragraph of shared/seeds/ is served as the item it is, with its facts and links."""

import html
import os
import re
from pathlib import Path

import pytest

from tests.conftest import dispose, make_app

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Each seed paragraph, by its opening words, and the item it must become.
EXPECTED = {
    "Hey, my name is Maria": ("posts", "maria-from-journalist-to-ngo"),
    "It is such an honour and great joy": ("posts", "joining-central-asia-solidarity-groups"),
    "You might have heard about Central Asia": ("posts", "why-central-asia-matters-to-the-great-powers"),
    "After the #MeToo campaign": ("projects", "men-engaging-after-metoo"),
    "Does authoritarianism exist in Central Asia?": ("posts", "does-authoritarianism-exist-in-central-asia"),
    "“Never doubt that a group of thoughtful": ("projects", "youth-workers-mobility-kyrgyzstan"),
    "Centralasiengrupperna (CAG) är en ideell organisation": ("vacancies", "projektansvarig"),
    "What is the climate crisis": ("projects", "climate-residency-osh"),
    "Climate change is a pressing": ("posts", "climate-change-in-central-asia-clip"),
    "Deadline: January 25th, 2020": ("vacancies", "esc-volunteers-malmo-2020"),
}

CAG = "central-asia-solidarity-groups"


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        message = f"no seed texts in {SEEDS}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        found.extend(part.strip() for part in re.split(r"\n\s*\n", text) if part.strip())
    return found


def expected_item(paragraph: str) -> tuple[str, str]:
    matches = [item for opening, item in EXPECTED.items() if paragraph.startswith(opening)]
    assert len(matches) == 1, f"no expected item for the seed paragraph {paragraph[:60]!r}"
    return matches[0]


def serves(collection: str, item: dict, paragraph: str) -> bool:
    """Whether an item's text is this paragraph: a post's excerpt, a project's body, a vacancy's description."""
    if collection == "posts":
        return item["excerpt"] == paragraph
    field = "body" if collection == "projects" else "description"
    return f"<p>{html.escape(paragraph)}</p>" in (item[field] or "")


def get(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True))
    return response.json


def slugs(client, url: str) -> list[str]:
    return [item["slug"] for item in get(client, url)["items"]]


def all_items(client) -> dict[tuple[str, str], dict]:
    """Every post, project and vacancy in full (lists leave the long text out)."""
    items = {}
    for collection in ("posts", "projects", "vacancies"):
        for slug in slugs(client, f"/api/v1/{collection}?limit=100"):
            items[(collection, slug)] = get(client, f"/api/v1/{collection}/{slug}")
    return items


def test_seed_texts_have_ten_paragraphs_each_with_an_expected_item(paragraphs):
    assert len(paragraphs) == 10
    assert sorted(expected_item(paragraph) for paragraph in paragraphs) == sorted(EXPECTED.values())


def test_every_seed_paragraph_is_served_by_its_expected_item(client, paragraphs):
    for paragraph in paragraphs:
        collection, slug = expected_item(paragraph)
        item = get(client, f"/api/v1/{collection}/{slug}")
        assert serves(collection, item, paragraph), f"{collection}/{slug} does not serve {paragraph[:60]!r}"


def test_every_seed_paragraph_is_served_by_exactly_one_item_and_every_item_by_one_paragraph(client, paragraphs):
    items = all_items(client)
    owners = []
    for paragraph in paragraphs:
        serving = [key for key, item in items.items() if serves(key[0], item, paragraph)]
        assert len(serving) == 1, f"{paragraph[:60]!r} is served by {serving}"
        owners.append(serving[0])
    assert sorted(owners) == sorted(items)


def test_post_excerpts_keep_the_seed_text_exactly_including_non_breaking_spaces(client, paragraphs):
    maria = next(paragraph for paragraph in paragraphs if paragraph.startswith("Hey, my name is Maria"))
    assert "\xa0" in maria
    assert get(client, "/api/v1/posts/maria-from-journalist-to-ngo")["excerpt"] == maria


def test_collections_hold_exactly_the_demo_content(client):
    totals = {name: get(client, f"/api/v1/{name}")["total"] for name in ("posts", "projects", "vacancies")}
    totals.update({name: get(client, f"/api/v1/{name}")["total"] for name in ("partners", "themes", "authors")})
    assert totals == {"posts": 5, "projects": 3, "vacancies": 2, "partners": 4, "themes": 4, "authors": 1}


def test_posts_are_two_stories_two_articles_and_one_video(client):
    kinds = {item["slug"]: item["kind"] for item in get(client, "/api/v1/posts")["items"]}
    assert kinds == {
        "maria-from-journalist-to-ngo": "story",
        "joining-central-asia-solidarity-groups": "story",
        "why-central-asia-matters-to-the-great-powers": "article",
        "does-authoritarianism-exist-in-central-asia": "article",
        "climate-change-in-central-asia-clip": "video",
    }
    assert sorted(slugs(client, "/api/v1/posts?kind=story")) == [
        "joining-central-asia-solidarity-groups",
        "maria-from-journalist-to-ngo",
    ]
    assert sorted(slugs(client, "/api/v1/posts?kind=article")) == [
        "does-authoritarianism-exist-in-central-asia",
        "why-central-asia-matters-to-the-great-powers",
    ]
    assert slugs(client, "/api/v1/posts?kind=video") == ["climate-change-in-central-asia-clip"]
    assert slugs(client, "/api/v1/posts?kind=news") == []


def test_vacancies_are_one_swedish_job_and_one_volunteer_place(client):
    assert slugs(client, "/api/v1/vacancies?kind=employment") == ["projektansvarig"]
    assert slugs(client, "/api/v1/vacancies?kind=volunteer") == ["esc-volunteers-malmo-2020"]
    assert slugs(client, "/api/v1/vacancies?kind=internship") == []


def test_projects_are_the_three_completed_projects(client):
    statuses = {item["slug"]: item["status"] for item in get(client, "/api/v1/projects")["items"]}
    assert statuses == {
        "men-engaging-after-metoo": "completed",
        "youth-workers-mobility-kyrgyzstan": "completed",
        "climate-residency-osh": "completed",
    }


@pytest.mark.parametrize(
    ("collection", "slug"), [item for item in EXPECTED.values() if item != ("vacancies", "projektansvarig")]
)
def test_english_seed_items_exist_in_english_only(client, collection, slug):
    item = get(client, f"/api/v1/{collection}/{slug}")
    assert item["locale"] == "en"
    assert list(item["translations"]) == ["en"]


@pytest.mark.parametrize("lang", ["en", "sv", "ru", "ky", "pl"])
def test_swedish_job_ad_is_served_in_swedish_whatever_the_language_asked(client, lang):
    response = client.get(f"/api/v1/vacancies/projektansvarig?lang={lang}")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "sv"
    vacancy = response.json
    assert (vacancy["locale"], vacancy["requested_locale"]) == ("sv", lang)
    assert list(vacancy["translations"]) == ["sv"]
    assert vacancy["title"] == "Projektansvarig"
    assert vacancy["description"].startswith("<p>Centralasiengrupperna (CAG) är en ideell organisation")


def test_swedish_job_ad_is_an_open_employment_in_malmo_hosted_by_cag(client):
    vacancy = get(client, "/api/v1/vacancies/projektansvarig")
    assert vacancy["kind"] == "employment"
    assert vacancy["status"] == "open"
    assert vacancy["deadline"] is None
    assert vacancy["deadline_local"] is None
    assert vacancy["location"] == "Malmö"
    assert vacancy["positions"] == 1
    assert vacancy["host"]["slug"] == CAG
    assert vacancy["programme"] is None
    assert [theme["slug"] for theme in vacancy["themes"]] == [
        "human-rights",
        "youth",
        "gender-lgbtq",
        "environment-climate",
    ]
    assert [country["code"] for country in vacancy["countries"]] == ["SE"]
    assert slugs(client, "/api/v1/vacancies?status=open") == ["projektansvarig"]


def test_volunteer_vacancy_carries_its_structured_facts(client):
    vacancy = get(client, "/api/v1/vacancies/esc-volunteers-malmo-2020")
    assert vacancy["kind"] == "volunteer"
    assert vacancy["deadline"] == "2020-01-25T22:59:59+00:00"
    assert vacancy["deadline_local"] == "2020-01-25T23:59:59+01:00"
    assert vacancy["deadline_timezone"] == "Europe/Stockholm"
    assert vacancy["positions"] == 2
    assert vacancy["start_date"] == "2020-03-01"
    assert vacancy["start_date_flexible"] is True
    assert vacancy["duration"] == "P12M"
    assert vacancy["programme"] == {
        "slug": "european-solidarity-corps",
        "name": "European Solidarity Corps",
        "website": "https://youth.europa.eu/solidarity_en",
    }
    assert vacancy["programme_reference"] == "OID E10064468"
    assert vacancy["status"] == "closed"
    assert vacancy["location"] == "Malmö, Sweden"
    assert vacancy["eligibility"]["min_age"] == 18
    assert vacancy["eligibility"]["max_age"] == 30
    assert vacancy["how_to_apply"]["url"] == "https://youth.europa.eu/solidarity_en"
    assert vacancy["host"]["slug"] == CAG
    assert [theme["slug"] for theme in vacancy["themes"]] == ["youth"]
    assert [country["code"] for country in vacancy["countries"]] == ["SE"]


def test_volunteer_vacancy_is_closed_and_found_by_its_programme_and_deadline(client):
    assert slugs(client, "/api/v1/vacancies?status=closed") == ["esc-volunteers-malmo-2020"]
    assert slugs(client, "/api/v1/vacancies?programme=european-solidarity-corps") == ["esc-volunteers-malmo-2020"]
    # The deadline is 22:59:59 UTC: a minute later it has passed, a minute earlier it has not.
    assert slugs(client, "/api/v1/vacancies?deadline_before=2020-01-25T23:00:00%2B00:00") == [
        "esc-volunteers-malmo-2020"
    ]
    assert slugs(client, "/api/v1/vacancies?deadline_before=2020-01-25T22:59:00%2B00:00") == []
    assert slugs(client, "/api/v1/vacancies?deadline_after=2020-01-25T22:59:00%2B00:00") == [
        "esc-volunteers-malmo-2020"
    ]


def test_projects_carry_their_participants_and_locations(client):
    mobility = get(client, "/api/v1/projects/youth-workers-mobility-kyrgyzstan")
    assert mobility["participants_count"] == 20
    assert mobility["location"] == "Kyrgyzstan"
    residency = get(client, "/api/v1/projects/climate-residency-osh")
    assert residency["location"] == "Osh, Kyrgyzstan"
    assert residency["participants_count"] is None
    metoo = get(client, "/api/v1/projects/men-engaging-after-metoo")
    assert metoo["location"] == "Sweden"


@pytest.mark.parametrize(
    ("slug", "partners", "themes", "countries"),
    [
        ("men-engaging-after-metoo", [CAG, "man"], ["gender-lgbtq"], ["SE"]),
        ("youth-workers-mobility-kyrgyzstan", [CAG, "kobiety", "novi-ritm"], ["youth"], ["KG"]),
        ("climate-residency-osh", [CAG, "novi-ritm"], ["youth", "environment-climate"], ["KG"]),
    ],
)
def test_projects_link_their_partners_themes_and_countries(client, slug, partners, themes, countries):
    project = get(client, f"/api/v1/projects/{slug}")
    assert [partner["slug"] for partner in project["partners"]] == partners
    assert [theme["slug"] for theme in project["themes"]] == themes
    assert [country["code"] for country in project["countries"]] == countries


@pytest.mark.parametrize(
    ("slug", "partners", "themes", "countries"),
    [
        ("maria-from-journalist-to-ngo", [CAG], ["human-rights"], ["RU", "SE"]),
        ("joining-central-asia-solidarity-groups", [CAG], ["youth"], ["SE"]),
        (
            "why-central-asia-matters-to-the-great-powers",
            [],
            [],
            ["CN", "KG", "KZ", "RU", "TJ", "TM", "US", "UZ"],
        ),
        ("does-authoritarianism-exist-in-central-asia", [], ["human-rights"], ["KG", "KZ", "TJ", "TM", "UZ"]),
        ("climate-change-in-central-asia-clip", [], ["environment-climate"], ["KG", "KZ", "TJ", "TM", "UZ"]),
    ],
)
def test_posts_link_their_partners_themes_and_countries(client, slug, partners, themes, countries):
    post = get(client, f"/api/v1/posts/{slug}")
    assert [partner["slug"] for partner in post["partners"]] == partners
    assert [theme["slug"] for theme in post["themes"]] == themes
    assert [country["code"] for country in post["countries"]] == countries


def test_partner_filters_find_the_items_each_partner_takes_part_in(client):
    assert slugs(client, "/api/v1/projects?partner=novi-ritm&sort=published_at") == [
        "youth-workers-mobility-kyrgyzstan",
        "climate-residency-osh",
    ]
    assert slugs(client, "/api/v1/projects?partner=kobiety") == ["youth-workers-mobility-kyrgyzstan"]
    assert slugs(client, "/api/v1/projects?partner=man") == ["men-engaging-after-metoo"]
    assert slugs(client, f"/api/v1/projects?partner={CAG}&sort=published_at") == [
        "men-engaging-after-metoo",
        "youth-workers-mobility-kyrgyzstan",
        "climate-residency-osh",
    ]
    assert slugs(client, f"/api/v1/posts?partner={CAG}&sort=published_at") == [
        "maria-from-journalist-to-ngo",
        "joining-central-asia-solidarity-groups",
    ]
    assert sorted(slugs(client, f"/api/v1/vacancies?partner={CAG}")) == ["esc-volunteers-malmo-2020", "projektansvarig"]
    assert slugs(client, "/api/v1/vacancies?partner=novi-ritm") == []


@pytest.mark.parametrize(
    ("slug", "name", "country", "city", "website", "locales", "projects"),
    [
        (
            CAG,
            "Central Asia Solidarity Groups",
            "SE",
            "Malmö",
            "https://centralasiengrupperna.se",
            ["en", "ru", "sv"],
            ["men-engaging-after-metoo", "youth-workers-mobility-kyrgyzstan", "climate-residency-osh"],
        ),
        (
            "novi-ritm",
            "Novi Ritm",
            "KG",
            "Osh",
            None,
            ["en"],
            ["youth-workers-mobility-kyrgyzstan", "climate-residency-osh"],
        ),
        ("kobiety", "KobieTY", "PL", None, None, ["en"], ["youth-workers-mobility-kyrgyzstan"]),
        ("man", "MÄN", "SE", None, "https://mfj.se", ["en", "sv"], ["men-engaging-after-metoo"]),
    ],
)
def test_partner_organisations_are_seeded_with_their_facts(
    client, slug, name, country, city, website, locales, projects
):
    partner = get(client, f"/api/v1/partners/{slug}?lang=en")
    assert partner["name"] == name
    assert partner["locale"] == "en"
    assert partner["country"]["code"] == country
    assert partner["city"] == city
    assert partner["website"] == website
    assert sorted(partner["translations"]) == locales
    assert [project["slug"] for project in partner["projects"]] == projects


def test_themes_are_the_four_of_the_taxonomy_in_editorial_order(client):
    assert slugs(client, "/api/v1/themes") == ["human-rights", "youth", "gender-lgbtq", "environment-climate"]


def test_theme_filters_find_the_seeded_items(client):
    assert sorted(slugs(client, "/api/v1/posts?theme=human-rights")) == [
        "does-authoritarianism-exist-in-central-asia",
        "maria-from-journalist-to-ngo",
    ]
    assert sorted(slugs(client, "/api/v1/projects?theme=youth")) == [
        "climate-residency-osh",
        "youth-workers-mobility-kyrgyzstan",
    ]
    assert sorted(slugs(client, "/api/v1/vacancies?theme=youth")) == ["esc-volunteers-malmo-2020", "projektansvarig"]
    assert slugs(client, "/api/v1/vacancies?theme=human-rights") == ["projektansvarig"]


def test_country_filters_find_the_seeded_items(client):
    assert sorted(slugs(client, "/api/v1/posts?country=RU")) == [
        "maria-from-journalist-to-ngo",
        "why-central-asia-matters-to-the-great-powers",
    ]
    assert sorted(slugs(client, "/api/v1/projects?country=KG")) == [
        "climate-residency-osh",
        "youth-workers-mobility-kyrgyzstan",
    ]
    assert sorted(slugs(client, "/api/v1/partners?country=SE")) == [CAG, "man"]


def test_maria_is_the_author_of_her_story(client):
    post = get(client, "/api/v1/posts/maria-from-journalist-to-ngo")
    assert post["author"]["slug"] == "maria"
    assert post["author"]["is_pseudonym"] is False
    assert slugs(client, "/api/v1/posts?author=maria") == ["maria-from-journalist-to-ngo"]


def test_seed_command_twice_creates_nothing_new_and_keeps_the_totals(client, runner):
    urls = [f"/api/v1/{name}?limit=100" for name in ("posts", "projects", "vacancies", "partners", "themes", "authors")]
    before = {url: (get(client, url)["total"], slugs(client, url)) for url in urls}
    for _ in range(2):
        result = runner.invoke(args=["content", "seed"])
        assert result.exit_code == 0, result.output
        assert result.output == "seeded: nothing new\n"
    after = {url: (get(client, url)["total"], slugs(client, url)) for url in urls}
    assert after == before


def test_seed_command_fills_an_empty_database_once(empty_database_url):
    app = make_app(empty_database_url)
    try:
        runner, client = app.test_cli_runner(), app.test_client()
        assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
        assert get(client, "/api/v1/posts")["total"] == 0
        first = runner.invoke(args=["content", "seed"])
        assert first.exit_code == 0, first.output
        assert first.output == (
            "seeded: 4 themes, 2 programmes, 4 partners, 1 authors, 3 projects, 5 posts, 2 vacancies\n"
        )
        urls = [f"/api/v1/{name}?limit=100" for name in ("posts", "projects", "vacancies", "partners", "themes")]
        seeded = {url: slugs(client, url) for url in urls}
        assert [len(found) for found in seeded.values()] == [5, 3, 2, 4, 4]
        second = runner.invoke(args=["content", "seed"])
        assert second.output == "seeded: nothing new\n"
        assert {url: slugs(client, url) for url in urls} == seeded
    finally:
        dispose(app)
