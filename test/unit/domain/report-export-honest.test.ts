import { describe, expect, it } from 'vitest';
import { reportToMarkdown } from '../../../src/domain/report-export';
import type { SessionRecord } from '../../../src/domain/records';

const u = (total: number) => ({ promptTokens: total - 10, completionTokens: 10, totalTokens: total });
const base: SessionRecord = {
  id: 's1',
  mode: 'practice',
  title: 'Professional · Backend',
  status: 'finished',
  createdAt: Date.UTC(2026, 0, 5),
  updatedAt: 0,
  usage: u(1500),
  engines: [
    { at: 0, engineId: 'local:qwen', label: 'Qwen on this device' },
    { at: 1, engineId: 'remote:gpt', label: 'GPT-4o' },
  ],
  setup: { jobDescription: 'JD', resume: '', type: 'professional', questionCount: 3, style: 'neutral', language: 'en' },
  guideline: {
    groundedIn: [],
    requested: 3,
    questions: [
      { id: 'q1', text: 'How do you scale PostgreSQL?', topic: 'DB', requirement: 'Operate PostgreSQL at scale.', requirementQuoted: true },
      { id: 'q2', text: 'How do you mentor?', topic: 'People', requirement: 'mentoring new hires', requirementQuoted: false },
    ],
  },
};

describe('the Markdown report is as honest as the screen', () => {
  it('says a guideline came back short, marks a paraphrased requirement and splits the tokens per engine', () => {
    const md = reportToMarkdown({ ...base, usageByEngine: { 'local:qwen': u(1000), 'remote:gpt': u(500) } }, []);
    expect(md).toContain('- Questions: the model wrote 2 of the 3 questions you asked for');
    expect(md).toContain('Requirement tested: Operate PostgreSQL at scale.');
    expect(md).toContain('Requirement tested (paraphrased): mentoring new hires');
    expect(md).toContain('- Tokens used: 1500 (Qwen on this device: 1000 · GPT-4o: 500)');
  });

  it('keeps the older display for sessions from before these fields', () => {
    const { requested: _r, ...guideline } = base.guideline!;
    const older = { ...base, guideline: { ...guideline, questions: guideline.questions.map(({ requirementQuoted: _q, ...q }) => q) } };
    const md = reportToMarkdown(older, []);
    expect(md).not.toContain('asked for');
    expect(md).not.toContain('paraphrased');
    expect(md).toContain('- Tokens used: 1500\n');
  });
});
