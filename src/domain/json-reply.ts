/**
 * Pulls a JSON value out of a model reply. Small local models wrap JSON in prose, code
 * fences or `<think>` reasoning blocks (Qwen3, DeepSeek-R1 distills) even when asked not to.
 */

export type JsonExtraction = { ok: true; value: unknown } | { ok: false; reason: string };

/** Removes `<think>…</think>` blocks, and an unterminated `<think>` up to the end. */
export function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/<think>[\s\S]*$/i, '');
}

/** Finds the first balanced `{…}` or `[…]` starting at `start`, honouring strings and escapes. */
function balancedEnd(text: string, start: number): number {
  const open = text[start];
  const close = open === '{' ? '}' : ']';
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === open) depth++;
    else if (ch === close) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function candidates(text: string): string[] {
  const out: string[] = [];
  // Fenced blocks first: when a model fences its JSON, the fence is the intended answer.
  for (const match of text.matchAll(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/g)) out.push((match[1] as string).trim());
  const trimmed = text.trim();
  out.push(trimmed);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '{' && ch !== '[') continue;
    const end = balancedEnd(text, i);
    if (end > i) {
      out.push(text.slice(i, end + 1));
      // Only objects/arrays at top level; skip past this one.
      i = end;
    }
  }
  return out;
}

/** Returns the first parseable JSON object/array found in the reply. */
export function extractJson(reply: string): JsonExtraction {
  const text = stripThinking(reply);
  if (text.trim().length === 0) return { ok: false, reason: 'The reply was empty.' };
  for (const candidate of candidates(text)) {
    if (!candidate.startsWith('{') && !candidate.startsWith('[')) continue;
    try {
      return { ok: true, value: JSON.parse(candidate) as unknown };
    } catch {
      // try the next candidate
    }
  }
  return { ok: false, reason: 'The reply did not contain valid JSON.' };
}
