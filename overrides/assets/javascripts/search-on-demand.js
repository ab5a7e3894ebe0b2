// Material fetches the search index as every page starts (on a chapter page, more
// bytes than the page itself) and builds it in a worker, which on a phone competes
// with the page for the processor, whether or not the reader ever searches. Here that
// one request waits until the reader reaches for search: points at it, touches it,
// or focuses the box (material's keys / s f focus it too), or the page opens from a
// search: shared (`?q=`), or a result whose terms material marks on it (`?h=`, which
// needs the index's settings). Queries typed meanwhile are answered once the index
// is built. Must run before material's bundle, which sends the request as it starts.
const opened = new URLSearchParams(location.search)
let wanted = opened.has("q") || opened.has("h")
const held = []
const { open, send } = XMLHttpRequest.prototype

XMLHttpRequest.prototype.open = function (method, url, ...rest) {
  this.searchIndex = new URL(url, location.href).pathname.endsWith("/search/search_index.json")
  return open.call(this, method, url, ...rest)
}

XMLHttpRequest.prototype.send = function (...body) {
  if (!this.searchIndex || wanted) return send.apply(this, body)
  held.push(() => this.readyState === XMLHttpRequest.OPENED && send.apply(this, body))
}

function reachesForSearch(event) {
  if (wanted || !event.target.closest?.(".md-search, label[for='__search']")) return
  wanted = true
  for (const release of held.splice(0)) release()
}

for (const type of ["pointerover", "pointerdown", "focusin"])
  document.addEventListener(type, reachesForSearch, { capture: true, passive: true })
