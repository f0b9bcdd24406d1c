"""Articles made from bytes."""

from kb.article import Article


def test_an_article_read_from_bytes_knows_its_place_and_parts():
    data = "\ufeff---\r\ntitle: T\r\n---\r\n# T\r\n".encode()
    article = Article.from_bytes("kb/nb-NO/a.md", data)
    assert (article.locale, article.slug, article.undecodable) == ("nb-NO", "a", None)
    assert article.text == "---\ntitle: T\n---\n# T\n" and article.body == "# T\n"
    assert article.title == "T" and article.outline.headings[0].line == 4
    assert Article.from_bytes("a.md", b"\xff").undecodable == (1, 1)


def test_a_file_is_written_whole_keeping_its_permissions_and_replacing_a_link(tmp_path):
    import os

    from kb.article import write_text

    path = tmp_path / "nb-NO" / "a.md"
    write_text(str(path), "ny\r\n")  # the folder is made; line breaks as given
    assert path.read_bytes() == b"ny\r\n"
    os.chmod(path, 0o640)
    write_text(str(path), "igjen\n")
    assert (path.read_text(), oct(path.stat().st_mode & 0o777)) == ("igjen\n", "0o640")
    outside = tmp_path / "outside.md"
    outside.write_text("urørt\n", encoding="utf-8")
    link = tmp_path / "nb-NO" / "link.md"
    link.symlink_to(outside)
    write_text(str(link), "ny\n")
    assert not link.is_symlink() and outside.read_text(encoding="utf-8") == "urørt\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.md", "link.md"]
