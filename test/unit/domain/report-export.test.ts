import { describe, expect, it } from 'vitest';
import { reportToMarkdown, sessionToJson } from '../../../src/domain/report-export';
import { COACHING_NOTE } from '../../../src/domain/feedback';
import type { DeliveryMetrics, MessageRecord, SessionRecord } from '../../../src/domain/records';

const session: SessionRecord = {
  id: 's1',
  mode: 'practice',
  title: 'Behavioral · Data Analyst',
  status: 'finished',
  createdAt: Date.UTC(2026, 0, 5),
  updatedAt: 0,
  usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
  engines: [{ at: 0, engineId: 'e', label: 'Llama-3.2-3B on this device' }],
  setup: { jobDescription: 'JD', resume: '', type: 'behavioral', questionCount: 2, style: 'friendly', language: 'en' },
  guideline: {
    groundedIn: [],
    questions: [
      { id: 'q1', text: 'Tell me about a conflict.', topic: 'Conflict', requirement: 'works well in teams' },
      { id: 'q2', text: 'Why data?', topic: 'Motivation', requirement: '' },
    ],
  },
  feedback: {
    overallScore: 64,
    summary: 'Good stories.',
    categories: { relevance: 7, depth: 5, structure: 6, clarity: 7, confidence: 6 },
    questions: [
      {
        questionId: 'q1',
        question: 'Tell me about a conflict.',
        requirement: 'works well in teams',
        score: 6,
        evidence: ['we compromised'],
        strengths: ['Honest'],
        improvements: ['Say the result'],
        sampleAnswer: 'S: …\nT: …',
      },
    ],
    strengths: ['Warm'],
    improvements: ['Use STAR'],
    engineId: 'e',
    createdAt: 0,
  },
};

const messages: MessageRecord[] = [
  {
    id: 'm0',
    sessionId: 's1',
    index: 0,
    role: 'assistant',
    text: 'Hi! Tell me about a conflict.',
    createdAt: 0,
    kind: 'greeting',
    questionIndex: 0,
  },
  {
    id: 'm1',
    sessionId: 's1',
    index: 1,
    role: 'user',
    text: 'My lead and I disagreed.\nIn the end we compromised. <script>x</script>',
    createdAt: 0,
    kind: 'answer',
  },
];

const spokenMetrics: DeliveryMetrics = {
  durationSeconds: 42,
  wordCount: 120,
  wordsPerMinute: 171,
  fillerCount: 4,
  fillersPerMinute: 5.7,
  fillers: { um: 3, 'you know': 1 },
  pausesOver2s: 1,
  longestPauseSeconds: 2.6,
};

const spokenMessages: MessageRecord[] = messages.map((m) =>
  m.id === 'm1' ? { ...m, spoken: true, metrics: spokenMetrics, words: [{ text: ' My', start: 0.4, end: 0.6 }] } : m,
);

describe('report export', () => {
  it('writes every question with answers, score, evidence, strengths, improvements and sample answer', () => {
    const md = reportToMarkdown(session, messages);
    expect(md).toContain('# Interview report: Behavioral · Data Analyst');
    expect(md).toContain(COACHING_NOTE);
    expect(md).toContain('## Overall: 64/100');
    expect(md).toContain('| 7/10 | 5/10 | 6/10 | 7/10 | 6/10 |');
    expect(md).toContain('## Question 1: Tell me about a conflict.\n\nRequirement tested: works well in teams');
    expect(md).toContain('> My lead and I disagreed.\n> In the end we compromised. &lt;script&gt;x&lt;/script&gt;');
    expect(md).toContain('**Score:** 6/10');
    expect(md).toContain('- “we compromised”');
    expect(md).toContain('**What to improve**\n\n- Say the result');
    expect(md).toContain('**Sample answer**\n\n> S: …\n> T: …');
    expect(md).toContain('## Question 2: Why data?\n\n_Not reached in this interview._');
    expect(md).toContain('Model: Llama-3.2-3B on this device');
    expect(md).not.toContain('<script>');
  });

  it('has no Delivery section or line when every answer was typed', () => {
    const md = reportToMarkdown(session, messages);
    expect(md).not.toContain('Delivery');
    expect(md).not.toContain('words per minute');
  });

  it('adds a Delivery section and a per-question line with the numbers of the spoken answers', () => {
    const md = reportToMarkdown(session, spokenMessages);
    expect(md).toContain('## Delivery\n\nFrom 1 spoken answer.');
    expect(md).toContain('| Measure | Yours | Target | How it reads |');
    expect(md).toContain('| Speaking time | 42 s | about 30 seconds to 2 minutes per answer | a comfortable length |');
    expect(md).toContain('| Pace | 171 words per minute | 120–160 words per minute | a little fast');
    expect(md).toContain('| Filler words | 5.7 per minute (4 in all) | at most 3 per minute | more than usual');
    expect(md).toContain('| Pauses over 2 s | 1 | at most 2 per answer |');
    expect(md).toContain('| Longest pause | 2.6 s | under 5 s | an ordinary pause to think |');
    // The per-question line sits under the answers of the question it belongs to, before the score.
    const q1 = md.slice(md.indexOf('## Question 1'), md.indexOf('## Question 2'));
    expect(q1).toMatch(
      /\*\*Your answers\*\*[\s\S]*\*\*Delivery:\*\* Speaking time: 42 s · Pace: 171 words per minute · Filler words: 5\.7 per minute \(4 in all\) · Pauses over 2 s: 1 · Longest pause: 2\.6 s\n\n\*\*Score:\*\*/,
    );
    expect(md.slice(md.indexOf('## Question 2'))).not.toContain('Delivery');
  });

  it('says when there is no feedback yet', () => {
    const { feedback: _omit, ...unfinished } = session;
    expect(reportToMarkdown(unfinished, messages)).toContain('No feedback yet');
  });

  it('exports session, messages in order and feedback as JSON', () => {
    const parsed = JSON.parse(sessionToJson(session, [...messages].reverse(), 42));
    expect(parsed).toMatchObject({ format: 'rehearse-practice-session', version: 1, exportedAt: 42 });
    expect(parsed.session.feedback.overallScore).toBe(64);
    expect(parsed.messages.map((m: MessageRecord) => m.id)).toEqual(['m0', 'm1']);
  });

  it('leaves out what the engine was sent (the interviewer note, the raw reply): the report holds what was said and shown', () => {
    const sent = messages.map((m) => ({ ...m, sent: `${m.text}\n\n(Note for the interviewer — …)` }));
    const parsed = JSON.parse(sessionToJson(session, sent, 42)) as { messages: MessageRecord[] };
    expect(parsed.messages.every((m) => !('sent' in m))).toBe(true);
    expect(parsed.messages.map((m) => m.text)).toEqual(messages.map((m) => m.text));
  });

  it('carries a spoken answer’s delivery metrics and word timings in the JSON', () => {
    const parsed = JSON.parse(sessionToJson(session, spokenMessages, 1));
    const answer = parsed.messages.find((m: MessageRecord) => m.id === 'm1');
    expect(answer.spoken).toBe(true);
    expect(answer.metrics).toEqual(spokenMetrics);
    expect(answer.words).toEqual([{ text: ' My', start: 0.4, end: 0.6 }]);
  });

  // The report screen holds its records in Svelte state, i.e. behind proxies that structuredClone refuses.
  it('exports records that sit behind proxies, as the report screen holds them', () => {
    const proxied = <T extends object>(value: T): T => new Proxy(value, {});
    expect(() => structuredClone(proxied(session))).toThrow();
    const parsed = JSON.parse(sessionToJson(proxied(session), proxied(messages.map(proxied)), 7));
    expect(parsed.session.title).toBe(session.title);
    expect(parsed.messages).toHaveLength(messages.length);
  });
});
