// Query-string values as Fastify gives them: a repeated key is an array. Lists keep every value
// (where, refine, facet…); single parameters take the last one (ODS Explore v2.1 §3).

export function listOf(value: unknown): string[] {
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
}

export function lastValue(value: unknown): string | undefined {
  return listOf(value).at(-1);
}

/** A whole number as a parameter writes it, of at most `maxDigits` digits; undefined otherwise. */
export function wholeNumber(text: string, maxDigits = 12): number | undefined {
  return new RegExp(`^-?\\d{1,${maxDigits}}$`).test(text.trim()) ? Number(text.trim()) : undefined;
}
