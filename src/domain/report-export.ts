/**
 * Exports a finished (or unfinished) practice session: a readable Markdown report and a
 * JSON file with everything (session, messages, feedback) for backup or another device.
 * Pure: the caller turns the strings into a download.
 */
import { COACHING_NOTE } from './feedback';
import { neutralizeMarkdownLinks } from './markdown-policy';
import type { MessageRecord, SessionRecord, StarCheck } from './records';
import { STAR_LABELS, STAR_PARTS } from './coaching/star';
import { questionThreads } from './interview/transcript';
import { shortGuidelineNote } from './guideline';
import { usagePerEngine } from './usage';
import { deliveryByQuestion, deliveryLine, deliveryScope, sessionDelivery } from './voice/delivery-summary';

/**
 * Untrusted text (titles, answers, everything the model wrote) must not become HTML,
 * headings or unsafe links when the Markdown is rendered elsewhere.
 */
function untrusted(text: string): string {
  return neutralizeMarkdownLinks(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

function inline(text: string): string {
  return untrusted(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

function quoteBlock(text: string): string {
  return untrusted(text)
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

function list(items: readonly string[], empty: string): string {
  return items.length === 0 ? `_${empty}_` : items.map((item) => `- ${inline(item)}`).join('\n');
}

/** The STAR check as a list: the marks are words too, so the file reads the same anywhere. */
function starList(check: StarCheck): string {
  const lines = STAR_PARTS.map((part) => {
    const found = check.parts[part];
    return found.present ? `- ✓ ${STAR_LABELS[part]}: present — “${inline(found.quote ?? '')}”` : `- ✗ ${STAR_LABELS[part]}: missing`;
  });
  if (check.suggestion) lines.push('', `To add: ${inline(check.suggestion)}`);
  return lines.join('\n');
}

function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function reportToMarkdown(session: SessionRecord, messages: readonly MessageRecord[]): string {
  const out: string[] = [];
  const setup = session.setup;
  const feedback = session.feedback;
  out.push(`# Interview report: ${inline(session.title)}`, '');
  out.push(`- Date: ${date(session.createdAt)}`);
  if (setup) out.push(`- Type: ${setup.type} · Style: ${setup.style} · Language: ${setup.language}`);
  if (session.engines.length > 0) out.push(`- Model: ${session.engines.map((e) => inline(e.label)).join(' → ')}`);
  const perEngine = usagePerEngine(session, session.engines);
  const split = perEngine.length > 1 ? ` (${perEngine.map((e) => `${inline(e.label)}: ${e.usage.totalTokens}`).join(' · ')})` : '';
  out.push(`- Tokens used: ${session.usage.totalTokens}${split}`);
  const short = session.guideline ? shortGuidelineNote(session.guideline) : undefined;
  if (short) out.push(`- Questions: the model wrote ${short}`);
  out.push('');
  out.push(`_${COACHING_NOTE}_`, '');

  if (feedback) {
    const c = feedback.categories;
    out.push(`## Overall: ${feedback.overallScore}/100`, '', inline(feedback.summary), '');
    out.push(
      '| Relevance | Depth | Structure | Clarity | Confidence |',
      '|---|---|---|---|---|',
      `| ${c.relevance}/10 | ${c.depth}/10 | ${c.structure}/10 | ${c.clarity}/10 | ${c.confidence}/10 |`,
      '',
    );
    out.push(
      '### Strengths',
      '',
      list(feedback.strengths, 'None noted.'),
      '',
      '### To improve',
      '',
      list(feedback.improvements, 'None noted.'),
      '',
    );
  } else {
    out.push('_No feedback yet: this interview was not evaluated._', '');
  }

  // Only when something was spoken: typed answers have no delivery to judge.
  const delivery = sessionDelivery(messages);
  if (delivery) {
    out.push('## Delivery', '', `${deliveryScope(delivery)} Whisper leaves out some “um”s, so filler counts are a lower bound.`, '');
    out.push('| Measure | Yours | Target | How it reads |', '|---|---|---|---|');
    for (const f of delivery.figures) out.push(`| ${f.label} | ${f.value} | ${f.target} | ${f.judgement} |`);
    out.push('');
  }

  const guideline = session.guideline;
  if (guideline) {
    const threads = questionThreads(guideline, messages);
    const spoken = deliveryByQuestion(guideline, messages);
    for (const thread of threads) {
      const q = thread.question;
      const assessed = feedback?.questions.find((f) => f.questionId === q.id);
      out.push(`## Question ${thread.index + 1}: ${inline(q.text)}`, '');
      // The model's own wording (checked in code) is not presented as the job description's.
      const tested = q.requirementQuoted === false ? 'Requirement tested (paraphrased)' : 'Requirement tested';
      if (q.requirement) out.push(`${tested}: ${inline(q.requirement)}`, '');
      if (thread.answers.length === 0) {
        out.push('_Not reached in this interview._', '');
        continue;
      }
      for (const [i, followUp] of thread.followUps.entries()) out.push(`Follow-up ${i + 1}: ${inline(followUp)}`);
      if (thread.followUps.length > 0) out.push('');
      out.push('**Your answers**', '', thread.answers.map(quoteBlock).join('\n>\n'), '');
      const questionDelivery = spoken.get(q.id);
      if (questionDelivery) out.push(`**Delivery:** ${deliveryLine(questionDelivery)}`, '');
      if (!assessed) continue;
      out.push(`**Score:** ${assessed.score}/10`, '');
      out.push(
        '**Evidence from your answers**',
        '',
        list(
          assessed.evidence.map((e) => `“${e}”`),
          'No direct quotes.',
        ),
        '',
      );
      if (assessed.star) out.push('**STAR check**', '', starList(assessed.star), '');
      out.push('**What was good**', '', list(assessed.strengths, 'None noted.'), '');
      out.push('**What to improve**', '', list(assessed.improvements, 'None noted.'), '');
      if (assessed.sampleAnswer) out.push('**Sample answer**', '', quoteBlock(assessed.sampleAnswer), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export const SESSION_EXPORT_FORMAT = 'rehearse-practice-session';

export interface SessionExport {
  format: typeof SESSION_EXPORT_FORMAT;
  version: 1;
  exportedAt: number;
  session: SessionRecord;
  messages: MessageRecord[];
}

/** Everything about the session as JSON (the feedback is inside `session.feedback`). */
export function sessionToJson(session: SessionRecord, messages: readonly MessageRecord[], exportedAt: number): string {
  const data: SessionExport = {
    format: SESSION_EXPORT_FORMAT,
    version: 1,
    exportedAt,
    // No structuredClone: callers may pass reactive proxies (which it refuses), and stringify copies anyway.
    session,
    // What the engine was sent (`sent`: an answer with the interviewer's note, a reply before the
    // display filter) is the app's business: the report holds what was said and shown.
    messages: [...messages].sort((a, b) => a.index - b.index).map(({ sent: _sent, ...shown }) => shown),
  };
  return JSON.stringify(data, null, 2);
}
