"""The ``betal-kb`` MkDocs plugin: the knowledge base as a Material for MkDocs site.

It works beside mkdocs-static-i18n (folders ``nb-NO/`` and ``nl-NL/``), which builds one
language after the other by running MkDocs' build again from its ``on_post_build``. Events
that must see what i18n did (its files, its navigation, its page context) run after it;
the checks and the staging folder belong to the outermost build only.

======================  ====================================================================
event                   what the plugin does
======================  ====================================================================
``on_config``           stages the build; adds its templates and stylesheet; runs ``betal kb
                        check`` (errors raise ``PluginError`` before a page is written);
                        forks a process for each other language (see :mod:`.parallel`)
``on_files``            before i18n: leaves out the other languages' articles, which i18n
                        would only set aside (the plugin pairs translations itself); after
                        it: generates the section pages of the language being built; leaves
                        out the theme's files no page loads (see :mod:`.assets`)
``on_nav``              replaces the navigation with home, sections and small sections'
                        articles; the other articles get a breadcrumb to their section
``on_env``              helpers for its templates: Material's strings looked up once, the
                        navigation rendered once for the pages that show it alike, the
                        chrome's icons as placeholders; search entries from the cache
``on_pre_page``         has MkDocs read the page's front matter with the knowledge base's
                        reader (see :mod:`.source`)
``on_page_markdown``    drops translation markup; Learn alerts become admonitions; gives
                        the page the build's one converter, with which MkDocs converts it
                        or the cache supplies it (see :mod:`.render`)
``on_page_content``     ``action:`` links become controls that show their command
``on_page_context``     language switcher by ``ms.assetid``; robots; last updated
``on_post_page``        drops Material's indentation and the head's alternate links
``on_post_build``       saves the render cache; writes the language's chrome script (the
                        search box and Material's settings, see :mod:`.chrome`); merges
                        the other languages' search entries; writes the sitemap (with
                        ``site_url``); puts the staged site in place
``on_build_error``      stops the language processes; discards the staged site
======================  ====================================================================
"""

from __future__ import annotations

import hashlib
import logging
import os
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from kb.mkdocs_plugin import (
    actions,
    alerts,
    catalog,
    chrome,
    fragments,
    pages,
    parallel,
    sections,
    sitemap,
    source,
)
from kb.mkdocs_plugin import assets as theme_assets
from kb.mkdocs_plugin import render as rendering
from kb.mkdocs_plugin.config import OFF, REPORT, KbPluginConfig
from kb.mkdocs_plugin.icons import Icons, chrome_icons
from kb.mkdocs_plugin.publish import Stage
from kb.mkdocs_plugin.whitespace import compact_page

log = get_plugin_logger("betal-kb")

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, "templates")
STYLESHEET = "assets/betal-kb/kb.css"
# After mkdocs-static-i18n (-100): see its files, navigation and page context.
AFTER_I18N = -110
BEFORE_I18N = -90
# Material's script fetches sitemap.xml next to every <link rel=alternate> of the head, which
# it expects to be a language's root; ours lead to the page's translation (as does the
# language switcher), so the head keeps none.
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


class KbPlugin(BasePlugin[KbPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._command = "build"
        self._dirty = False
        self._reset()

    def _reset(self) -> None:
        self._depth = 0
        self._stage: Stage | None = None
        self._site_dir: str | None = None
        self._warnings: parallel.WarningCounter | None = None
        self._children: list[parallel.Child] = []
        self._is_child = False
        self._pairs = catalog.Pairs(())
        self._locales: tuple[str, ...] = ()
        self._default: str | None = None
        self._sections: dict[str, list[sections.Section]] = {}
        self._sitemap: list[sitemap.Url] = []
        self._in_nav: set[int] = set()
        self._stand_ins: dict[int, tuple[Section, Page]] = {}  # id(section): (it, its page)
        self._lit: Page | None = None  # the stand-in shown as current while a page renders
        self._icons: Icons | None = None
        self._scope: str | None = None
        self._chrome: list[chrome.ChromeScript] = []  # of the passes not yet written
        self._renderer: rendering.Renderer | None = None
        self._caches: list[rendering.RenderCache] = []

    # -- the outermost build -----------------------------------------------------------

    def on_startup(self, *, command, dirty) -> None:
        self._command = command
        self._dirty = dirty

    @event_priority(100)  # before the search plugin reads Material's language strings
    def on_config(self, config):
        if not self.config.enabled:
            return config
        self._depth += 1
        if self._depth > 1:  # i18n building another language
            return config
        if TEMPLATES not in config.theme.dirs:
            custom = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(custom, TEMPLATES)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        # without site_url a sitemap has no addresses: the plugin writes its own, see below
        config.theme.static_templates.discard("sitemap.xml")
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            self._locales = tuple(lang.locale for lang in i18n.config.languages
                                  if lang.build)
            self._default = next((lang.locale for lang in i18n.config.languages
                                  if lang.default), None)
        else:
            from kb.paths import LOCALES

            self._locales = tuple(locale for locale in LOCALES
                                  if os.path.isdir(os.path.join(config.docs_dir, locale)))
        if self.config.stage and self._command == "build" and not self._dirty:
            self._site_dir = config.site_dir
            self._stage = Stage(config.site_dir)
            config.site_dir = self._stage.path
            if config.strict:
                self._warnings = parallel.WarningCounter()
                logging.getLogger("mkdocs").addHandler(self._warnings)
        self._pairs = catalog.Pairs(self._check(config))
        if i18n is not None and self._parallel(config):
            self._fork(config, i18n)
        return config

    def _parallel(self, config) -> bool:
        jobs = self.config.jobs or min(len(self._locales), os.cpu_count() or 1)
        return (jobs > 1 and len(self._locales) > 1 and self._command == "build"
                and not self._dirty and parallel.available())

    def _fork(self, config, i18n) -> None:
        """Start a process for each language after the default one (see :mod:`.parallel`)."""
        jobs = self.config.jobs or min(len(self._locales), os.cpu_count() or 1)
        others = [locale for locale in self._locales if locale != self._default]
        for locale in others[: jobs - 1]:
            self._children.append(parallel.start(config, i18n, locale, self._as_child))
        if self._children:
            i18n.building = True  # this process builds the rest itself, see on_post_build
            parallel.without_search_write(config)

    def _as_child(self):
        self._is_child = True
        self._children = []
        self._sitemap = []
        return lambda: {"sitemap": self._sitemap}

    def _render_cache(self, config) -> rendering.RenderCache | None:
        """The cache of this pass's pages (one file per language and docs folder, next to
        the checks')."""
        if not self.config.render_cache:
            return None
        project = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        name = "-".join(self._building(config)) or "site"
        # builds of other folders with the same mkdocs.yml folder keep their own
        docs = hashlib.sha256(os.path.abspath(config.docs_dir).encode()).hexdigest()[:8]
        return rendering.RenderCache(os.path.join(project, ".betal-cache",
                                                  f"site-render-{name}-{docs}.pickle"))

    def _check(self, config) -> list[catalog.Entry]:
        """Run ``betal kb check``; the articles it read, for pairing translations."""
        if self.config.checks == OFF:
            return catalog.scan(config.docs_dir, self._locales)
        from kb.mkdocs_plugin import checks

        project = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        report = checks.run(_shown(config.docs_dir), project, cache=self.config.check_cache)
        if self.config.checks == REPORT:
            if log.isEnabledFor(logging.DEBUG):
                for problem in report.problems:
                    log.debug(checks.line(problem))
            log.info(f"betal kb check: {len(report.problems)} problems in {report.files} "
                     "files (reported, not enforced)")
        else:
            errors = checks.errors(report.problems)
            for problem in checks.warnings(report.problems):
                log.warning(checks.line(problem))
            if errors:
                self._depth = 0
                shown = [checks.line(problem) for problem in errors[:50]]
                if len(errors) > len(shown):
                    shown.append(f"... and {len(errors) - len(shown)} more")
                raise PluginError("betal kb check found errors; the site was not built:\n"
                                  + "\n".join(shown))
        return catalog.from_facts(report.facts.values())

    @event_priority(AFTER_I18N)
    def on_post_build(self, *, config) -> None:
        if not self.config.enabled or self._depth == 0:
            return
        caches, self._caches = self._caches, []
        for cache in caches:  # every page of their passes is rendered and indexed
            cache.save()
        scripts, self._chrome = self._chrome, []
        for script in scripts:  # their passes' pages are written: their scripts too
            script.write(config.site_dir)
        self._depth -= 1
        if self._depth > 0 or self._is_child:
            return
        if self._children:
            self._merge_children(config)
        if self._stage is not None:
            config.site_dir = self._site_dir
        if config.site_url and self._sitemap:
            target = self._stage.path if self._stage else config.site_dir
            with open(os.path.join(target, "sitemap.xml"), "w", encoding="utf-8") as handle:
                handle.write(sitemap.render(config.site_url, self._sitemap))
        stage, self._stage = self._stage, None
        counter, self._warnings = self._warnings, None
        if counter is not None:
            logging.getLogger("mkdocs").removeHandler(counter)
        if stage is None:
            return
        if counter is not None and counter.count:
            # --strict aborts after this event: keep the last good site
            stage.discard()
            log.info("Not publishing the site: the build had warnings in strict mode.")
            return
        stage.publish()

    def _merge_children(self, config) -> None:
        i18n = config.plugins.get("i18n")
        children, self._children = self._children, []
        failures = []
        for child in children:
            outcome = parallel.finish(child)
            if "error" in outcome:
                failures.append(f"{child.locale}: {outcome['error']}")
                continue
            i18n.search_entries.extend(outcome["search"])
            self._sitemap.extend(outcome["sitemap"])
            if outcome["warnings"] and self._warnings is not None:
                self._warnings.count += outcome["warnings"]
        if failures:
            raise PluginError("Building a language failed:\n" + "\n".join(failures))
        i18n.reconfigure_search_index(config)  # as i18n does after its own builds
        i18n.building = False

    def on_build_error(self, *, error) -> None:
        if self._is_child:
            return  # the parent hears of it and cleans up
        for child in self._children:
            parallel.stop(child)
        if self._stage is not None:
            self._stage.discard()
        if self._warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self._warnings)
        self._reset()

    # -- each language's build ---------------------------------------------------------

    def _building(self, config) -> tuple[str, ...]:
        """The locales this build pass renders: i18n builds one at a time."""
        i18n = config.plugins.get("i18n")
        if i18n is not None and i18n.current_language:
            return (i18n.current_language,)
        return self._locales

    @event_priority(BEFORE_I18N)
    def _other_languages_out(self, files: Files, *, config) -> Files:
        """The pages of the languages this pass does not build. mkdocs-static-i18n turns
        every file into a file of the language being built and sets the other languages'
        pages aside as alternates for its language switcher and sitemap; the plugin makes
        both itself (by ms.assetid), so they would only cost time."""
        if not self.config.enabled:
            return files
        i18n = config.plugins.get("i18n")
        current = getattr(i18n, "current_language", None)
        if not current or len(self._locales) < 2:
            return files
        others = tuple(f"{locale}/" for locale in self._locales if locale != current)
        kept = [file for file in files
                if not (file.src_uri.startswith(others) and file.is_documentation_page())]
        return Files(kept) if len(kept) < len(files) else files

    @event_priority(AFTER_I18N)
    def _section_pages(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        if self._is_child:  # the parent copies the theme's assets and the stylesheet
            docs = os.path.abspath(config.docs_dir) + os.sep
            for file in list(files):
                if not file.is_documentation_page() and not (
                        file.abs_src_path or "").startswith(docs):
                    files.remove(file)
        else:
            for file in theme_assets.unused(files, config, config.docs_dir):
                files.remove(file)
        self._icons = Icons(config.theme.dirs, chrome_icons(config.theme))
        self._renderer = None
        if rendering.available():
            cache = self._render_cache(config)
            self._renderer = rendering.Renderer(config, cache)
            if cache is not None:
                self._caches.append(cache)
        self._scope = fragments.scope_script()
        if not self._is_child:
            with open(os.path.join(HERE, "assets", "kb.css"), encoding="utf-8") as handle:
                stylesheet = handle.read()
            files.append(File.generated(config, STYLESHEET,
                                        content=stylesheet + "\n" + self._icons.css()))
            if self._scope is not None:
                files.append(File.generated(config, fragments.SCOPE_SCRIPT,
                                            content=self._scope))
        by_uri = {file.src_uri: file for file in files.documentation_pages()}
        for locale in self._building(config):
            entries = []
            prefix = f"{locale}/"
            for src_uri, file in by_uri.items():
                if src_uri.startswith(prefix) and file.abs_src_path:
                    entries.append(catalog.read(file.abs_src_path, locale,
                                                src_uri[len(prefix):-3]))
            home = next((entry for entry in entries if entry.is_home), None)
            robots = home.robots if home else None
            built = sections.build(entries, locale, self.config.split)
            self._sections[locale] = built
            for path, markdown in sections.pages(built, locale, robots).items():
                src_uri = prefix + path
                if src_uri in by_uri:
                    raise PluginError(f"{src_uri} is a generated section page: rename the "
                                      "article.")
                file = File.generated(config, src_uri, content=markdown)
                if locale == self._default:
                    file.dest_uri = file.dest_uri[len(prefix):]
                files.append(file)
        return files

    on_files = CombinedEvent(_other_languages_out, _section_pages)

    @event_priority(AFTER_I18N)
    def on_nav(self, nav: Navigation, *, config, files: Files) -> Navigation:
        if not self.config.enabled:
            return nav
        locales = self._building(config)
        items: list = []
        ordered: list[Page] = []
        homepage = None
        self._stand_ins = {}
        for locale in locales:
            built = self._navigation(locale, files, config)
            if built is None:
                continue
            home, children, in_nav = built
            homepage = homepage or home
            if len(locales) > 1:
                items.append(Section(locale, [home, *children]))
            else:
                items.extend([home, *children])
            ordered.extend(in_nav)
        if homepage is None:
            return nav
        _link(ordered)
        self._in_nav = {id(page) for page in ordered}
        for item in items:
            _parent(item, None)
        for node, index in self._stand_ins.values():  # out of the navigation, still parents
            node.parent, index.parent = index.parent, node
        result = Navigation(items, ordered)
        result.homepage = homepage
        return result

    def _navigation(self, locale: str, files: Files, config):
        """(home page, nav items after it, pages in nav order) of one locale.

        The navigation holds the home page and one entry per section; a small section
        lists its articles in it too. A large section's letter pages and articles stay out
        of it (every page renders the whole navigation, so it must stay small however many
        articles there are): their breadcrumb leads to their section instead, and the
        section is its page in the navigation, shown as the current one on their pages
        (Material would show an empty list under it, and open it on a narrow screen).
        """
        prefix = f"{locale}/"
        home_file = files.get_file_from_path(f"{prefix}index.md")
        if home_file is None or home_file.page is None:
            return None
        home = home_file.page
        in_nav: list[Page] = [home]
        children: list = []
        for section in self._sections.get(locale, []):
            index = _page(files, f"{prefix}{section.src_dir}/index.md", config)
            node = Section(section.title, [index])
            in_nav.append(index)
            if section.letters:
                for letter in section.letters:
                    letter_page = _page(
                        files, f"{prefix}{section.src_dir}/{letter.slug}/index.md", config)
                    trail = Section(letter.label(locale), [letter_page])
                    trail.parent = node  # outside the navigation: for the breadcrumb only
                    letter_page.parent = trail
                    _browse(files, letter.articles, trail)
            elif len(section.articles) <= self.config.nav_articles:
                for entry in section.articles:
                    article = files.get_file_from_path(entry.src_uri)
                    if article is not None and article.page is not None:
                        node.children.append(article.page)
                        in_nav.append(article.page)
            else:
                _browse(files, section.articles, node)
            if len(node.children) > 1:
                children.append(node)
            else:  # only its page in the navigation, not an empty list under it
                children.append(index)
                self._stand_ins[id(node)] = (node, index)
        return home, children, in_nav

    def on_env(self, env, *, config, files):
        if self.config.enabled:
            fragments.install(env, fragments.Fragments(self._in_nav), self._icons,
                              fragments.SCOPE_SCRIPT if self._scope else None)
            search = config.plugins.get("material/search")
            script = None
            if search is not None and search.config.enabled:
                script = chrome.ChromeScript("-".join(self._building(config)) or "site")
                self._chrome.append(script)
            env.globals["kb_chrome"] = script
            env.globals["kb_tabbed"] = any("tabbed" in str(name)
                                           for name in config.markdown_extensions)
            if self._renderer is not None and self._renderer.cache is not None:
                rendering.SearchEntries(self._renderer.cache).install(config)
        return env

    def on_pre_page(self, page: Page, *, config, files) -> Page:
        if self.config.enabled and source.available():
            source.attach(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        if not self.config.enabled:
            return markdown
        from kb.markup import strip

        if self._renderer is not None:
            self._renderer.attach(page)
        return alerts.convert(strip(markdown), self._locale_of(page, config))

    def on_page_content(self, html: str, *, page: Page, config, files) -> str:
        if not self.config.enabled:
            return html
        return actions.render(html, self._locale_of(page, config))

    @event_priority(40)  # after i18n's (50), which resets the language switcher
    def on_page_context(self, context, *, page: Page, config, nav):
        if not self.config.enabled:
            return context
        locale = self._locale_of(page, config)
        meta = page.meta or {}
        context["kb_robots"] = pages.robots(meta)
        context["kb_updated"] = pages.updated(meta, locale)
        self._light_stand_in(page)
        home = page.file.src_uri == f"{locale}/index.md"
        context["kb_site_description"] = config.site_description if home else None
        # i18n keeps the switcher's links in an attribute of config.extra (which templates
        # read before the item of the same name); both are set alike
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
        if alternates:
            alternates = [{**alternate, "link": self._alternate(page, locale, alternate, config)}
                          for alternate in alternates]
            config.extra.alternate = config.extra["alternate"] = alternates
        if config.site_url and sitemap.indexable(meta.get("ROBOTS")):
            updated = context["kb_updated"]
            self._sitemap.append(sitemap.Url(
                page.url, updated.iso if updated else None,
                tuple((alternate["lang"], alternate["link"]) for alternate in alternates or ())))
        return context

    def _light_stand_in(self, page: Page) -> None:
        """Show the navigation's page of ``page``'s section (when the section itself is not
        in the navigation) as current, as Material shows a section holding the page."""
        if self._lit is not None:  # a page before this one ended without on_post_page
            self._lit.active, self._lit = False, None
        ancestor = page.parent
        while ancestor is not None and id(ancestor) not in self._stand_ins:
            ancestor = ancestor.parent
        if ancestor is not None and self._stand_ins[id(ancestor)][1] is not page:
            self._lit = self._stand_ins[id(ancestor)][1]
            self._lit.active = True

    def _alternate(self, page: Page, locale: str, alternate: dict, config) -> str:
        """The address of this page in ``alternate``'s language: its translation, else
        that language's home page."""
        other = alternate.get("lang")
        directory_urls = config.use_directory_urls
        home = pages.url(other, "index", self._default, directory_urls)
        src_uri = page.file.src_uri
        if other == locale:
            return page.url
        if not src_uri.startswith(f"{locale}/"):
            return home
        slug = src_uri[len(locale) + 1:-3]
        translation = self._pairs.translation(locale, slug, other)
        if translation is not None:
            return pages.url(other, translation.slug, self._default, directory_urls)
        if slug.startswith(f"{sections.ROOT}/"):  # a section page: the same section there
            wanted = slug
            for section in self._sections_of(other):
                names = {f"{section.src_dir}/index",
                         *(f"{section.src_dir}/{letter.slug}/index"
                           for letter in section.letters)}
                if wanted in names:
                    return pages.url(other, wanted, self._default, directory_urls)
        return home

    def on_post_page(self, output: str, *, page: Page, config) -> str:
        if not self.config.enabled:
            return output
        if self._lit is not None:
            self._lit.active, self._lit = False, None
        end = output.find("</head>")
        # main.html leaves them out: only a theme's own template puts them back
        if end >= 0 and output.find('<link rel="alternate" href=', 0, end) >= 0:
            output = _HEAD_ALTERNATE.sub("", output[:end]) + output[end:]
        return compact_page(output)

    def _sections_of(self, locale: str) -> list[sections.Section]:
        return self._sections.get(locale, [])

    def _locale_of(self, page: Page, config) -> str:
        head = page.file.src_uri.split("/", 1)[0]
        if head in self._locales:
            return head
        building = self._building(config)
        return building[0] if building else "en"


def _shown(path: str) -> str:
    """``path`` relative to the current folder when it is inside it: the paths in problems
    are then the ones the writer types."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _page(files: Files, src_uri: str, config) -> Page:
    file = files.get_file_from_path(src_uri)
    if file is None:
        raise PluginError(f"The generated page {src_uri} is missing.")
    if file.page is None:
        Page(None, file, config)
    return file.page


def _browse(files: Files, entries, parent) -> None:
    """Articles listed on a section page rather than in the navigation: their breadcrumb
    leads to that page, and Previous/Next walk the list."""
    found = [files.get_file_from_path(entry.src_uri) for entry in entries]
    listed = [file.page for file in found if file is not None and file.page is not None]
    for page in listed:
        page.parent = parent
    _link(listed)


def _link(ordered: list[Page]) -> None:
    for index, page in enumerate(ordered):
        page.previous_page = ordered[index - 1] if index > 0 else None
        page.next_page = ordered[index + 1] if index + 1 < len(ordered) else None


def _parent(item, parent) -> None:
    item.parent = parent
    for child in getattr(item, "children", None) or ():
        _parent(child, item)
