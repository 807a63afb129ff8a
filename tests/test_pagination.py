"""Cursor pagination, shown on /api/v1/posts: next links, Link headers, honest totals, limits and bad cursors."""

import base64
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import select

from api.models import Post, PostKind, PostTranslation, PublicationStatus, Theme
from tests.rest_helpers import assert_invalid, slugs

BASE = "http://localhost/api/v1"
PUBLIC = 35  # 5 seeded posts and 30 arranged ones
SORTS = ["-published_at", "published_at", "title", "-title", "updated_at", "-updated_at"]


@pytest.fixture
def many_posts(db_session):
    """30 public posts with ties in every sort key, a third of them about youth, and 3 posts nobody may see.

    published_at ties by fours (the first four also tie with a seeded post), titles by threes
    (`Dispatch 0` … `Dispatch 9`), updated_at by fives.
    """
    youth = db_session.scalar(select(Theme).where(Theme.slug == "youth"))
    seeded = datetime(2019, 10, 7, 9, tzinfo=UTC)  # does-authoritarianism-exist-in-central-asia
    rows = [(f"dispatch-{number:02d}", number, PublicationStatus.PUBLISHED) for number in range(30)]
    rows += [
        ("hidden-draft", 1, PublicationStatus.DRAFT),
        ("hidden-archived", 2, PublicationStatus.ARCHIVED),
        ("hidden-scheduled", 3, PublicationStatus.SCHEDULED),
    ]
    for slug, number, status in rows:
        db_session.add(
            Post(
                slug=slug,
                kind=PostKind.NEWS,
                publication_status=status,
                published_at=(
                    datetime.now(UTC) + timedelta(days=1)
                    if status == PublicationStatus.SCHEDULED
                    else seeded + timedelta(days=number // 4)
                ),
                updated_at=datetime(2021, 6, 1, tzinfo=UTC) + timedelta(hours=number // 5),
                themes=[youth] if number % 3 == 0 else [],
                translations=[PostTranslation(locale="en", title=f"Dispatch {number % 10}", excerpt="News.")],
            )
        )
    db_session.commit()


def walk(client, url: str) -> list:
    """Every page from `url` on, following the body's `next` link."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json
        pages.append(response)
        assert len(pages) <= PUBLIC, "the next links never end"
        url = response.json["next"]
    return pages


def items(pages) -> list[dict]:
    return [item for page in pages for item in page.json["items"]]


def links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="([^"]+)"', response.headers["Link"])}


def first_cursor(client, query: str = "") -> str:
    cursor = client.get(f"/api/v1/posts?limit=7{query}").json["next_cursor"]
    assert cursor
    return cursor


@pytest.mark.parametrize("sort", SORTS)
def test_walking_next_links_visits_every_post_once_in_the_order_of_one_big_page(client, many_posts, sort):
    pages = walk(client, f"/api/v1/posts?limit=7&sort={sort}")
    walked = [item["slug"] for item in items(pages)]
    assert [len(page.json["items"]) for page in pages] == [7, 7, 7, 7, 7]
    assert len(set(walked)) == PUBLIC
    assert walked == slugs(client.get(f"/api/v1/posts?limit=100&sort={sort}"))


@pytest.mark.parametrize("sort", ["-published_at", "published_at", "updated_at", "-updated_at"])
def test_ties_in_a_time_sort_are_broken_by_id_in_the_same_direction(client, many_posts, sort):
    walked = items(walk(client, f"/api/v1/posts?limit=7&sort={sort}"))
    field = sort.lstrip("-")
    keys = [(datetime.fromisoformat(item[field]), item["id"]) for item in walked]
    assert len({moment for moment, _id in keys}) < len(keys)  # there are ties to break
    assert keys == sorted(keys, reverse=sort.startswith("-"))


@pytest.mark.parametrize("sort", ["title", "-title"])
def test_ties_in_titles_are_broken_by_id_in_the_same_direction(client, many_posts, sort):
    walked = items(walk(client, f"/api/v1/posts?limit=7&sort={sort}"))
    keys = [(item["title"], item["id"]) for item in walked]
    assert [title for title, _id in keys].count("Dispatch 3") == 3
    assert keys == sorted(keys, reverse=sort == "-title")


def test_total_is_honest_and_constant_across_pages(client, many_posts):
    pages = walk(client, "/api/v1/posts?limit=7")
    assert [page.json["total"] for page in pages] == [PUBLIC] * 5
    assert [page.json["limit"] for page in pages] == [7] * 5
    assert not {"hidden-draft", "hidden-archived", "hidden-scheduled"} & {item["slug"] for item in items(pages)}


def test_link_header_has_first_and_next_and_next_matches_the_body(client, many_posts):
    pages = walk(client, "/api/v1/posts?limit=7&sort=title")
    for page in pages[:-1]:
        assert links(page) == {"first": f"{BASE}/posts?limit=7&sort=title", "next": page.json["next"]}
        assert page.json["next"] == f"{BASE}/posts?limit=7&sort=title&cursor={page.json['next_cursor']}"
    assert links(pages[-1]) == {"first": f"{BASE}/posts?limit=7&sort=title"}
    assert (pages[-1].json["next"], pages[-1].json["next_cursor"]) == (None, None)


def test_a_single_page_links_only_to_itself_as_first(client):
    response = client.get("/api/v1/posts")
    assert links(response) == {"first": f"{BASE}/posts"}
    assert response.json["next"] is None


def test_next_links_keep_the_filters_and_walk_only_matching_posts(client, many_posts):
    pages = walk(client, "/api/v1/posts?theme=youth&limit=3")
    walked = [item["slug"] for item in items(pages)]
    assert [page.json["total"] for page in pages] == [11] * 4
    assert walked == slugs(client.get("/api/v1/posts?theme=youth&limit=100"))
    assert sorted(walked) == sorted(
        [f"dispatch-{number:02d}" for number in range(0, 30, 3)] + ["joining-central-asia-solidarity-groups"]
    )
    assert all("theme=youth" in page.json["next"] for page in pages[:-1])


def test_cursor_in_a_hand_built_url_works_like_the_next_link(client, many_posts):
    first = client.get("/api/v1/posts?limit=7").json
    by_hand = client.get("/api/v1/posts", query_string={"limit": 7, "cursor": first["next_cursor"]})
    assert slugs(by_hand) == slugs(client.get(first["next"]))


def test_posts_published_after_the_first_page_do_not_shift_later_pages(client, many_posts, db_session):
    first = client.get("/api/v1/posts?limit=7").json
    second_before = slugs(client.get(first["next"]))
    db_session.add(
        Post(
            slug="breaking",
            kind=PostKind.NEWS,
            publication_status=PublicationStatus.PUBLISHED,
            published_at=datetime.now(UTC) - timedelta(minutes=1),
            translations=[PostTranslation(locale="en", title="Breaking")],
        )
    )
    db_session.commit()
    second_after = client.get(first["next"])
    assert slugs(second_after) == second_before
    assert second_after.json["total"] == PUBLIC + 1


@pytest.mark.parametrize("limit", [1, 7, 100])
def test_limit_within_bounds_sizes_the_page(client, many_posts, limit):
    response = client.get(f"/api/v1/posts?limit={limit}")
    assert len(slugs(response)) == min(limit, PUBLIC)
    assert response.json["limit"] == limit
    assert (response.json["next"] is None) == (limit >= PUBLIC)


def test_default_limit_is_twenty(client, many_posts):
    response = client.get("/api/v1/posts")
    assert (len(slugs(response)), response.json["limit"]) == (20, 20)


@pytest.mark.parametrize("limit", ["101", "10000", "0", "-1", "abc", "1.5", "", "7e1"])
def test_limit_out_of_bounds_or_not_a_number_is_a_400_never_a_cap(client, limit):
    assert_invalid(client.get(f"/api/v1/posts?limit={limit}"), "limit")


@pytest.mark.parametrize("limit", ["101", "10000"])
def test_limit_over_the_maximum_says_what_the_maximum_is(client, limit):
    reason = client.get(f"/api/v1/posts?limit={limit}").json["invalid_params"][0]["reason"]
    assert "100" in reason


def _edit_payload(cursor: str, edit) -> str:
    """The cursor with its payload changed and its signature kept, as a curious client would try."""
    payload, signature = cursor.rsplit(".", 1)
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    edited = base64.urlsafe_b64encode(json.dumps(edit(data), separators=(",", ":")).encode()).rstrip(b"=").decode()
    return f"{edited}.{signature}"


@pytest.mark.parametrize(
    "forge",
    [
        lambda cursor: cursor[:-1] + ("A" if cursor[-1] != "A" else "B"),
        lambda cursor: cursor.split(".")[0],
        lambda cursor: _edit_payload(cursor, lambda data: [data[0], "2000-01-01T00:00:00+00:00", data[2]]),
        lambda cursor: _edit_payload(cursor, lambda data: [data[0], data[1], data[2] + 1]),
        lambda cursor: _edit_payload(cursor, lambda data: ["title", data[1], data[2]]),
        lambda cursor: URLSafeSerializer("not-the-secret", salt="cursor").dumps(["-published_at", "2030-01-01", 1]),
        lambda cursor: "abc",
        lambda cursor: "../../etc/passwd",
        lambda cursor: "x" * 5000,
    ],
    ids=[
        "signature-edited",
        "signature-dropped",
        "key-edited",
        "tiebreak-edited",
        "sort-edited",
        "other-secret",
        "garbage",
        "path",
        "huge",
    ],
)
def test_forged_or_edited_cursor_is_a_400_naming_cursor(client, many_posts, forge):
    assert_invalid(client.get("/api/v1/posts", query_string={"cursor": forge(first_cursor(client))}), "cursor")


@pytest.mark.parametrize(
    "payload",
    [["-published_at", "not a time", 1], ["-published_at", "2020-01-01T00:00:00+00:00"], {"sort": "x"}, "text"],
)
def test_signed_cursor_that_is_not_a_position_is_a_400_naming_cursor(app, client, payload):
    cursor = URLSafeSerializer(app.config["SECRET_KEY"], salt="cursor").dumps(payload)
    assert_invalid(client.get("/api/v1/posts", query_string={"cursor": cursor}), "cursor")


@pytest.mark.parametrize(
    ("issued_for", "used_for"),
    [("title", "-published_at"), ("-published_at", "published_at"), ("updated_at", "title"), ("title", "-title")],
)
def test_cursor_from_another_sort_is_a_400_naming_cursor(client, many_posts, issued_for, used_for):
    cursor = first_cursor(client, f"&sort={issued_for}")
    assert_invalid(client.get("/api/v1/posts", query_string={"sort": used_for, "cursor": cursor}), "cursor")


def test_cursor_of_the_default_sort_works_with_that_sort_named(client, many_posts):
    cursor = first_cursor(client)
    named = client.get("/api/v1/posts", query_string={"sort": "-published_at", "limit": 7, "cursor": cursor})
    assert slugs(named) == slugs(client.get("/api/v1/posts", query_string={"limit": 7, "cursor": cursor}))


def test_filter_added_to_a_cursor_continues_after_the_same_position(client, many_posts):
    everything = slugs(client.get("/api/v1/posts?limit=100"))
    youth = slugs(client.get("/api/v1/posts?theme=youth&limit=100"))
    response = client.get(
        "/api/v1/posts", query_string={"theme": "youth", "limit": 100, "cursor": first_cursor(client)}
    )
    assert slugs(response) == [slug for slug in youth if everything.index(slug) >= 7]
    assert response.json["total"] == 11


def test_filter_matching_nothing_after_the_cursor_ends_cleanly(client, many_posts):
    response = client.get("/api/v1/posts", query_string={"kind": "video", "cursor": first_cursor(client)})
    assert slugs(response) == []
    assert (response.json["total"], response.json["next"]) == (1, None)


def test_title_cursor_used_in_another_language_still_answers(client, many_posts):
    cursor = first_cursor(client, "&sort=title")
    response = client.get("/api/v1/posts", query_string={"sort": "title", "lang": "ru", "cursor": cursor})
    assert response.status_code == 200
    assert response.json["total"] == PUBLIC
