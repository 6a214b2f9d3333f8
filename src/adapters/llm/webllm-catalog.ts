/**
 * The local model catalog, read from WebLLM's own `prebuiltAppConfig.model_list` so sizes and
 * context windows always match the installed WebLLM version (never hard-coded here).
 * WebLLM lives only in the LLM worker: the list, the cache check and delete are questions
 * to it (llm-client.ts); the page never loads the library.
 */
import type { CatalogModel } from '../../domain/device-fit';
import { parseQuantization } from '../../domain/device-fit';
import { llmWorker, type LlmWorkerClient } from './llm-client';

/** The fields of WebLLM's ModelRecord that we read. */
export interface ModelRecordLike {
  model_id: string;
  vram_required_MB?: number;
  low_resource_required?: boolean;
  buffer_size_required_bytes?: number;
  required_features?: string[];
  model_type?: number;
  overrides?: { context_window_size?: number };
  /** Where the weights and the compiled GPU library are downloaded from. */
  model?: string;
  model_lib?: string;
}

/** WebLLM's own default when a record sets no override. */
export const DEFAULT_CONTEXT_WINDOW = 4096;

export function toCatalogModel(record: ModelRecordLike): CatalogModel {
  const quantization = parseQuantization(record.model_id);
  const downloadHosts = hostsOf([record.model, record.model_lib]);
  return {
    id: record.model_id,
    ...(record.vram_required_MB !== undefined ? { vramMB: record.vram_required_MB } : {}),
    ...(record.low_resource_required !== undefined ? { lowResource: record.low_resource_required } : {}),
    ...(record.buffer_size_required_bytes !== undefined ? { bufferSizeRequiredBytes: record.buffer_size_required_bytes } : {}),
    ...(record.required_features ? { requiredFeatures: [...record.required_features] } : {}),
    contextWindow: record.overrides?.context_window_size ?? DEFAULT_CONTEXT_WINDOW,
    ...(quantization ? { quantization } : {}),
    kind: record.model_type === 1 ? 'embedding' : record.model_type === 2 ? 'vision' : 'chat',
    ...(downloadHosts.length > 0 ? { downloadHosts } : {}),
  };
}

function hostsOf(urls: (string | undefined)[]): string[] {
  const hosts = new Set<string>();
  for (const url of urls) {
    if (!url) continue;
    try {
      hosts.add(new URL(url).host);
    } catch {
      // A relative or malformed URL names no host of its own.
    }
  }
  return [...hosts];
}

export function catalogFrom(records: ModelRecordLike[]): CatalogModel[] {
  return records.map((record) => toCatalogModel(record));
}

export async function loadCatalog(client: LlmWorkerClient = llmWorker()): Promise<CatalogModel[]> {
  return catalogFrom(await client.catalog());
}

/** Whether a model's weights, config and GPU library are all in the browser cache (ready offline). */
export function isModelCached(modelId: string, client: LlmWorkerClient = llmWorker()): Promise<boolean> {
  return client.isCached(modelId);
}

/** Deletes a model's weights, config and wasm; also the fix for a half-finished download. */
export function deleteCachedModel(modelId: string, client: LlmWorkerClient = llmWorker()): Promise<void> {
  return client.deleteModel(modelId);
}
