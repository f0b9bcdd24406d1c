"""The ``betal-kb`` MkDocs plugin: the knowledge base as a Material for MkDocs site, one
language per build (see :mod:`.languages`).

=======================  ===================================================================
event                    what the plugin does
=======================  ===================================================================
``on_config``            picks the language this process builds and configures its site
                         (folder, address, Material's language and search); adds its
                         templates, stylesheet, script and Markdown extension
                         (:mod:`.markdown`); in the first language's build: stages the
                         site (:mod:`.publish`), starts the command-line page's example
                         for every language and the other languages' builds, then runs
                         ``betal kb check`` (errors raise ``PluginError`` before a page is
                         written, :mod:`.checks`); in the others: reads the articles of
                         every language, for the language switch
``on_files``             generates the section pages (:mod:`.sections`), the command-line
                         page (:mod:`.cli_page`), the search worker (:mod:`.search`) and
                         the site's script (:mod:`.script`);
                         leaves out the theme's files no page loads (:mod:`.assets`)
``on_nav``               home, sections and small sections' articles (:mod:`.navigation`)
``on_env``               the 404 page's words; Material's strings in the site's language,
                         each looked up once (:mod:`.theme_strings`); the way to support
                         under every page
``on_page_read_source``  the page's Markdown after its front matter, which the knowledge
                         base's reader reads (:mod:`kb.frontmatter`)
``on_page_markdown``     keeps the source organisation's people off the page; the
                         command-line page gets the example's output (waiting for it)
``on_page_context``      language switch (:mod:`.alternates`), robots, description, last
                         updated, the page's sitemap entry
``on_post_page``         leaves out the templates' indentation (:mod:`.whitespace`)
``on_post_build``        writes the language's sitemap (:mod:`.sitemap`); in the first
                         language's build: robots.txt, the other languages' folders, and
                         puts the staged site in place
``on_serve``             ``mkdocs serve`` rebuilds when any language's articles change
``on_build_error``       stops the other languages' builds; discards the staged site
=======================  ===================================================================
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kb.frontmatter import normalize_newlines, parse
from kb.mkdocs_plugin import (
    alternates,
    assets,
    catalog,
    cli_page,
    navigation,
    pages,
    script,
    search,
)
from kb.mkdocs_plugin import languages as kb_languages
from kb.mkdocs_plugin import sections as kb_sections
from kb.mkdocs_plugin import sitemap as kb_sitemap
from kb.mkdocs_plugin import strings as s
from kb.mkdocs_plugin.config import OFF, REPORT, KbPluginConfig
from kb.mkdocs_plugin.i18n import text
from kb.mkdocs_plugin.markdown import KbExtension
from kb.mkdocs_plugin.publish import Stage
from kb.mkdocs_plugin.theme_strings import ThemeStrings
from kb.mkdocs_plugin.whitespace import compact
from kb.pairing import Pairing

log = get_plugin_logger("betal-kb")

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, "templates")
STYLESHEET = "assets/betal-kb/kb.css"
DEFAULT_LANGUAGES = (kb_languages.Language("nb-NO", "Norsk bokmål"),
                     kb_languages.Language("nl-NL", "Nederlands"))


class KbPlugin(BasePlugin[KbPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._command = "build"
        self._dirty = False
        self._reset()

    def _reset(self) -> None:
        self._languages: list[kb_languages.Language] = list(DEFAULT_LANGUAGES)
        self._language = self._languages[0]
        self._stage: Stage | None = None
        self._site_dir: str | None = None
        self._warnings: WarningCounter | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._example: Future | None = None  # the example's outputs by locale
        self._waiting: list[kb_languages.Language] = []  # other languages not started yet
        self._others: list[kb_languages.Build] = []
        self._pairs = Pairing(())
        self._sections: list[kb_sections.Section] = []
        self._generated: dict[str, str] = {}
        self._switch: alternates.Switch | None = None
        self._sitemap: list[kb_sitemap.Url] = []
        self._site_url: str | None = None  # the default language's root
        self._read: dict[str, catalog.Entry] = {}  # articles read already, by locale/slug.md
        self._meta: dict[str, dict] = {}  # front matter read by the knowledge base, by page

    @property
    def _first(self) -> bool:
        """Whether this process builds the first language (and starts the others)."""
        return not kb_languages.is_child()

    def on_startup(self, *, command, dirty) -> None:
        self._command = command
        self._dirty = dirty

    # -- configuration ------------------------------------------------------------------

    @event_priority(100)  # before the search plugin reads Material's language strings
    def on_config(self, config):
        if not self.config.enabled:
            return config
        self._reset()
        if self.config.languages:
            self._languages = kb_languages.from_config(self.config.languages)
        self._language = kb_languages.current(self._languages)
        self._check_command_params()
        locale = self._language.locale
        if TEMPLATES not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, TEMPLATES)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if script.PATH not in config.extra_javascript:
            config.extra_javascript.append(script.PATH)
        config.theme.static_templates.discard("sitemap.xml")  # the plugin writes its own
        docs_dir = config.docs_dir
        if self._first:
            self._stage_site(config)
            self._executor = ThreadPoolExecutor(max_workers=len(self._languages))
            # the example of every language, while the pages are made (see on_page_markdown)
            self._example = self._executor.submit(cli_page.run_examples, self._locales)
            self._waiting = list(self._languages[1:])
            self._start_others(config, (self.config.jobs or len(self._languages)) - 1)
            self._pairs = Pairing(self._check(config))  # a failing check stops the others
        else:
            scanned = catalog.scan(docs_dir, self._locales)
            self._pairs = Pairing(scanned)
            self._read = {entry.src_uri: entry for entry in scanned}
        site_url = config.site_url
        kb_languages.configure(config, self._language, self._languages[0],
                               text(s.PERMALINK, locale))
        config.markdown_extensions.append(KbExtension(locale, self.config.command_params))
        # the language roots, for the pages without a page (404.html); each page sets its own
        config.extra["alternate"] = alternates.Switch(
            self._languages, locale, self._pairs, {}, site_url,
            config.use_directory_urls).links(None)
        config.extra["analytics"] = _feedback(locale, config.site_url)
        config.theme["palette"] = _palette(config.theme.get("palette"), locale)
        self._site_url = site_url
        return config

    @property
    def _locales(self) -> tuple[str, ...]:
        return tuple(language.locale for language in self._languages)

    def _check_command_params(self) -> None:
        from engine.actions.registry import REGISTRY

        for action_id, names in self.config.command_params.items():
            action = REGISTRY.get(action_id)
            unknown = [name for name in names or () if action and action.param(name) is None]
            if action is None or unknown:
                raise PluginError(f"betal-kb command_params: {action_id} "
                                  + ("is no action" if action is None else
                                     f"has no parameter {', '.join(unknown)}"))

    def _stage_site(self, config) -> None:
        if self.config.stage and self._command == "build" and not self._dirty:
            self._site_dir = config.site_dir
            self._stage = Stage(config.site_dir)
            config.site_dir = self._stage.path
            if config.strict:
                self._warnings = WarningCounter()
                logging.getLogger("mkdocs").addHandler(self._warnings)

    def _check(self, config) -> list[catalog.Entry]:
        """Run ``betal kb check``; the articles it read, for pairing translations."""
        if self.config.checks == OFF:
            return catalog.scan(config.docs_dir, self._locales)
        from kb.mkdocs_plugin import checks

        project = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        report = checks.run(_shown(config.docs_dir), project, cache=self.config.check_cache)
        if self.config.checks == REPORT:
            log.info(f"betal kb check: {len(report.problems)} problems in {report.files} "
                     "files (reported, not enforced)")
        else:
            for problem in checks.warnings(report.problems):
                log.warning(checks.line(problem))
            errors = checks.errors(report.problems)
            if errors:
                self._discard()
                shown = [checks.line(problem) for problem in errors[:50]]
                if len(errors) > len(shown):
                    shown.append(f"... and {len(errors) - len(shown)} more")
                raise PluginError("betal kb check found errors; the site was not built:\n"
                                  + "\n".join(shown))
        return catalog.from_facts(report.facts.values())

    def _start_others(self, config, running: int) -> None:
        """Start languages' builds until ``running`` of them run at once."""
        site_dir = os.path.abspath(self._site_dir or config.site_dir)
        parent, name = os.path.split(site_dir)
        while self._waiting and len(self._others) < running:
            language = self._waiting.pop(0)
            # beside the site, named like its stage (.site.*)
            folder = tempfile.mkdtemp(prefix=f".{name}.{language.locale}-", dir=parent)
            self._others.append(kb_languages.start(
                config.config_file_path or "mkdocs.yml", language, folder,
                strict=bool(config.strict), executor=self._executor, example=self._example))

    # -- this language's pages -----------------------------------------------------------

    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        locale = self._language.locale
        for file in assets.unused(files, config, config.docs_dir):
            files.remove(file)
        for path, markdown in self._generated_pages(files, locale).items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{locale}/{path} is the name of a generated page: rename "
                                  "the article.")
            files.append(File.generated(config, path, content=markdown))
        with open(os.path.join(HERE, "assets", "kb.css"), encoding="utf-8") as handle:
            files.append(File.generated(config, STYLESHEET, content=handle.read()))
        files.append(File.generated(config, script.PATH, content=script.script(
            locale, text(s.BREADCRUMBS, locale))))
        files.append(File.generated(config, search.WORKER, content=search.worker(locale)))
        files.append(File.generated(config, search.SETTINGS, content=search.SETTINGS_SCRIPT))
        self._switch = alternates.Switch(self._languages, locale, self._pairs,
                                         self._generated, self._site_url,
                                         config.use_directory_urls)
        return files

    def _generated_pages(self, files: Files, locale: str) -> dict[str, str]:
        """The Markdown of the section pages and the command-line page, by path; what each
        is in the other languages (a letter page: its section's page)."""
        entries = [self._read.get(f"{locale}/{file.src_uri}")
                   or catalog.read(file.abs_src_path, locale, file.src_uri[:-3])
                   for file in files.documentation_pages() if file.abs_src_path]
        self._sections = kb_sections.build(entries, locale, self.config.split)
        generated = kb_sections.pages(self._sections, locale)
        # the example's output comes in on_page_markdown: the example runs meanwhile
        generated[cli_page.CLI_PAGE_FILE] = cli_page.markdown(locale, None)
        self._generated = {cli_page.SLUG: cli_page.SLUG}
        for section in self._sections:
            self._generated[section.page[:-3]] = section.page[:-3]
            for letter in section.letters:
                self._generated[section.letter_page(letter)[:-3]] = section.page[:-3]
        return generated

    def on_nav(self, nav: Navigation, *, config, files: Files) -> Navigation:
        if not self.config.enabled:
            return nav
        built = navigation.build(self._sections, files, config, self.config.nav_articles)
        return built if built is not None else nav

    def on_env(self, env, *, config, files):
        if self.config.enabled:
            locale = self._language.locale
            env.globals["kb_404"] = {"title": text(s.NOT_FOUND, locale),
                                     "text": text(s.NOT_FOUND_TEXT, locale),
                                     "home": text(s.HOME, locale)}
            env.globals["kb_support"] = {"page": cli_page.CLI_PAGE_FILE[:-3] + (
                "/" if config.use_directory_urls else ".html"), "text": text(s.SUPPORT, locale)}
            env.globals["kb_strings"] = ThemeStrings(env, locale, {
                key: text(message, locale) for key, message in s.MATERIAL.items()})
        return env

    def on_page_read_source(self, *, page: Page, config) -> str | None:
        """The page's Markdown after its front matter, which the knowledge base's own reader
        reads (the one reader of the checker, the site and the TUI): MkDocs then finds no
        front matter of its own to read, and :meth:`on_page_markdown` hands it the meta."""
        if not self.config.enabled:
            return None
        meta, markdown = _front_matter(page.file.content_string)
        if meta is None:
            return None  # no front matter, or none that ends: MkDocs reads it as it is
        self._meta[page.file.src_uri] = meta
        return markdown

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        if self.config.enabled:
            page.meta.update(self._meta.pop(page.file.src_uri, {}))
            for key in pages.SOURCE_PEOPLE:  # Material would name them in the head
                page.meta.pop(key, None)
            if page.file.src_uri == cli_page.CLI_PAGE_FILE:
                locale = self._language.locale
                _, markdown = _front_matter(cli_page.markdown(locale, self._example_output()))
        return markdown

    def _example_output(self) -> str | None:
        """The example's output in this language: the first language's build runs it for
        all (and it may still be running: wait for it)."""
        locale = self._language.locale
        error = None
        try:
            if self._example is not None:
                output = self._example.result()[locale]
            else:
                handed = kb_languages.handed_example()
                if handed is None:  # a language built on its own runs its own
                    output = cli_page.run_examples((locale,))[locale]
                else:
                    output, error = handed
        except (RuntimeError, OSError, ValueError, KeyError,
                subprocess.TimeoutExpired) as failure:
            output, error = None, str(failure)
        if error:
            log.warning(f"The command-line page has no example output: {error}")
        return output

    def on_page_context(self, context, *, page: Page, config, nav):
        if not self.config.enabled:
            return context
        locale = self._language.locale
        meta = page.meta or {}
        slug = page.file.src_uri[:-3]
        context["kb_robots"] = pages.robots(meta)
        context["kb_updated"] = pages.updated(meta, locale)
        if "description" not in meta:
            found = pages.description(meta, page.content or "")
            if found:
                page.meta["description"] = found
        links = self._switch.links(slug) if self._switch else []
        config.extra["alternate"] = links
        if config.site_url and kb_sitemap.indexable(meta.get("ROBOTS")):
            updated = context["kb_updated"]
            self._sitemap.append(kb_sitemap.Url(
                page.url, updated.iso if updated else None,
                tuple((link["lang"], link["link"]) for link in links)))
        return context

    def on_post_page(self, output: str, *, page: Page, config) -> str:
        return compact(output) if self.config.enabled else output

    def on_serve(self, server, *, config, builder):
        """``mkdocs serve`` watches the language being built: the others' folders too."""
        if self.config.enabled:
            parent = os.path.dirname(config.docs_dir)
            for language in self._languages:
                folder = os.path.join(parent, language.locale)
                if language != self._language and os.path.isdir(folder):
                    server.watch(folder)
        return server

    # -- the end of the build ------------------------------------------------------------

    @event_priority(-100)
    def on_post_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        if config.site_url and self._sitemap:
            _write(config.site_dir, "sitemap.xml",
                   kb_sitemap.render(config.site_url, self._sitemap))
        if not self._first:
            return
        if self._site_url:
            _write(config.site_dir, "robots.txt", kb_sitemap.robots_txt(
                kb_languages.root_url(self._site_url, language, self._languages[0])
                + "sitemap.xml" for language in self._languages))
        self._collect_others(config)
        stage, self._stage = self._stage, None
        counter, self._warnings = self._warnings, None
        if counter is not None:
            logging.getLogger("mkdocs").removeHandler(counter)
        if stage is None:
            return
        if counter is not None and counter.count:
            stage.discard()  # --strict aborts after this event: keep the last good site
            log.info("Not publishing the site: the build had warnings in strict mode.")
            return
        stage.publish()

    def _collect_others(self, config) -> None:
        """Wait for the other languages, starting those still waiting (``jobs`` at once now
        that this language's pages are made), and put each in its folder of the site."""
        failures = []
        while self._waiting or self._others:
            self._start_others(config, self.config.jobs or len(self._languages))
            build = self._others.pop(0)
            error = kb_languages.finish(build)
            target = os.path.join(config.site_dir, build.locale)
            if error is None:
                shutil.rmtree(target, ignore_errors=True)
                os.replace(build.site_dir, target)
            else:
                failures.append(error)
                shutil.rmtree(build.site_dir, ignore_errors=True)
        self._shut_down()
        if failures:
            raise PluginError("Building a language failed:\n" + "\n".join(failures))

    def on_build_error(self, *, error) -> None:
        self._discard()

    def _discard(self) -> None:
        self._waiting = []
        for build in self._others:
            kb_languages.stop(build)  # it writes into its folder until it ends
            shutil.rmtree(build.site_dir, ignore_errors=True)
        self._others = []
        self._shut_down()
        if self._stage is not None:
            self._stage.discard()
            self._stage = None
        if self._warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self._warnings)
            self._warnings = None

    def _shut_down(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None


class WarningCounter(logging.Handler):
    """Counts warnings and errors, as MkDocs does for --strict (which it checks only after
    the last plugin event)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


def _write(folder: str, name: str, content: str) -> None:
    with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
        handle.write(content)


def _front_matter(source: str) -> tuple[dict | None, str]:
    """The front matter of a page as the knowledge base's reader reads it (None when there
    is none that ends, {} when it is unusable) and the Markdown after it."""
    source = normalize_newlines(source.lstrip("\ufeff"))
    front, offset, _ = parse(source)
    if not front.closed:
        return None, source
    return (front.mapping() if front.is_mapping and not front.errors else {}), source[offset:]


def _shown(path: str) -> str:
    """``path`` relative to the current folder when it is inside it: the paths in problems
    are then the ones the writer types."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _feedback(locale: str, site_url: str | None) -> dict:
    """Material's "Was this page helpful?" (``extra.analytics.feedback``) in ``locale``; the
    plugin's provider (``partials/integrations/analytics/betal.html``) sends nothing
    anywhere: the plugin's script (:mod:`.script`) shows the form and the note, which leads
    to support."""
    support = f"{site_url or ''}{cli_page.SLUG}.html#support-contact"
    # the icons are in every page: thumbs (300 bytes each) rather than faces (475)
    return {"provider": "betal", "feedback": {
        "title": text(s.FEEDBACK, locale),
        "ratings": [
            {"icon": "material/thumb-up-outline", "name": text(s.HELPFUL, locale),
             "data": 1, "note": text(s.THANKS, locale)},
            {"icon": "material/thumb-down-outline", "name": text(s.NOT_HELPFUL, locale),
             "data": 0, "note": f'{text(s.STILL_STUCK, locale)} <a href="{support}">'
                                f'support.contact</a>'},
        ]}}


def _palette(configured, locale: str):
    """The light and dark palettes of mkdocs.yml with their toggles' names in ``locale``."""
    if not isinstance(configured, list):
        return configured
    names = {"default": text(s.DARK_MODE, locale), "slate": text(s.LIGHT_MODE, locale)}
    palette = []
    for scheme in configured:
        scheme = dict(scheme)
        if isinstance(scheme.get("toggle"), dict) and scheme.get("scheme") in names:
            scheme["toggle"] = {**scheme["toggle"], "name": names[scheme["scheme"]]}
        palette.append(scheme)
    return palette
