// The betal-kb plugin's script. The language menu leads to the same page in the other
// language; both translations carry the same heading ids, so the reader's #anchor goes
// along.
document.addEventListener("click", function (event) {
  var link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]")
  if (link && location.hash && !link.hash) link.hash = location.hash
}, true)
