"""The widget pages, oEmbed and JSON-LD through HTTP (the real-browser test is test_widget_browser.py)."""

import json
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from api.models import Post, Vacancy
from tests.rest_helpers import find


class Page(HTMLParser):
    """The parts of a widget page a test looks at: links, badges, times, the empty message, script and style."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links, self.badges, self.times, self.assets, self.empty, self.lang = [], [], [], [], None, None
        self._into = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "link"):
            self.assets.append(attrs.get("src") or attrs.get("href"))
        self._into = {"a": "links", "span": "badges", "time": "times", "p": "empty"}.get(tag)
        if tag == "a" and "cag-title" in attrs.get("class", ""):
            self.links.append([attrs["href"], ""])
        elif tag == "a" or (tag == "span" and "cag-badge" not in attrs.get("class", "")):
            self._into = None
        elif tag == "p" and "cag-empty" not in attrs.get("class", ""):
            self._into = None

    def handle_data(self, data):
        if self._into == "links":
            self.links[-1][1] += data
        elif self._into == "badges":
            self.badges.append(data.strip())
        elif self._into == "times":
            self.times.append(data.strip())
        elif self._into == "empty":
            self.empty = data.strip()
        self._into = None


def widget(client, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    return Page(response.get_data(as_text=True))


def test_a_widget_lists_a_partners_projects_in_its_language(client):
    page = widget(client, "/embed/projects?partner=novi-ritm&lang=ru")
    assert page.lang == "ru"
    slugs = [href.rsplit("/", 1)[1] for href, _title in page.links]
    assert slugs == [item["slug"] for item in client.get("/api/v1/projects?partner=novi-ritm").json["items"]]
    assert "26 августа 2019\u202fг." in page.times  # CLDR puts a narrow no-break space before г.
    assert all(asset.startswith("/embed/static/") for asset in page.assets)  # nothing from any other host


def test_vacancy_widgets_show_deadline_badges_and_only_open_vacancies(client, db_session):
    vacancy = find(db_session, Vacancy, "projektansvarig")
    vacancy.deadline = datetime(2040, 1, 25, 22, 59, tzinfo=UTC)
    db_session.commit()
    page = widget(client, "/embed/vacancies?lang=sv")
    assert [title for _href, title in page.links] == ["Projektansvarig"]  # the 2020 ESC call has closed
    assert page.badges == ["Sök senast 25 januari 2040, 23:59"]


def test_count_limits_the_list(client):
    assert len(widget(client, "/embed/posts?count=2").links) == 2
    assert widget(client, "/embed/posts?count=21", 404).empty == "Nothing to show here yet."


@pytest.mark.parametrize("query", ["partner=no-such-partner", "theme=no-such-theme", "count=zero", "colour=red"])
def test_a_bad_widget_url_shows_a_friendly_nothing(client, query):
    page = widget(client, f"/embed/posts?{query}&lang=sv", 404)
    assert page.empty == "Här finns inget att visa ännu."
    assert page.links == []


def test_sensitive_items_never_reach_a_widget_or_an_oembed_card(client, db_session):
    post = find(db_session, Post, "maria-from-journalist-to-ngo")
    post.sensitive = True
    db_session.commit()
    assert "maria-from-journalist-to-ngo" not in str(widget(client, "/embed/posts?count=20").links)
    assert widget(client, "/embed/posts/maria-from-journalist-to-ngo", 404).empty
    url = "https://centralasiengrupperna.se/en/posts/maria-from-journalist-to-ngo"
    assert client.get("/oembed", query_string={"url": url}).status_code == 404


def test_embed_js_is_served_to_any_origin(client):
    with client.get("/embed.js") as response:
        assert response.mimetype == "text/javascript"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert b"attachShadow" in response.data


def test_oembed_turns_a_public_link_into_a_rich_card(client):
    url = "https://centralasiengrupperna.se/sv/vacancies/projektansvarig"
    answer = client.get("/oembed", query_string={"url": url, "maxwidth": 300}).json
    assert (answer["version"], answer["type"], answer["title"], answer["width"]) == (
        "1.0",
        "rich",
        "Projektansvarig",
        300,
    )
    assert 'src="http://localhost/embed/vacancies/projektansvarig?lang=sv"' in answer["html"]
    card = widget(client, "/embed/vacancies/projektansvarig?lang=sv")
    assert [title for _href, title in card.links] == ["Projektansvarig"]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({}, 400),
        ({"url": "not a url"}, 400),
        ({"url": "https://example.org/en/posts/maria-from-journalist-to-ngo"}, 404),
        ({"url": "https://centralasiengrupperna.se/en/posts/no-such-post"}, 404),
        # The oEmbed spec's own answer for a format the provider does not offer.
        pytest.param(
            {"url": "https://centralasiengrupperna.se/en/posts/maria-from-journalist-to-ngo", "format": "xml"},
            501,
            marks=pytest.mark.server_errors,
        ),
    ],
)
def test_oembed_refuses_what_it_cannot_embed(client, query, status):
    response = client.get("/oembed", query_string=query)
    assert (response.status_code, response.mimetype) == (status, "application/problem+json")


def test_json_ld_describes_each_type_for_search_engines(client):
    job = client.get("/api/v1/vacancies/esc-volunteers-malmo-2020/jsonld")
    assert job.mimetype == "application/ld+json"
    assert job.json["@type"] == "JobPosting"
    assert job.json["validThrough"] == "2020-01-25T23:59:59+01:00"
    assert job.json["employmentType"] == "VOLUNTEER"
    assert job.json["hiringOrganization"]["name"] == "Central Asia Solidarity Groups"
    assert job.json["identifier"]["value"] == "OID E10064468"
    post = client.get("/api/v1/posts/maria-from-journalist-to-ngo/jsonld").json
    assert (post["@type"], post["author"]["name"], post["inLanguage"]) == ("BlogPosting", "Maria", "en")
    assert client.get("/api/v1/projects/climate-residency-osh/jsonld").json["@type"] == "Project"
    assert client.get("/api/v1/partners/novi-ritm/jsonld").json["@type"] == "NGO"
    assert client.get("/api/v1/posts/no-such-post/jsonld").status_code == 404


def test_json_ld_in_graphql_is_the_text_of_the_script_element(client):
    query = '{ vacancy(slug: "esc-volunteers-malmo-2020") { jsonLd } }'
    text = client.post("/graphql", json={"query": query}).json["data"]["vacancy"]["jsonLd"]
    found = json.loads(text)
    assert text == client.get("/api/v1/vacancies/esc-volunteers-malmo-2020/jsonld").get_data(as_text=True)
    assert found["validThrough"] == "2020-01-25T23:59:59+01:00"
