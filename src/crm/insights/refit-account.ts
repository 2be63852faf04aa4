import { checkModel, type ModelCheck } from './model-check.ts';
import { scoreAccount, type AccountScores, type CustomerHistory, type ScoreOptions } from './score-account.ts';

// What one insights refresh computes for an account, on the scoring thread: the models and every
// customer's scores (`scoreAccount`) and the holdout check of the same model (`checkModel`, a
// second BG/NBD fit on the history before the holdout). Pure.

export type AccountRefit = AccountScores & { modelCheck: ModelCheck | null };

export function refitAccount(histories: readonly CustomerHistory[], now: Date, options: ScoreOptions = {}): AccountRefit {
  return { ...scoreAccount(histories, now, options), modelCheck: checkModel(histories, now, options) };
}
