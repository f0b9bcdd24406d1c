"""The options of the ``betal-kb`` plugin in mkdocs.yml.

```yaml
plugins:
  - betal-kb:
      checks: strict     # strict: errors fail the build, warnings are MkDocs warnings
                         # report: every problem is logged as information, nothing fails
                         # off: no checks
      split: 60          # a section with more articles gets one page per initial letter
      nav_articles: 12   # a section with at most this many lists its articles in the nav
      jobs: 0            # processes building languages side by side (0: one per language,
                         # at most one per CPU; 1: one after the other)
      stage: true        # build into a staging folder, put in place only on success
      render_cache: true # keep each page's HTML and search entries for the next build
                         # (.betal-cache/ next to mkdocs.yml; see render.py)
```
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

STRICT, REPORT, OFF = "strict", "report", "off"


class KbPluginConfig(Config):
    enabled = c.Type(bool, default=True)
    checks = c.Choice((STRICT, REPORT, OFF), default=STRICT)
    check_cache = c.Type(bool, default=True)
    split = c.Type(int, default=60)
    nav_articles = c.Type(int, default=12)
    jobs = c.Type(int, default=0)
    stage = c.Type(bool, default=True)
    render_cache = c.Type(bool, default=True)
