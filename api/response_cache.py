"""Rendered answers to public content reads, kept under their validator and sent again without running the view.

The key is the content validator (api.caching: path, query, locale, reader and the content's state) plus the
content coding asked for. A write that can change what an answer shows, or time passing a publication or a
deadline, changes that answer's state and so its key: an old entry can no longer be reached, nothing ever needs
invalidating, and a draft's saves leave every public entry in place. Only public answers are kept (no
token, no preview link), so what a token sees is never handed to anyone else.

Entries live in each process's memory (RESPONSE_CACHE_MB, least recently used out first) and, with REDIS_URL, in
Redis too (RESPONSE_CACHE_TTL seconds), where every app server finds what one of them rendered. While Redis is
away, each process keeps to its own memory.
"""

import json
import threading
from collections import OrderedDict

import redis
from flask import Flask, Response, current_app, g, request

from api import caching, compression, redis_store

# Headers that belong to one exchange, not to the representation: flask-cors, the limiter and the request log
# add their own to every answer, a cached one included.
PER_REQUEST = ("access-control-", "x-ratelimit-", "retry-after", "x-request-id", "date", "content-length", "set-cookie")


class MemoryStore:
    """A least-recently-used map with a budget in bytes; shared by a process's threads."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key: str, value: bytes) -> None:
        if len(value) > self.budget // 8:
            return  # one huge answer must not push out everything else
        with self.lock:
            old = self.entries.pop(key, None)
            self.used += len(value) - (len(old) if old else 0)
            self.entries[key] = value
            while self.used > self.budget:
                _, dropped = self.entries.popitem(last=False)
                self.used -= len(dropped)


def _key() -> str:
    return f"{caching.content_tag()}:{compression.chosen_encoding() or 'identity'}"


def _cacheable() -> bool:
    return (
        current_app.extensions.get("response_cache") is not None
        and caching.is_content_read()
        and caching.for_everyone()
    )


def _encode(response: Response) -> bytes:
    headers = [(name, value) for name, value in response.headers.items() if not name.lower().startswith(PER_REQUEST)]
    return json.dumps([response.status_code, headers]).encode() + b"\n" + response.get_data()


def _decode(entry: bytes) -> Response:
    head, _, body = entry.partition(b"\n")
    status, headers = json.loads(head)
    return Response(body, status=status, headers=headers)


def answer_from_cache() -> Response | None:
    """Before any view runs (after api.caching.answer_unchanged): the stored answer for this request, if any."""
    if not _cacheable():
        return None
    key = _key()
    memory = current_app.extensions["response_cache"]
    entry = memory.get(key)
    if entry is None:
        entry = _shared_get(key)
        if entry is None:
            return None
        memory.put(key, entry)
    g.served_from_cache = True
    return _decode(entry).make_conditional(request)  # If-Modified-Since (If-None-Match was answered before)


def served_from_cache() -> bool:
    return g.get("served_from_cache", False)


def keep(response: Response) -> None:
    """After the answer is final (validators, compression, Cache-Control): store it when others may reuse it."""
    if (
        request.method != "GET"
        or response.status_code != 200
        or response.is_streamed
        or not response.cache_control.public
        or not _cacheable()
    ):
        return
    key, entry = _key(), _encode(response)
    current_app.extensions["response_cache"].put(key, entry)
    _shared_put(key, entry)


def _shared_get(key: str) -> bytes | None:
    client = redis_store.client()
    if client is None:
        return None
    try:
        return client.get(redis_store.store().key("answers", key))
    except redis.RedisError as error:
        redis_store.failed(error)
        return None


def _shared_put(key: str, entry: bytes) -> None:
    client = redis_store.client()
    if client is None:
        return
    try:
        client.set(redis_store.store().key("answers", key), entry, ex=current_app.config["RESPONSE_CACHE_TTL"])
    except redis.RedisError as error:
        redis_store.failed(error)


def register_response_cache(app: Flask) -> None:
    budget = app.config["RESPONSE_CACHE_MB"] * 1024 * 1024
    app.extensions["response_cache"] = MemoryStore(budget) if budget > 0 else None
