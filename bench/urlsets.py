"""Sets of distinct URL paths per route, drawn from the database being measured, for bench/run.py and bench/mixed.py.

Every URL of a set is different from every other, so that nothing a server keeps per URL (the response cache, a
statement's cached result) is reused within a run: lists vary published_before (real published_at values), lang,
limit and one filter; items are every published slug in every locale; searches use words taken from the content,
common and rare; GraphQL sends one document over GET with varying first, lang and filter variables.

    .venv/bin/python bench/urlsets.py --database-url sqlite:////tmp/b1k.db      # counts and a sample of each
"""

import argparse
import json
import random
import re
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from sqlalchemy import create_engine, text

LOCALES = ("en", "sv", "ru", "ky", "pl")
# Tags that the API maps onto its locales (api.i18n.match_locale): used for items only once the plain ones run out.
REGIONAL = tuple(
    "en-GB en-US en-AU en-CA en-IE en-NZ en-IN en-ZA sv-SE sv-FI sv-AX ru-RU ru-KG ru-KZ ru-BY ru-UA ky-KG pl-PL "
    "EN SV RU KY PL en-gb sv-se ru-ru ky-kg pl-pl".split()
)
KINDS = ("article", "news", "story", "video")
LIMITS = (19, 20, 21)  # a page of 20 on average
# Content in the data set is written in en, sv and ru (bench/generate.py); ky and pl readers get the fallback.
SEARCH_LOCALES = {"en": ("en", "ky", "pl"), "sv": ("sv",), "ru": ("ru",)}
GRAPHQL = (
    "query Posts($first: Int!, $lang: String, $filter: PostFilter) { posts(first: $first, lang: $lang, "
    "filter: $filter) { totalCount edges { cursor node { slug title excerpt publishedAt author { name } "
    "themes { slug name } partners { slug name } project { slug title } } } } }"
)
ROUTES = ("REST list (20)", "REST item", "search, one type", "search, all types", "GraphQL nested list")
WORD = re.compile(r"\w{3,}", re.UNICODE)


class Content:
    """What the URLs are made of, read once from the database."""

    def __init__(self, database_url: str, sample_texts: int = 30_000) -> None:
        engine = create_engine(database_url)
        now = datetime.now(UTC)
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT slug, published_at, publication_status FROM posts ORDER BY published_at")
            ).all()
            self.posts = [
                (slug, moment)
                for slug, published, status in rows
                if status in ("published", "scheduled") and (moment := _moment(published)) <= now
            ]
            self.themes = _column(
                connection, "SELECT DISTINCT t.slug FROM themes t JOIN post_themes p ON p.theme_id = t.id"
            )
            self.authors = _column(
                connection, "SELECT DISTINCT a.slug FROM authors a JOIN posts p ON p.author_id = a.id"
            )
            self.countries = _column(connection, "SELECT DISTINCT country_code FROM post_countries")
            self.words = {}
            for locale in SEARCH_LOCALES:
                texts = connection.execute(
                    text("SELECT title, excerpt FROM post_translations WHERE locale = :locale ORDER BY id LIMIT :n"),
                    {"locale": locale, "n": sample_texts},
                ).all()
                counts = Counter(
                    word.lower() for row in texts for value in row if value for word in WORD.findall(value)
                )
                self.words[locale] = [word for word, _ in counts.most_common()]
        engine.dispose()
        if not self.posts:
            raise SystemExit(f"{database_url}: no published posts")
        self.times = [moment for _, moment in self.posts]


def _column(connection, sql: str) -> list[str]:
    return sorted(value for (value,) in connection.execute(text(sql)))


def _moment(value) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _distinct(make, count: int, attempts_per_url: int = 20) -> list[str]:
    """Up to `count` distinct results of `make()` (fewer when the space runs out), in the order drawn."""
    seen: dict[str, None] = {}
    for _ in range(count * attempts_per_url):
        seen.setdefault(make(), None)
        if len(seen) >= count:
            break
    return list(seen)


def _filter(rng: random.Random, content: Content) -> tuple[str, str] | None:
    """No filter for most pages; otherwise one of the filters a site's pages use."""
    roll = rng.random()
    if roll < 0.6:
        return None
    choices = [
        ("theme", content.themes),
        ("country", content.countries),
        ("kind", KINDS),
        ("author", content.authors),
    ]
    name, values = choices[int((roll - 0.6) / 0.1)]
    return (name, rng.choice(values)) if values else None


def _before(rng: random.Random, content: Content, filtered: bool) -> datetime:
    """A real published_at, from the newest 90% (a filtered page: the newest 25%), so a page is mostly full."""
    times = content.times
    start = int(len(times) * (0.75 if filtered else 0.1))
    return times[rng.randrange(start, len(times))]


def rest_lists(content: Content, count: int, rng: random.Random) -> list[str]:
    def make() -> str:
        chosen = _filter(rng, content)
        query = {"limit": rng.choice(LIMITS), "lang": rng.choice(LOCALES)}
        query["published_before"] = _iso(_before(rng, content, chosen is not None))
        if chosen:
            query[chosen[0]] = chosen[1]
        return "/api/v1/posts?" + urlencode(query)

    return _distinct(make, count)


def rest_items(content: Content, count: int, rng: random.Random) -> list[str]:
    """Every slug in every locale, shuffled; regional tags (en-GB …) after them, only if more are asked for."""
    slugs = [slug for slug, _ in content.posts]
    plain = [f"/api/v1/posts/{slug}?lang={locale}" for slug in slugs for locale in LOCALES]
    rng.shuffle(plain)
    if len(plain) >= count:
        return plain[:count]
    regional = [f"/api/v1/posts/{slug}?lang={tag}" for slug in slugs for tag in REGIONAL]
    rng.shuffle(regional)
    return (plain + regional)[:count]


def _query(rng: random.Random, content: Content, locale: str) -> str:
    """A common word, a rare one, or a common and a rare one together."""
    words = content.words[locale]
    common = words[: max(1, len(words) // 50)]
    rare = words[len(common) :] or common
    roll = rng.random()
    if roll < 1 / 3:
        return rng.choice(common)
    if roll < 2 / 3:
        return rng.choice(rare)
    return f"{rng.choice(common)} {rng.choice(rare)}"


def searches(content: Content, count: int, rng: random.Random, one_type: bool) -> list[str]:
    sources = [locale for locale in SEARCH_LOCALES if content.words.get(locale)]

    def make() -> str:
        source = rng.choice(sources)
        query = {"q": _query(rng, content, source), "lang": rng.choice(SEARCH_LOCALES[source])}
        query["limit"] = rng.choice(LIMITS)
        if one_type:
            query["type"] = "post"
        return "/api/v1/search?" + urlencode(query, quote_via=quote)

    return _distinct(make, count)


def graphql_lists(content: Content, count: int, rng: random.Random) -> list[str]:
    names = {"theme": "theme", "country": "country", "kind": "kind", "author": "author"}
    document = quote(GRAPHQL)

    def make() -> str:
        chosen = _filter(rng, content)
        variables = {"first": rng.choice(LIMITS), "lang": rng.choice(LOCALES)}
        filters = {"publishedBefore": _iso(_before(rng, content, chosen is not None))}
        if chosen:
            value = chosen[1].upper() if chosen[0] == "kind" else chosen[1]  # a GraphQL enum
            filters[names[chosen[0]]] = value
        variables["filter"] = filters
        return f"/graphql?query={document}&variables={quote(json.dumps(variables, separators=(',', ':')))}"

    return _distinct(make, count)


def route_urls(content: Content, count: int, seed: int = 2026) -> dict[str, list[str]]:
    """Up to `count` distinct URL paths for each API route."""
    rng = random.Random(seed)
    return {
        "REST list (20)": rest_lists(content, count, rng),
        "REST item": rest_items(content, count, rng),
        "search, one type": searches(content, count, rng, one_type=True),
        "search, all types": searches(content, count, rng, one_type=False),
        "GraphQL nested list": graphql_lists(content, count, rng),
    }


def floor_urls(times: list[str], count: int, seed: int = 2026) -> list[str]:
    """The floor app's list (bench/floor.py): before × lang × limit, as many as asked for."""
    rng = random.Random(seed)
    start = len(times) // 10

    def make() -> str:
        before = times[rng.randrange(start, len(times))]
        return f"/rows?before={before}&lang={rng.choice(LOCALES)}&limit={rng.choice(LIMITS)}"

    return _distinct(make, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--count", type=int, default=20_000)
    args = parser.parse_args()
    content = Content(args.database_url)
    print(
        f"{len(content.posts)} published posts; words: " + ", ".join(f"{k} {len(v)}" for k, v in content.words.items())
    )
    for name, urls in route_urls(content, args.count).items():
        print(f"\n{name}: {len(urls)} distinct")
        for url in urls[:3]:
            print("  ", url)


if __name__ == "__main__":
    main()
