/**
 * Remote (OpenAI-compatible) providers the settings screen offers, and the rules for a
 * base URL. Pure data and checks: no network, no DOM.
 */
import type { RemoteSettings } from './records';

export interface RemotePreset {
  id: string;
  label: string;
  /** Empty for "Custom": the user types it. */
  baseUrl: string;
  defaultModel: string;
  /** Whether requests fail without an API key (local servers usually need none). */
  needsKey: boolean;
  /** Tokens (prompt + reply) the default model accepts; the context budget is built from it. */
  contextWindow: number;
  /** One plain sentence on where to get a key or how to start the server. */
  help: string;
}

export const CUSTOM_PRESET_ID = 'custom';

export const REMOTE_PRESETS: readonly RemotePreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    defaultModel: 'gpt-4o-mini',
    needsKey: true,
    contextWindow: 128_000,
    help: 'Create a key at platform.openai.com → API keys. Usage is billed to your OpenAI account.',
  },
  {
    id: 'groq',
    label: 'Groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    defaultModel: 'llama-3.3-70b-versatile',
    needsKey: true,
    contextWindow: 131_072,
    help: 'Create a free key at console.groq.com → API Keys. Fast Llama 3.3 70B; the free tier has rate limits.',
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    defaultModel: 'meta-llama/llama-3.3-70b-instruct',
    needsKey: true,
    contextWindow: 131_072,
    help: 'Create a key at openrouter.ai → Keys. One key reaches many models; use the model ids listed on openrouter.ai/models.',
  },
  {
    id: 'together',
    label: 'Together AI',
    baseUrl: 'https://api.together.xyz/v1',
    defaultModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    needsKey: true,
    contextWindow: 131_072,
    help: 'Create a key at api.together.ai → Settings → API Keys.',
  },
  {
    id: 'huggingface',
    label: 'Hugging Face',
    baseUrl: 'https://router.huggingface.co/v1',
    defaultModel: 'meta-llama/Llama-3.3-70B-Instruct',
    needsKey: true,
    contextWindow: 131_072,
    help: 'Use a Hugging Face access token with the "Make calls to Inference Providers" permission (huggingface.co → Settings → Access Tokens).',
  },
  {
    id: 'ollama',
    label: 'Ollama (this computer)',
    baseUrl: 'http://localhost:11434/v1',
    defaultModel: 'llama3.2',
    needsKey: false,
    // Ollama silently truncates prompts beyond its configured context; 4096 is its usual default.
    contextWindow: 4096,
    help: 'Start Ollama with OLLAMA_ORIGINS set to this page’s address so the browser may call it, and pull the model first (ollama pull llama3.2).',
  },
  {
    id: CUSTOM_PRESET_ID,
    label: 'Custom server',
    baseUrl: '',
    defaultModel: '',
    needsKey: false,
    contextWindow: 8192,
    help: 'Any OpenAI-compatible server (vLLM, TGI, LM Studio, llama.cpp). It must allow calls from this page (CORS), e.g. vLLM --allowed-origins.',
  },
];

export function presetById(id: string): RemotePreset {
  return REMOTE_PRESETS.find((p) => p.id === id) ?? customPreset();
}

function customPreset(): RemotePreset {
  const preset = REMOTE_PRESETS.find((p) => p.id === CUSTOM_PRESET_ID);
  if (!preset) throw new Error('The custom remote preset is missing.');
  return preset;
}

/** The preset whose base URL matches (ignoring a trailing slash), if any. */
export function presetForBaseUrl(baseUrl: string): RemotePreset | undefined {
  const wanted = normalizeBaseUrl(baseUrl);
  return REMOTE_PRESETS.find((p) => p.baseUrl !== '' && p.baseUrl === wanted);
}

/** `host[:port]` of a base URL, e.g. "api.groq.com"; the trimmed input when it is not a URL. */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl.trim()).host;
  } catch {
    return baseUrl.trim();
  }
}

/**
 * Trims whitespace and trailing slashes, and drops a pasted `/chat/completions` suffix so
 * both "https://x/v1" and "https://x/v1/chat/completions" work.
 */
export function normalizeBaseUrl(raw: string): string {
  return raw
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/chat\/completions$/i, '')
    .replace(/\/+$/, '');
}

// Exactly the loopback hosts the app's Content-Security-Policy lets it reach over http.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

export type BaseUrlCheck = { ok: true; baseUrl: string } | { ok: false; message: string };

/**
 * A base URL must be http(s). Plain http is accepted only for this computer: over http the
 * API key and the interview text would cross the network unencrypted, and browsers block
 * http calls from an https page anyway, except to localhost.
 */
export function validateBaseUrl(raw: string): BaseUrlCheck {
  const baseUrl = normalizeBaseUrl(raw);
  if (baseUrl === '') return { ok: false, message: 'Enter the base URL of the server, e.g. https://api.groq.com/openai/v1.' };
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { ok: false, message: 'This is not a web address. It should look like https://api.example.com/v1.' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, message: 'Do not put a user name or password in the URL; enter the API key in its own field.' };
  }
  if (url.protocol === 'https:') return { ok: true, baseUrl };
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return { ok: true, baseUrl };
    return {
      ok: false,
      message:
        'Use https:// for servers on other machines. Over plain http your API key and interview text would travel unencrypted, and the browser blocks such calls from this page. http:// is fine for localhost.',
    };
  }
  return { ok: false, message: 'Only http:// and https:// addresses can be used.' };
}

export interface RemoteSettingsErrors {
  baseUrl?: string;
  model?: string;
  apiKey?: string;
}

/**
 * Field-level problems with remote settings, for inline form errors. An encrypted key
 * counts as a key; empty result means the settings can be saved.
 */
export function validateRemoteSettings(
  settings: Pick<RemoteSettings, 'presetId' | 'baseUrl' | 'model' | 'apiKey' | 'encryptedApiKey'>,
): RemoteSettingsErrors {
  const errors: RemoteSettingsErrors = {};
  const url = validateBaseUrl(settings.baseUrl);
  if (!url.ok) errors.baseUrl = url.message;
  if (settings.model.trim() === '') errors.model = 'Enter the model name, e.g. llama-3.3-70b-versatile.';
  else if (/\s/.test(settings.model.trim())) errors.model = 'Model names have no spaces; copy the id exactly as the provider lists it.';
  const preset = presetById(settings.presetId);
  const hasKey = (settings.apiKey ?? '').trim() !== '' || settings.encryptedApiKey !== undefined;
  if (preset.needsKey && !hasKey) errors.apiKey = `${preset.label} needs an API key. ${preset.help}`;
  return errors;
}

/** "Groq" for a known provider URL, otherwise the host, e.g. "gpu-box.local:8000". */
export function providerName(baseUrl: string): string {
  return presetForBaseUrl(baseUrl)?.label ?? hostOf(baseUrl);
}

/** The context window to assume for a base URL: the preset's, or a conservative default. */
export function contextWindowFor(baseUrl: string): number {
  return (presetForBaseUrl(baseUrl) ?? customPreset()).contextWindow;
}
