from tests.kb.helpers import article, findings, pair

MARKUP = ('<span data-ttu-id="0385b-103">Ring banken.</span><span class="sxs-lookup">'
          '<span data-stu-id="0385b-103">Call your bank.</span></span>')


def test_side_by_side_markup_is_reported_once_a_line_and_fixable(tmp_path):
    text = article("nb-NO").replace("1. Ring banken.", f"1. {MARKUP} {MARKUP}")
    [problem] = findings(pair(tmp_path, nb=text), "translation-markup")
    assert (problem.line, problem.column, problem.fix.kind) == (25, 4, "strip-markup")


def test_a_body_without_it_passes(tmp_path):
    assert findings(pair(tmp_path), "translation-markup") == []
