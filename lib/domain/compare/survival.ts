/** One run as survival data: collapsed at `onsetStep`, or still standing (censored) at its last step. */
export type SurvivalSubject = { onsetStep: number | null; lastStep: number };

/** The fraction of runs not yet collapsed from `step` on, and how many were still observed there. */
export type SurvivalPoint = { step: number; survival: number; atRisk: number };

/**
 * Kaplan–Meier estimate of the fraction of runs not yet collapsed against training step. Runs that end
 * without collapsing are censored at their last step, so a short healthy run does not count as
 * surviving past its end. One point at step 0, one at each onset step (after its drop), and one at the
 * last observed step. Empty for no subjects.
 */
export function survivalCurve(subjects: readonly SurvivalSubject[]): SurvivalPoint[] {
  if (subjects.length === 0) return [];
  const endOf = (s: SurvivalSubject) => s.onsetStep ?? s.lastStep;
  const onsets = [...new Set(subjects.flatMap((s) => (s.onsetStep === null ? [] : [s.onsetStep])))].sort(
    (a, b) => a - b,
  );
  const points: SurvivalPoint[] = [{ step: 0, survival: 1, atRisk: subjects.length }];
  let survival = 1;
  for (const step of onsets) {
    const atRisk = subjects.filter((s) => endOf(s) >= step).length;
    const collapsed = subjects.filter((s) => s.onsetStep === step).length;
    survival *= 1 - collapsed / atRisk;
    points.push({ step, survival, atRisk });
  }
  const lastStep = Math.max(...subjects.map(endOf));
  if (points.at(-1)!.step < lastStep) {
    points.push({ step: lastStep, survival, atRisk: subjects.filter((s) => endOf(s) >= lastStep).length });
  }
  return points;
}
