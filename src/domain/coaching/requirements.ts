/**
 * The requirements of a job description, found deterministically (issue 16, item 2): its bullet
 * lines, and the sentences of its prose that state a requirement ("you have…", "experience
 * with…", "must…"). Every requirement is a verbatim slice of the description, so the coverage
 * screen can quote it; the model may later merge near-duplicates (`merge.ts`) but never adds text.
 *
 * Keywords typed instead of a description ("PostgreSQL, Python, team lead") give one requirement
 * per keyword. A description in which nothing reads as a requirement gives an empty list: the
 * coverage screen then says it needs a fuller job description.
 */
import type { JobRequirement } from '../records';
import { isKeywordsOnly } from '../keywords';

/** A list marker at the start of a line: -, *, •, "1." / "1)" / "a)" and the like. */
const BULLET = /^\s*(?:[-*•·▪◦‣●○■□➢➤✓✔–—+]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+/iu;

/** Sections whose lines are not requirements. */
const SKIP_HEADING =
  /\b(benefits?|perks|we offer|what we offer|offer you|salary|compensation|about (us|the company|the team)|who we are|our (company|story|mission)|equal opportunit\w*|how to apply|application process|apply)\b/i;

/** Sections in which every line is one. */
const REQUIREMENT_HEADING =
  /\b(requirements?|qualifications?|skills|must[- ]haves?|nice[- ]to[- ]haves?|what you['’]ll (do|bring|need)|what (you|we) (bring|need|look for|are looking for)|you (have|bring|will)|responsibilit\w*|duties|about you|your role|the role|ideal candidate|preferred)\b/i;

/** A prose sentence that states a requirement ("You mentor…" as much as "Experience with…"). */
const REQUIREMENT_CUE =
  /^you\b|\b(you (have|bring|are|will|can|know|own|['’]ve)|experience[ds]?|proficien\w*|familiar\w*|knowledge|understanding of|ability to|able to|must|required|requires?|requirements?|should|strong|solid|expertise|expert in|degree|background in|skill(s|ed)?|comfortable|hands-on|track record|years|fluen\w*|certifi\w*|nice to have|bonus|a plus|preferred|ideally|responsible for|looking for|we expect)\b/i;

const MIN_CHARS = 2;
/** Longer "sentences" are run-on text (a pasted page without punctuation): no quote worth showing. */
const MAX_CHARS = 400;
/** Keywords input is short, has no list markers, and every item is a few words. */
const MAX_KEYWORD_TEXT = 1000;
const MAX_KEYWORD_WORDS = 5;

interface Span {
  start: number;
  end: number;
}

/** `[start, end)` of `text` without surrounding whitespace and trailing sentence punctuation. */
function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /[\s.;,:]/.test(text[end - 1] as string)) end--;
  return { start, end };
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

/** The keyword spans when `text` is keywords rather than a description; otherwise undefined. */
function keywordSpans(text: string): Span[] | undefined {
  if (text.length > MAX_KEYWORD_TEXT) return undefined;
  const spans: Span[] = [];
  const cuts = [...text.matchAll(/[,;\n|]+/g)].map((m) => ({ at: m.index, length: m[0].length }));
  cuts.push({ at: text.length, length: 0 });
  let from = 0;
  for (const cut of cuts) {
    const span = trimSpan(text, from, cut.at);
    from = cut.at + cut.length;
    if (span.end <= span.start) continue;
    const item = text.slice(span.start, span.end);
    // A list marker, a sentence or a long item: this is a description, not keywords.
    if (BULLET.test(item) || /[.!?:]\s/.test(item) || wordCount(item) > MAX_KEYWORD_WORDS) return undefined;
    spans.push(span);
  }
  return spans.length > 0 ? spans : undefined;
}

type Section = 'requirements' | 'skip' | 'other';

/** A line that names a section: ends with a colon, or is a short known heading. */
function headingSection(line: string): Section | undefined {
  const trimmed = line.trim();
  const short = wordCount(trimmed) <= 8 && !/[.!?]$/.test(trimmed);
  const known = SKIP_HEADING.test(trimmed) || REQUIREMENT_HEADING.test(trimmed);
  if (!(trimmed.endsWith(':') && wordCount(trimmed) <= 10) && !(short && known)) return undefined;
  if (SKIP_HEADING.test(trimmed)) return 'skip';
  return REQUIREMENT_HEADING.test(trimmed) ? 'requirements' : 'other';
}

/** Sentence spans of one line (`start`..`end` of `text`): a cut after .!? followed by a capital or a quote. */
function sentenceSpans(text: string, start: number, end: number): Span[] {
  const line = text.slice(start, end);
  const spans: Span[] = [];
  let from = 0;
  for (const match of line.matchAll(/[.!?]+\s+(?=[\p{Lu}"“(])/gu)) {
    spans.push({ start: start + from, end: start + match.index + match[0].length });
    from = match.index + match[0].length;
  }
  spans.push({ start: start + from, end });
  return spans;
}

function requirementSpans(text: string): Span[] {
  // The same decision as the guideline prompt's (`isKeywordsOnly`); the spans keep each keyword verbatim.
  const keywords = isKeywordsOnly(text) ? keywordSpans(text) : undefined;
  if (keywords) return keywords;
  const spans: Span[] = [];
  let section: Section = 'other';
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const bullet = BULLET.exec(line);
    if (bullet) {
      if (section !== 'skip') spans.push(trimSpan(text, lineStart + bullet[0].length, lineEnd));
    } else if (line.trim().length > 0) {
      const heading = headingSection(line);
      if (heading) section = heading;
      else if (section !== 'skip') {
        for (const sentence of sentenceSpans(text, lineStart, lineEnd)) {
          const span = trimSpan(text, sentence.start, sentence.end);
          if (section === 'requirements' || REQUIREMENT_CUE.test(text.slice(span.start, span.end))) spans.push(span);
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  return spans;
}

/**
 * Letters and digits of every script, "+" and "#" (C++, C#): the rest is punctuation. Ranges
 * instead of Unicode properties (`\p{L}`), which made this five times slower, and coverage
 * runs it on every requirement of a long description (docs/benchmarks.md).
 */
const NOT_WORD = /[^a-z0-9+#\u00c0-\u024f\u0370-\u1fff\u2c00-\u2dff\u3040-\ud7ff\uf900-\ufdff\ufe70-\ufeff\uff10-\uffef]+/g;

/** Case, spacing and punctuation do not make two requirements different. */
export function requirementKey(text: string): string {
  return text.toLowerCase().replace(NOT_WORD, ' ').trim();
}

/** The requirements of `description`, in order, each a verbatim slice of it, ids r1, r2, … */
export function extractRequirements(description: string): JobRequirement[] {
  const seen = new Set<string>();
  const requirements: JobRequirement[] = [];
  for (const span of requirementSpans(description)) {
    const length = span.end - span.start;
    if (length < MIN_CHARS || length > MAX_CHARS) continue;
    const text = description.slice(span.start, span.end);
    const key = requirementKey(text);
    if (key.length === 0 || seen.has(key)) continue;
    seen.add(key);
    requirements.push({ id: `r${requirements.length + 1}`, text });
  }
  return requirements;
}
