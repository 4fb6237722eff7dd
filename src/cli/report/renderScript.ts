/**
 * The page's only script (inline, no network): click a column head of a `table[data-table]` to sort its rows
 * by that column's `data-v` values (numbers or text), again to reverse. The page reads fine without it.
 */
export const REPORT_SCRIPT = `
document.querySelectorAll('table[data-table]').forEach(function (t) { t.querySelectorAll('th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0];
    var desc = th.getAttribute('aria-sort') !== 'descending';
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
    var number = th.getAttribute('data-kind') === 'number';
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r, s) {
      var a = r.cells[col].getAttribute('data-v'), b = s.cells[col].getAttribute('data-v');
      var c = number ? Number(a) - Number(b) : a.localeCompare(b);
      return desc ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
}); });
`;
