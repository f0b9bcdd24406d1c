"""Fixtures of the help-site tests: sites built with `mkdocs build`, a server for them and
one headless Chromium for the browser tests."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from tests.site.helpers import ROOT, build, knowledge_base, site_config


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real knowledge base (kb/) built with the project's mkdocs.yml and --strict."""
    work = tmp_path_factory.mktemp("site")
    config = site_config(work, ROOT / "kb")
    result = build(config, "--strict")
    assert result.returncode == 0, result.stderr
    return work / "site"


@pytest.fixture
def kb_copy(tmp_path) -> Path:
    """A copy of the knowledge base's articles to break or change."""
    return knowledge_base(tmp_path)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site, served on 127.0.0.1 from a thread."""
    handler = functools.partial(_Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A browser page that records console errors, failed requests and script errors."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        page.on("console", lambda message: message.type == "error"
                and self.errors.append(f"console: {message.text} ({page.url})"))
        page.on("pageerror", lambda error: self.errors.append(f"script: {error} ({page.url})"))
        page.on("requestfailed", lambda request: self.errors.append(
            f"request failed: {request.url}"))
        page.on("response", lambda response: response.status >= 400
                and self.errors.append(f"HTTP {response.status}: {response.url}"))

    def open(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return self.page


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"],
                              origin=site_url.rstrip("/"))
    wrapped = Page(context.new_page(), site_url)
    yield wrapped
    context.close()
    assert not wrapped.errors, "\n".join(wrapped.errors)
