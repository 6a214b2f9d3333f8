/** What the Models screen lists, from the catalog and what this device can run (pure). */
import { INTERVIEW_LADDER, type CatalogModel } from '../../domain/device-fit';
import type { ModelEntry } from './types';

/** Shown by default: the interview ladder and a few stronger models for bigger GPUs. */
const FEATURED = [...INTERVIEW_LADDER, 'Qwen3-1.7B', 'Phi-3.5-mini-instruct', 'Llama-3.1-8B-Instruct'];

/** The short list: featured models in the quantization this GPU runs, plus anything chosen or downloaded. */
export function featuredEntries(chatModels: ModelEntry[], shaderF16: boolean, selectedId: string | undefined): ModelEntry[] {
  const featured = FEATURED.map((base) => `${base}-${shaderF16 ? 'q4f16_1' : 'q4f32_1'}-MLC`);
  // Ladder order first (best interview model on top), then anything else chosen or downloaded.
  const rank = (id: string) => (featured.includes(id) ? featured.indexOf(id) : featured.length);
  return chatModels
    .filter((e) => featured.includes(e.model.id) || e.model.id === selectedId || e.cached === true)
    .sort((a, b) => rank(a.model.id) - rank(b.model.id));
}

/** Every host chat-model downloads come from (from WebLLM's catalog), named on the Models screen. */
export function downloadHostsOf(catalog: CatalogModel[]): string[] {
  return [...new Set(catalog.filter((m) => m.kind === 'chat').flatMap((m) => m.downloadHosts ?? []))];
}
