"""Betal's knowledge base: the articles (nb-NO/, nl-NL/) and the pipeline that checks,
fixes, imports and publishes them."""
