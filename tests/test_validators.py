"""Public validators move only when something the answer shows can have changed: each kind of write (and of time
passing) against each kind of public read. Whatever moves, an answer whose content changed is never a 304 for
the old tag nor a stale 200 from the response cache."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import select, update

from api.models import Change, ChangeAction, Post, Vacancy
from tests.conftest import dispose, make_app
from tests.editing_helpers import created, if_match, token

GRAPHQL = "/graphql?query=" + quote("{posts(first:3){nodes{slug title}} partners{nodes{slug}}}")
READS = {
    "posts": "/api/v1/posts",
    "post": "/api/v1/posts/maria-from-journalist-to-ngo",
    "projects": "/api/v1/projects",
    "vacancies": "/api/v1/vacancies",
    "partners": "/api/v1/partners",
    "themes": "/api/v1/themes",
    "authors": "/api/v1/authors",
    "search": "/api/v1/search?q=youth",
    "posts feed": "/feeds/posts.atom",
    "vacancies feed": "/feeds/vacancies.json?status=closed",
    "projects widget": "/embed/projects",
    "graphql": GRAPHQL,
}
EVERYTHING = {"search", "graphql"}  # they may show anything public
POSTS = {"posts", "post", "posts feed"} | EVERYTHING
PROJECTS = {"projects", "projects widget", "partners", "posts", "post", "posts feed"} | EVERYTHING
VACANCIES = {"vacancies", "vacancies feed"} | EVERYTHING
PARTNERS = set(READS) - {"themes", "authors"}
THEMES = set(READS) - {"partners", "authors"}
AUTHORS = {"authors", "posts", "post", "posts feed"} | EVERYTHING

DRAFT_POST = {
    "kind": "news",
    "original_locale": "en",
    "themes": ["youth"],
    "partners": ["novi-ritm"],
    "translations": {"en": {"title": "Youth exchange", "excerpt": "About youth."}},
}
DRAFT_PROJECT = {
    "status": "planned",
    "original_locale": "en",
    "partners": ["novi-ritm"],
    "themes": ["youth"],
    "translations": {"en": {"title": "Youth camp", "summary": "For youth."}},
}
DRAFT_VACANCY = {
    "kind": "volunteer",
    "host": "novi-ritm",
    "original_locale": "en",
    "themes": ["youth"],
    "translations": {"en": {"title": "Youth volunteer"}},
}


def ago(**delta) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)


def ahead(**delta) -> datetime:
    return datetime.now(UTC) + timedelta(**delta)


class Desk:
    """An editor at work on one database: writes through HTTP, and time moved on by rewriting times in the rows."""

    def __init__(self, app) -> None:
        self.app = app
        self.client = app.test_client()
        self.editor = token(app.test_cli_runner(), "editor")
        self.session = app.extensions["database"]()
        self.session.info["include_private"] = True

    def read(self, collection: str, slug: str):
        return self.client.get(f"/api/v1/{collection}/{slug}", headers=self.editor)

    def create(self, collection: str, body: dict) -> str:
        return created(self.client, collection, body, self.editor).json["slug"]

    def patch(self, collection: str, slug: str, body: dict):
        changed = self.client.patch(
            f"/api/v1/{collection}/{slug}", json=body, headers=if_match(self.read(collection, slug), self.editor)
        )
        assert changed.status_code == 200, changed.json
        return changed

    def translate(self, collection: str, slug: str, locale: str, text: dict) -> None:
        url = f"/api/v1/{collection}/{slug}/translations/{locale}"
        added = self.client.put(url, json=text, headers=if_match(self.read(collection, slug), self.editor))
        assert added.status_code in (200, 201), added.json

    def publish(self, collection: str, slug: str, at: datetime | None = None) -> None:
        body = {"published_at": at.isoformat()} if at else {}
        url = f"/api/v1/{collection}/{slug}/publish"
        published = self.client.post(url, json=body, headers=if_match(self.read(collection, slug), self.editor))
        assert published.status_code == 200, published.json

    def unpublish(self, collection: str, slug: str) -> None:
        url = f"/api/v1/{collection}/{slug}/unpublish"
        hidden = self.client.post(url, headers=if_match(self.read(collection, slug), self.editor))
        assert hidden.status_code == 200, hidden.json

    def archive(self, collection: str, slug: str) -> None:
        url = f"/api/v1/{collection}/{slug}"
        archived = self.client.delete(url, headers=if_match(self.read(collection, slug), self.editor))
        assert archived.status_code == 200, archived.json

    def set_time(self, model, slug: str, **times: datetime) -> None:
        """What time passing does: a publication time or a deadline that was ahead is now behind (no write)."""
        self.session.execute(update(model).where(model.slug == slug).values(**times))
        self.session.commit()


# Each write is a generator: what runs before its `yield` arranges (before the readers' first visit), what runs
# after it is the write (or the passing of time) whose effect on the validators is checked.
def draft_post_created(desk):
    yield
    desk.create("posts", DRAFT_POST)


def draft_post_patched(desk):
    slug = desk.create("posts", DRAFT_POST)
    yield
    desk.patch("posts", slug, {"video_url": "https://v.example/youth", "themes": ["human-rights"]})


def draft_post_translated(desk):
    slug = desk.create("posts", DRAFT_POST)
    yield
    desk.translate("posts", slug, "ru", {"title": "Молодёжный обмен"})


def draft_project_created(desk):
    yield
    desk.create("projects", DRAFT_PROJECT)


def draft_project_patched(desk):
    slug = desk.create("projects", DRAFT_PROJECT)
    yield
    desk.patch("projects", slug, {"participants_count": 30, "partners": ["novi-ritm", "kobiety"]})


def draft_vacancys_deadline_passes(desk):
    slug = desk.create("vacancies", {**DRAFT_VACANCY, "deadline": ahead(days=3).isoformat()})
    yield
    desk.set_time(Vacancy, slug, deadline=ago(minutes=1))


def post_scheduled_ahead(desk):
    slug = desk.create("posts", DRAFT_POST)
    yield
    desk.publish("posts", slug, at=ahead(days=2))


def scheduled_post_edited(desk):
    slug = desk.create("posts", DRAFT_POST)
    desk.publish("posts", slug, at=ahead(days=2))
    yield
    desk.patch("posts", slug, {"video_url": "https://v.example/soon"})


def scheduled_post_goes_live(desk):
    slug = desk.create("posts", DRAFT_POST)
    desk.publish("posts", slug, at=ahead(days=2))
    yield
    desk.set_time(Post, slug, published_at=ago(seconds=1))


def draft_post_published(desk):
    slug = desk.create("posts", DRAFT_POST)
    yield
    desk.publish("posts", slug)


def public_post_edited(desk):
    yield
    desk.patch("posts", "maria-from-journalist-to-ngo", {"video_url": "https://v.example/maria"})


def public_post_translated(desk):
    yield
    desk.translate("posts", "maria-from-journalist-to-ngo", "sv", {"title": "Maria: från journalist till NGO"})


def public_post_unpublished(desk):
    yield
    desk.unpublish("posts", "maria-from-journalist-to-ngo")


def public_post_archived(desk):
    yield
    desk.archive("posts", "maria-from-journalist-to-ngo")


def public_post_marked_sensitive(desk):
    yield
    desk.patch("posts", "maria-from-journalist-to-ngo", {"sensitive": True})


def draft_project_published(desk):
    slug = desk.create("projects", DRAFT_PROJECT)
    yield
    desk.publish("projects", slug)


def public_project_edited(desk):
    yield
    desk.translate("projects", "climate-residency-osh", "en", {"title": "Climate residency in Osh, renamed"})


def public_vacancy_edited(desk):
    yield
    desk.patch("vacancies", "projektansvarig", {"positions": 4})


def public_vacancys_deadline_passes(desk):
    desk.patch("vacancies", "projektansvarig", {"deadline": ahead(days=3).isoformat()})
    yield
    desk.set_time(Vacancy, "projektansvarig", deadline=ago(minutes=1))


def partner_edited(desk):
    yield
    desk.translate("partners", "novi-ritm", "en", {"name": "Novi Ritm, renamed"})


def theme_edited(desk):
    yield
    desk.translate("themes", "youth", "en", {"name": "Youth, renamed"})


def author_edited(desk):
    yield
    desk.patch("authors", "maria", {"name": "Maria K."})


def theme_created(desk):
    yield
    desk.create("themes", {"original_locale": "en", "translations": {"en": {"name": "Peace"}}})


NOTHING: set[str] = set()
MATRIX = [
    (draft_post_created, NOTHING),
    (draft_post_patched, NOTHING),
    (draft_post_translated, NOTHING),
    (draft_project_created, NOTHING),
    (draft_project_patched, NOTHING),
    (draft_vacancys_deadline_passes, NOTHING),
    (post_scheduled_ahead, NOTHING),
    (scheduled_post_edited, NOTHING),
    (scheduled_post_goes_live, POSTS),
    (draft_post_published, POSTS),
    (public_post_edited, POSTS),
    (public_post_translated, POSTS),
    (public_post_unpublished, POSTS),
    (public_post_archived, POSTS),
    (public_post_marked_sensitive, POSTS),
    (draft_project_published, PROJECTS),
    (public_project_edited, PROJECTS),
    (public_vacancy_edited, VACANCIES),
    (public_vacancys_deadline_passes, VACANCIES),
    (partner_edited, PARTNERS),
    (theme_edited, THEMES),
    (theme_created, THEMES),
    (author_edited, AUTHORS),
]


@pytest.fixture
def apps(database_url):
    """The app under test (response cache on, the state read afresh on every request) and a witness on the same
    database that renders every answer anew: what the reader should get."""
    served = make_app(database_url, CONTENT_STATE_TTL=0)
    witness = make_app(database_url, CONTENT_STATE_TTL=0, RESPONSE_CACHE_MB=0)
    yield served, witness
    dispose(served)
    dispose(witness)


@pytest.fixture
def desk(apps):
    desk = Desk(apps[0])
    yield desk
    desk.session.close()  # before the database goes


@pytest.mark.parametrize(("write", "moved"), MATRIX, ids=[write.__name__ for write, _ in MATRIX])
def test_a_public_validator_moves_exactly_when_what_its_answer_shows_can_have_changed(apps, desk, write, moved):
    served, witness = apps
    steps = write(desk)
    next(steps)
    reader = desk.app.test_client()
    before = {name: reader.get(url) for name, url in READS.items()}
    assert all(response.status_code == 200 for response in before.values())
    assert {name: reader.get(url).data for name, url in READS.items()} == {n: r.data for n, r in before.items()}
    with pytest.raises(StopIteration):
        next(steps)
    changed = set()
    for name, url in READS.items():
        tag = before[name].headers["ETag"]
        revalidated = reader.get(url, headers={"If-None-Match": tag})
        fresh = witness.test_client().get(url)
        if revalidated.status_code == 304:
            assert fresh.data == before[name].data, f"{name}: a 304 for a changed answer"
        else:
            assert revalidated.headers.get("ETag") != tag, name
            assert (revalidated.status_code, revalidated.data) == (fresh.status_code, fresh.data), f"{name}: stale"
            changed.add(name)
        again = reader.get(url)
        assert (again.status_code, again.data) == (fresh.status_code, fresh.data), f"{name}: stale from the cache"
    assert changed == moved


def test_what_a_change_can_have_shown_is_in_the_log(desk):
    slug = desk.create("posts", DRAFT_POST)
    desk.translate("posts", slug, "ru", {"title": "Молодёжный обмен"})
    desk.publish("posts", slug, at=ahead(days=1))
    desk.publish("posts", slug)
    desk.unpublish("posts", slug)
    desk.patch("posts", slug, {"video_url": "https://v.example/again"})
    desk.patch("themes", "youth", {"position": 7})
    logged = desk.session.execute(select(Change.item_type, Change.action, Change.public).order_by(Change.id)).all()
    assert [tuple(row) for row in logged] == [
        ("posts", ChangeAction.CREATED, False),
        ("posts", ChangeAction.UPDATED, False),
        ("posts", ChangeAction.SCHEDULED, False),
        ("posts", ChangeAction.PUBLISHED, True),
        ("posts", ChangeAction.UNPUBLISHED, True),
        ("posts", ChangeAction.UPDATED, False),
        ("themes", ChangeAction.UPDATED, True),
    ]


def test_an_item_due_within_minutes_counts_as_public_already(desk):
    """Its time may come while the write's transaction is open: the write must move the validators itself."""
    slug = desk.create("posts", DRAFT_POST)
    desk.publish("posts", slug, at=ahead(minutes=2))
    tag = desk.app.test_client().get("/api/v1/posts").headers["ETag"]
    desk.patch("posts", slug, {"video_url": "https://v.example/soon"})
    assert desk.app.test_client().get("/api/v1/posts", headers={"If-None-Match": tag}).status_code == 200


def test_noting_that_a_scheduled_item_went_live_moves_no_public_validator(desk):
    """The moment is already in every validator that shows the item (its publication time, passed); the sync
    reader's note of it in the log adds nothing the public sees."""
    slug = desk.create("posts", DRAFT_POST)
    desk.publish("posts", slug, at=ahead(days=1))
    desk.set_time(Post, slug, published_at=ago(seconds=1))
    reader = desk.app.test_client()
    tags = {name: reader.get(url).headers["ETag"] for name, url in READS.items()}
    assert desk.client.get("/api/v1/sync", headers=desk.editor).status_code == 200
    assert desk.session.scalar(select(Change.action).order_by(Change.id.desc()).limit(1)) == ChangeAction.WENT_LIVE
    assert {
        name: reader.get(url, headers={"If-None-Match": tags[name]}).status_code for name, url in READS.items()
    } == {name: 304 for name in READS}


def test_editors_and_preview_links_see_drafts_so_their_validators_move_with_every_save(desk):
    slug = desk.create("posts", DRAFT_POST)
    key = desk.client.post(f"/api/v1/posts/{slug}/previews", headers=desk.editor).json["key"]
    previewed = f"/api/v1/posts/{slug}?preview={key}"
    reads = {
        "public": ("/api/v1/posts", {}),
        "editor": ("/api/v1/posts", desk.editor),
        "preview": (previewed, {}),
    }
    tags = {name: desk.client.get(url, headers=headers).headers["ETag"] for name, (url, headers) in reads.items()}
    desk.patch("posts", slug, {"video_url": "https://v.example/draft"})
    revalidated = {
        name: desk.client.get(url, headers={**headers, "If-None-Match": tags[name]}).status_code
        for name, (url, headers) in reads.items()
    }
    assert revalidated == {"public": 304, "editor": 200, "preview": 200}
    assert desk.client.get(previewed).json["video_url"] == "https://v.example/draft"
