"""Who may write what (issue #13): every role × every write × every type, through REST and GraphQL alike; a partner
naming another organisation (a post's or project's `partners`, a vacancy's `host`); slug clashes that are 409s
whether the item holding the slug is visible or not. Every refusal is a problem with a stable type (REST) or an
error with a stable code (GraphQL), never a 5xx.

Partner A owns the item written to (it is named on the post, project or vacancy, or it is the organisation);
partner B is another organisation. The item is published, so that B's refusal is about rights, not visibility."""

import pytest
from strawberry.utils.str_converters import to_camel_case

from api.editing import operations
from tests.editing_helpers import PROBLEM, assert_problem, created, if_match, token, version
from tests.graphql_helpers import assert_no_traceback, post

A, B = "spring-collective", "kobiety"
ROLES = ("anonymous", "partner A", "partner B", "editor", "admin")

# Per type: the GraphQL type name, a harmless change, a text in Swedish.
TYPES = {
    "posts": ("Post", {"sensitive": True}, {"title": "Vår"}),
    "projects": ("Project", {"participants_count": 12}, {"title": "Vår"}),
    "vacancies": ("Vacancy", {"positions": 3}, {"title": "Vår"}),
    "partners": ("Partner", {"city": "Bishkek"}, {"name": "Vår"}),
    "themes": ("Theme", {"position": 9}, {"name": "Vår"}),
    "authors": ("Author", {"is_pseudonym": True}, {"role": "Skribent"}),
}
WRITES = ("create", "update", "translate", "publish", "unpublish", "delete")  # the last three: publishable types

# The expected status of each write, in the order of WRITES (delete archives a publishable item, so a 200).
EXPECTED = {
    # A partner creates its own and changes those that name it (archiving included), never another's.
    "posts": {
        "anonymous": (401, 401, 401, 401, 401, 401),
        "partner A": (201, 200, 200, 200, 200, 200),
        "partner B": (201, 403, 403, 403, 403, 403),
        "editor": (201, 200, 200, 200, 200, 200),
        "admin": (201, 200, 200, 200, 200, 200),
    },
    # The same for vacancies it hosts.
    "vacancies": {
        "anonymous": (401, 401, 401, 401, 401, 401),
        "partner A": (201, 200, 200, 200, 200, 200),
        "partner B": (201, 403, 403, 403, 403, 403),
        "editor": (201, 200, 200, 200, 200, 200),
        "admin": (201, 200, 200, 200, 200, 200),
    },
    # Projects are the organisation's own, even those that name a partner.
    "projects": {
        "anonymous": (401, 401, 401, 401, 401, 401),
        "partner A": (403, 403, 403, 403, 403, 403),
        "partner B": (403, 403, 403, 403, 403, 403),
        "editor": (201, 200, 200, 200, 200, 200),
        "admin": (201, 200, 200, 200, 200, 200),
    },
    # A partner edits its own profile and its texts; staff add and delete organisations.
    "partners": {
        "anonymous": (401, 401, 401, 401),
        "partner A": (403, 200, 200, 403),
        "partner B": (403, 403, 403, 403),
        "editor": (201, 200, 200, 204),
        "admin": (201, 200, 200, 204),
    },
    "themes": {
        "anonymous": (401, 401, 401, 401),
        "partner A": (403, 403, 403, 403),
        "partner B": (403, 403, 403, 403),
        "editor": (201, 200, 200, 204),
        "admin": (201, 200, 200, 204),
    },
    "authors": {
        "anonymous": (401, 401, 401, 401),
        "partner A": (403, 403, 403, 403),
        "partner B": (403, 403, 403, 403),
        "editor": (201, 200, 200, 204),
        "admin": (201, 200, 200, 204),
    },
}

# The problem type (REST) and the error code (GraphQL) of each refusal.
REFUSALS = {
    401: ("/problems/unauthenticated", "UNAUTHENTICATED"),
    403: ("/problems/forbidden", "FORBIDDEN"),
    404: ("about:blank", "NOT_FOUND"),
    409: ("/problems/slug-taken", "CONFLICT"),
}
STATUS_OF_CODE = {code: status for status, (_type, code) in REFUSALS.items()}


def writes_of(collection: str) -> tuple[str, ...]:
    return WRITES if collection in ("posts", "projects", "vacancies") else ("create", "update", "translate", "delete")


def new_item(collection: str, title: str, organisation: str | None = None) -> dict:
    """A minimal new item; a vacancy's host (required) is `organisation`, which staff name, partners default to."""
    text = {"name": title} if collection in ("partners", "themes") else {"title": title}
    body = {"original_locale": "en", "translations": {"en": text}}
    if collection == "authors":
        return {"name": title}
    if collection == "posts":
        body["kind"] = "news"
    if collection == "projects":
        body["status"] = "planned"
    if collection == "vacancies":
        body["kind"] = "volunteer"
        if organisation:
            body["host"] = organisation
    return body


class Writer:
    """One client role writing through REST or GraphQL, each answer reduced to an HTTP-like status."""

    def __init__(self, client, headers: dict, transport: str) -> None:
        self.client, self.headers, self.transport = client, headers, transport

    def write(self, collection: str, write: str, slug: str | None = None, version_seen: int = 0, body=None):
        if self.transport == "rest":
            return self._rest(collection, write, slug, version_seen, body)
        return self._graphql(collection, write, slug, version_seen, body)

    def _rest(self, collection, write, slug, version_seen, body):
        url = f"/api/v1/{collection}" + (f"/{slug}" if slug else "")
        headers = {**self.headers, "If-Match": f'"{version_seen}.seen"'}  # an ETag is "<version>.<hash>"
        if write == "create":
            return self.client.post(url, json=body, headers=self.headers)
        if write == "update":
            return self.client.patch(url, json=body, headers=headers)
        if write == "translate":
            return self.client.put(f"{url}/translations/sv", json=body, headers=headers)
        if write == "delete":
            return self.client.delete(url, headers=headers)
        return self.client.post(f"{url}/{write}", json={} if write == "publish" else None, headers=headers)

    def _graphql(self, collection, write, slug, version_seen, body):
        name = TYPES[collection][0]
        target = "slug: $slug, expectedVersion: $version"
        arguments = "$slug: String!, $version: Int!"
        variables = {"slug": slug, "version": version_seen}
        if write == "create":
            document = f"mutation($input: {name}Input!) {{ result: create{name}(input: $input) {{ slug }} }}"
            variables = {"input": graphql_input(body)}
        elif write == "update":
            document = (
                f"mutation({arguments}, $input: {name}Input!) "
                f"{{ result: update{name}({target}, input: $input) {{ slug }} }}"
            )
            variables["input"] = graphql_input(body)
        elif write == "translate":
            document = (
                f"mutation({arguments}, $input: {name}TextInput!) "
                f"{{ result: set{name}Translation({target}, input: $input) {{ slug }} }}"
            )
            variables["input"] = {"locale": "sv", **graphql_input(body)}
        else:
            document = f"mutation({arguments}) {{ result: {write}{name}({target}) {{ slug }} }}"
        return post(self.client, document, variables, self.headers)


def graphql_input(body: dict) -> dict:
    """A REST body as a GraphQL input: camelCase, texts as a list, enum values by their GraphQL names."""
    converted = {}
    for key, value in body.items():
        if key == "translations":
            value = [{"locale": locale, **graphql_input(text)} for locale, text in value.items()]
        elif key in ("kind", "status"):
            value = value.upper()
        converted[to_camel_case(key)] = value
    return converted


def outcome(response, transport: str, done: int) -> int:
    """The write's status: REST's own; for GraphQL, `done` on success or the status its error code stands for.
    A refusal must be a problem with the type of its status (REST), or one error with its code (GraphQL)."""
    if transport == "rest":
        if response.status_code >= 400:
            assert response.mimetype == PROBLEM, response.get_data(as_text=True)
            assert response.status_code in REFUSALS, response.json
            assert response.json["type"] == REFUSALS[response.status_code][0], response.json
        return response.status_code
    assert response.status_code == 200, response.get_data(as_text=True)
    assert_no_traceback(response)
    if "errors" not in response.json:
        assert response.json["data"]["result"]
        return done
    [error] = response.json["errors"]
    assert response.json["data"] == {"result": None}
    return STATUS_OF_CODE.get(error["extensions"]["code"], error["extensions"]["code"])


def assert_status(response, transport: str, status: int, field: str | None = None) -> None:
    """The write had `status` (see `outcome`), and a refusal that names a field names `field`."""
    assert outcome(response, transport, done=status if status < 400 else 200) == status
    if field is not None:
        body = response.json if transport == "rest" else response.json["errors"][0]["extensions"]
        assert [param["name"] for param in body["invalid_params"]] == [field]


@pytest.fixture
def editor(runner):
    return token(runner, "editor")


def arrange_target(client, editor: dict, collection: str) -> str:
    """Partner A's organisation and, for any other type, an item A owns (published, if it can be): its slug."""
    made = created(client, "partners", new_item("partners", "Spring Collective"), editor)
    if collection in ("themes", "authors"):
        made = created(client, collection, new_item(collection, "Target"), editor)
    elif collection != "partners":
        body = new_item(collection, "Target", organisation=A)
        made = created(client, collection, {**body, "partners": [A]} if collection != "vacancies" else body, editor)
        made = client.post(f"/api/v1/{collection}/target/publish", json={}, headers=if_match(made, editor))
    return made.json["slug"]


def headers_of(runner, role: str) -> dict:
    partner = {"partner A": A, "partner B": B}.get(role)
    return {} if role == "anonymous" else token(runner, "partner" if partner else role, partner)


@pytest.mark.parametrize("transport", ["rest", "graphql"])
@pytest.mark.parametrize(("collection", "role"), [(collection, role) for collection in EXPECTED for role in ROLES])
def test_who_may_write_what(client, runner, editor, transport, collection, role):
    slug = arrange_target(client, editor, collection)
    writer = Writer(client, headers_of(runner, role), transport)
    _name, change, text = TYPES[collection]
    own = {"partner A": A, "partner B": B}.get(role, A)
    bodies = {"create": new_item(collection, "Fresh", organisation=own), "update": change, "translate": text}
    expected = dict(zip(writes_of(collection), EXPECTED[collection][role], strict=True))
    found = {}
    for write, status in expected.items():
        seen = client.get(f"/api/v1/{collection}/{slug}", headers=editor).json["version"]
        response = writer.write(collection, write, None if write == "create" else slug, seen, bodies.get(write))
        found[write] = outcome(response, transport, done=status if status < 400 else 200)
    assert found == expected


# A partner naming other organisations. Novi Ritm is partner A here; a shared post names Novi Ritm and KobieTY.
NOVI_RITM, KOBIETY = "novi-ritm", "kobiety"
OWN_POST = {"partners": [NOVI_RITM]}
SHARED_POST = {"partners": [NOVI_RITM, KOBIETY]}
OWN_VACANCY = {"host": NOVI_RITM}
PROJECT = {"partners": [NOVI_RITM]}

# (who, the item written to (None: a create), the type, the input, the status, the field a refusal names)
NAMING = [
    # Finding 4: a post naming another organisation is for staff to publish.
    ("novi-ritm", None, "posts", {"partners": [KOBIETY]}, 403, "partners"),
    ("novi-ritm", None, "posts", {"partners": [NOVI_RITM, KOBIETY]}, 403, "partners"),
    ("novi-ritm", None, "posts", {"partners": [NOVI_RITM]}, 201, None),
    ("novi-ritm", None, "posts", {"partners": []}, 201, None),  # named by itself: its own
    ("editor", None, "posts", {"partners": [KOBIETY, NOVI_RITM]}, 201, None),
    ("admin", None, "posts", {"partners": [KOBIETY]}, 201, None),
    ("anonymous", None, "posts", {"partners": [NOVI_RITM]}, 401, None),
    # A vacancy's host.
    ("novi-ritm", None, "vacancies", {"host": KOBIETY}, 403, "host"),
    ("novi-ritm", None, "vacancies", {"host": NOVI_RITM}, 201, None),
    ("novi-ritm", None, "vacancies", {}, 201, None),  # hosted by itself
    ("editor", None, "vacancies", {"host": KOBIETY}, 201, None),
    # Projects are staff's, whoever they name.
    ("novi-ritm", None, "projects", {"partners": [NOVI_RITM]}, 403, None),
    ("editor", None, "projects", {"partners": [KOBIETY, NOVI_RITM]}, 201, None),
    # Changing an item it owns: adding or removing another organisation is refused, an unchanged list is not.
    ("novi-ritm", OWN_POST, "posts", {"partners": [NOVI_RITM, KOBIETY]}, 403, "partners"),
    ("novi-ritm", OWN_POST, "posts", {"partners": [KOBIETY]}, 403, "partners"),
    ("novi-ritm", OWN_POST, "posts", {"partners": []}, 403, None),  # writing itself out of its own post
    ("novi-ritm", SHARED_POST, "posts", {"partners": [KOBIETY, NOVI_RITM]}, 200, None),
    ("novi-ritm", SHARED_POST, "posts", {"partners": [NOVI_RITM], "sensitive": True}, 403, "partners"),
    ("kobiety", SHARED_POST, "posts", {"partners": [KOBIETY]}, 403, "partners"),
    ("kobiety", SHARED_POST, "posts", {"sensitive": True}, 200, None),
    # Someone else's draft: MÄN cannot read it, so it is not there for MÄN.
    ("man", SHARED_POST, "posts", {"partners": [NOVI_RITM, KOBIETY, "man"]}, 404, None),
    ("editor", SHARED_POST, "posts", {"partners": ["man"]}, 200, None),
    ("novi-ritm", OWN_VACANCY, "vacancies", {"host": KOBIETY}, 403, "host"),
    ("novi-ritm", OWN_VACANCY, "vacancies", {"host": NOVI_RITM, "positions": 4}, 200, None),
    ("admin", OWN_VACANCY, "vacancies", {"host": KOBIETY}, 200, None),
    ("novi-ritm", PROJECT, "projects", {"partners": [NOVI_RITM]}, 403, None),
    ("editor", PROJECT, "projects", {"partners": [KOBIETY]}, 200, None),
]


def as_role(runner, who: str) -> dict:
    if who in ("editor", "admin"):
        return token(runner, who)
    return {} if who == "anonymous" else token(runner, "partner", who)


@pytest.mark.parametrize("transport", ["rest", "graphql"])
@pytest.mark.parametrize(("who", "existing", "collection", "change", "status", "field"), NAMING)
def test_a_partner_names_no_organisation_but_its_own(
    client, runner, editor, transport, who, existing, collection, change, status, field
):
    writer = Writer(client, as_role(runner, who), transport)
    if existing is None:
        response = writer.write(collection, "create", body={**new_item(collection, "Fresh"), **change})
    else:
        made = created(client, collection, {**new_item(collection, "Shared"), **existing}, editor)
        response = writer.write(collection, "update", "shared", version(made), change)
    assert_status(response, transport, status, field)
    if status >= 400 and existing is not None:  # a refused change leaves the item as it was
        assert client.get(f"/api/v1/{collection}/shared", headers=editor).json["version"] == version(made)


def test_a_refusal_to_name_another_organisation_says_which_field_in_the_readers_language(client, runner):
    novi_ritm = {**token(runner, "partner", NOVI_RITM), "Accept-Language": "sv"}
    body = {**new_item("posts", "Fresh"), "partners": [KOBIETY]}
    refused = client.post("/api/v1/posts", json=body, headers=novi_ritm)
    assert refused.json["detail"] == "Bara personalen får lägga till eller ta bort en annan organisation i ”partners”."
    assert refused.json["invalid_params"] == [{"name": "partners", "reason": refused.json["detail"]}]
    assert client.get("/api/v1/posts?partner=kobiety&publication_status=draft", headers=novi_ritm).json["total"] == 0


# Finding 5: a slug clash is a 409 with the same answer whether the partner may read the item holding it or not.


def hidden_draft(client, editor) -> None:
    """A draft no partner may read, holding the slug `hidden`."""
    created(client, "posts", {**new_item("posts", "Hidden"), "partners": [KOBIETY]}, editor)


@pytest.mark.parametrize("transport", ["rest", "graphql"])
def test_a_taken_slug_is_the_same_409_whether_the_item_is_visible_or_not(client, runner, editor, transport):
    hidden_draft(client, editor)
    writer = Writer(client, token(runner, "partner", NOVI_RITM), transport)
    answers = []
    for taken in ("hidden", "maria-from-journalist-to-ngo"):  # a draft it cannot read, a published post
        response = writer.write("posts", "create", body={**new_item("posts", "Fresh"), "slug": taken})
        assert_status(response, transport, 409)
        answer = response.json if transport == "rest" else response.json["errors"][0]
        answers.append(str(answer).replace(taken, "…"))
    assert answers[0] == answers[1]


@pytest.mark.parametrize("transport", ["rest", "graphql"])
def test_renaming_onto_a_hidden_drafts_slug_is_a_409(client, runner, editor, transport):
    hidden_draft(client, editor)
    novi_ritm = token(runner, "partner", NOVI_RITM)
    own = created(client, "posts", new_item("posts", "Own"), novi_ritm)
    response = Writer(client, novi_ritm, transport).write("posts", "update", "own", version(own), {"slug": "hidden"})
    assert_status(response, transport, 409)


def test_a_slug_made_from_a_title_steps_past_a_hidden_draft(client, runner, editor):
    hidden_draft(client, editor)
    made = created(client, "posts", new_item("posts", "Hidden"), token(runner, "partner", NOVI_RITM))
    assert made.json["slug"] == "hidden-2"


def test_a_draft_a_partner_cannot_read_is_a_404_like_a_missing_item(client, runner, editor):
    hidden_draft(client, editor)
    novi_ritm = if_match(client.get("/api/v1/posts/maria-from-journalist-to-ngo"), token(runner, "partner", NOVI_RITM))
    hidden = client.patch("/api/v1/posts/hidden", json={"sensitive": True}, headers=novi_ritm)
    missing = client.patch("/api/v1/posts/nowhere", json={"sensitive": True}, headers=novi_ritm)
    assert_problem(hidden, 404)
    assert hidden.json == {**missing.json, "detail": missing.json["detail"].replace("nowhere", "hidden")}


def test_a_slug_taken_between_the_check_and_the_commit_is_the_same_409(client, runner, editor, monkeypatch):
    """Two writers may both find a slug free; the database's unique constraint refuses the second."""
    hidden_draft(client, editor)
    novi_ritm = token(runner, "partner", NOVI_RITM)
    body = {**new_item("posts", "Fresh"), "slug": "hidden"}
    checked = client.post("/api/v1/posts", json=body, headers=novi_ritm)
    held, checks = operations._held, []

    def racing(*args, **kwargs) -> bool:  # the first look finds the slug free, as a concurrent writer's did
        checks.append(args)
        return len(checks) > 1 and held(*args, **kwargs)

    monkeypatch.setattr(operations, "_held", racing)
    raced = client.post("/api/v1/posts", json=body, headers=novi_ritm)
    assert_problem(raced, 409)
    assert raced.json == checked.json


def test_any_unique_value_refused_at_commit_is_a_409_never_a_500(client, editor, monkeypatch):
    """A backstop for what no check foresaw: the database's refusal, answered without naming what it found."""
    monkeypatch.setattr(operations, "_held", lambda *_args, **_kw: False)
    response = client.post("/api/v1/themes", json={**new_item("themes", "Peace"), "slug": "youth"}, headers=editor)
    assert_problem(response, 409)
    assert response.json["type"] == "/problems/write-conflict"
    assert "youth" not in response.json["detail"]
