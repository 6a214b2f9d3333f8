/**
 * Adds the app's security headers to the pages and worker scripts the service worker serves.
 * A <meta> policy does not reach workers and a static host may send no headers at all; a
 * response the service worker builds carries its own headers, so once it controls the page
 * the document and every worker get the policy, and the page is cross-origin isolated,
 * whatever the host sends.
 */
import { securityHeaders } from '../domain/content-security-policy';

/** A copy of `response` with the headers set; opaque or cross-origin responses are returned as they are. */
export function withSecurityHeaders(response: Response, extraConnect: readonly string[]): Response {
  // Only our own responses: an opaque or CORS response is not ours to relabel.
  if (response.type !== 'basic' && response.type !== 'default') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(securityHeaders({ extraConnect }))) headers.set(name, value);
  // A fresh Response also drops `redirected`, which the browser refuses for a navigation.
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Whether a request's response needs the headers: a page or a worker's script. CSP, COOP and
 * COEP on a script, style or image a page loads change nothing, and skipping them spares an
 * IndexedDB read per asset.
 */
export function needsSecurityHeaders(request: Pick<Request, 'mode' | 'destination'>): boolean {
  return request.mode === 'navigate' || ['document', 'iframe', 'worker', 'sharedworker'].includes(request.destination);
}
