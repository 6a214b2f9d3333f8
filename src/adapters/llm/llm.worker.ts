/**
 * The WebLLM engine lives here, off the main thread: downloads, GPU setup and token
 * generation never block the page. The main thread talks to it through WebWorkerMLCEngine
 * (see webllm-engine.ts); WebLLM's own message protocol is used as is.
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (event: MessageEvent) => handler.onmessage(event);
