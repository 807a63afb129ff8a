"""The widget in a real browser: the example partner page (examples/partner-page.html), served from another
origin under a strict Content-Security-Policy and a rude stylesheet, shows the right items in the right language.

Debian's chromium, driven by Playwright: no browser is downloaded. CI installs chromium (.ci/run); elsewhere the
test is skipped when there is none, and says so.
"""

import os
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from tests.conftest import dispose, make_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", ROOT / "artifacts"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine notes say: without these, Chromium tries Google's hosts and the closed network refuses them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXAMPLE_API = "http://127.0.0.1:5000"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="Debian's chromium is not installed here"
)


def serve_in_thread(server) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def api_origin(databases):
    url = databases.create()
    app = make_app(url)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serve_in_thread(server)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    dispose(app)
    databases.drop(url)


class PartnerSite(SimpleHTTPRequestHandler):
    """The partner's own web server: the example page, pointed at the API under test, with its policy as a header
    too."""

    api = EXAMPLE_API

    def do_GET(self):  # noqa: N802 (the http.server name)
        path = EXAMPLES / self.path.lstrip("/").split("?")[0]
        if path.suffix != ".html":
            return super().do_GET()
        body = path.read_text(encoding="utf-8").replace(EXAMPLE_API, self.api).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        policy = f"default-src 'none'; script-src {self.api}/embed.js; frame-src {self.api}; style-src 'self'"
        self.send_header("Content-Security-Policy", policy)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args) -> None:
        pass


@pytest.fixture
def partner_origin(api_origin):
    handler = type("Site", (PartnerSite,), {"api": api_origin})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(EXAMPLES)))
    serve_in_thread(server)
    yield f"http://localhost:{server.server_port}"  # another origin than the API's 127.0.0.1
    server.shutdown()
    server.server_close()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_the_widget_shows_the_right_items_in_the_right_language_on_a_strict_partner_page(
    browser, api_origin, partner_origin
):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 900, "height": 1200})
    problems, hosts = [], set()
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    page.goto(f"{partner_origin}/partner-page.html")

    projects = page.locator("cag-widget").nth(0).locator("iframe").content_frame
    expect(projects.locator("h2")).to_have_text("Проекты")
    expect(projects.locator(".cag-title")).to_have_text(
        ["Climate residency in Osh", "Youth workers' mobility in Kyrgyzstan"]
    )
    expect(projects.locator("time").first).to_contain_text("августа 2019")
    assert projects.locator(".cag-title").first.evaluate("a => getComputedStyle(a).fontSize") != "40px"

    vacancies = page.locator("cag-widget").nth(1).locator("iframe").content_frame
    expect(vacancies.locator(".cag-title")).to_have_text(["Projektansvarig"])  # the 2020 call has closed
    expect(vacancies.locator(".cag-badge")).to_have_text(["Без срока подачи"])

    posts = page.frame_locator("main > iframe")
    expect(posts.locator("h2")).to_have_text("Последние публикации")
    expect(posts.locator(".cag-title")).not_to_have_count(0)

    for index, frame in enumerate((projects, vacancies)):
        host = page.locator("cag-widget").nth(index)
        expect(host.locator("iframe")).to_be_visible()  # the host's `cag-widget iframe { display: none }` misses
        content_height = frame.locator("body").evaluate("body => body.getBoundingClientRect().height")
        page.wait_for_function(
            "([host, height]) => Math.abs(host.shadowRoot.querySelector('iframe').getBoundingClientRect().height"
            " - height) <= 2",
            arg=[host.element_handle(), content_height],
        )  # as tall as its list, grown or shrunk from the default

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget.png"), full_page=True)
    assert problems == []
    assert hosts == {urlsplit(partner_origin).netloc, urlsplit(api_origin).netloc}
