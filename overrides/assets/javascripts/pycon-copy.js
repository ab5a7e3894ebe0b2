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

// The copy button of a terminal block (`console`) copies only the commands:
// the lines after a `$ ` or `> ` prompt, without the prompt, and a command's
// continuation lines after a trailing backslash; not what the commands print.
document$.subscribe(() => {
  for (const code of document.querySelectorAll(".language-console code")) {
    const commands = []
    let continued = false
    for (const line of code.textContent.split("\n")) {
      if (continued) {
        commands.push(line)
      } else if (/^[$>] /.test(line)) {
        commands.push(line.slice(2))
      } else {
        continue
      }
      continued = line.endsWith("\\")
    }
    code.dataset.copy = commands.join("\n")
  }
})
