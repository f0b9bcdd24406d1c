"""Fixtures of the help-site tests: the site built with `mkdocs build --strict` for the
address it is served at (under a sub-path, as it is published), a server for it and one
headless Chromium for the browser tests."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from pathlib import Path

import pytest

from tests.site.helpers import ROOT, build, knowledge_base, site_config

SUB_PATH = "/help/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def site_url() -> str:
    """Where the test server serves the site: a sub-path of 127.0.0.1."""
    return f"http://127.0.0.1:{_free_port()}{SUB_PATH}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_url) -> Path:
    """The real knowledge base (kb/) built with the project's mkdocs.yml and --strict, for
    ``site_url``."""
    work = tmp_path_factory.mktemp("site")
    config = site_config(work, ROOT / "kb", site_url=site_url)
    result = build(config, "--strict")
    assert result.returncode == 0, result.stderr
    return work / "site"


@pytest.fixture
def kb_copy(tmp_path) -> Path:
    """A copy of the knowledge base's articles to break or change."""
    return knowledge_base(tmp_path)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The site under SUB_PATH; a missing page gets the 404 page of its language, as a web
    server set up for the site would serve it."""

    def log_message(self, format, *args):
        pass

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside__")
        return super().translate_path("/" + path[len(SUB_PATH):])

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        site = Path(self.directory)
        inside = self.path[len(SUB_PATH):] if self.path.startswith(SUB_PATH) else ""
        page = site / "nl-NL" / "404.html" if inside.startswith("nl-NL/") else site / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def server(built_site, site_url):
    """The built site, served on 127.0.0.1 from a thread."""
    port = int(site_url.split(":")[2].split("/")[0])
    handler = functools.partial(_Handler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield site_url
    httpd.shutdown()
    httpd.server_close()


CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


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
        self.expected_404: set[str] = set()
        page.on("console", lambda message: message.type == "error"
                and "404" not in message.text
                and self.errors.append(f"console: {message.text} ({page.url})"))
        page.on("pageerror", lambda error: self.errors.append(f"script: {error} ({page.url})"))
        page.on("requestfailed", lambda request: self.errors.append(
            f"request failed: {request.url}"))
        page.on("response", lambda response: response.status >= 400
                and response.url not in self.expected_404
                and self.errors.append(f"HTTP {response.status}: {response.url}"))

    def open(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return self.page


def _page(browser, server, viewport):
    context = browser.new_context(viewport=viewport)
    context.grant_permissions(["clipboard-read", "clipboard-write"],
                              origin=server.split("/help/")[0])
    wrapped = Page(context.new_page(), server)
    return context, wrapped


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser, server):
    """A page at 1280x900, then at 390x844."""
    context, wrapped = _page(browser, server, DESKTOP if request.param == "desktop" else PHONE)
    wrapped.viewport = request.param
    yield wrapped
    context.close()
    assert not wrapped.errors, "\n".join(wrapped.errors)


@pytest.fixture
def desktop(browser, server):
    context, wrapped = _page(browser, server, DESKTOP)
    yield wrapped
    context.close()
    assert not wrapped.errors, "\n".join(wrapped.errors)
