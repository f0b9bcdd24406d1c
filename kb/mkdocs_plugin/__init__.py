"""The knowledge base's MkDocs plugin (``betal-kb`` in mkdocs.yml); see :mod:`.plugin`."""

from kb.mkdocs_plugin.plugin import KbPlugin

__all__ = ["KbPlugin"]
