"""REST /api/v1/posts: list, item, every filter, sorts, compact references and what is public."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from api.models import Post, PostKind, PostTranslation, Project, ProjectStatus, ProjectTranslation, PublicationStatus
from tests.rest_helpers import assert_invalid, find, slugs

CLIP = "climate-change-in-central-asia-clip"
DOES = "does-authoritarianism-exist-in-central-asia"
JOINING = "joining-central-asia-solidarity-groups"
WHY = "why-central-asia-matters-to-the-great-powers"
MARIA = "maria-from-journalist-to-ngo"
NEWEST_FIRST = [CLIP, DOES, JOINING, WHY, MARIA]
BASE = "http://localhost/api/v1"
LATER = datetime(2021, 1, 1, 9, tzinfo=UTC)


def add_post(session, slug: str, status=PublicationStatus.PUBLISHED, published_at=LATER, **fields) -> Post:
    post = Post(
        slug=slug,
        kind=fields.pop("kind", PostKind.NEWS),
        publication_status=status,
        published_at=published_at,
        translations=[PostTranslation(locale="en", title=f"Title of {slug}", excerpt="Excerpt.", body="<p>Body.</p>")],
        **fields,
    )
    session.add(post)
    return post


def add_project(session, slug: str, status=PublicationStatus.PUBLISHED, published_at=LATER) -> Project:
    project = Project(
        slug=slug,
        status=ProjectStatus.ONGOING,
        publication_status=status,
        published_at=published_at,
        translations=[ProjectTranslation(locale="en", title=f"Title of {slug}")],
    )
    session.add(project)
    return project


def test_list_serves_the_seeded_posts_newest_first(client):
    response = client.get("/api/v1/posts")
    assert slugs(response) == NEWEST_FIRST
    assert response.json["total"] == 5
    assert response.json["limit"] == 20
    assert response.json["next"] is None
    assert response.json["next_cursor"] is None


def test_item_by_slug_serves_the_full_post_with_its_body(client):
    response = client.get(f"/api/v1/posts/{MARIA}")
    assert response.status_code == 200
    post = response.json
    assert post["id"] == 1
    assert post["slug"] == MARIA
    assert post["kind"] == "story"
    assert post["title"] == "Maria: from writing about NGOs to working in one"
    assert post["excerpt"].startswith("Hey, my name is Maria and I’m a journalist from Russia.")
    assert post["body"].startswith("<p>Hey, my name is Maria and I’m a journalist from Russia.")
    assert post["body"].endswith("</p>")
    assert post["publication_status"] == "published"
    assert post["published_at"] == "2019-03-04T09:00:00+00:00"
    assert post["sensitive"] is False
    assert post["url"] == f"{BASE}/posts/{MARIA}"
    assert post["locale"] == "en"


def test_item_refers_to_author_themes_partners_and_countries_compactly(client):
    post = client.get(f"/api/v1/posts/{MARIA}").json
    assert post["author"] == {
        "id": 1,
        "slug": "maria",
        "name": "Maria",
        "is_pseudonym": False,
        "url": f"{BASE}/authors/maria",
    }
    assert post["themes"] == [
        {"id": 1, "slug": "human-rights", "name": "Human rights", "url": f"{BASE}/themes/human-rights"}
    ]
    assert post["partners"] == [
        {
            "id": 1,
            "slug": "central-asia-solidarity-groups",
            "name": "Central Asia Solidarity Groups",
            "url": f"{BASE}/partners/central-asia-solidarity-groups",
        }
    ]
    assert post["countries"] == [{"code": "RU", "name": "Russia"}, {"code": "SE", "name": "Sweden"}]
    assert post["project"] is None


def test_post_without_author_or_themes_has_null_author_and_empty_lists(client):
    post = client.get(f"/api/v1/posts/{WHY}").json
    assert post["author"] is None
    assert post["themes"] == []
    assert post["partners"] == []
    assert [country["code"] for country in post["countries"]] == ["CN", "KG", "KZ", "RU", "TJ", "TM", "US", "UZ"]


def test_list_items_omit_the_body_but_keep_the_excerpt(client):
    items = client.get("/api/v1/posts").json["items"]
    assert len(items) == 5
    for item in items:
        assert "body" not in item
        assert item["excerpt"]
        assert item["url"] == f"{BASE}/posts/{item['slug']}"


def test_list_item_carries_the_same_references_as_the_item(client):
    listed = next(item for item in client.get("/api/v1/posts").json["items"] if item["slug"] == MARIA)
    single = client.get(f"/api/v1/posts/{MARIA}").json
    assert {key: value for key, value in single.items() if key not in ("body", "history")} == listed


def test_unknown_slug_is_a_404_problem(client):
    response = client.get("/api/v1/posts/no-such-post")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 404
    assert "no-such-post" in response.json["detail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"theme": "human-rights"}, [DOES, MARIA]),
        ({"theme": "youth"}, [JOINING]),
        ({"theme": "environment-climate"}, [CLIP]),
        ({"theme": "gender-lgbtq"}, []),
        ({"partner": "central-asia-solidarity-groups"}, [JOINING, MARIA]),
        ({"partner": "novi-ritm"}, []),
        ({"country": "KG"}, [CLIP, DOES, WHY]),
        ({"country": "se"}, [JOINING, MARIA]),
        ({"country": "RU"}, [WHY, MARIA]),
        ({"country": "US"}, [WHY]),
        ({"country": "FR"}, []),
        ({"author": "maria"}, [MARIA]),
        ({"kind": "story"}, [JOINING, MARIA]),
        ({"kind": "article"}, [DOES, WHY]),
        ({"kind": "video"}, [CLIP]),
        ({"kind": "news"}, []),
        ({"published_after": "2019-09-16"}, [CLIP, DOES, JOINING]),
        ({"published_after": "2019-09-16T09:00:00Z"}, [CLIP, DOES, JOINING]),
        ({"published_after": "2019-09-16T09:00:01+00:00"}, [CLIP, DOES]),
        ({"published_after": "2019-09-16T10:00:00+02:00"}, [CLIP, DOES, JOINING]),
        ({"published_before": "2019-05-20T09:00:00Z"}, [MARIA]),
        ({"published_before": "2019-05-20T11:00:01+02:00"}, [WHY, MARIA]),
        ({"published_before": "2019-01-01"}, []),
        ({"published_after": "2019-05-01", "published_before": "2019-10-01"}, [JOINING, WHY]),
        ({"theme": "human-rights", "country": "KG"}, [DOES]),
        ({"kind": "story", "author": "maria"}, [MARIA]),
        ({"q": "authoritarianism"}, [DOES]),
        ({"q": "authoritarianism", "kind": "video"}, []),
    ],
)
def test_filter_serves_exactly_the_matching_posts(client, query, expected):
    response = client.get("/api/v1/posts", query_string=query)
    assert slugs(response) == expected
    assert response.json["total"] == len(expected)


def test_updated_after_serves_posts_changed_since(client, db_session):
    for number, post in enumerate(db_session.scalars(select(Post).order_by(Post.id))):
        post.updated_at = datetime(2021, 1, 1 + number, tzinfo=UTC)
    db_session.commit()  # maria 1 Jan, joining 2 Jan, why 3 Jan, does 4 Jan, clip 5 Jan
    response = client.get("/api/v1/posts", query_string={"updated_after": "2021-01-03"})
    assert slugs(response) == [CLIP, DOES, WHY]
    assert response.json["total"] == 3
    assert slugs(client.get("/api/v1/posts?updated_after=2021-01-05T00:00:01Z")) == []
    assert slugs(client.get("/api/v1/posts?sort=updated_at")) == [MARIA, JOINING, WHY, DOES, CLIP]
    assert slugs(client.get("/api/v1/posts?sort=-updated_at")) == [CLIP, DOES, WHY, JOINING, MARIA]


def test_project_filter_and_reference_show_a_public_related_project(client, db_session):
    find(db_session, Post, JOINING).project = find(db_session, Project, "climate-residency-osh")
    db_session.commit()
    response = client.get("/api/v1/posts", query_string={"project": "climate-residency-osh"})
    assert slugs(response) == [JOINING]
    assert response.json["items"][0]["project"] == {
        "id": 3,
        "slug": "climate-residency-osh",
        "title": "Climate residency in Osh",
        "url": f"{BASE}/projects/climate-residency-osh",
    }
    assert client.get(f"/api/v1/posts/{JOINING}").json["project"]["slug"] == "climate-residency-osh"
    assert slugs(client.get("/api/v1/posts?project=men-engaging-after-metoo")) == []


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (PublicationStatus.DRAFT, None),
        (PublicationStatus.ARCHIVED, None),
        (PublicationStatus.SCHEDULED, datetime.now(UTC) + timedelta(days=30)),
    ],
)
def test_post_about_a_non_public_project_shows_project_null(client, db_session, status, published_at):
    find(db_session, Post, MARIA).project = add_project(db_session, "hidden-project", status, published_at)
    db_session.commit()
    assert client.get(f"/api/v1/posts/{MARIA}").json["project"] is None
    listed = next(item for item in client.get("/api/v1/posts").json["items"] if item["slug"] == MARIA)
    assert listed["project"] is None


def test_project_filter_treats_a_draft_project_like_an_unknown_one(client, db_session):
    find(db_session, Post, MARIA).project = add_project(db_session, "draft-project", PublicationStatus.DRAFT)
    db_session.commit()
    assert_invalid(client.get("/api/v1/posts?project=draft-project"), "project")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("theme=nope", "theme"),
        ("partner=nope", "partner"),
        ("author=nope", "author"),
        ("project=nope", "project"),
        ("country=XX", "country"),
        ("country=SWE", "country"),
        ("country=1", "country"),
        ("kind=podcast", "kind"),
        ("kind=Story", "kind"),
        ("published_after=yesterday", "published_after"),
        ("published_before=2019-13-01", "published_before"),
        ("updated_after=soon", "updated_after"),
        ("sort=popularity", "sort"),
        ("sort=body", "sort"),
        ("sort=relevance", "sort"),
        ("status=draft", "status"),
        ("programme=erasmus-plus", "programme"),
    ],
)
def test_unknown_parameter_values_are_a_400_naming_the_parameter(client, query, name):
    assert_invalid(client.get(f"/api/v1/posts?{query}"), name)


def test_unknown_filter_value_problem_explains_itself(client):
    response = client.get("/api/v1/posts?theme=nope")
    assert response.json["type"] == "/problems/invalid-parameter"
    assert response.json["title"] == "Bad request"
    assert "nope" in response.json["invalid_params"][0]["reason"]
    assert "theme" in response.json["detail"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, NEWEST_FIRST),
        ("-published_at", NEWEST_FIRST),
        ("published_at", NEWEST_FIRST[::-1]),
        ("title", [CLIP, DOES, JOINING, MARIA, WHY]),
        ("-title", [WHY, MARIA, JOINING, DOES, CLIP]),
    ],
)
def test_sort_orders_posts_in_both_directions(client, sort, expected):
    response = client.get("/api/v1/posts", query_string={"sort": sort} if sort else {})
    assert slugs(response) == expected
    assert response.json["total"] == 5


def test_sort_by_relevance_ranks_search_hits(client):
    response = client.get("/api/v1/posts", query_string={"q": "authoritarianism", "sort": "relevance"})
    assert slugs(response) == [DOES]


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (PublicationStatus.DRAFT, None),
        (PublicationStatus.DRAFT, datetime(2020, 1, 1, tzinfo=UTC)),
        (PublicationStatus.ARCHIVED, datetime(2020, 1, 1, tzinfo=UTC)),
        (PublicationStatus.SCHEDULED, datetime.now(UTC) + timedelta(days=1)),
        (PublicationStatus.PUBLISHED, datetime.now(UTC) + timedelta(days=1)),
    ],
)
def test_non_public_post_is_invisible_in_lists_items_and_totals(client, db_session, status, published_at):
    add_post(db_session, "hidden", status, published_at, kind=PostKind.STORY)
    db_session.commit()
    assert slugs(client.get("/api/v1/posts")) == NEWEST_FIRST
    assert client.get("/api/v1/posts").json["total"] == 5
    assert client.get("/api/v1/posts?kind=story").json["total"] == 2
    assert client.get("/api/v1/posts/hidden").status_code == 404


def test_scheduled_post_whose_time_has_passed_is_public(client, db_session):
    add_post(db_session, "scheduled", PublicationStatus.SCHEDULED, datetime(2019, 6, 1, tzinfo=UTC))
    db_session.commit()
    assert slugs(client.get("/api/v1/posts")) == [CLIP, DOES, JOINING, "scheduled", WHY, MARIA]
    assert client.get("/api/v1/posts").json["total"] == 6
    response = client.get("/api/v1/posts/scheduled")
    assert response.status_code == 200
    assert response.json["publication_status"] == "scheduled"
    assert response.json["published_at"] == "2019-06-01T00:00:00+00:00"


def test_sensitive_post_is_still_served_and_says_so(client, db_session):
    add_post(db_session, "sensitive", published_at=datetime(2019, 6, 1, tzinfo=UTC), sensitive=True)
    db_session.commit()
    listed = client.get("/api/v1/posts").json
    assert [item["slug"] for item in listed["items"]] == [CLIP, DOES, JOINING, "sensitive", WHY, MARIA]
    assert [item["sensitive"] for item in listed["items"]] == [False, False, False, True, False, False]
    response = client.get("/api/v1/posts/sensitive")
    assert response.status_code == 200
    assert response.json["sensitive"] is True
    assert response.json["body"] == "<p>Body.</p>"


def test_featured_image_and_video_are_served_with_translated_alt_text(client, db_session):
    post = find(db_session, Post, CLIP)
    post.image_url, post.image_credit = "https://example.org/steppe.jpg", "Photo: CAG"
    post.image_width, post.image_height = 1200, 800
    post.video_url = "https://video.example.org/clip"
    post.translations[0].image_alt = "Dry steppe near Osh"
    db_session.commit()
    image = {
        "url": "https://example.org/steppe.jpg",
        "alt": "Dry steppe near Osh",
        "credit": "Photo: CAG",
        "width": 1200,
        "height": 800,
    }
    served = client.get(f"/api/v1/posts/{CLIP}").json
    assert (served["featured_image"], served["video_url"]) == (image, "https://video.example.org/clip")
    listed = client.get("/api/v1/posts?kind=video").json["items"][0]
    assert (listed["featured_image"], listed["video_url"]) == (image, "https://video.example.org/clip")
    assert client.get(f"/api/v1/posts/{MARIA}").json["featured_image"] is None


@pytest.mark.parametrize(
    "query", ["published_after=9999-12-31T23:00:00-05:00", "published_before=0001-01-01T00:00:00%2B01:00"]
)
def test_moment_beyond_the_representable_range_is_a_400(client, query):
    assert_invalid(client.get(f"/api/v1/posts?{query}"), query.split("=")[0])


@pytest.mark.parametrize(("url", "status"), [("/api/v1/posts?theme=a%00b", 400), ("/api/v1/posts/a%00b", 404)])
def test_slug_with_a_nul_byte_is_a_client_error(client, url, status):
    assert client.get(url).status_code == status
