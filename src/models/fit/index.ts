export { bfgs, type MinimizeOptions, type MinimizeResult } from './bfgs.js';
export { invertSpd, numericalHessian } from './covariance.js';
export { type Fit, type FitOptions, fitModel } from './fitModel.js';
export type { Objective } from './lineSearch.js';
export type { ModelDefinition } from './modelDefinition.js';
export { nelderMead } from './nelderMead.js';
