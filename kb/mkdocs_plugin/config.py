"""The options of the ``betal-kb`` plugin in mkdocs.yml.

```yaml
plugins:
  - betal-kb:
      checks: strict     # strict: errors fail the build, warnings are MkDocs warnings
                         # report: every problem is logged as information, nothing fails
                         # off: no checks
      split: 60          # a section with more articles gets one page per initial letter
      nav_articles: 12   # a section with at most this many lists its articles in the nav
      jobs: 0            # languages built at once, each by its own `mkdocs build` process
                         # (0: all of them; 1: one after the other)
      stage: true        # build into a staging folder, put in place only on success
      command_params:    # optional parameters an action's command shows as placeholders
        payment-method.update: [expiry]
      languages:         # the first is the default, at the site's root; the others in
        - locale: nb-NO  # a folder of their own (/nl-NL/)
          name: Norsk bokmål
          site_name: ...
          site_description: ...
```
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

STRICT, REPORT, OFF = "strict", "report", "off"


class LanguageConfig(Config):
    locale = c.Type(str)
    name = c.Type(str)
    site_name = c.Optional(c.Type(str))
    site_description = c.Optional(c.Type(str))


class KbPluginConfig(Config):
    enabled = c.Type(bool, default=True)
    checks = c.Choice((STRICT, REPORT, OFF), default=STRICT)
    check_cache = c.Type(bool, default=True)
    split = c.Type(int, default=60)
    nav_articles = c.Type(int, default=12)
    jobs = c.Type(int, default=0)
    stage = c.Type(bool, default=True)
    command_params = c.Type(dict, default={})
    languages = c.ListOfItems(c.SubConfig(LanguageConfig), default=[])
