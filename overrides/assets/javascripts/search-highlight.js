// After a search, material marks the query on the page it opens (`?h=` in the
// result's address). It puts there the terms its index matched, and for
// Chinese those are single characters: `?h=张` for 张量 marked every 张 on the
// page, 一张表 included, and 链式法则 marked nothing. Here the Chinese words of
// the query replace them as typed, whole; the other terms stay as material
// chose them. Links are rewritten as material lists them.
const CHINESE = /[\u3400-\u9fff]/

function wholeTerms(link) {
  const query = document.querySelector("input.md-search__input")
  if (!query || !CHINESE.test(query.value)) return
  const url = new URL(link.href)
  const others = (url.searchParams.get("h") ?? "").split(" ").filter(term => term && !CHINESE.test(term))
  const words = query.value.split(/\s+/).filter(term => CHINESE.test(term))
  url.searchParams.set("h", [...others, ...words].join(" "))
  link.href = `${url}`
}

new MutationObserver(() => {
  for (const link of document.querySelectorAll(".md-search-result__link:not([data-whole-terms])")) {
    link.dataset.wholeTerms = ""
    wholeTerms(link)
  }
}).observe(document.querySelector(".md-search-result__list") ?? document.body, { childList: true, subtree: true })
