from tests.kb.helpers import article, findings, pair


def test_a_byte_that_is_not_utf8_is_reported_where_it_is(tmp_path):
    broken = article("nb-NO").encode().replace(b"Ring banken", b"Ring \xff banken")
    root = pair(tmp_path, nb=broken)
    [problem] = findings(root, "encoding")
    assert (problem.line, problem.column) == (25, 9)


def test_utf8_with_a_byte_order_mark_is_fine(tmp_path):
    root = pair(tmp_path, nb=b"\xef\xbb\xbf" + article("nb-NO").encode())
    assert findings(root, "encoding") == []
    assert findings(root, "front-matter") == []
