"""The SQL statements a GraphQL request sends depend on the query's shape, never on how many items it returns.

~60 extra published posts, each about its own project whose partners host vacancies, with themes and an author,
are arranged; every nested query is then counted for `first: 5` and `first: 50` (and the counts are pinned, so a
new N+1 or an unneeded load shows up as a changed number).
"""

from datetime import UTC, datetime, timedelta

import pytest

from api.models import (
    Author,
    AuthorTranslation,
    Country,
    PartnerTranslation,
    PostTranslation,
    Programme,
    ProjectTranslation,
    Theme,
    VacancyTranslation,
)
from tests.graphql_helpers import add_partner, add_post, add_project, add_vacancy, data, find

POSTS = 60
PUBLISHED = datetime(2022, 1, 1, 9, tzinfo=UTC)


@pytest.fixture
def caravan(db_session):
    """60 posts about 60 projects run by 20 partners hosting 40 vacancies, by 5 authors; all say "caravan"."""
    themes = [
        find(db_session, Theme, slug) for slug in ("human-rights", "youth", "gender-lgbtq", "environment-climate")
    ]
    erasmus = find(db_session, Programme, "erasmus-plus")
    esc = find(db_session, Programme, "european-solidarity-corps")
    kyrgyzstan, sweden = db_session.get(Country, "KG"), db_session.get(Country, "SE")
    authors = [
        Author(
            slug=f"caravan-author-{n}", name=f"Author {n}", translations=[AuthorTranslation(locale="en", role="Writer")]
        )
        for n in range(5)
    ]
    db_session.add_all(authors)
    partners = [
        add_partner(
            db_session,
            f"caravan-partner-{n:02d}",
            country=kyrgyzstan if n % 2 else sweden,
            translations=[PartnerTranslation(locale="en", name=f"Caravan partner {n:02d}", description="Caravan.")],
        )
        for n in range(20)
    ]
    for n, partner in enumerate(partners):
        for m in range(2):
            add_vacancy(
                db_session,
                f"caravan-vacancy-{n:02d}-{m}",
                partner,
                published_at=PUBLISHED + timedelta(minutes=2 * n + m),
                programme=esc,
                themes=[themes[m]],
                countries=[kyrgyzstan],
                translations=[VacancyTranslation(locale="en", title=f"Caravan vacancy {n} {m}", eligibility="18+")],
            )
    for n in range(POSTS):
        project = add_project(
            db_session,
            f"caravan-project-{n:02d}",
            published_at=PUBLISHED + timedelta(minutes=n),
            partners=[partners[n % 20], partners[(n + 7) % 20]],
            themes=[themes[n % 4]],
            countries=[kyrgyzstan],
            programmes=[erasmus],
            translations=[ProjectTranslation(locale="en", title=f"Caravan project {n}", summary="A caravan.")],
        )
        add_post(
            db_session,
            f"caravan-post-{n:02d}",
            published_at=PUBLISHED + timedelta(hours=n),
            author=authors[n % 5],
            project=project,
            themes=[themes[n % 4], themes[(n + 1) % 4]],
            countries=[kyrgyzstan, sweden],
            partners=[partners[n % 20]],
            translations=[
                PostTranslation(locale="en", title=f"Caravan post {n}", excerpt="On the caravan."),
                PostTranslation(locale="sv", title=f"Karavan {n}", excerpt="Om karavanen."),
            ],
        )
    db_session.commit()


@pytest.fixture
def count(client, statements):
    """Statements sent while answering one query, after checking it succeeded with as many items as asked."""

    def count_for(query: str, first: int, field: str, **variables) -> int:
        statements.clear()
        result = data(client, query, {"first": first, **variables})
        assert len(result[field]["edges"]) == first, "the page must be full for the comparison to mean anything"
        return len(statements)

    return count_for


NESTED_POSTS = """query($first: Int!) { posts(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
        id slug title excerpt locale requestedLocale availableLocales translations { locale url updatedAt }
        featuredImage { url alt }
        author { slug name role bio locale }
        themes { slug name locale }
        countries { code name }
        partners { slug name }
        project {
            slug title summary locale
            themes { name }
            countries { code }
            programmes { slug name }
            partners {
                slug name description country { code name }
                vacancies {
                    slug title status eligibility { requirements } host { slug name } programme { name } themes { name }
                }
                projects { slug title partners { slug } }
            }
        }
    } }
} }"""

# count + page, then one SELECT per relation and per translation table the query reaches:
# post translations, themes, countries, partners, author, project; theme, partner and author translations;
# project translations, themes, countries, programmes, partners; their translations; partner countries,
# vacancies and projects; vacancy translations, hosts, programmes and themes; host, theme and project
# translations; the partners of the partners' projects and their translations.
NESTED_POSTS_STATEMENTS = 2 + 28


def test_nested_posts_cost_the_same_for_5_and_50_posts(caravan, count):
    assert count(NESTED_POSTS, 5, "posts") == count(NESTED_POSTS, 50, "posts") == NESTED_POSTS_STATEMENTS


def test_the_next_page_costs_the_same_as_the_first(caravan, client, count):
    after = data(client, "{ posts(first: 50) { pageInfo { endCursor } } }")["posts"]["pageInfo"]["endCursor"]
    query = NESTED_POSTS.replace("posts(first: $first)", "posts(first: $first, after: $after)").replace(
        "query($first: Int!)", "query($first: Int!, $after: String)"
    )
    assert count(query, 10, "posts", after=after) == NESTED_POSTS_STATEMENTS


def test_the_count_grows_with_the_shape_not_the_page(caravan, count):
    flat = "query($first: Int!) { posts(first: $first) { edges { node { slug title } } } }"
    with_themes = "query($first: Int!) { posts(first: $first) { edges { node { slug title themes { name } } } } }"
    assert count(flat, 5, "posts") == count(flat, 50, "posts") == 3  # count, page, translations
    assert count(with_themes, 5, "posts") == count(with_themes, 50, "posts") == 5  # + themes, theme translations


def test_nodes_and_edges_load_the_same_relations_once(caravan, count):
    both = """query($first: Int!) { posts(first: $first) {
        edges { node { slug author { name } } }
        nodes { slug themes { name } author { role } }
    } }"""
    # count, page, post translations, authors, themes, author translations, theme translations
    assert count(both, 5, "posts") == count(both, 50, "posts") == 7


NESTED_PROJECTS = """query($first: Int!) { projects(first: $first) {
    totalCount
    edges { node {
        slug title locale availableLocales
        themes { name } countries { code name } programmes { slug }
        partners {
            slug name country { code }
            vacancies { slug title host { name } themes { name } programme { name } }
            projects { slug title }
        }
    } }
} }"""


def test_nested_projects_cost_the_same_for_5_and_50_projects(caravan, count):
    few, many = count(NESTED_PROJECTS, 5, "projects"), count(NESTED_PROJECTS, 50, "projects")
    assert few == many == 19


NESTED_PARTNERS = """query($first: Int!) { partners(first: $first) {
    totalCount
    edges { node {
        slug name locale country { code name }
        vacancies { slug title host { slug } programme { name } }
        projects { slug title partners { slug name } themes { name } }
    } }
} }"""


def test_nested_partners_cost_the_same_for_5_and_all_24_partners(caravan, count):
    few, many = count(NESTED_PARTNERS, 5, "partners"), count(NESTED_PARTNERS, 24, "partners")
    assert few == many == 15


NESTED_VACANCIES = """query($first: Int!) { vacancies(first: $first) {
    totalCount
    edges { node {
        slug title status locale eligibility { requirements } howToApply { url }
        programme { name } themes { name } countries { code }
        host { slug name projects { slug title } vacancies { slug } }
    } }
} }"""


def test_nested_vacancies_cost_the_same_for_5_and_40_vacancies(caravan, count):
    few, many = count(NESTED_VACANCIES, 5, "vacancies"), count(NESTED_VACANCIES, 40, "vacancies")
    assert few == many == 13


NESTED_THEMES_AND_AUTHORS = """query($first: Int!) {
    themes(first: 4) { edges { node { slug name translations { locale } } } }
    authors(first: $first) { edges { node { slug name role translations { locale } } } }
}"""


def test_taxonomies_cost_the_same_for_few_and_many(caravan, count):
    few, many = count(NESTED_THEMES_AND_AUTHORS, 2, "authors"), count(NESTED_THEMES_AND_AUTHORS, 6, "authors")
    assert few == many == 6  # per list: count, page, translations


SEARCH = """query($first: Int!, $types: [String!]) { search(q: "caravan", first: $first, types: $types) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { type score node {
        __typename
        ... on Post {
            slug title author { name } themes { name } project { slug partners { name vacancies { title } } }
        }
        ... on Project { slug title partners { slug name } themes { name } }
        ... on Vacancy { slug title host { name } programme { name } }
        ... on Partner { slug name projects { title } vacancies { title } }
    } } }
} }"""


# count + ranked page, then each type's hits loaded by the shared search in REST's shape and again in the query's.
SEARCH_STATEMENTS = {"post": 14, "project": 8, "vacancy": 7, "partner": 8}


@pytest.mark.parametrize("kind", SEARCH_STATEMENTS)
def test_search_of_one_type_costs_the_same_for_5_and_20_hits(caravan, client, count, kind):
    few, many = count(SEARCH, 5, "search", types=[kind]), count(SEARCH, 20, "search", types=[kind])
    assert few == many == SEARCH_STATEMENTS[kind]


def test_search_across_types_costs_what_the_types_on_the_page_cost(caravan, client, count):
    """Hits rank in blocks by type here (partners, projects, posts, vacancies): pages of 45 hold one or two types."""
    query = SEARCH.replace("query($first: Int!", "query($first: Int!, $after: String").replace(
        'search(q: "caravan"', 'search(q: "caravan", after: $after'
    )
    after, pages = None, []
    while True:
        page = data(client, query, {"first": 45, "after": after})["search"]
        kinds = {edge["node"]["type"] for edge in page["edges"]}
        statements = count(query, len(page["edges"]), "search", after=after)
        pages.append((kinds, statements))
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(pages) == 4
    assert set().union(*(kinds for kinds, _statements in pages)) == set(SEARCH_STATEMENTS)
    for kinds, statements in pages:
        assert statements == 2 + sum(SEARCH_STATEMENTS[kind] - 2 for kind in kinds)


def test_a_lookup_costs_what_its_shape_costs(caravan, client, count):
    query = """query($first: Int!) {
        posts(first: $first) { edges { node { slug } } }
        post(slug: "caravan-post-07") { title author { name } project { partners { vacancies { title } } } }
    }"""
    # posts: count, page, translations; post: post, translations, author, project, author translations,
    # project translations, project partners, partner translations, vacancies, vacancy translations
    assert count(query, 5, "posts") == count(query, 50, "posts") == 13
