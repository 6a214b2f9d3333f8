export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Made once: `toLocaleString` builds a new formatter per call, and History writes hundreds of dates. */
let dateFormatter: Intl.DateTimeFormat | undefined;

export function formatDate(ms: number): string {
  dateFormatter ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  // format() throws on an invalid date, where toLocaleString wrote "Invalid Date".
  return Number.isFinite(ms) ? dateFormatter.format(ms) : new Date(ms).toLocaleString();
}
