/**
 * Which chat models are downloaded on this device, as the Models screen shows them. Asked of
 * the backend's cache (never assumed): at start, after a failed load (a partial download reads
 * as not downloaded), and set directly after a load or a delete this tab did.
 */
export class CachedModels {
  #map = $state<Record<string, boolean>>({});
  readonly #has: (modelId: string) => Promise<boolean>;

  constructor(has: (modelId: string) => Promise<boolean>) {
    this.#has = has;
  }

  get map(): Record<string, boolean> {
    return this.#map;
  }

  has(modelId: string): boolean {
    return this.#map[modelId] === true;
  }

  /** At least one model is downloaded (the first download asks for persistent storage). */
  get any(): boolean {
    return Object.values(this.#map).some(Boolean);
  }

  mark(modelId: string, cached: boolean): void {
    this.#map = { ...this.#map, [modelId]: cached };
  }

  async refresh(modelIds: readonly string[]): Promise<void> {
    const results = await Promise.all(modelIds.map(async (id) => [id, await this.#has(id).catch(() => false)] as const));
    this.#map = { ...this.#map, ...Object.fromEntries(results) };
  }
}
