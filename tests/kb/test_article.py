"""Articles made from bytes."""

from kb.article import Article


def test_an_article_read_from_bytes_knows_its_place_and_parts():
    data = "\ufeff---\r\ntitle: T\r\n---\r\n# T\r\n".encode()
    article = Article.from_bytes("kb/nb-NO/a.md", data)
    assert (article.locale, article.slug, article.undecodable) == ("nb-NO", "a", None)
    assert article.text == "---\ntitle: T\n---\n# T\n" and article.body == "# T\n"
    assert article.title == "T" and article.outline.headings[0].line == 4
    assert Article.from_bytes("a.md", b"\xff").undecodable == (1, 1)
