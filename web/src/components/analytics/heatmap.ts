// The retention heatmap's colour scale, apart from the card so its contrast can be tested.

/** A rate's cell colour: the more of the cohort came back, the deeper the blue, never so deep that dark text falls below 4.5:1. */
export function heat(rate: number | null): string | undefined {
  if (rate === null) return undefined;
  return `hsl(212 85% ${Math.round(97 - Math.min(1, rate) * 25)}%)`;
}
