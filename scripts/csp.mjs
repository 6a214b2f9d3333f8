// The Content-Security-Policy the built app ships with (injected into index.html at build
// time; the dev server runs without it so hot reload works).
// - scripts only from our origin; 'wasm-unsafe-eval' lets the on-device models compile WebAssembly
// - connect-src allows https: because model files come from model hosts and remote mode talks to
//   the endpoint the user configured; http: only for a model server on this machine (Ollama, vLLM)
// - no remote images, no plugins, no inline scripts
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:* data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
