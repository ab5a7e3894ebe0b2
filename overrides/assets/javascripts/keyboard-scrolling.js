// Boxes that scroll sideways (a long code line or traceback, a lab's output, a
// wide table or formula) must be reachable with the keyboard, or a reader
// without a mouse cannot see their end (axe: scrollable-region-focusable).
// Material does not mark them, so each box gets tabindex=0 while it scrolls.
// A ResizeObserver measures each box when the browser lays it out: when an
// exercise answer is opened, the window is narrowed, or a block far down a long
// page is laid out as it nears the screen (content-visibility: auto in extra.css),
// so nothing forces the layout of blocks the reader has not reached.
// The <nav> that material puts around each code block's copy button is not
// navigation, and seventy unnamed ones made the landmarks ambiguous
// (axe: landmark-unique), so it is given no role. Material adds a block's
// buttons only when the block first comes near the screen (`content.lazy` in
// mkdocs.yml), so the navs added later are watched for as well.
const SCROLLING_BOXES = [
  "pre > code", ".jp-OutputArea-output", ".jp-OutputArea-output pre",
  ".md-typeset__scrollwrap", ".arithmatex",
].join(", ")

const scrollCheck = new ResizeObserver(entries => {
  for (const { target: box } of entries) {
    const scrolls = box.scrollWidth > box.clientWidth + 1
      && /auto|scroll/.test(getComputedStyle(box).overflowX)
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0
      box.dataset.scrollFocus = ""
    } else if (!scrolls && "scrollFocus" in box.dataset) {
      box.removeAttribute("tabindex")
      delete box.dataset.scrollFocus
    }
  }
})

const CODE_NAV = "nav.md-code__nav"
const lateNavs = new MutationObserver(records => {
  for (const { addedNodes } of records)
    for (const node of addedNodes)
      if (node instanceof Element && node.matches(CODE_NAV)) node.setAttribute("role", "none")
})

document$.subscribe(() => {
  scrollCheck.disconnect()
  for (const box of document.querySelectorAll(SCROLLING_BOXES)) scrollCheck.observe(box)
  lateNavs.disconnect()
  for (const nav of document.querySelectorAll(CODE_NAV)) nav.setAttribute("role", "none")
  const content = document.querySelector(".md-content")
  if (content) lateNavs.observe(content, { childList: true, subtree: true })
})
