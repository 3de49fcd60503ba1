/**
 * ISO 8601 stamps for generated data. `new Date(ms).toISOString()` was the single biggest cost of
 * generating a 10,000-initiative demo (hundreds of thousands of stamps); the day part repeats, so it is
 * formatted once per day and the time of day is plain arithmetic. Same output as toISOString for
 * years 0000-9999.
 */
const DAY = 86_400_000;
const days = new Map<number, string>();

function dayPart(day: number): string {
  let s = days.get(day);
  if (s === undefined) days.set(day, (s = new Date(day * DAY).toISOString().slice(0, 10)));
  return s;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** YYYY-MM-DDTHH:MM:SS.mmmZ of an epoch-milliseconds instant (fractions truncated, as Date does). */
export function isoStamp(ms: number): string {
  const t = Math.trunc(ms); // as Date does (TimeClip truncates toward zero)
  const day = Math.floor(t / DAY);
  let rest = t - day * DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${dayPart(day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(rest - s * 1000)}Z`;
}

/** YYYY-MM-DD (UTC) of an epoch-milliseconds instant. */
export function isoDay(ms: number): string {
  return dayPart(Math.floor(Math.trunc(ms) / DAY));
}
