"""The app as wsgi.py makes it, plus one Prometheus counter for the benchmarks: how each response was made.

The app has no response-cache counter and no header saying whether an answer came from the cache, so
bench/mixed.py serves this module instead of wsgi:app (`gunicorn bench.instrumented:app`) and reads
`cag_bench_responses_total{source=…}` from /metrics:

- `cache`: answered from the response cache (api.response_cache.served_from_cache());
- `rendered`: a public read that ran its view (a miss: its answer is now stored for the next reader);
- `other`: the rest (requests with a token, writes, errors, /metrics itself).

One after-request hook, the last to run, so that it sees the final Cache-Control; nothing else changes.
"""

from flask import request
from prometheus_client import Counter

from api import response_cache
from wsgi import app

RESPONSES = Counter("cag_bench_responses", "Responses by how they were made (bench/instrumented.py).", ["source"])
SOURCES = {source: RESPONSES.labels(source) for source in ("cache", "rendered", "other")}


def count_source(response):
    if response_cache.served_from_cache():
        source = "cache"
    elif (
        request.method == "GET"
        and response.status_code == 200
        and response.cache_control.public
        and "Authorization" not in request.headers
    ):
        source = "rendered"
    else:
        source = "other"
    SOURCES[source].inc()
    return response


# after_request functions run last-registered first: at the front of the list, this one runs after all the app's.
app.after_request_funcs.setdefault(None, []).insert(0, count_source)
