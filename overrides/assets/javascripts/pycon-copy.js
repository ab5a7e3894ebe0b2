// The copy button of a doctest block copies only the code: material copies the
// `data-copy` attribute when there is one, so give it the lines after the
// `>>> ` and `... ` prompts, without the prompts and without the printed output.
// A statement that spans several lines is followed by an empty line, which the
// Python prompt needs before the next statement when the text is pasted into it.
document$.subscribe(() => {
  for (const code of document.querySelectorAll(".language-pycon code")) {
    const lines = []
    let continued = false
    for (const line of code.textContent.split("\n")) {
      if (/^>>>( |$)/.test(line)) {
        if (continued) lines.push("")
        continued = false
        lines.push(line.slice(4))
      } else if (/^\.\.\.( |$)/.test(line)) {
        continued = true
        lines.push(line.slice(4))
      }
    }
    if (continued) lines.push("")
    code.dataset.copy = lines.join("\n")
  }
})
