/**
 * Slider values: Kubernetes-style quantities such as `"2Gi"`, `"500m"`, `"1.5"`, shown on
 * a slider in the schema's `sliderUnit`. Pure conversions, no rounding beyond the step.
 */

const FACTORS: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** `"2Gi"` → 2·1024³; `"500m"` → 0.5; `3` → 3. NaN when it is not a quantity. */
export function parseQuantity(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return Number.NaN;
  const match = /^\s*([+-]?\d+(?:\.\d+)?)\s*(m|k|K|M|G|T|Ki|Mi|Gi|Ti)?\s*$/.exec(value);
  if (!match) return Number.NaN;
  return Number(match[1]) * FACTORS[match[2] ?? '']!;
}

/** A field value in the slider's unit: `"2Gi"` with unit `Gi` → 2; `"256Mi"` with unit `Gi` → 0.25. */
export function toSliderNumber(value: unknown, unit: string | undefined): number {
  if (typeof value === 'number') return value;
  const amount = parseQuantity(value);
  const factor = FACTORS[unit ?? ''];
  if (Number.isNaN(amount)) return Number.NaN;
  return factor === undefined ? parseFloat(String(value)) : amount / factor;
}

/** The field value of a slider position: a string with the unit when the field is a string. */
export function fromSliderNumber(number: number, unit: string | undefined, asString: boolean): string | number {
  const rounded = Math.round(number * 1e6) / 1e6;
  return asString ? `${rounded}${unit ?? ''}` : rounded;
}
