/**
 * Scores how well `query` matches `text` as an in-order subsequence (case-insensitive).
 * Higher is better; -1 means no match. Consecutive runs and word starts score extra,
 * so "mvp" ranks "Move to phase" above "Improve pipeline".
 */
export function fuzzyScore(query: string, text: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  const direct = t.indexOf(q);
  if (direct >= 0) return 1000 - direct + (direct === 0 || /\W/.test(t[direct - 1] ?? '') ? 200 : 0);
  let score = 0;
  let ti = 0;
  let run = 0;
  for (const ch of q) {
    if (ch === ' ') continue;
    const found = t.indexOf(ch, ti);
    if (found < 0) return -1;
    run = found === ti ? run + 1 : 0;
    const wordStart = found === 0 || /\W/.test(t[found - 1] ?? '');
    score += 1 + run * 2 + (wordStart ? 5 : 0);
    ti = found + 1;
  }
  return score;
}
