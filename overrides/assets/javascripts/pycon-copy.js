// The copy button of a doctest block copies only the code: material copies the
// `data-copy` attribute when there is one, so give it the lines after the
// `>>> ` and `... ` prompts, without the prompts and without the printed output.
document$.subscribe(() => {
  for (const code of document.querySelectorAll(".language-pycon code")) {
    code.dataset.copy = code.textContent
      .split("\n")
      .filter(line => /^(>>>|\.\.\.)( |$)/.test(line))
      .map(line => line.slice(4))
      .join("\n")
  }
})
