import type { EvaluationResult } from '../../index.js';
import { escapeHtml as e } from '../../report/escape.js';
import { money, pct } from './format.js';

const sig = (x: number | null, digits = 4) => (x === null ? '–' : Number(x.toPrecision(digits)).toString());
const thousands = (x: number, digits = 1) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * The ranked holdout table of `evaluateModels`: one row per model (rank 1 = chosen by the stated metric) with
 * ln L, BIC, predicted and actual holdout purchases, bias, MAE, RMSE, MSLE, Spearman, normalized Gini, top-decile
 * capture and, with amounts, predicted vs actual holdout spend. Cells carry `data-v` for the sorting script.
 *
 * @example renderEvaluationTable(evaluateModels(orders, { calibrationEnd: '1997-09-30' })) // '<table data-table="evaluation" data-rows="3">…'
 */
export function renderEvaluationTable(r: EvaluationResult, currency?: string): string {
  const spend = r.models.some((m) => m.spend !== null);
  const heads: [string, string, string][] = [
    ['rank', 'number', `1 = chosen (${r.choiceMetric.toUpperCase()}; ties: lower BIC)`],
    ['model', 'text', ''],
    ['ln L', 'number', 'log-likelihood on the calibration period'],
    ['BIC', 'number', 'Bayesian information criterion on the calibration period (lower is better)'],
    ['predicted', 'number', 'holdout purchases predicted, all customers'],
    ['actual', 'number', 'holdout purchases that happened'],
    ['bias', 'number', 'Σ predicted / Σ actual − 1'],
    ['MAE', 'number', 'mean absolute error of holdout purchases per customer'],
    ['RMSE', 'number', 'root mean squared error per customer'],
    ['MSLE', 'number', 'mean squared log error per customer'],
    ['Spearman', 'number', 'rank correlation of predicted and actual per customer'],
    ['Gini', 'number', 'normalized Gini of the ranking (1 = perfect order)'],
    ['top 10%', 'number', 'share of actual holdout purchases made by the 10% predicted highest'],
    ...(spend
      ? ([
          ['spend predicted', 'number', 'holdout spend predicted (× Gamma-Gamma)'],
          ['spend actual', 'number', 'holdout spend that happened'],
        ] as [string, string, string][])
      : []),
  ];
  const cell = (v: string | number, text: string) => `<td data-v="${e(v)}">${e(text)}</td>`;
  const body = r.models
    .map((m) => {
      const p = m.purchases;
      return `<tr${m.rank === 1 ? ' class="chosen"' : ''}>${[
        cell(m.rank, String(m.rank)),
        cell(m.label, m.label),
        cell(m.logLikelihood, thousands(m.logLikelihood)),
        cell(m.bic, thousands(m.bic, 0)),
        cell(p.predictedTotal, thousands(p.predictedTotal)),
        cell(p.actualTotal, thousands(p.actualTotal, 0)),
        cell(p.bias, `${p.bias >= 0 ? '+' : '−'}${pct(Math.abs(p.bias))}`),
        cell(p.mae, sig(p.mae)),
        cell(p.rmse, sig(p.rmse)),
        cell(p.msle ?? '', sig(p.msle)),
        cell(p.spearman, sig(p.spearman, 3)),
        cell(p.gini ?? '', sig(p.gini, 3)),
        cell(p.topDecileCapture ?? '', p.topDecileCapture === null ? '–' : pct(p.topDecileCapture)),
        ...(spend && m.spend !== null
          ? [
              cell(m.spend.predictedTotal, money(m.spend.predictedTotal, currency)),
              cell(m.spend.actualTotal, money(m.spend.actualTotal, currency)),
            ]
          : spend
            ? [cell('', '–'), cell('', '–')]
            : []),
      ].join('')}</tr>`;
    })
    .join('');
  const head = heads
    .map(([h, kind, title]) => `<th data-kind="${kind}"${title ? ` title="${e(title)}"` : ''}>${e(h)}</th>`)
    .join('');
  return `<table data-table="evaluation" data-rows="${r.models.length}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
