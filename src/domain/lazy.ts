/**
 * A value built on first use, then kept. The zod schemas are built this way: built when their
 * modules loaded, they were tens of milliseconds of one main-thread task while the app opened
 * the setup screen and the local engine loaded; each is needed only when a model reply or a
 * stored record is read.
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
