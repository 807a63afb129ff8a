"""/metrics: requests counted by route (the URL rule, not the path), method and status, with their latency, and the
database pool's connections, in Prometheus' text format. (Several gunicorn workers: tests/test_gunicorn.py.)"""

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine

from api import metrics

SLUG = "does-authoritarianism-exist-in-central-asia"


def samples(client) -> dict[tuple, float]:
    """{(sample name, sorted labels): value} from a scrape."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.cache_control.no_store
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


def requests(scrape: dict, route: str, method: str = "GET", status: str = "200") -> float:
    labels = (("method", method), ("route", route), ("status", status))
    return scrape.get(("cag_http_requests_total", labels), 0)


def test_requests_are_counted_by_url_rule_method_and_status(client):
    before = samples(client)
    for _ in range(3):
        assert client.get(f"/api/v1/posts/{SLUG}").status_code == 200
    assert client.get("/api/v1/posts/no-such-post").status_code == 404
    after = samples(client)
    route = "/api/v1/posts/<slug:slug>"
    assert requests(after, route) - requests(before, route) == 3
    assert requests(after, route, status="404") - requests(before, route, status="404") == 1
    assert not any(SLUG in str(labels) for _name, labels in after), "a path is never a label"


def test_unknown_paths_and_methods_do_not_make_new_series(client):
    before = samples(client)
    for number in range(3):
        assert client.get(f"/no/such/page/{number}").status_code == 404
    assert client.open("/api/v1/posts", method="BREW").status_code == 405
    after = samples(client)
    assert requests(after, "unmatched", status="404") - requests(before, "unmatched", status="404") == 3
    assert requests(after, "unmatched", "other", "405") - requests(before, "unmatched", "other", "405") == 1


def test_a_304_is_counted_as_a_304(client):
    etag = client.get("/api/v1/themes").headers["ETag"]
    before = samples(client)
    assert client.get("/api/v1/themes", headers={"If-None-Match": etag}).status_code == 304
    assert (
        requests(samples(client), "/api/v1/themes", status="304") - requests(before, "/api/v1/themes", status="304")
        == 1
    )


def test_latency_is_a_histogram_per_route(client):
    client.get("/api/v1/themes")
    scrape = samples(client)
    labels = (("method", "GET"), ("route", "/api/v1/themes"), ("status", "200"))
    count = scrape[("cag_http_request_duration_seconds_count", labels)]
    assert count >= 1
    assert scrape[("cag_http_request_duration_seconds_sum", labels)] > 0
    infinite = scrape[("cag_http_request_duration_seconds_bucket", tuple(sorted((*labels, ("le", "+Inf")))))]
    assert infinite == count


def test_the_database_pool_is_reported(client):
    client.get("/api/v1/posts")
    scrape = samples(client)
    primary = (("database", "primary"),)
    assert scrape[("cag_db_pool_size", primary)] == 5  # SQLAlchemy's QueuePool, SQLite's file pool too
    assert scrape[("cag_db_pool_checked_out", primary)] == 0  # every request has given its connection back
    assert scrape[("cag_db_pool_overflow", primary)] == 0


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///{tmp}/pool.db"])
def test_pool_gauges_follow_checkouts_on_any_pool(url, tmp_path):
    """An in-memory SQLite has a SingletonThreadPool, without a size; a file one a QueuePool."""
    engine = create_engine(url.format(tmp=tmp_path))
    database = f"test-{len(url)}"
    metrics.watch_pool(engine, database)
    labels = {"database": database}
    with engine.connect():
        assert REGISTRY.get_sample_value("cag_db_pool_checked_out", labels) == 1
    assert REGISTRY.get_sample_value("cag_db_pool_checked_out", labels) == 0
    engine.dispose()
