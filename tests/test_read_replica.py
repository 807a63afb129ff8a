"""With DATABASE_REPLICA_URL, reads are answered from the replica and writes (with their own reads) by the primary.

Two real PostgreSQL databases copied from the same template stand in for a primary and its replica; the replica's
copy of one post is changed so that every answer shows which database it came from. Nothing replicates between
them, which is what a lagging replica looks like to a client.
"""

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES_URL, dispose, make_app
from tests.editing_helpers import token

SLUG = "maria-from-journalist-to-ngo"
URL = f"/api/v1/posts/{SLUG}"
ON_REPLICA = "As the replica has it"
TITLE_QUERY = {"query": f'{{ post(slug: "{SLUG}") {{ title version }} }}'}

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="a replica needs two PostgreSQL databases: set TEST_DATABASE_URL"
)


def change_on_replica(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        post = connection.scalar(text("SELECT id FROM posts WHERE slug = :slug"), {"slug": SLUG})
        connection.execute(
            text("UPDATE post_translations SET title = :title WHERE item_id = :id"), {"title": ON_REPLICA, "id": post}
        )
        connection.execute(text("UPDATE posts SET version = 7 WHERE id = :id"), {"id": post})
    engine.dispose()


@pytest.fixture
def app(databases):
    primary, replica = databases.create(), databases.create()
    change_on_replica(replica)
    app = make_app(primary, DATABASE_REPLICA_URL=replica)
    yield app
    dispose(app)
    databases.drop(primary)
    databases.drop(replica)


@pytest.fixture
def editor(app):
    return token(app.test_cli_runner(), "editor")  # made by the CLI, so on the primary only


def test_anonymous_reads_come_from_the_replica(client):
    assert client.get(URL).json["title"] == ON_REPLICA
    assert client.get(URL).headers["ETag"].startswith('"7.')
    assert ON_REPLICA in [post["title"] for post in client.get("/api/v1/posts").json["items"]]
    assert client.get("/graphql", query_string=TITLE_QUERY).json["data"]["post"]["title"] == ON_REPLICA
    assert client.post("/graphql", json=TITLE_QUERY).json["data"]["post"] == {"title": ON_REPLICA, "version": 7}


def test_a_write_and_its_own_reads_go_to_the_primary(client, editor):
    on_replica = client.get(URL).headers["ETag"]
    stale = client.patch(URL, json={"sensitive": True}, headers={**editor, "If-Match": on_replica})
    assert stale.status_code == 412  # the If-Match check read the primary's version 1, not the replica's 7

    read = client.get(URL, headers=editor)  # a token's reads are the primary's: an editor sees what it wrote
    assert (read.json["title"], read.json["version"]) != (ON_REPLICA, 7)
    written = client.patch(
        URL, json={"video_url": "https://example.org/v"}, headers={**editor, "If-Match": read.headers["ETag"]}
    )
    assert written.status_code == 200
    assert (written.json["title"], written.json["version"]) == (read.json["title"], 2)

    # Read-your-write: an anonymous read may show the replica's state until it has caught up.
    assert client.get(URL).json["title"] == ON_REPLICA


def test_a_graphql_mutation_runs_on_the_primary_even_beside_a_query(client, editor):
    mutation = (
        f'mutation {{ updatePost(slug: "{SLUG}", expectedVersion: 1, input: {{sensitive: true}}) {{ title version }} }}'
    )
    answer = client.post("/graphql", json={"query": mutation}, headers=editor).json
    assert answer["data"]["updatePost"]["version"] == 2
    assert answer["data"]["updatePost"]["title"] != ON_REPLICA
    read = f'query Read {{ post(slug: "{SLUG}") {{ title }} }}'
    named = {"query": f"{read} {mutation.replace('mutation', 'mutation Write', 1)}", "operationName": "Write"}
    refused = client.post("/graphql", json=named, headers=editor).json
    assert refused["errors"][0]["extensions"]["code"] == "STALE_VERSION"  # checked against the primary's version 2


def test_a_sync_writes_the_change_log_on_the_primary(client):
    """A sync appends to the change log as it reads (api.changes.note_went_live): a replica could not."""
    titles = [entry["item"].get("title") for entry in client.get("/api/v1/sync?types=posts").json["items"]]
    assert ON_REPLICA not in titles
    assert len(titles) == 5
