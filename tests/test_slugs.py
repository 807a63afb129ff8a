"""Slugs from titles in any script, and numbered variants when one is taken."""

import random

import pytest

from api.slugs import FALLBACK_SLUG, MAX_LENGTH, is_slug, slugify, unique_slug


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Projektansvarig sökes i Malmö", "projektansvarig-sokes-i-malmo"),
        ("Молодёжь Кыргызстана", "molodezh-kyrgyzstana"),
        ("Ёлка, йод, подъезд, мышь, эхо, юг, яма", "elka-iod-podezd-mysh-ekho-iug-iama"),
        ("Ысык-Көл: жаңы үй, өнөр", "ysyk-kol-zhany-ui-onor"),
        ("Съезд объявлений", "sezd-obiavlenii"),
        ("Łódź", "lodz"),
        ("Zażółć gęślą jaźń", "zazolc-gesla-jazn"),
        ("Grüße aus Köln – Straße", "grusse-aus-koln-strasse"),
        ("Åre, Älmhult och Örebro", "are-almhult-och-orebro"),
        ("Ærø Øresund", "aero-oresund"),
        ("Crème brûlée à la française", "creme-brulee-a-la-francaise"),
        ("İstanbul, Niğde, Şanlıurfa", "istanbul-nigde-sanliurfa"),
        ("  Hello,   World!! ", "hello-world"),
        ("Don’t stop, it's fine", "dont-stop-its-fine"),
        ("2024/25: 1,000 jobs & more", "2024-25-1000-jobs-more"),
        ("__snake_case__ and --dashes--", "snake-case-and-dashes"),
        ("Ｆｕｌｌｗｉｄｔｈ ﬁnal", "fullwidth-final"),
        ("already-a-slug", "already-a-slug"),
    ],
)
def test_titles_become_readable_ascii_slugs(title, expected):
    assert slugify(title) == expected
    assert is_slug(expected)


@pytest.mark.parametrize("title", ["😀🎉", "🇸🇪 ❤️", "", "   ", "!!! ??? ---", "\u200b\u200d"])
def test_nothing_usable_gives_the_fallback(title):
    assert slugify(title) == FALLBACK_SLUG == "item"


def test_chinese_is_transliterated_rather_than_dropped():
    # text-unidecode gives toneless pinyin: usable, if not pretty; a title with no letters at all falls back.
    assert slugify("中文标题") == "zhong-wen-biao-ti"


def test_long_titles_are_cut_at_a_hyphen():
    title = "Projektansvarig sökes i Malmö för ett långt och spännande uppdrag inom ungdomsarbete och demokrati"
    slug = slugify(title)
    assert slug == "projektansvarig-sokes-i-malmo-for-ett-langt-och-spannande-uppdrag-inom"
    assert len(slug) <= 80
    assert slugify(title, max_length=20) == "projektansvarig"
    assert slugify(title, max_length=29) == "projektansvarig-sokes-i-malmo"  # exactly max_length
    assert slugify(title, max_length=28) == "projektansvarig-sokes-i"


def test_a_word_longer_than_max_length_is_cut_inside_it():
    assert slugify("Supercalifragilisticexpialidocious day", max_length=10) == "supercalif"


def test_a_cut_never_skips_a_word():
    # Without keeping order a shorter later word could fill the space: "aaaa-bbbbbbbbbb-c" → "aaaa-c".
    assert slugify("aaaa bbbbbbbbbb c", max_length=10) == "aaaa"


@pytest.mark.parametrize("max_length", [0, -1, MAX_LENGTH + 1])
def test_max_length_must_fit_a_slug(max_length):
    with pytest.raises(ValueError):
        slugify("title", max_length=max_length)


def test_max_length_up_to_the_slug_limit():
    slug = slugify("word " * 100, max_length=MAX_LENGTH)
    assert len(slug) == 119  # 24 words of 4 and 23 hyphens; one more would need 124
    assert is_slug(slug)


def test_every_slug_is_a_slug():
    alphabet = (
        "abcXYZ019 -_.,:;!?'\"/\\&#%()[]{}<>+=*@\t\n"
        "åäöÅÄÖéèêüßłŁżźćńśąęøæ"
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАЁЙЪЫЬЭЮЯңөүҢӨҮ"
        "中文日本語한국어عربىΕλληνικά"
        "😀🎉🇸🇪❤️\u200b\u200d\u0301\u00a0"
    )
    rng = random.Random(2025)
    for _ in range(2000):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        max_length = rng.randint(1, MAX_LENGTH)
        slug = slugify(title, max_length=max_length)
        assert is_slug(slug), (title, slug)
        assert len(slug) <= max_length, (title, slug)


def test_unique_slug_is_the_base_when_free():
    assert unique_slug("post", lambda candidate: False) == "post"


def test_unique_slug_numbers_from_two():
    taken = {"post", "post-2", "post-3"}
    asked = []

    def is_taken(candidate):
        asked.append(candidate)
        return candidate in taken

    assert unique_slug("post", is_taken) == "post-4"
    assert asked == ["post", "post-2", "post-3", "post-4"]


def test_unique_slug_sequence_as_rows_are_added():
    taken: set[str] = set()
    for _ in range(12):
        taken.add(unique_slug("molodezh", taken.__contains__))
    assert taken == {"molodezh"} | {f"molodezh-{n}" for n in range(2, 13)}


def test_unique_slug_of_a_numbered_slug_numbers_again():
    assert unique_slug("post-2", {"post-2"}.__contains__) == "post-2-2"


def test_unique_slug_stays_within_max_length():
    base = "x" * 118 + "-y"
    assert len(base) == MAX_LENGTH
    assert unique_slug(base, {base}.__contains__) == "x" * 118 + "-2"

    base = "ab-" * 39 + "abc"
    assert len(base) == MAX_LENGTH
    assert unique_slug(base, {base}.__contains__) == "ab-" * 39 + "a-2"
    taken = {base} | {"ab-" * 39 + f"a-{n}" for n in range(2, 10)}
    # Cut one more for the longer suffix, which leaves a hyphen at the end: it goes rather than doubling up.
    slug = unique_slug(base, taken.__contains__)
    assert slug == "ab-" * 38 + "ab-10"
    assert len(slug) == 119
    assert is_slug(slug)


@pytest.mark.parametrize("base", ["", "Not a slug", "trailing-", "x" * (MAX_LENGTH + 1)])
def test_unique_slug_needs_a_slug(base):
    with pytest.raises(ValueError):
        unique_slug(base, lambda candidate: False)
