"""Swagger UI at /docs and GraphiQL at /graphql work in a real browser under their Content-Security-Policy: the
page renders, a query runs, and the browser reports no violation. Debian's chromium driven by Playwright, as in
tests/test_widget_browser.py (skipped where there is no chromium, never in CI)."""

import pytest

# The widget test's browser and server fixtures, and its skip where there is no chromium: the tests' arguments of
# the same names are those fixtures, not redefinitions.
# ruff: noqa: F811
from tests.test_widget_browser import ARTIFACTS, api_origin, browser, pytestmark  # noqa: F401

REPORT_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    "window.__violations = [];"
)


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(REPORT_VIOLATIONS)
    page.goto(url)
    return page, errors


def violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def test_swagger_ui_renders_the_spec_under_its_policy(browser, api_origin):
    from playwright.sync_api import expect

    page, errors = open_page(browser, f"{api_origin}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("CAG Content API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/posts/{slug}").first).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "docs.png"))
    assert (violations(page), errors) == ([], [])


def test_graphiql_runs_a_query_under_its_policy(browser, api_origin):
    from playwright.sync_api import expect

    page, errors = open_page(browser, f"{api_origin}/graphql?q=%7B%20themes%20%7B%20totalCount%20%7D%20%7D")
    page.locator(".graphiql-execute-button").click()
    expect(page.locator(".graphiql-response")).to_contain_text('"totalCount"')
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graphiql.png"))
    assert (violations(page), errors) == ([], [])


@pytest.mark.parametrize("path", ["/docs", "/graphql"])
def test_a_policy_violation_would_be_seen(browser, api_origin, path):
    """The checks above can fail: an inline script the policy does not name is refused, and reported."""
    from playwright.sync_api import Error

    page, _errors = open_page(browser, f"{api_origin}{path}")
    page.wait_for_load_state("load")
    with pytest.raises(Error, match="Content Security Policy"):
        page.add_script_tag(content="window.__ran = true")
    assert page.evaluate("window.__ran === undefined")
    assert any(violation.startswith("script-src") for violation in violations(page))


def test_the_front_door_is_a_page_whose_links_lead_on(browser, api_origin):
    from playwright.sync_api import expect

    page, errors = open_page(browser, f"{api_origin}/")
    expect(page.locator("h1")).to_have_text("CAG Content API")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"))
    assert (violations(page), errors) == ([], [])
    expect(page.get_by_role("link", name="REST API documentation")).to_have_attribute("href", "/docs")


def test_a_graphql_link_opens_graphiql_with_its_query(browser, api_origin):
    from playwright.sync_api import expect

    page, errors = open_page(browser, f"{api_origin}/graphql?query=%7B%20themes%20%7B%20totalCount%20%7D%20%7D")
    expect(page.locator(".graphiql-query-editor")).to_contain_text("totalCount")
    page.locator(".graphiql-execute-button").click()
    expect(page.locator(".graphiql-response")).to_contain_text('"totalCount"')
    assert (violations(page), errors) == ([], [])
