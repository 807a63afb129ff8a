"""Many-to-many link tables between content items and the partners, themes, countries and programmes."""

from sqlalchemy import Column, ForeignKey, Table

from api.models.base import Base

_SINGULAR = {
    "posts": "post",
    "projects": "project",
    "vacancies": "vacancy",
    "themes": "theme",
    "countries": "country",
    "partners": "partner",
    "programmes": "programme",
}


def link_table(left: str, right: str, right_key: str = "id") -> Table:
    return Table(
        f"{_SINGULAR[left]}_{right}",
        Base.metadata,
        Column(f"{_SINGULAR[left]}_id", ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        Column(
            f"{_SINGULAR[right]}_{right_key}",
            ForeignKey(f"{right}.{right_key}", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )


post_themes = link_table("posts", "themes")
post_countries = link_table("posts", "countries", "code")
post_partners = link_table("posts", "partners")
project_themes = link_table("projects", "themes")
project_countries = link_table("projects", "countries", "code")
project_partners = link_table("projects", "partners")
project_programmes = link_table("projects", "programmes")
vacancy_themes = link_table("vacancies", "themes")
vacancy_countries = link_table("vacancies", "countries", "code")
