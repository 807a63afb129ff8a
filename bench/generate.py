"""Generate a realistic data set for the benchmarks: N posts, projects and vacancies (by default N of each), with
texts in several languages, bodies of a few KB, themes, countries, partners and authors, on top of the demo content.

    .venv/bin/python bench/generate.py --database-url sqlite:///bench/bench.db --items 100000
    .venv/bin/python bench/generate.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench --items 1000

The database is emptied first (SQLite: the file is replaced; PostgreSQL: the public schema is recreated).
Rows go in with bulk INSERTs; each translation's search text is computed by the app's own analyzer, from
paragraph lexemes computed once, so generating 100,000 posts takes minutes, not hours.
"""

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, insert, make_url, select, text  # noqa: E402

from api import create_app, search  # noqa: E402
from api.extensions import db  # noqa: E402
from api.models import (  # noqa: E402
    Author,
    AuthorTranslation,
    Partner,
    PartnerTranslation,
    Post,
    PostTranslation,
    Project,
    ProjectTranslation,
    Theme,
    Vacancy,
    VacancyTranslation,
)
from api.models.links import (  # noqa: E402
    post_countries,
    post_partners,
    post_themes,
    project_countries,
    project_partners,
    project_themes,
    vacancy_countries,
    vacancy_themes,
)

WORDS = {
    "en": "youth rights climate water mountain village school women men equality volunteers exchange organisation "
    "river border freedom press journalists dialogue steppe herders glacier energy migration labour community "
    "festival workshop training camp solidarity partnership justice health education".split(),
    "sv": "ungdom rättigheter klimat vatten berg byn skolan kvinnor män jämställdhet volontärer utbyte organisation "
    "flod gräns frihet press journalister dialog stäpp herdar glaciär energi migration arbete gemenskap".split(),
    "ru": "молодёжь права климат вода горы село школа женщины мужчины равенство волонтёры обмен организация река "
    "граница свобода пресса журналисты диалог степь пастухи ледник энергия миграция труд община".split(),
}
VOCABULARY: dict[str, list[str]] = {}
COUNTRIES = ["KG", "KZ", "TJ", "UZ", "TM", "SE", "PL", "RU"]
BATCH = 2000
START = datetime(2015, 1, 1, tzinfo=UTC)


SYLLABLES = {
    "en": "ka ri mo sun ta ber lin dor ve sa no lu pe ran tor mi gal",
    "sv": "sko la ber ga vat ten fjäll by grän sen mö te lek å",
    "ru": "ка ри мо су та бер лин до ве са но лу пе ран тор ми гал",
}


def vocabulary(rng: random.Random, locale: str) -> list[str]:
    """The theme words and a few thousand made-up ones: a corpus where most words are rare, as in real text."""
    syllables = SYLLABLES[locale].split()
    made_up = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(4000)}
    return WORDS[locale] + sorted(made_up)


def sentence(rng: random.Random, locale: str, words: int) -> str:
    # Zipf-like: the theme words (first in the list) are common, the made-up ones rarer and rarer.
    chosen = VOCABULARY[locale]
    text = " ".join(chosen[min(int(rng.paretovariate(0.9)) - 1, len(chosen) - 1)] for _ in range(words))
    return text[0].upper() + text[1:] + "."


class Texts:
    """Paragraph pools per locale with their lexemes computed once, from which bodies of a few KB are drawn."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.paragraphs = {
            locale: [
                (html, search.index_text(locale, html))
                for html in (
                    "<p>" + " ".join(sentence(rng, locale, rng.randint(8, 16)) for _ in range(5)) + "</p>"
                    for _ in range(300)
                )
            ]
            for locale in WORDS
        }

    def body(self, locale: str) -> tuple[str, str]:
        chosen = self.rng.sample(self.paragraphs[locale], self.rng.randint(4, 7))
        return "".join(html for html, _ in chosen), " ".join(lexemes for _, lexemes in chosen)

    def short(self, locale: str, words: int) -> str:
        return sentence(self.rng, locale, words)


def fresh_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).unlink(missing_ok=True)
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def next_id(model) -> int:
    return (db.session.scalar(select(model.id).order_by(model.id.desc()).limit(1)) or 0) + 1


def insert_rows(table, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(table), rows)


def add_people(rng: random.Random, texts: Texts, partners: int, authors: int) -> tuple[list[int], list[int]]:
    first_partner, first_author = next_id(Partner), next_id(Author)
    now = datetime.now(UTC)
    partner_rows = [
        {
            "id": first_partner + n,
            "slug": f"bench-partner-{n}",
            "country_code": rng.choice(COUNTRIES),
            "city": texts.short("en", 1),
            "original_locale": "en",
            "created_at": now,
            "updated_at": now,
        }
        for n in range(partners)
    ]
    insert_rows(Partner.__table__, partner_rows)
    insert_rows(
        PartnerTranslation.__table__,
        [
            {
                "item_id": row["id"],
                "locale": "en",
                "name": f"Partner {n}",
                "description": texts.short("en", 20),
                "search_text": search.index_text("en", f"Partner {n}"),
                "created_at": now,
                "updated_at": now,
            }
            for n, row in enumerate(partner_rows)
        ],
    )
    author_rows = [
        {
            "id": first_author + n,
            "slug": f"bench-author-{n}",
            "name": f"Author {n}",
            "is_pseudonym": n % 5 == 0,
            "original_locale": "en",
            "created_at": now,
            "updated_at": now,
        }
        for n in range(authors)
    ]
    insert_rows(Author.__table__, author_rows)
    insert_rows(
        AuthorTranslation.__table__,
        [
            {
                "item_id": row["id"],
                "locale": "en",
                "role": "Writer",
                "search_text": "writer",
                "created_at": now,
                "updated_at": now,
            }
            for row in author_rows
        ],
    )
    db.session.commit()
    return [row["id"] for row in partner_rows], [row["id"] for row in author_rows]


def locales_for(rng: random.Random) -> list[str]:
    """Every item in English; a third also in Swedish, a third in Russian."""
    chosen = ["en"]
    if rng.random() < 0.33:
        chosen.append("sv")
    if rng.random() < 0.33:
        chosen.append("ru")
    return chosen


def add_items(kind: str, count: int, rng, texts, partners, authors, themes) -> None:
    model, translation, links = {
        "posts": (Post, PostTranslation, (post_themes, post_countries, post_partners)),
        "projects": (Project, ProjectTranslation, (project_themes, project_countries, project_partners)),
        "vacancies": (Vacancy, VacancyTranslation, (vacancy_themes, vacancy_countries, None)),
    }[kind]
    first = next_id(model)
    started = time.monotonic()
    for offset in range(0, count, BATCH):
        items, texts_rows, theme_rows, country_rows, partner_rows = [], [], [], [], []
        for item_id in range(first + offset, first + min(offset + BATCH, count)):
            moment = START + timedelta(minutes=rng.randint(0, 10 * 365 * 24 * 60))
            item = {
                "id": item_id,
                "slug": f"bench-{kind}-{item_id}",
                "original_locale": "en",
                "publication_status": "published",
                "published_at": moment,
                "sensitive": rng.random() < 0.02,
                "created_at": moment,
                "updated_at": moment,
                "version": 1,
            }
            item.update(_columns(kind, rng, moment, partners, authors))
            items.append(item)
            for locale in locales_for(rng):
                texts_rows.append(_text(kind, item_id, locale, texts, moment))
            theme_rows += [
                {f"{_singular(kind)}_id": item_id, "theme_id": theme} for theme in rng.sample(themes, rng.randint(1, 2))
            ]
            country_rows.append({f"{_singular(kind)}_id": item_id, "country_code": rng.choice(COUNTRIES)})
            if links[2] is not None:
                partner_rows += [
                    {f"{_singular(kind)}_id": item_id, "partner_id": partner}
                    for partner in rng.sample(partners, rng.randint(0, 2))
                ]
        insert_rows(model.__table__, items)
        insert_rows(translation.__table__, texts_rows)
        insert_rows(links[0], theme_rows)
        insert_rows(links[1], country_rows)
        if links[2] is not None:
            insert_rows(links[2], partner_rows)
        db.session.commit()
        done = min(offset + BATCH, count)
        print(f"\r{kind}: {done}/{count} ({time.monotonic() - started:.0f} s)", end="", file=sys.stderr)
    print(file=sys.stderr)


def _singular(kind: str) -> str:
    return {"posts": "post", "projects": "project", "vacancies": "vacancy"}[kind]


def _columns(kind: str, rng, moment: datetime, partners, authors) -> dict:
    if kind == "posts":
        return {"kind": rng.choice(["article", "news", "story", "video"]), "author_id": rng.choice(authors)}
    if kind == "projects":
        start = moment.date()
        return {
            "status": rng.choice(["planned", "ongoing", "completed"]),
            "start_date": start,
            "end_date": start + timedelta(days=rng.randint(30, 700)),
            "participants_count": rng.randint(5, 80),
        }
    deadline = moment + timedelta(days=rng.randint(10, 4000))
    return {
        "kind": rng.choice(["volunteer", "employment", "internship"]),
        "host_id": rng.choice(partners),
        "positions": rng.randint(1, 4),
        "deadline": deadline,
        "deadline_timezone": "Europe/Stockholm",
        "start_date": date(deadline.year, deadline.month, 1),
        "start_date_flexible": rng.random() < 0.5,
        "duration": "P12M",
    }


def _text(kind: str, item_id: int, locale: str, texts: Texts, moment: datetime) -> dict:
    title, summary = texts.short(locale, 6), texts.short(locale, 25)
    body, body_lexemes = texts.body(locale)
    row = {"item_id": item_id, "locale": locale, "title": title, "created_at": moment, "updated_at": moment}
    lexemes = search.index_text(locale, title, summary)
    if kind == "posts":
        row.update(excerpt=summary, body=body)
    elif kind == "projects":
        row.update(summary=summary, body=body, location="Osh")
        lexemes += " " + search.index_text(locale, "Osh")
    else:
        row.update(description=body, location="Bishkek", eligibility=summary)
        lexemes = search.index_text(locale, title) + " " + body_lexemes + " " + search.index_text(locale, "Bishkek")
        return {**row, "search_text": lexemes}
    return {**row, "search_text": f"{lexemes} {body_lexemes}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:///bench/bench.db")
    parser.add_argument("--items", type=int, default=100_000, help="posts, and projects and vacancies unless given")
    parser.add_argument("--projects", type=int)
    parser.add_argument("--vacancies", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    fresh_database(args.database_url)
    VOCABULARY.update({locale: vocabulary(random.Random(args.seed), locale) for locale in WORDS})
    app = create_app({"DATABASE_URL": args.database_url, "AUTO_SETUP_DATABASE": True})
    rng = random.Random(args.seed)
    with app.app_context():
        db.session.info["include_private"] = True
        texts = Texts(rng)
        partners, authors = add_people(rng, texts, partners=200, authors=60)
        themes = list(db.session.scalars(select(Theme.id)))
        for kind, count in (("posts", args.items), ("projects", args.projects), ("vacancies", args.vacancies)):
            add_items(kind, args.items if count is None else count, rng, texts, partners, authors, themes)
        if db.engine.dialect.name == "postgresql":
            for table in ("partners", "authors", "posts", "projects", "vacancies"):  # explicit ids skipped them
                db.session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
                )
            for table in ("partner", "author", "post", "project", "vacancy"):
                translations = f"{table}_translations" if table != "vacancy" else "vacancy_translations"
                db.session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{translations}', 'id'), max(id)) FROM {translations}")
                )
            db.session.commit()
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    print(f"generated into {args.database_url}", file=sys.stderr)


if __name__ == "__main__":
    main()
