"""schema.org JSON-LD for every item, for frontends to place in their pages: BlogPosting for posts, Project for
projects, NGO for partner organisations and JobPosting (validThrough from the deadline) for vacancies.

JSON-LD is what search engines and job boards harvest, so it is syndication: it passes the gate (api.syndication)
and a sensitive item has none. It is written to be pasted into a <script> element as it is: `<`, `>` and `&` are
escaped, so no text in it can close the element."""

from zoneinfo import ZoneInfo

from flask import current_app, json

from api import i18n
from api.models import Partner, Post, Project, Vacancy, VacancyKind
from api.serializers.common import without_empty
from api.syndication import SITE_NAME, public_url

CONTEXT = "https://schema.org"
EMPLOYMENT_TYPES = {VacancyKind.VOLUNTEER: "VOLUNTEER", VacancyKind.INTERNSHIP: "INTERN"}


def json_ld(item, locale: str) -> dict:
    text = i18n.resolve(item, locale)
    describe = {Post: _post, Project: _project, Vacancy: _vacancy, Partner: _partner}[type(item)]
    return {"@context": CONTEXT, **without_empty(describe(item, text, locale))}


# JSON's own escapes for the characters that end or start markup inside a <script> element.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_safe(document: dict) -> str:
    """The document as JSON text that a <script type="application/ld+json"> element can hold unchanged."""
    return json.dumps(document, ensure_ascii=False).translate(SCRIPT_SAFE)


def _post(post: Post, text, locale: str) -> dict:
    return {
        "@type": "BlogPosting",
        "@id": public_url(post, text.locale),
        "url": public_url(post, text.locale),
        "headline": text.title,
        "description": text.excerpt,
        "inLanguage": text.locale,
        "datePublished": _iso(post.published_at),
        "dateModified": _iso(post.updated_at),
        "author": {"@type": "Person", "name": post.author.name} if post.author else None,
        "publisher": _publisher(locale),
        "image": _image(post, text),
        "video": {"@type": "VideoObject", "name": text.title, "contentUrl": post.video_url} if post.video_url else None,
        "keywords": [i18n.resolve(theme, locale).name for theme in post.themes],
        "about": [_organisation(partner, locale) for partner in post.partners],
    }


def _project(project: Project, text, locale: str) -> dict:
    return {
        "@type": "Project",
        "@id": public_url(project, text.locale),
        "url": public_url(project, text.locale),
        "name": text.title,
        "description": text.summary,
        "foundingDate": _iso(project.start_date),
        "dissolutionDate": _iso(project.end_date),
        "location": {"@type": "Place", "name": text.location} if text.location else None,
        "member": [_organisation(partner, locale) for partner in project.partners],
        "funder": [
            {"@type": "Organization", "name": programme.name, "url": programme.url} for programme in project.programmes
        ],
        "keywords": [i18n.resolve(theme, locale).name for theme in project.themes],
    }


def _vacancy(vacancy: Vacancy, text, locale: str) -> dict:
    deadline = vacancy.deadline.astimezone(ZoneInfo(vacancy.deadline_timezone)) if vacancy.deadline else None
    countries = [{"@type": "Country", "name": country.name(locale)} for country in vacancy.countries]
    return {
        "@type": "JobPosting",
        "@id": public_url(vacancy, text.locale),
        "url": public_url(vacancy, text.locale),
        "title": text.title,
        "description": text.description or text.title,
        "inLanguage": text.locale,
        "datePosted": _iso(vacancy.published_at),
        "validThrough": _iso(deadline),
        "employmentType": EMPLOYMENT_TYPES.get(vacancy.kind),
        "hiringOrganization": _organisation(vacancy.host, locale),
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": text.location}}
        if text.location
        else None,
        "applicantLocationRequirements": countries,
        "eligibilityToWorkRequirement": text.eligibility,
        "totalJobOpenings": vacancy.positions,
        "jobStartDate": _iso(vacancy.start_date),
        "identifier": {"@type": "PropertyValue", "name": vacancy.programme.name, "value": vacancy.programme_reference}
        if vacancy.programme and vacancy.programme_reference
        else None,
    }


def _partner(partner: Partner, text, locale: str) -> dict:
    address = {"@type": "PostalAddress", "addressLocality": partner.city, "addressCountry": partner.country_code}
    return {
        **_organisation(partner, locale),
        "description": text.description,
        "logo": partner.logo_url,
        "address": address if partner.city or partner.country_code else None,
    }


def _organisation(partner: Partner, locale: str) -> dict:
    return {"@type": "NGO", "name": i18n.resolve(partner, locale).name, "url": partner.website}


def _publisher(locale: str) -> dict:
    return {"@type": "NGO", "name": str(SITE_NAME), "url": current_app.config["PUBLIC_SITE_URL"]}


def _image(post: Post, text) -> dict | None:
    if not post.image_url:
        return None
    return {
        "@type": "ImageObject",
        "url": post.image_url,
        "width": post.image_width,
        "height": post.image_height,
        "caption": text.image_alt,
        "creditText": post.image_credit,
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None
