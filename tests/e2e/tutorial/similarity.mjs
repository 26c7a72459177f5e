// Mean normalised character similarity, the score: 1 − Levenshtein(answer, expected) / max(lengths),
// over Unicode code points (so "ó" is one character), averaged over the pairs.

/** Levenshtein distance of two code-point arrays, one row at a time. */
export function levenshtein(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** 1 for equal strings, 0 for nothing in common; two empty strings are equal. */
export function similarity(answer, expected) {
  const a = Array.from(answer.trim());
  const b = Array.from(expected.trim());
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

export function meanSimilarity(pairs) {
  return pairs.reduce((sum, [answer, expected]) => sum + similarity(answer, expected), 0) / pairs.length;
}
