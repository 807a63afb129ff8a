"""Input types of the mutations: the REST write bodies field for field (camelCase), with texts as a list of
per-locale entries. Every field may be left out; the REST input schemas decide what a create requires, so both
APIs refuse the same input with the same messages (see schema.mutation.load)."""

from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry import UNSET

from schema.types.post import PostKind
from schema.types.project import ProjectStatus
from schema.types.vacancy import VacancyKind

Text = str | None


@strawberry.input(description="A post's text in one locale.")
class PostTextInput:
    locale: str
    title: Text = UNSET
    excerpt: Text = UNSET
    body: Text = strawberry.field(default=UNSET, description="HTML; sanitised when saved.")
    image_alt: Text = UNSET


@strawberry.input
class ImageInput:
    url: str
    credit: Text = UNSET
    width: int | None = UNSET
    height: int | None = UNSET


@strawberry.input(description="A post's fields. To create one, give kind, originalLocale and its text in that locale.")
class PostInput:
    slug: Text = UNSET
    kind: PostKind | None = UNSET
    original_locale: Text = UNSET
    author: Text = strawberry.field(default=UNSET, description="Author slug.")
    project: Text = strawberry.field(default=UNSET, description="Related project slug.")
    themes: list[str] | None = UNSET
    countries: list[str] | None = UNSET
    partners: list[str] | None = UNSET
    featured_image: ImageInput | None = strawberry.field(default=UNSET, description="Replaced as a whole.")
    video_url: Text = UNSET
    sensitive: bool | None = UNSET
    translations: list[PostTextInput] | None = UNSET


@strawberry.input(description="A project's text in one locale.")
class ProjectTextInput:
    locale: str
    title: Text = UNSET
    summary: Text = UNSET
    body: Text = strawberry.field(default=UNSET, description="HTML; sanitised when saved.")
    location: Text = UNSET


@strawberry.input(description="A project's fields. To create one, give status, originalLocale and its text.")
class ProjectInput:
    slug: Text = UNSET
    status: ProjectStatus | None = UNSET
    original_locale: Text = UNSET
    start_date: date | None = UNSET
    end_date: date | None = UNSET
    participants_count: int | None = UNSET
    themes: list[str] | None = UNSET
    countries: list[str] | None = UNSET
    partners: list[str] | None = UNSET
    programmes: list[str] | None = UNSET
    sensitive: bool | None = UNSET
    translations: list[ProjectTextInput] | None = UNSET


@strawberry.input(description="A vacancy's text in one locale.")
class VacancyTextInput:
    locale: str
    title: Text = UNSET
    description: Text = strawberry.field(default=UNSET, description="HTML; sanitised when saved.")
    location: Text = UNSET
    eligibility: Text = UNSET
    how_to_apply: Text = UNSET


@strawberry.input
class EligibilityInput:
    min_age: int | None = UNSET
    max_age: int | None = UNSET


@strawberry.input
class HowToApplyInput:
    url: Text = UNSET
    email: Text = UNSET


@strawberry.input(description="A vacancy's fields. To create one, give kind, host, originalLocale and its text.")
class VacancyInput:
    slug: Text = UNSET
    kind: VacancyKind | None = UNSET
    original_locale: Text = UNSET
    host: Text = strawberry.field(default=UNSET, description="A partner token's own organisation when left out.")
    positions: int | None = UNSET
    deadline: datetime | None = strawberry.field(
        default=UNSET, description="Without an offset, read in deadlineTimezone (Europe/Stockholm if unset)."
    )
    deadline_timezone: Text = UNSET
    start_date: date | None = UNSET
    start_date_flexible: bool | None = UNSET
    duration: Text = strawberry.field(default=UNSET, description="ISO 8601, e.g. P12M.")
    eligibility: EligibilityInput | None = UNSET
    how_to_apply: HowToApplyInput | None = UNSET
    programme: Text = UNSET
    programme_reference: Text = UNSET
    themes: list[str] | None = UNSET
    countries: list[str] | None = UNSET
    sensitive: bool | None = UNSET
    translations: list[VacancyTextInput] | None = UNSET


@strawberry.input(description="A partner organisation's text in one locale.")
class PartnerTextInput:
    locale: str
    name: Text = UNSET
    description: Text = UNSET
    logo_alt: Text = UNSET


@strawberry.input
class LogoInput:
    url: str


@strawberry.input(description="A partner organisation's fields. To create one, give originalLocale and its name.")
class PartnerInput:
    slug: Text = UNSET
    original_locale: Text = UNSET
    country: Text = UNSET
    city: Text = UNSET
    website: Text = UNSET
    logo: LogoInput | None = UNSET
    translations: list[PartnerTextInput] | None = UNSET


@strawberry.input(description="A theme's name and description in one locale.")
class ThemeTextInput:
    locale: str
    name: Text = UNSET
    description: Text = UNSET


@strawberry.input(description="A theme's fields. To create one, give originalLocale and its name.")
class ThemeInput:
    slug: Text = UNSET
    original_locale: Text = UNSET
    position: int | None = UNSET
    translations: list[ThemeTextInput] | None = UNSET


@strawberry.input(description="An author's role and bio in one locale.")
class AuthorTextInput:
    locale: str
    role: Text = UNSET
    bio: Text = UNSET


@strawberry.input(description="An author's fields. To create one, give a name.")
class AuthorInput:
    slug: Text = UNSET
    original_locale: Text = UNSET
    name: Text = UNSET
    is_pseudonym: bool | None = UNSET
    translations: list[AuthorTextInput] | None = UNSET


def as_data(value):
    """An input as the JSON body REST would receive: fields left out are absent, texts keyed by locale."""
    if isinstance(value, list):
        return [as_data(entry) for entry in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if not hasattr(value, "__strawberry_definition__"):
        return value
    data = {name: as_data(field) for name, field in vars(value).items() if field is not UNSET}
    if isinstance(data.get("translations"), list):
        data["translations"] = {text.pop("locale"): text for text in data["translations"]}
    return data
