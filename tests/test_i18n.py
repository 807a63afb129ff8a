"""Locale negotiation and the one fallback chain: requested → configured chain (ky → ru) → original → en → any."""

import re
from datetime import datetime

import pytest

from api.models import Partner, PartnerTranslation

CAG = "central-asia-solidarity-groups"
CAG_NAMES = {
    "en": "Central Asia Solidarity Groups",
    "sv": "Centralasiengrupperna",
    "ru": "Группы солидарности с Центральной Азией",
}
LOCALES = ["en", "sv", "ru", "ky", "pl"]
THEME_NAMES = {
    "en": ["Human rights", "Youth", "Gender and LGBTQ", "Environment and climate"],
    "sv": ["Mänskliga rättigheter", "Ungdomsfrågor", "Genus och hbtq", "Miljö och klimat"],
    "ru": ["Права человека", "Молодёжь", "Гендер и ЛГБТК", "Экология и климат"],
    "ky": ["Адам укуктары", "Жаштар", "Гендер жана ЛГБТК", "Экология жана климат"],
    "pl": ["Prawa człowieka", "Młodzież", "Płeć i LGBTQ", "Środowisko i klimat"],
}
_LINK = re.compile(r'<([^>]+)>; rel="alternate"; hreflang="([^"]+)"')


def get(client, url: str, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True))
    return response


def served(client, url: str, **headers) -> tuple[str, str, str]:
    """(served locale, requested locale, Content-Language) of an item."""
    response = get(client, url, **headers)
    return response.json["locale"], response.json["requested_locale"], response.headers["Content-Language"]


def alternates(response) -> dict[str, str]:
    links = _LINK.findall(response.headers.get("Link", ""))
    assert len(links) == len({hreflang for _url, hreflang in links}), links
    return {hreflang: url for url, hreflang in links}


# Negotiation


@pytest.mark.parametrize("lang", ["en", "sv", "ru"])
def test_lang_parameter_chooses_the_language(client, lang):
    response = get(client, f"/api/v1/partners/{CAG}?lang={lang}")
    assert response.json["name"] == CAG_NAMES[lang]
    assert (response.json["locale"], response.json["requested_locale"]) == (lang, lang)
    assert response.headers["Content-Language"] == lang


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("sv-SE,sv;q=0.9", "sv"),
        ("sv", "sv"),
        ("ru-RU", "ru"),
        ("de-DE, ru;q=0.5, sv;q=0.8", "sv"),
        ("de, fr;q=0.9, ru;q=0.1", "ru"),
        ("en-GB,en;q=0.9,sv;q=0.8", "en"),
        ("sv;q=0", "en"),
        ("ru;q=0, sv;q=0.5", "sv"),
        ("sv-SE;q=0, de, ru;q=0.3", "ru"),
    ],
)
def test_accept_language_chooses_the_best_supported_language(client, header, locale):
    response = get(client, f"/api/v1/partners/{CAG}", **{"Accept-Language": header})
    assert response.json["requested_locale"] == locale
    assert response.json["locale"] == locale
    assert response.json["name"] == CAG_NAMES[locale]
    assert response.headers["Content-Language"] == locale


def test_lang_parameter_beats_accept_language(client):
    assert served(client, f"/api/v1/partners/{CAG}?lang=ru", **{"Accept-Language": "sv-SE,sv;q=0.9"}) == (
        "ru",
        "ru",
        "ru",
    )
    assert served(client, f"/api/v1/partners/{CAG}?lang=en", **{"Accept-Language": "sv"}) == ("en", "en", "en")


@pytest.mark.parametrize(("lang", "locale"), [("sv-SE", "sv"), ("SV", "sv"), ("ru_RU", "ru"), ("pl-PL", "pl")])
def test_lang_parameter_accepts_regional_tags_and_any_case(client, lang, locale):
    assert get(client, f"/api/v1/themes/youth?lang={lang}").json["requested_locale"] == locale
    assert get(client, f"/api/v1/themes/youth?lang={lang}").json["locale"] == locale


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        ("?lang=xx", {}),
        ("?lang=de", {}),
        ("?lang=zh-Hant-TW", {}),
        ("", {"Accept-Language": "de"}),
        ("", {"Accept-Language": "de-DE,fr;q=0.8"}),
        ("", {"Accept-Language": "*"}),
        ("", {}),
    ],
)
def test_unsupported_or_missing_locale_serves_the_default_not_an_error(client, query, headers):
    response = get(client, f"/api/v1/partners/{CAG}{query}", **headers)
    assert (response.json["locale"], response.json["requested_locale"]) == ("en", "en")
    assert response.json["name"] == "Central Asia Solidarity Groups"
    assert response.headers["Content-Language"] == "en"
    listing = get(client, f"/api/v1/themes{query}", **headers)
    assert [item["locale"] for item in listing.json["items"]] == ["en"] * 4


# What every item says about its language


@pytest.mark.parametrize(
    ("url", "locale"),
    [
        ("/api/v1/posts/maria-from-journalist-to-ngo", "en"),
        ("/api/v1/projects/climate-residency-osh", "en"),
        ("/api/v1/vacancies/projektansvarig", "sv"),
        (f"/api/v1/partners/{CAG}", "sv"),
        ("/api/v1/themes/youth", "pl"),
        ("/api/v1/authors/maria", "en"),
    ],
)
def test_every_item_says_its_served_and_requested_locale_and_its_translations(client, url, locale):
    item = get(client, url + "?lang=pl").json
    assert (item["locale"], item["requested_locale"]) == (locale, "pl")
    assert locale in item["translations"]
    for other, translation in item["translations"].items():
        assert set(translation) == {"url", "updated_at"}
        assert translation["url"] == f"http://localhost{url}?lang={other}"
        assert datetime.fromisoformat(translation["updated_at"]).utcoffset() is not None


@pytest.mark.parametrize("collection", ["posts", "projects", "vacancies", "partners", "themes", "authors"])
def test_every_listed_item_says_its_served_and_requested_locale_and_its_translations(client, collection):
    items = get(client, f"/api/v1/{collection}?lang=sv").json["items"]
    assert items
    for item in items:
        assert item["requested_locale"] == "sv"
        assert item["locale"] in item["translations"]
        assert item["translations"][item["locale"]]["url"].endswith(f"/{item['slug']}?lang={item['locale']}")


def test_translations_map_lists_every_translation_of_the_item(client):
    partner = get(client, f"/api/v1/partners/{CAG}").json
    assert sorted(partner["translations"]) == ["en", "ru", "sv"]
    theme = get(client, "/api/v1/themes/youth").json
    assert sorted(theme["translations"]) == sorted(LOCALES)
    assert list(get(client, "/api/v1/vacancies/projektansvarig").json["translations"]) == ["sv"]


@pytest.mark.parametrize(
    ("url", "locales"),
    [
        (f"/api/v1/partners/{CAG}", ["en", "ru", "sv"]),
        ("/api/v1/partners/man", ["en", "sv"]),
        ("/api/v1/themes/environment-climate", ["en", "ky", "pl", "ru", "sv"]),
        ("/api/v1/vacancies/projektansvarig", ["sv"]),
        ("/api/v1/posts/climate-change-in-central-asia-clip", ["en"]),
    ],
)
def test_item_responses_link_every_translation_as_an_alternate(client, url, locales):
    response = get(client, url + "?lang=ky")
    links = alternates(response)
    assert sorted(links) == locales
    assert links == {locale: f"http://localhost{url}?lang={locale}" for locale in locales}
    assert links == {locale: value["url"] for locale, value in response.json["translations"].items()}


@pytest.mark.parametrize(
    ("url", "lang", "locale"),
    [
        (f"/api/v1/partners/{CAG}", "ky", "ru"),
        ("/api/v1/vacancies/projektansvarig", "en", "sv"),
        ("/api/v1/partners/man", "pl", "sv"),
        ("/api/v1/posts/maria-from-journalist-to-ngo", "sv", "en"),
        ("/api/v1/themes/gender-lgbtq", "ky", "ky"),
    ],
)
def test_item_content_language_is_the_served_locale_not_the_requested_one(client, url, lang, locale):
    assert served(client, f"{url}?lang={lang}") == (locale, lang, locale)


@pytest.mark.parametrize("collection", ["posts", "projects", "vacancies", "partners", "themes", "authors", "search"])
def test_lists_vary_on_accept_language_and_say_their_language(client, collection):
    url = f"/api/v1/{collection}" + ("?q=malmo" if collection == "search" else "")
    response = get(client, url, **{"Accept-Language": "ru"})
    assert "Accept-Language" in response.vary
    assert "Accept-Encoding" in response.vary
    assert response.headers["Content-Language"] == "ru"


def test_items_vary_on_accept_language(client):
    response = get(client, f"/api/v1/partners/{CAG}")
    assert "Accept-Language" in response.vary


def test_the_same_url_serves_each_language_its_own_representation(client):
    swedish = get(client, f"/api/v1/partners/{CAG}", **{"Accept-Language": "sv"})
    russian = get(client, f"/api/v1/partners/{CAG}", **{"Accept-Language": "ru"})
    assert swedish.json["name"] != russian.json["name"]
    assert swedish.headers["ETag"] != russian.headers["ETag"]
    revalidated = client.get(
        f"/api/v1/partners/{CAG}", headers={"Accept-Language": "ru", "If-None-Match": swedish.headers["ETag"]}
    )
    assert revalidated.status_code == 200
    assert revalidated.json["name"] == CAG_NAMES["ru"]


# The fallback chain


def test_kyrgyz_falls_back_to_russian(client):
    partner = get(client, f"/api/v1/partners/{CAG}?lang=ky").json
    assert (partner["locale"], partner["requested_locale"]) == ("ru", "ky")
    assert partner["name"] == CAG_NAMES["ru"]
    assert partner["description"].startswith("Некоммерческая организация из Мальмё")
    via_header = get(client, f"/api/v1/partners/{CAG}", **{"Accept-Language": "ky-KG"}).json
    assert (via_header["locale"], via_header["requested_locale"]) == ("ru", "ky")


def test_kyrgyz_without_russian_falls_back_to_the_original_then_english(client):
    # MÄN is Swedish with an English translation; Novi Ritm exists in English only.
    assert served(client, "/api/v1/partners/man?lang=ky") == ("sv", "ky", "sv")
    assert served(client, "/api/v1/partners/novi-ritm?lang=ky") == ("en", "ky", "en")


@pytest.mark.parametrize("lang", ["pl", "ky", "ru", "en"])
def test_swedish_original_is_served_in_swedish_when_the_language_is_missing(client, lang):
    vacancy = get(client, f"/api/v1/vacancies/projektansvarig?lang={lang}").json
    assert (vacancy["locale"], vacancy["requested_locale"]) == ("sv", lang)
    assert vacancy["title"] == "Projektansvarig"


def test_original_locale_comes_before_english_in_the_chain(client):
    # Both Swedish-original partners have English too, yet Polish readers get the original.
    assert served(client, f"/api/v1/partners/{CAG}?lang=pl") == ("sv", "pl", "sv")
    assert get(client, f"/api/v1/partners/{CAG}?lang=pl").json["name"] == "Centralasiengrupperna"
    assert served(client, "/api/v1/partners/man?lang=pl") == ("sv", "pl", "sv")
    assert served(client, "/api/v1/partners/kobiety?lang=pl") == ("en", "pl", "en")


def test_lists_apply_the_fallback_per_item(client):
    partners = get(client, "/api/v1/partners?lang=ky&sort=slug").json["items"]
    assert [(item["slug"], item["locale"], item["requested_locale"]) for item in partners] == [
        (CAG, "ru", "ky"),
        ("kobiety", "en", "ky"),
        ("man", "sv", "ky"),
        ("novi-ritm", "en", "ky"),
    ]


@pytest.mark.parametrize("lang", LOCALES)
def test_theme_names_exist_in_every_configured_locale(client, lang):
    response = get(client, f"/api/v1/themes?lang={lang}")
    items = response.json["items"]
    assert [item["locale"] for item in items] == [lang] * 4
    assert [item["requested_locale"] for item in items] == [lang] * 4
    assert [item["name"] for item in items] == THEME_NAMES[lang]
    assert response.headers["Content-Language"] == lang


@pytest.mark.parametrize(
    ("lang", "sweden", "russia"),
    [
        ("en", "Sweden", "Russia"),
        ("sv", "Sverige", "Ryssland"),
        ("ru", "Швеция", "Россия"),
        ("ky", "Швеция", "Россия"),
        ("pl", "Szwecja", "Rosja"),
    ],
)
def test_country_names_are_translated(client, lang, sweden, russia):
    post = get(client, f"/api/v1/posts/maria-from-journalist-to-ngo?lang={lang}").json
    assert post["countries"] == [{"code": "RU", "name": russia}, {"code": "SE", "name": sweden}]


def test_country_names_follow_accept_language_and_reach_partners(client):
    partner = get(client, "/api/v1/partners/novi-ritm", **{"Accept-Language": "sv-SE,sv;q=0.9"}).json
    assert partner["country"] == {"code": "KG", "name": "Kirgizistan"}
    assert get(client, "/api/v1/partners/man?lang=sv").json["country"] == {"code": "SE", "name": "Sverige"}


# The fallback in sorting, filtering and references


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ["Central Asia Solidarity Groups", "KobieTY", "MÄN", "Novi Ritm"]),
        ("sv", ["Centralasiengrupperna", "KobieTY", "MÄN", "Novi Ritm"]),
        ("ru", ["KobieTY", "MÄN", "Novi Ritm", "Группы солидарности с Центральной Азией"]),
        ("ky", ["KobieTY", "MÄN", "Novi Ritm", "Группы солидарности с Центральной Азией"]),
    ],
)
def test_sorting_by_name_uses_the_served_names(client, lang, names):
    items = get(client, f"/api/v1/partners?sort=name&lang={lang}").json["items"]
    assert [item["name"] for item in items] == names
    reverse = get(client, f"/api/v1/partners?sort=-name&lang={lang}").json["items"]
    assert [item["name"] for item in reverse] == names[::-1]


def test_sorting_themes_by_name_uses_the_served_names(client):
    assert [item["slug"] for item in get(client, "/api/v1/themes?sort=name&lang=en").json["items"]] == [
        "environment-climate",
        "gender-lgbtq",
        "human-rights",
        "youth",
    ]
    assert [item["slug"] for item in get(client, "/api/v1/themes?sort=name&lang=ru").json["items"]] == [
        "gender-lgbtq",
        "youth",
        "human-rights",
        "environment-climate",
    ]


def test_paging_through_a_translated_sort_keeps_its_order(client):
    seen = []
    url = "/api/v1/partners?sort=name&lang=ru&limit=1"
    while url:
        body = get(client, url).json
        assert body["total"] == 4
        seen.extend(item["name"] for item in body["items"])
        url = body["next"]
    assert seen == ["KobieTY", "MÄN", "Novi Ritm", "Группы солидарности с Центральной Азией"]


def test_filtering_by_text_uses_the_served_translation(client):
    # The Swedish name is found where Swedish is served: in sv, and in pl through the original locale.
    assert [item["slug"] for item in get(client, "/api/v1/partners?q=centralasiengrupperna&lang=sv").json["items"]] == [
        CAG
    ]
    assert [item["slug"] for item in get(client, "/api/v1/partners?q=centralasiengrupperna&lang=pl").json["items"]] == [
        CAG
    ]
    assert get(client, "/api/v1/partners?q=centralasiengrupperna&lang=en").json["total"] == 0
    assert get(client, "/api/v1/partners?q=centralasiengrupperna&lang=ru").json["total"] == 0


def test_references_inside_an_item_carry_names_in_the_requested_language(client):
    post = get(client, "/api/v1/posts/maria-from-journalist-to-ngo?lang=sv").json
    assert post["locale"] == "en"  # the post itself exists in English only
    assert [theme["name"] for theme in post["themes"]] == ["Mänskliga rättigheter"]
    assert [partner["name"] for partner in post["partners"]] == ["Centralasiengrupperna"]
    project = get(client, "/api/v1/projects/climate-residency-osh?lang=sv").json
    assert [theme["name"] for theme in project["themes"]] == ["Ungdomsfrågor", "Miljö och klimat"]
    assert [partner["name"] for partner in project["partners"]] == ["Centralasiengrupperna", "Novi Ritm"]


def test_references_follow_the_fallback_chain_too(client):
    vacancy = get(client, "/api/v1/vacancies/esc-volunteers-malmo-2020?lang=ky").json
    assert vacancy["locale"] == "en"
    assert vacancy["host"]["name"] == CAG_NAMES["ru"]
    assert [theme["name"] for theme in vacancy["themes"]] == ["Жаштар"]
    project = get(client, "/api/v1/projects/men-engaging-after-metoo?lang=pl").json
    assert [partner["name"] for partner in project["partners"]] == ["Centralasiengrupperna", "MÄN"]
    assert [theme["name"] for theme in project["themes"]] == ["Płeć i LGBTQ"]


def test_references_in_lists_carry_names_in_the_requested_language(client):
    posts = get(client, "/api/v1/posts?lang=ru&sort=published_at").json["items"]
    assert [theme["name"] for theme in posts[0]["themes"]] == ["Права человека"]
    assert [partner["name"] for partner in posts[0]["partners"]] == [CAG_NAMES["ru"]]


def test_without_the_chain_original_or_english_any_translation_is_served_and_searched(client, db_session):
    # An organisation recorded as Swedish whose texts exist only in Russian and Polish: nothing in the chain.
    db_session.add(
        Partner(
            slug="bez-granic",
            original_locale="sv",
            translations=[
                PartnerTranslation(locale="ru", name="Без границ", description="Правозащитная сеть."),
                PartnerTranslation(locale="pl", name="Bez Granic", description="Sieć obrońców praw człowieka."),
            ],
        )
    )
    db_session.commit()
    partner = get(client, "/api/v1/partners/bez-granic?lang=en").json
    assert (partner["locale"], partner["name"]) == ("pl", "Bez Granic")
    assert alternates(get(client, "/api/v1/partners/bez-granic")).keys() == {"pl", "ru"}
    listed = get(client, "/api/v1/partners?lang=en&sort=slug").json["items"]
    assert next(item["locale"] for item in listed if item["slug"] == "bez-granic") == "pl"
    # Search matches the translation that is served, so the Polish text is found and the Russian one is not.
    assert [item["slug"] for item in get(client, "/api/v1/partners?lang=en&q=obroncow").json["items"]] == ["bez-granic"]
    assert get(client, "/api/v1/partners?lang=en&q=правозащитная").json["total"] == 0
    # Russian readers get the Russian text, and ky readers too through the ky → ru chain.
    assert get(client, "/api/v1/partners/bez-granic?lang=ky").json["locale"] == "ru"
    assert [item["slug"] for item in get(client, "/api/v1/partners?lang=ky&q=правозащитная").json["items"]] == [
        "bez-granic"
    ]
