/**
 * Issue #18: the Pareto/NBD on 1,000,000 customers with continuous-time ages: row by row, the J series'
 * x-only parts tabled per frequency. `npm run bench -- fit-paretoNbd-continuous`. One timed fit (it takes
 * seconds), checked against the grouped path (parameters to 1e-6); peak RSS read before that reference runs.
 */
import { customerColumns } from '../src/models/data/customers.js';
import { groupCustomers } from '../src/models/data/groupCustomers.js';
import { fitModel } from '../src/models/fit/fitModel.js';
import { prepareParetoNbd } from '../src/models/paretoNbd/likelihood.js';
import { fitParetoNbd, paretoNbdModel } from '../src/models/paretoNbd.js';
import { builtFitThreads, checkSameOptimum, paramText, peakRssMb, simulatedCustomers } from './fitScale.js';
import { type BenchResult, type BenchSuite, formatMs } from './types.js';

export const suite: BenchSuite = {
  name: 'Pareto/NBD fit, continuous-time ages (issue #18)',
  async run(): Promise<BenchResult[]> {
    const customers = simulatedCustomers('paretoNbd', 1_000_000, 'continuous');
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const fit = fitParetoNbd(customers);
    const ms = performance.now() - t0;
    const cpuMs = process.cpuUsage(cpu0).user / 1000;
    const peak = peakRssMb();
    const t1 = performance.now();
    const grouped = fitModel(paretoNbdModel, prepareParetoNbd(groupCustomers(customerColumns(customers))));
    const groupedMs = performance.now() - t1;
    const same = checkSameOptimum('Pareto/NBD continuous', fit, grouped);
    // Both cores: the likelihood split across worker threads (clvkit/node fitThreads, as the CLI fits).
    const fitThreads = await builtFitThreads();
    const t2 = performance.now();
    const threaded = fitParetoNbd(customers, { evaluator: fitThreads() });
    const tms = performance.now() - t2;
    const sameThreaded = checkSameOptimum('Pareto/NBD continuous, threads', threaded, grouped);
    return [
      {
        issue: 18,
        task: "Pareto/NBD fit, 1,000,000 customers, continuous T, both cores (clvkit/node fitThreads; the CLI's fits)",
        target: '≤ 4 s (was 17.6 s)',
        measured: formatMs(tms),
        met: tms <= 4000,
        notes: `${(ms / tms).toFixed(2)}× the one-thread fit below; workers started per fit (counted); the same maximum: log-likelihoods ${sameThreaded.logLikelihood.toExponential(1)} apart from the grouped path`,
      },
      {
        issue: 18,
        task: 'Pareto/NBD fit, 1,000,000 customers, continuous T: validate + decide + fit + standard errors, one thread',
        target: '≤ 4 s (was 17.6 s)',
        measured: formatMs(ms),
        met: ms <= 4000,
        notes: `CPU ${formatMs(cpuMs)}; the grouped (keyed) path on the same data ${formatMs(groupedMs)}; the same maximum: log-likelihoods ${same.logLikelihood.toExponential(1)} apart, parameters within ${same.params.toExponential(1)} relative; ${fit.iterations} iterations; ${paramText(fit)}`,
      },
      {
        issue: 18,
        task: 'Pareto/NBD fit, 1,000,000 customers, continuous T: peak RSS of the process (data included)',
        target: '≤ 350 MB (was 531 MB)',
        measured: `${peak.toFixed(0)} MB`,
        met: peak <= 350,
      },
    ];
  },
};
