"""Rich-text cleaning: hostile markup (OWASP XSS filter-evasion style) loses everything active, articles survive."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from api.sanitize import ATTRIBUTES, LINK_REL, TAGS, clean_html

REL = f'rel="{LINK_REL}"'

HOSTILE = {
    # <script> in every spelling
    "script": "<script>alert(1)</script>",
    "script-mixed-case": "<ScRiPt>alert(1)</sCrIpT>",
    "script-src": "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "script-split": "<scr<script>ipt>alert(1)</script>",
    "script-double-open": "<<script>script>alert(1)//<</script>/script>",
    "script-in-svg": "<svg><script>alert(1)</script></svg>",
    "script-in-template": "<template><script>alert(1)</script></template>",
    "script-in-textarea": "<textarea><script>alert(1)</script></textarea>",
    "script-in-comment": "<!-- <script>alert(1)</script> --><p>x</p>",
    "conditional-comment": "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    # event handlers
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-onerror-quoted": '<img src="x" alt="x" onerror="alert(1)">',
    "img-onerror-unclosed": "<img src=x onerror=alert(1)",
    "img-attribute-quotes": '<img """><script>alert(1)</script>">',
    "a-onmouseover": '<a href="https://ok.example/" onmouseover="alert(1)">x</a>',
    "svg-onload": "<svg onload=alert(1)>",
    "svg-onload-slash": "<svg/onload=alert(1)>",
    "body-onload": "<body onload=alert(1)>b",
    "details-ontoggle": "<details open ontoggle=alert(1)>d</details>",
    "video-source-onerror": '<video><source onerror="alert(1)"></video>',
    "unknown-tag-handler": "<xss onafterscriptexecute=alert(1)>x</xss>",
    "marquee-onstart": "<marquee onstart=alert(1)>m</marquee>",
    "p-onclick-newline": "<p\nonclick\n=\nalert(1)>p</p>",
    # javascript: in every disguise
    "href-javascript": '<a href="javascript:alert(1)">x</a>',
    "href-javascript-mixed-case-spaces": '<a href="  JaVaScRiPt:alert(1)">x</a>',
    "href-tab-entity": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "href-newline-entity": '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    "href-cr-entity": '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    "href-raw-newline": '<a href="jav\nascript:alert(1)">x</a>',
    "href-named-tab": '<a href="java&Tab;script:alert(1)">x</a>',
    "href-leading-newline": '<a href="&NewLine;javascript:alert(1)">x</a>',
    "href-leading-space-entity": '<a href="&#x20;javascript:alert(1)">x</a>',
    "href-control-char": '<a href="\x01javascript:alert(1)">x</a>',
    "href-null-char": '<a href="java\x00script:alert(1)">x</a>',
    "href-decimal-entities": '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    "href-padded-decimal-no-semicolons": (
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116'
        '&#0000058alert(1)">x</a>'
    ),
    "href-hex-no-semicolons": '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
    "href-partial-entity": '<a href="javas&#99;ript:alert(1)">x</a>',
    "href-colon-entity": '<a href="javascript&#58;alert(1)">x</a>',
    "href-named-colon": '<a href="javascript&colon;alert(1)">x</a>',
    "img-src-javascript": "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "img-src-tab-entity": '<img src="jav&#x09;ascript:alert(1)">',
    "img-src-unclosed": "<IMG SRC=\"javascript:alert('XSS')\"",
    "a-unclosed": '<a href="javascript:alert(1)"',
    "img-dynsrc-lowsrc": '<img dynsrc="javascript:alert(1)" lowsrc="javascript:alert(1)">',
    "srcset": '<img srcset="javascript:alert(1) 1x, data:image/png;base64,AAAA 2x">',
    "xlink-href": '<a xlink:href="javascript:alert(1)">x</a>',
    "svg-xlink-href": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "math-href": '<math href="javascript:alert(1)">x</math>',
    "table-background": (
        '<table background="javascript:alert(1)"><tr><td background="javascript:alert(1)">c</td></tr></table>'
    ),
    # vbscript: and data:
    "href-vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "href-vbscript-upper": '<a href="VBSCRIPT:msgbox(1)">x</a>',
    "href-data-html": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "href-data-upper": '<a href="DATA:text/html,alert(1)">x</a>',
    "img-data-svg": '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    # embedded documents, forms, document-level tags
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "iframe-javascript": '<iframe src="javascript:alert(1)">fallback</iframe>',
    "iframe-srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "object-data-uri": '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    "embed": '<embed src="javascript:alert(1)">',
    "form-action": '<form action="javascript:alert(1)"><input type="submit" value="go"></form>',
    "button-formaction": '<form><button formaction="javascript:alert(1)">go</button></form>',
    "input-image": '<input type="image" src="javascript:alert(1)">',
    "base-href": '<base href="javascript:alert(1)//">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "meta-refresh-data": '<meta http-equiv="refresh" content="0;url=data:text/html;base64,PHNjcmlwdD4=">',
    "link-stylesheet": '<link rel="stylesheet" href="javascript:alert(1)">',
    # style
    "style-element": '<style>body { background: url("javascript:alert(1)") }</style>',
    "style-import": "<style>@import 'https://evil.example/x.css';</style>",
    "style-expression": '<p style="width: expression(alert(1))">css</p>',
    "style-url": '<div style="background-image: url(javascript:alert(1))">x</div>',
    "style-on-allowed-link": '<a href="https://ok.example/" style="position:fixed;inset:0">x</a>',
    # parser differentials and mutation XSS
    "math-mglyph-style": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "noscript-title": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "nested-unclosed": '<p><b><i><a href="javascript:alert(1)"><img src=x onerror=alert(1)>',
}

# Safe, but a payload is left behind as inert text inside an attribute, so it cannot pass the unescaped-text check.
ATTRIBUTE_BREAKOUT = "<a title='\"><script>alert(1)</script>'>t</a>"


class _Elements(HTMLParser):
    """Every start tag with its attributes, and whether a comment got through, as a browser's tokenizer sees them."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        self.comments.append(data)


def assert_allowlisted(cleaned: str) -> None:
    parsed = _Elements(cleaned)
    assert parsed.comments == []
    for tag, attributes in parsed.elements:
        assert tag in TAGS
        allowed = ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(attributes) <= allowed, (tag, attributes)
        if tag == "a":
            assert attributes["rel"] == LINK_REL
        for name in ("href", "src"):
            if name in attributes:
                assert urlsplit(attributes[name]).scheme.lower() in {"http", "https", "mailto"}


def assert_inert(cleaned: str) -> None:
    text = html.unescape(cleaned).lower()
    squeezed = re.sub(r"[\s\x00-\x1f]+", "", text)
    assert "<script" not in text
    assert re.search(r"\bon\w+\s*=", text) is None
    for scheme in ("javascript:", "vbscript:", "data:"):
        assert scheme not in squeezed


@pytest.mark.parametrize("markup", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_is_defused(markup):
    cleaned = clean_html(markup)
    assert_inert(cleaned)
    assert_allowlisted(cleaned)
    assert clean_html(cleaned) == cleaned


def test_attribute_breakout_stays_inside_the_attribute():
    cleaned = clean_html(ATTRIBUTE_BREAKOUT)
    assert "<script" not in cleaned.lower()
    assert_allowlisted(cleaned)
    assert _Elements(cleaned).elements == [("a", {"title": '"><script>alert(1)</script>', "rel": LINK_REL})]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<script>alert(1)</script><p>kept</p>", "<p>kept</p>"),
        ('<a href="javascript:alert(1)">text</a>', f"<a {REL}>text</a>"),
        ("<img src=x onerror=alert(1)>", "<img>"),
        ('<iframe src="https://evil.example/">fallback</iframe>after', "after"),
        ('<svg onload="alert(1)"><circle r="1"/></svg>after', "after"),
        ("<style>p { color: red }</style><p>x</p>", "<p>x</p>"),
        ('<p style="color:red" class="lead" id="x" onclick="alert(1)">text</p>', "<p>text</p>"),
        ('<form action="https://evil.example/"><button>go</button></form>', "go"),
        ("<p>a<!-- hidden -->b</p>", "<p>ab</p>"),
    ],
)
def test_what_is_left_of_hostile_markup(markup, expected):
    assert clean_html(markup) == expected


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Hello <strong>world</strong> and <em>you</em>,<br>next line</p>",
        "<h2>Two</h2><h3>Three</h3><h4>Four</h4>",
        "<p><b>b</b> <i>i</i> <u>u</u> <s>s</s></p>",
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>",
        "<blockquote><p>Quoted.</p></blockquote><hr>",
        "<pre><code>if a &lt; b &amp;&amp; c:\n    pass</code></pre>",
        '<img src="https://cdn.example.org/a.jpg" alt="Two people" width="640" height="480" title="Photo">',
        '<figure><img src="https://cdn.example.org/a.jpg" alt="A"><figcaption>Caption</figcaption></figure>',
        "<table><thead><tr><th>Year</th><th>Count</th></tr></thead><tbody><tr><td>2025</td><td>3</td></tr></tbody></table>",
        '<table><tbody><tr><td colspan="2" rowspan="3">wide</td></tr></tbody></table>',
        "<p>Молодёжь Кыргызстана: Ысык-Көл, жаңы үй, өнөр</p>",
        "<p>Projektansvarig sökes i Malmö – ÅÄÖ åäö</p>",
        "<p>Emoji 🎉 👩‍💻 🇸🇪 and a quote: “Hej”</p>",
        "<p>Fish &amp; chips &lt;3</p>",
    ],
)
def test_benign_markup_survives_unchanged(markup):
    assert clean_html(markup) == markup


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            '<a href="https://example.org/x?a=1&amp;b=2" title="More">link</a>',
            f'<a href="https://example.org/x?a=1&amp;b=2" title="More" {REL}>link</a>',
        ),
        ('<a href="http://example.org/">http</a>', f'<a href="http://example.org/" {REL}>http</a>'),
        (
            '<a href="mailto:redaktion@example.se?subject=Hej">mail</a>',
            f'<a href="mailto:redaktion@example.se?subject=Hej" {REL}>mail</a>',
        ),
        (
            '<a href="https://example.org/" rel="opener" target="_blank">x</a>',
            f'<a href="https://example.org/" {REL}>x</a>',
        ),
        (
            '<a href="https://example.org/?q=javascript:x">query</a>',
            f'<a href="https://example.org/?q=javascript:x" {REL}>query</a>',
        ),
    ],
)
def test_links_keep_their_url_and_get_the_forced_rel(markup, expected):
    assert clean_html(markup) == expected


@pytest.mark.parametrize(
    "href",
    ["/relative/path", "relative.html", "//evil.example/x", "#section", "?page=2", "tel:+46123", "ftp://example.org/"],
)
def test_relative_and_other_scheme_urls_are_dropped(href):
    assert clean_html(f'<a href="{href}">x</a>') == f"<a {REL}>x</a>"
    assert clean_html(f'<img src="{href}" alt="a">') == '<img alt="a">'


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<span style="color:red">red</span> text', "red text"),
        ('<div class="box"><p>inside</p></div>', "<p>inside</p>"),
        ("<h1>Top</h1>", "Top"),
        ("<h5>Five</h5>", "Five"),
        ("<center>mid</center>", "mid"),
        ("plain & <unknown>text</unknown>", "plain &amp; text"),
    ],
)
def test_tags_outside_the_allowlist_are_unwrapped_keeping_their_text(markup, expected):
    assert clean_html(markup) == expected


@pytest.mark.parametrize("size", ["100%", "50px", "-1", "1e3", "expression(alert(1))", "", "१२"])
def test_sizes_and_spans_must_be_plain_numbers(size):
    assert clean_html(f'<img alt="a" width="{size}" height="{size}">') == '<img alt="a">'
    assert clean_html(f'<table><tr><td colspan="{size}">c</td></tr></table>') == (
        "<table><tbody><tr><td>c</td></tr></tbody></table>"
    )


def test_unclosed_and_misnested_tags_are_balanced():
    assert clean_html("<p>one<p>two <b>bold <i>both</b> after</i>") == (
        "<p>one</p><p>two <b>bold <i>both</i></b><i> after</i></p>"
    )
    assert clean_html("<ul><li>a<li>b") == "<ul><li>a</li><li>b</li></ul>"


def test_none_and_empty():
    assert clean_html(None) is None
    assert clean_html("") == ""
    assert clean_html("<script>only</script>") == ""
