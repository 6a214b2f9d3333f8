/** Pure helpers of recording: the level meter's scale. */
/** Maps an RMS level to 0..1 for a meter: −60 dBFS → 0, 0 dBFS → 1. */
export function levelToMeter(rms: number): number {
  if (!(rms > 0)) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}
