"""The one cursor pagination: keyset over (sort key, tie-breaker), signed cursors, `next` links and `total`.

Keyset pagination makes page 1,000 cost what page 1 costs; the cursor is signed so a forged or edited one is a
400 rather than a confusing page.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from flask import current_app, request
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Row, Select, func, select, tuple_

from api.errors import InvalidParameter
from api.extensions import db

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class Order:
    """A sort: `key` must never be NULL (coalesce it), `tiebreak` must be unique."""

    name: str
    key: Any
    tiebreak: Any
    descending: bool
    parse: Callable[[Any], Any] = lambda value: value

    def clauses(self):
        if self.descending:
            return self.key.desc(), self.tiebreak.desc()
        return self.key.asc(), self.tiebreak.asc()

    def after(self, key: Any, tiebreak: Any):
        # A row-value comparison, which both engines turn into one range of a (key, id) index.
        row, seen = tuple_(self.key, self.tiebreak), tuple_(key, tiebreak)
        return row < seen if self.descending else row > seen


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    counted: Select
    limit: int
    next_cursor: str | None
    order: Order

    @cached_property
    def total(self) -> int:
        """Counted when asked for: feeds and widgets never show it, and at 100k items it is a page's dearest part."""
        return count(self.counted)

    @property
    def items(self) -> list:
        return [row[0] for row in self.rows]

    def cursor(self, row: Row) -> str:
        """The cursor that continues after this row (GraphQL gives one to every edge)."""
        return encode_cursor(self.order, row[-2], row[-1])


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="cursor")


def _to_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def encode_cursor(order: Order, key: Any, tiebreak: Any) -> str:
    return _serializer().dumps([order.name, _to_json(key), _to_json(tiebreak)])


def decode_cursor(order: Order, cursor: str) -> tuple[Any, Any]:
    try:
        name, key, tiebreak = _serializer().loads(cursor)
        if name != order.name:
            raise InvalidParameter("cursor", gettext("The cursor belongs to another sort order."))
        return order.parse(key), tiebreak
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidParameter("cursor", gettext("The cursor is not one this API issued.")) from error


def count(stmt: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))


def paginate(stmt: Select, order: Order, limit: int, cursor: str | None, counted: Select | None = None) -> Page:
    """A page of `stmt` after `cursor`; `total` counts `counted` when given (the same rows, cheaper to count)."""
    query = stmt.add_columns(order.key, order.tiebreak)
    if cursor:
        query = query.where(order.after(*decode_cursor(order, cursor)))
    rows = db.session.execute(query.order_by(*order.clauses()).limit(limit + 1)).all()
    page = Page(rows[:limit], stmt if counted is None else counted, limit, None, order)
    if len(rows) > limit:
        return replace(page, next_cursor=page.cursor(rows[limit - 1]))
    return page


def page_url(cursor: str | None) -> str:
    args = [(name, value) for name, value in request.args.items(multi=True) if name != "cursor"]
    if cursor:
        args.append(("cursor", cursor))
    return request.base_url + ("?" + urlencode(args) if args else "")


def paginated_response(page: Page, items: list) -> tuple[dict, dict]:
    """The list envelope and its RFC 8288 Link header."""
    next_url = page_url(page.next_cursor) if page.next_cursor else None
    links = [f'<{page_url(None)}>; rel="first"']
    if next_url:
        links.append(f'<{next_url}>; rel="next"')
    body = {"items": items, "total": page.total, "limit": page.limit, "next": next_url, "next_cursor": page.next_cursor}
    return body, {"Link": ", ".join(links)}
