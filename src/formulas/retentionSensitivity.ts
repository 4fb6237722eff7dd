import * as z from 'zod/mini';
import { ClvValidationError, makeIssue } from '../errors.js';
import { Decimal, type DecimalInput } from '../money.js';
import { decimalSchema } from '../schemas/field.js';
import { parseInput } from '../schemas/parse.js';
import { type ClvInput, ClvInputSchema, checkLifetimeFields } from './clvInput.js';
import { type ClvResult, computeClv } from './customerLifetimeValue.js';

const WHERE = 'retentionSensitivity';
const LiftSchema = z.strictObject({ lift: decimalSchema({ min: 0, minExclusive: true, max: 1 }) });

/** CLV before and after a retention lift. */
export interface RetentionSensitivity {
  readonly before: ClvResult;
  readonly after: ClvResult;
  /** after.clv − before.clv. */
  readonly clvChange: Decimal;
  /** after.clv / before.clv − 1; `null` when before.clv is 0. */
  readonly relativeChange: Decimal | null;
}

/**
 * CLV before and after improving retention by an absolute `lift` (0.05 = five points), everything else equal:
 * the "5% more retention, 25–95% more profit" claim (Reichheld & Sasser 1990, "Zero defections", HBR) made checkable.
 * The input must give `churnRate` or `retentionRate` (a fixed lifespan has no retention to lift).
 *
 * @example retentionSensitivity({ averagePurchaseValue: 100, purchaseFrequency: 1, retentionRate: 0.8 }, { lift: 0.05 })
 *   .relativeChange?.toString() === '0.3333333333333333333333333333333333'
 */
export function retentionSensitivity(input: ClvInput, options: { lift: DecimalInput }): RetentionSensitivity {
  const base = parseInput(ClvInputSchema, input, WHERE);
  const { lift } = parseInput(LiftSchema, options, WHERE);
  if (base.lifespan !== undefined) {
    throw new ClvValidationError(WHERE, [
      makeIssue(
        'lifespan',
        'no lifespan here: give churnRate or retentionRate, whose retention can be lifted',
        base.lifespan,
      ),
    ]);
  }
  const retention = base.retentionRate ?? new Decimal(1).sub(base.churnRate as Decimal);
  const lifted = retention.add(lift);
  if (lifted.gt(1)) {
    throw new ClvValidationError(WHERE, [
      makeIssue(
        'lift',
        `a lift of at most ${new Decimal(1).sub(retention)} (retention cannot exceed 1)`,
        lift,
      ),
    ]);
  }
  const afterInput = { ...base, churnRate: undefined, retentionRate: lifted };
  const problems = checkLifetimeFields(afterInput);
  if (problems.length > 0) {
    throw new ClvValidationError(
      WHERE,
      problems.map((p) => makeIssue('lift', `a lift that leaves the lifted ${p.field} ${p.expected}`, lift)),
    );
  }
  const before = computeClv(base, undefined, WHERE);
  const after = computeClv(afterInput, undefined, WHERE);
  return {
    before,
    after,
    clvChange: after.clv.sub(before.clv),
    relativeChange: before.clv.isZero() ? null : after.clv.div(before.clv).sub(1),
  };
}
