/**
 * Turns the KV-cache double's counts into seconds on a device profile: one request at a
 * time (WebLLM serialises them), each costing prefilled / prefill-rate, then one token per
 * 1 / decode-rate (the first token comes out of the prefill). A step starts when the user
 * acts: the first step at 0, each later one `thinkSeconds` after the previous step's reply
 * was complete. Requests made outside any step (background work) start when the engine is
 * free after the step before, so they delay the next step only if they outlast the think time.
 */

export interface DeviceProfile {
  label: string;
  prefillPerSecond: number;
  decodePerSecond: number;
}

export const PROFILES: DeviceProfile[] = [
  { label: '400/20', prefillPerSecond: 400, decodePerSecond: 20 },
  { label: '1,500/50', prefillPerSecond: 1500, decodePerSecond: 50 },
];

export interface TimedRequest {
  prefilled: number;
  decoded: number;
}

/** Where a reader was: request index and tokens that request had decoded. */
export interface Position {
  request: number;
  decoded: number;
}

export interface TimedStep {
  label: string;
  /** Requests [from, to) arrived during the step. */
  from: number;
  to: number;
  /** Engine position when the step's first text reached the screen (undefined: none did). */
  firstText?: Position;
  /** Further named moments of the step (e.g. question 1 starts, the report shows). */
  marks?: Record<string, Position>;
}

export interface StepTimes {
  start: number;
  end: number;
  /** Seconds from the step's start to its first text (to its end when no text showed). */
  firstText: number;
  marks: Record<string, number>;
}

export function simulate(requests: readonly TimedRequest[], steps: readonly TimedStep[], device: DeviceProfile, thinkSeconds: number) {
  const start: number[] = [];
  const finish: number[] = [];
  let busy = 0;
  const run = (i: number, notBefore: number) => {
    const r = requests[i]!;
    start[i] = Math.max(busy, notBefore);
    busy = start[i]! + r.prefilled / device.prefillPerSecond + r.decoded / device.decodePerSecond;
    finish[i] = busy;
  };
  const at = (p: Position) =>
    start[p.request]! + requests[p.request]!.prefilled / device.prefillPerSecond + Math.max(0, p.decoded - 1) / device.decodePerSecond;
  const times: StepTimes[] = [];
  let stepEnd = 0;
  let next = 0;
  for (const [n, step] of steps.entries()) {
    // Background requests that arrived after the previous step.
    for (; next < step.from; next++) run(next, stepEnd);
    const begins = n === 0 ? 0 : stepEnd + thinkSeconds;
    for (; next < step.to; next++) run(next, begins);
    // The user reads the reply they were waiting for and acts `thinkSeconds` after it is complete,
    // not after the background requests the step also started (the rest of the guideline, a
    // summary, the feedback): those keep the engine busy, and a request the next step sends
    // waits for them.
    const shown = step.firstText?.request ?? step.to - 1;
    const end = Math.max(begins, step.to > step.from || step.firstText ? (finish[shown] ?? begins) : begins);
    const marks: Record<string, number> = {};
    for (const [name, p] of Object.entries(step.marks ?? {})) marks[name] = at(p) - begins;
    times.push({ start: begins, end, firstText: (step.firstText ? at(step.firstText) : end) - begins, marks });
    stepEnd = end;
  }
  return times;
}

/** Tokens prefilled and decoded before a position, counting the step's earlier requests in full. */
export function tokensBefore(requests: readonly TimedRequest[], from: number, p: Position): { prefilled: number; decoded: number } {
  let prefilled = 0;
  let decoded = 0;
  for (let i = from; i < p.request; i++) {
    prefilled += requests[i]!.prefilled;
    decoded += requests[i]!.decoded;
  }
  return { prefilled: prefilled + requests[p.request]!.prefilled, decoded: decoded + p.decoded };
}
