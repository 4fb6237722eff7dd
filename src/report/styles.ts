/**
 * The stylesheet the charts are drawn for (class names `axis-title`, `note`, the figure layout, the
 * print rules): `clvkit report` inlines it in its page; a page that shows the charts of `clvkit/report` puts it
 * in a `<style>` element.
 *
 * @example `<style>${REPORT_CSS}</style>${trackingChart(…)}`
 */
export const REPORT_CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;margin:0;background:#f6f7f9}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px}
.sub{color:#5b6776;margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(185px,1fr));gap:12px}
.card{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 2px #0002}
.card b{display:block;font-size:20px;white-space:nowrap}.card span{color:#5b6776;font-size:13px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:16px}
figure{background:#fff;border-radius:10px;margin:0;padding:12px 14px;box-shadow:0 1px 2px #0002;break-inside:avoid}
figcaption{font-weight:600;margin-bottom:6px}svg{width:100%;height:auto;font-size:11px;fill:#1d2733}
svg .axis{stroke:#8a96a3}svg .ref{stroke:#b9c2cc;stroke-dasharray:4 3}svg .frame{fill:none;stroke:#e3e7ec}svg .axis-title{fill:#5b6776}
.note{color:#5b6776;font-size:12px;margin:6px 0 0}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:10px;overflow:hidden;box-shadow:0 1px 2px #0002}
th,td{padding:6px 10px;text-align:right;border-bottom:1px solid #eef1f4}th{background:#eef1f4;cursor:pointer;user-select:none}th[aria-sort=descending]::after{content:' ▼'}th[aria-sort=ascending]::after{content:' ▲'}td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}
footer{color:#5b6776;font-size:12px;margin-top:32px}
h2.part{font-size:22px;border-bottom:2px solid #2f6f9f;padding-bottom:4px;margin-top:40px}
.choice{background:#fff;border-left:4px solid #2f6f9f;padding:8px 12px;margin:0 0 12px}
tr.chosen td{font-weight:600}.wide{overflow-x:auto;margin-bottom:12px}.full{margin-bottom:16px}.full svg{max-width:800px;display:block;margin:0 auto}table[data-table=evaluation]{font-size:12px}table[data-table=evaluation] th,table[data-table=evaluation] td{padding:5px 4px}
.glossary{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;font-size:13px}.glossary dt{font-weight:600}.glossary dd{margin:0}
@media print{body{background:#fff;font-size:12px}main{padding:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}.card,figure,table{box-shadow:none;border:1px solid #ddd}.grid{display:block}figure{margin-bottom:12px}.wide{overflow:visible}table[data-table=evaluation]{font-size:8.5px}table[data-table=evaluation] th,table[data-table=evaluation] td{padding:3px 2px}}
`;
