/** Every `clvkit` command, in the order `clvkit --help` lists them. One command per file in this folder. */
import type { Command } from '../command.js';
import { clvCommand } from './clv.js';
import { demoCommand } from './demo.js';
import { evaluateCommand } from './evaluate.js';
import { fitCommand } from './fit.js';
import { predictCommand } from './predict.js';
import { reportCommand } from './report.js';
import { rfmCommand } from './rfm.js';
import { simulateCommand } from './simulate.js';
import { summaryCommand } from './summary.js';

export const commandList: readonly Command[] = [
  summaryCommand,
  rfmCommand,
  fitCommand,
  predictCommand,
  evaluateCommand,
  reportCommand,
  clvCommand,
  simulateCommand,
  demoCommand,
];
