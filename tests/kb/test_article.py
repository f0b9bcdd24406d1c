"""Articles made from bytes."""


def test_an_article_read_from_bytes_is_the_one_its_constructor_makes():
    from kb.article import Article
    from kb.frontmatter import parse

    text = "---\ntitle: T\n---\n# T\n"
    made = Article.from_bytes("nb-NO/a.md", text.encode(), "nb-NO", "a")
    front, offset, line = parse(text)
    plain = Article("nb-NO/a.md", text, front, offset, line, "nb-NO", "a", None)
    assert vars(made) == vars(plain) and list(vars(made)) == list(vars(plain))
    assert made.title == "T" and made.outline.headings[0].line == 4
