/**
 * On a phone, `table.data-table` turns into cards (styles.css): each cell then shows its
 * column's heading before its value, read from `data-label`. A page may set `data-label` itself;
 * any cell without one gets the text of its column's `<th>` here, so every table of the app
 * folds into cards with no change to the page that draws it.
 */
function labelCells(root: ParentNode): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('table.data-table')) {
    const headings = [...table.querySelectorAll<HTMLTableCellElement>('thead tr:last-child th')].map((th) => th.textContent?.trim() ?? '');
    if (headings.length === 0) continue;
    for (const row of table.querySelectorAll<HTMLTableRowElement>('tbody tr, tfoot tr')) {
      let column = 0;
      for (const cell of row.cells) {
        const heading = headings[column];
        // A label of our own follows the heading (another language); a page's own label stays.
        const ours = cell.hasAttribute('data-label-auto') || !cell.hasAttribute('data-label');
        if (ours && heading && cell.getAttribute('data-label') !== heading) {
          cell.setAttribute('data-label', heading);
          cell.setAttribute('data-label-auto', '');
        }
        column += cell.colSpan || 1;
      }
    }
  }
}

/** Labels the cells of every data table now and whenever the page changes; returns the stop function. */
export function labelTableCellsForPhones(document: Document): () => void {
  labelCells(document);
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      labelCells(document);
    });
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  return () => observer.disconnect();
}
