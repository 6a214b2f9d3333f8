import { describe, expect, it } from 'vitest';
import { reportToMarkdown, sessionToJson } from '../../../../src/domain/report-export';
import type { MessageRecord, QuestionFeedback, SessionRecord, StarCheck } from '../../../../src/domain/records';

const star: StarCheck = {
  parts: {
    situation: { present: true, quote: 'two teams argued <b>loudly</b>' },
    task: { present: false },
    action: { present: true, quote: 'I ran a short meeting' },
    result: { present: false },
  },
  suggestion: 'Say what you had to achieve, then end with what changed.',
};

const assessed = (extra: Partial<QuestionFeedback>): QuestionFeedback => ({
  questionId: 'q1',
  question: 'Tell me about a conflict.',
  requirement: '',
  score: 6,
  evidence: [],
  strengths: [],
  improvements: [],
  sampleAnswer: '',
  ...extra,
});

function session(question: QuestionFeedback): SessionRecord {
  return {
    id: 's1',
    mode: 'practice',
    title: 'Behavioral',
    status: 'finished',
    createdAt: 0,
    updatedAt: 0,
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    engines: [],
    setup: { jobDescription: 'JD', resume: '', type: 'behavioral', questionCount: 1, style: 'neutral', language: 'en' },
    guideline: { groundedIn: [], questions: [{ id: 'q1', text: 'Tell me about a conflict.', topic: 't', requirement: '' }] },
    feedback: {
      overallScore: 60,
      summary: 'S',
      categories: { relevance: 6, depth: 6, structure: 6, clarity: 6, confidence: 6 },
      questions: [question],
      strengths: [],
      improvements: [],
      engineId: 'e',
      createdAt: 0,
    },
  };
}

const messages: MessageRecord[] = [
  {
    id: 'm0',
    sessionId: 's1',
    index: 0,
    role: 'assistant',
    text: 'Tell me about a conflict.',
    createdAt: 0,
    kind: 'greeting',
    questionIndex: 0,
  },
  {
    id: 'm1',
    sessionId: 's1',
    index: 1,
    role: 'user',
    text: 'Two teams argued <b>loudly</b>. I ran a short meeting.',
    createdAt: 0,
    kind: 'answer',
  },
];

describe('STAR check in the exports', () => {
  it('writes each part with a word and a mark, the quote of a present part, and the suggestion, in the Markdown', () => {
    const md = reportToMarkdown(session(assessed({ star })), messages);
    expect(md).toContain(
      [
        '**STAR check**',
        '',
        '- ✓ Situation: present — “two teams argued &lt;b&gt;loudly&lt;/b&gt;”',
        '- ✗ Task: missing',
        '- ✓ Action: present — “I ran a short meeting”',
        '- ✗ Result: missing',
        '',
        'To add: Say what you had to achieve, then end with what changed.',
      ].join('\n'),
    );
    expect(md).not.toContain('<b>');
  });

  it('has no STAR section for an answer without a check (other interview types)', () => {
    expect(reportToMarkdown(session(assessed({})), messages)).not.toContain('STAR');
  });

  it('keeps the whole check in the JSON export', () => {
    const parsed = JSON.parse(sessionToJson(session(assessed({ star })), messages, 1)) as { session: SessionRecord };
    expect(parsed.session.feedback?.questions[0]?.star).toEqual(star);
  });
});
