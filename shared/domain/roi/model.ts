import { AppError, type FieldIssue } from '../../errors';
import { buildModel, valueIssues, type CompiledModel } from './compile';

/**
 * The ROI engine's entry points. validateModel says what is wrong with a model, field by field, with
 * messages that name the line or driver; compileModel turns a valid one into the fast evaluator the
 * Monte Carlo and tornado drive; evaluateModel (evaluate.ts) computes everything the UI and CLI show.
 */

export type { CompiledDriver, CompiledLine, CompiledModel, Side } from './compile';
export { breakEven, evaluateModel } from './evaluate';
export type {
  BreakEven,
  EvaluateOptions,
  LineRow,
  ModelEvaluation,
  ModelView,
  RoiWarning,
  RoiWarningCode,
} from './evaluate';

/** Every problem with the model: schema, structure (drivers, kinds, timing), and values at the likely drivers. */
export function validateModel(input: unknown): FieldIssue[] {
  const built = buildModel(input);
  if (!built.compiled || !built.model) return built.issues;
  return valueIssues(built.model, built.compiled);
}

/** The compiled model; throws a VALIDATION AppError with the field issues when the model is not valid. */
export function compileModel(input: unknown): CompiledModel {
  const built = buildModel(input);
  const issues = built.compiled && built.model ? valueIssues(built.model, built.compiled) : built.issues;
  if (!built.compiled || issues.length > 0) throw new AppError('VALIDATION', 'The ROI model has errors', issues);
  return built.compiled;
}
