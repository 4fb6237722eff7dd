/**
 * `npm run demo`: a walk through clvkit on built-in example inputs (no files needed).
 */
import {
  assessClvToCac,
  cacPaybackPeriods,
  customerLifetimeValue,
  type Decimal,
  retentionSensitivity,
  roundMoney,
} from '../src/index.js';

/** Formats exact money as $1,234.56 without passing through a float. */
const usd = (d: Decimal | null) => {
  if (d === null) return 'unbounded';
  const [whole, cents] = roundMoney(d).abs().toFixed(2).split('.');
  return `${d.isNegative() ? '-' : ''}$${(whole as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
};
const line = (label: string, value: string) => console.log(`  ${label.padEnd(34)} ${value}`);

console.log('\nclvkit demo — formula CLV\n');
console.log('A subscription at $1,000 a year, 80% gross margin, $100 a year to serve each customer,');
console.log('20% of customers cancel each year, and $500 to acquire one:\n');
const subscription = {
  averagePurchaseValue: 1000,
  purchaseFrequency: 1,
  churnRate: 0.2,
  grossMargin: 0.8,
  serviceCostPerPeriod: 100,
  acquisitionCost: 500,
};
const r = customerLifetimeValue(subscription);
line('expected lifespan (1 / churn)', `${r.expectedLifespan?.toString()} years`);
line('revenue over the relationship', usd(r.revenue));
line('contribution per year', usd(r.contributionPerPeriod));
line('CLV (contribution, undiscounted)', usd(r.clv));
line('net CLV (after CAC)', usd(r.netClv));
line('CLV:CAC', `${r.clvToCacRatio?.toFixed(1)} : 1 → ${assessClvToCac(r.clvToCacRatio as Decimal)}`);
line(
  'CAC payback',
  `${cacPaybackPeriods({ acquisitionCost: 500, averagePurchaseValue: 1000, purchaseFrequency: 1, grossMargin: 0.8, serviceCostPerPeriod: 100 }).toFixed(2)} years`,
);

console.log(
  '\nThe same customer, discounted at 10% a year, margin received at year end (Gupta & Lehmann 2003):\n',
);
const discounted = customerLifetimeValue({ ...subscription, discountRate: 0.1, timing: 'end' });
line('CLV = m·r / (1 + d − r)', usd(discounted.clv));
line('net CLV', usd(discounted.netClv));

console.log('\nWhat five more points of retention are worth (20% → 15% churn), discounted at 10%:\n');
const lift = retentionSensitivity({ ...subscription, discountRate: 0.1 }, { lift: 0.05 });
line('CLV before', usd(lift.before.clv));
line('CLV after', usd(lift.after.clv));
line('change', `${usd(lift.clvChange)} (+${lift.relativeChange?.mul(100).toFixed(1)}%)`);
console.log('');
