/**
 * What the Models screen says about the small on-device models (search and speech): how big
 * a download is before it starts, and whether what is in the cache is all of it.
 */

/** Expected download in MB: `cpu` where it runs on the processor (WASM), `gpu` on a graphics card (WebGPU). */
export interface ApproxDownload {
  cpu: number;
  gpu: number;
}

/*
 * Approximate download sizes of the models we offer, in MB, rounded up (so a download is
 * never bigger than we said by much). Estimates, not measured here: the app cannot reach the
 * Hugging Face hub from its build or tests. Each figure is the weights transformers.js fetches
 * for the dtype we load (parameter count × bytes per weight, plus ~3 MB of config and
 * tokenizer files):
 * - all-MiniLM-L6-v2 (22.7 M parameters): q8 on every device (DEFAULT_EMBEDDING_DTYPE) → ~23 MB.
 * - paraphrase-multilingual-MiniLM-L12-v2 (118 M parameters, most of them its 250k-token
 *   vocabulary): q8 → ~118 MB, plus a ~17 MB tokenizer.json → ~135 MB.
 * - Whisper on WASM: q8 encoder + q8 merged decoder (see dtypeFor in
 *   src/adapters/ml/transcription-handlers.ts) → ~1 byte per parameter: base (74 M) ~80 MB,
 *   tiny (39 M) ~45 MB — the "About 80 MB" / "About 40 MB" of WHISPER_MODELS.
 * - Whisper on WebGPU: fp32 encoder + q4 merged decoder, whose token embedding stays fp32 →
 *   base ~220 MB, tiny ~125 MB.
 * English-only (.en) siblings have the same architecture and size as the multilingual ones.
 */
const APPROX_DOWNLOAD_MB: Readonly<Record<string, ApproxDownload>> = {
  'Xenova/all-MiniLM-L6-v2': { cpu: 25, gpu: 25 },
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2': { cpu: 135, gpu: 135 },
  'onnx-community/whisper-base_timestamped': { cpu: 80, gpu: 220 },
  'onnx-community/whisper-base.en_timestamped': { cpu: 80, gpu: 220 },
  'onnx-community/whisper-tiny_timestamped': { cpu: 45, gpu: 125 },
  'onnx-community/whisper-tiny.en_timestamped': { cpu: 45, gpu: 125 },
};

export function approxDownload(modelId: string): ApproxDownload | undefined {
  return APPROX_DOWNLOAD_MB[modelId];
}

/** "about 25 MB", "about 80 MB, up to 220 MB on a graphics card"; undefined for models we do not know. */
export function approxDownloadLabel(modelId: string): string | undefined {
  const size = approxDownload(modelId);
  if (!size) return undefined;
  if (size.cpu === size.gpu) return `about ${size.cpu} MB`;
  return `about ${size.cpu} MB, up to ${size.gpu} MB on a graphics card`;
}

/** What is cached of one model: its total bytes and the files present (paths inside the model repository). */
export interface CachedModelFiles {
  bytes: number;
  files: readonly string[];
}

/**
 * - `missing`: nothing cached.
 * - `partial`: some files, not all a load needs — an interrupted download. transformers.js
 *   stores each file only once it has fully arrived, so a missing file is the sign.
 * - `complete`: every file of at least one of `requiredSets` (one set per device/dtype the
 *   model may be loaded with) is cached, so it loads offline.
 */
export type DownloadState = 'missing' | 'partial' | 'complete';

export function downloadState(cached: CachedModelFiles, requiredSets: readonly (readonly string[])[]): DownloadState {
  if (cached.bytes <= 0 && cached.files.length === 0) return 'missing';
  const present = new Set(cached.files);
  const complete = requiredSets.some((set) => set.length > 0 && set.every((file) => present.has(file)));
  return complete ? 'complete' : 'partial';
}
