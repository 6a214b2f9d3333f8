/**
 * A local "model mirror" for e2e tests: serves generated tiny models the way the Hugging Face
 * hub lays them out, `<host>/<org>/<model>/resolve/main/<file>`, from memory (nothing is
 * written to disk or downloaded). It is another origin than the app, so it answers with CORS
 * headers as the hub does, and it records every path asked for so a test can check which
 * files the app really fetched.
 */
import { createServer, type Server } from 'node:http';
import { extname } from 'node:path';

/** Files of one model by path relative to the model folder, e.g. `onnx/encoder_model.onnx`. */
export type ModelFiles = Record<string, Uint8Array | string>;

export interface ModelServer {
  /** Base URL to put in settings.modelHost, without a trailing slash. */
  url: string;
  /** Every path requested, in order (`/<model>/resolve/main/<file>`), including 404s. */
  requested: string[];
  /** The files of `modelId` that were served (200), relative to the model folder. */
  served(modelId: string): string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.txt': 'text/plain',
};

export async function startModelServer(models: Record<string, ModelFiles>): Promise<ModelServer> {
  const requested: string[] = [];
  const served: { modelId: string; file: string }[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requested.push(path);
    const cors = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'content-length' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, HEAD' }).end();
      return;
    }
    // `/<org>/<model>/resolve/main/<file>`; the model id is the two segments before `resolve`.
    const match = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(path);
    const content = match ? models[match[1]!]?.[match[2]!] : undefined;
    if (!match || content === undefined) {
      res.writeHead(404, { ...cors, 'content-type': 'text/plain' }).end('not found');
      return;
    }
    served.push({ modelId: match[1]!, file: match[2]! });
    const body = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    res.writeHead(200, {
      ...cors,
      'content-type': TYPES[extname(match[2]!)] ?? 'application/octet-stream',
      'content-length': String(body.byteLength),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requested,
    served: (modelId) => served.filter((s) => s.modelId === modelId).map((s) => s.file),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
