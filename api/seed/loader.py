"""Loads api/seed/content.yaml. Items are matched by slug and only created, never overwritten, so loading
twice changes nothing and an editor's later corrections survive a re-run."""

import html
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import (
    Author,
    AuthorTranslation,
    Country,
    Partner,
    PartnerTranslation,
    Post,
    PostTranslation,
    Programme,
    Project,
    ProjectTranslation,
    PublicationStatus,
    Theme,
    ThemeTranslation,
    Vacancy,
    VacancyTranslation,
)

CONTENT = Path(__file__).resolve().parent / "content.yaml"


def as_html(text: str) -> str:
    return "\n".join(
        f"<p>{html.escape(paragraph.strip())}</p>" for paragraph in text.split("\n\n") if paragraph.strip()
    )


class Loader:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.created: dict[str, int] = {}

    def find(self, model, slug: str):
        return self.session.scalar(select(model).where(model.slug == slug))

    def countries(self, codes: list[str]) -> list[Country]:
        return [self.session.get(Country, code) or Country(code=code) for code in codes]

    def by_slugs(self, model, slugs: list[str]) -> list:
        return [self.find(model, slug) for slug in slugs]

    def create(self, kind: str, item) -> None:
        self.session.add(item)
        self.session.flush()  # later records link to this one by slug
        self.created[kind] = self.created.get(kind, 0) + 1

    def translations(self, model, entries: dict, html_fields: tuple[str, ...] = ()) -> list:
        rows = []
        for locale, fields in entries.items():
            fields = {name: as_html(value) if name in html_fields else value for name, value in fields.items()}
            rows.append(model(locale=locale, **fields))
        return rows

    def load(self, content: dict) -> dict[str, int]:
        for step in (
            self.themes,
            self.programmes,
            self.partners,
            self.authors,
            self.projects,
            self.posts,
            self.vacancies,
        ):
            step(content)
        return self.created

    def themes(self, content: dict) -> None:
        for entry in content.get("themes", []):
            if not self.find(Theme, entry["slug"]):
                translations = self.translations(ThemeTranslation, entry.pop("translations"))
                self.create("themes", Theme(**entry, translations=translations))

    def programmes(self, content: dict) -> None:
        for entry in content.get("programmes", []):
            if not self.find(Programme, entry["slug"]):
                self.create("programmes", Programme(**entry))

    def partners(self, content: dict) -> None:
        for entry in content.get("partners", []):
            if not self.find(Partner, entry["slug"]):
                translations = self.translations(PartnerTranslation, entry.pop("translations"))
                country = self.countries([entry.pop("country")])[0]
                self.create("partners", Partner(**entry, country=country, translations=translations))

    def authors(self, content: dict) -> None:
        for entry in content.get("authors", []):
            if not self.find(Author, entry["slug"]):
                translations = self.translations(AuthorTranslation, entry.pop("translations"))
                self.create("authors", Author(**entry, translations=translations))

    def publishable(self, entry: dict) -> dict:
        """Links and publication fields shared by posts, projects and vacancies."""
        return {
            "themes": self.by_slugs(Theme, entry.pop("themes", [])),
            "countries": self.countries(entry.pop("countries", [])),
            "published_at": datetime.fromisoformat(entry.pop("published_at")),
            "publication_status": PublicationStatus(entry.pop("publication_status", "published")),
        }

    def projects(self, content: dict) -> None:
        for entry in content.get("projects", []):
            if self.find(Project, entry["slug"]):
                continue
            translations = self.translations(ProjectTranslation, entry.pop("translations"), ("body",))
            links = self.publishable(entry)
            links["partners"] = self.by_slugs(Partner, entry.pop("partners", []))
            links["programmes"] = self.by_slugs(Programme, entry.pop("programmes", []))
            for name in ("start_date", "end_date"):
                if entry.get(name):
                    entry[name] = date.fromisoformat(entry[name])
            self.create("projects", Project(**entry, **links, translations=translations))

    def posts(self, content: dict) -> None:
        for entry in content.get("posts", []):
            if self.find(Post, entry["slug"]):
                continue
            texts = entry.pop("translations")
            for fields in texts.values():
                fields.setdefault("body", fields.get("excerpt", ""))
            translations = self.translations(PostTranslation, texts, ("body",))
            links = self.publishable(entry)
            links["partners"] = self.by_slugs(Partner, entry.pop("partners", []))
            author, project = entry.pop("author", None), entry.pop("project", None)
            links["author"] = self.find(Author, author) if author else None
            links["project"] = self.find(Project, project) if project else None
            self.create("posts", Post(**entry, **links, translations=translations))

    def vacancies(self, content: dict) -> None:
        for entry in content.get("vacancies", []):
            if self.find(Vacancy, entry["slug"]):
                continue
            translations = self.translations(VacancyTranslation, entry.pop("translations"), ("description",))
            links = self.publishable(entry)
            links["host"] = self.find(Partner, entry.pop("host"))
            programme = entry.pop("programme", None)
            links["programme"] = self.find(Programme, programme) if programme else None
            zone = entry.setdefault("deadline_timezone", "Europe/Stockholm")
            # Deadlines are announced in local time; stored in UTC with the zone kept for display.
            if entry.get("deadline"):
                entry["deadline"] = datetime.fromisoformat(entry["deadline"]).replace(tzinfo=ZoneInfo(zone))
            if entry.get("start_date"):
                entry["start_date"] = date.fromisoformat(entry["start_date"])
            self.create("vacancies", Vacancy(**entry, **links, translations=translations))


def load(session: Session, path: Path = CONTENT) -> dict[str, int]:
    """Create what is missing; return how many of each kind were created."""
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Loader(session).load(content)
