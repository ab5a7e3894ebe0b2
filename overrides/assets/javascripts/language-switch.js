// A language link leads to the page being read, at the same section, in the
// other language: docs/en and docs/zh mirror each other file for file and share
// heading anchors (tests check both). The `target` keeps instant navigation and
// the theme's sitemap lookup (which cannot tell /zh/ from the root it sits in)
// out of the way, so the other language loads as a whole page.
document.addEventListener("click", event => {
  const link = event.target instanceof Element
    && event.target.closest(".md-select__link[hreflang]")
  if (!link) return
  const roots = [...document.querySelectorAll(".md-select__link[hreflang]")]
    .map(other => new URL(other.dataset.root ??= other.href).pathname)
  const here = roots
    .filter(root => location.pathname.startsWith(root))
    .reduce((longest, root) => root.length > longest.length ? root : longest, "")
  link.href = new URL(link.dataset.root).pathname
    + location.pathname.slice(here.length) + location.hash
  link.target = "_self"
}, true)
