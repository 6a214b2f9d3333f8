/** Progress of slow work: downloads report bytes, indexing reports counts. Shared vocabulary of every layer. */
export interface ProgressEvent {
  /** What is happening, for people: "Downloading model.onnx", "Indexing". */
  label: string;
  /** e.g. a file name during download. */
  file?: string;
  loaded?: number;
  total?: number;
  /** 0..1 when known. */
  fraction?: number;
  phase: 'download' | 'load' | 'work' | 'done';
}
