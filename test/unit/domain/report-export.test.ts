import { describe, expect, it } from 'vitest';
import { reportToMarkdown, sessionToJson } from '../../../src/domain/report-export';
import { COACHING_NOTE } from '../../../src/domain/feedback';
import type { MessageRecord, SessionRecord } from '../../../src/domain/records';

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

  // The report screen holds its records in Svelte state, i.e. behind proxies that structuredClone refuses.
  it('exports records that sit behind proxies, as the report screen holds them', () => {
    const proxied = <T extends object>(value: T): T => new Proxy(value, {});
    expect(() => structuredClone(proxied(session))).toThrow();
    const parsed = JSON.parse(sessionToJson(proxied(session), proxied(messages.map(proxied)), 7));
    expect(parsed.session.title).toBe(session.title);
    expect(parsed.messages).toHaveLength(messages.length);
  });
});
