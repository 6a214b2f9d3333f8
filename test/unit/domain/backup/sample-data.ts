/** A small but complete set of stored records, shared by the backup tests. */
import type { DocumentRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../../../../src/domain/records';
import { defaultSettings } from '../../../../src/domain/settings-defaults';
import type { StoredData } from '../../../../src/domain/backup/stored-data';

export const SECRET_KEY = 'sk-test-SECRET-do-not-export-1234567890';

export function session(id: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    mode: 'practice',
    title: `Interview ${id}`,
    status: 'finished',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_100_000,
    usage: { promptTokens: 120, completionTokens: 80, totalTokens: 200 },
    engines: [{ at: 1_700_000_000_000, engineId: 'remote:groq', label: 'Groq · Llama-3.3-70B' }],
    setup: {
      jobDescription: 'We need a Rust engineer — 日本語 OK, עברית too 🚀',
      resume: '',
      type: 'behavioral',
      questionCount: 2,
      style: 'friendly',
      language: 'en',
    },
    guideline: {
      questions: [{ id: 'q1', text: 'Tell me about a conflict.', topic: 'teamwork', requirement: 'works well in teams' }],
      groundedIn: ['c1'],
    },
    interviewState: { phase: 'finished', asked: [0, 1], nested: { followUps: 1 } },
    feedback: {
      overallScore: 72,
      summary: 'Clear **STAR** answers.',
      categories: { relevance: 7, depth: 6, structure: 8, clarity: 7, confidence: 7 },
      questions: [
        {
          questionId: 'q1',
          question: 'Tell me about a conflict.',
          requirement: 'works well in teams',
          score: 7,
          evidence: ['I listened first'],
          strengths: ['Concrete'],
          improvements: ['Quantify the result'],
          sampleAnswer: 'In my last role…',
        },
      ],
      strengths: ['Structure'],
      improvements: ['Numbers'],
      engineId: 'remote:groq',
      createdAt: 1_700_000_100_000,
    },
    ...overrides,
  };
}

export function message(sessionId: string, index: number, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id: `${sessionId}-m${index}`,
    sessionId,
    index,
    role: index % 2 === 0 ? 'assistant' : 'user',
    text: index % 2 === 0 ? `Question ${index}` : `Answer ${index} with emoji 😀`,
    createdAt: 1_700_000_000_000 + index,
    ...(index % 2 === 1
      ? {
          spoken: true,
          metrics: {
            durationSeconds: 10,
            wordCount: 20,
            wordsPerMinute: 120,
            fillerCount: 1,
            fillersPerMinute: 6,
            fillers: { um: 1 },
            pausesOver2s: 0,
            longestPauseSeconds: 1.2,
          },
          words: [{ text: 'Answer', start: 0, end: 0.4 }],
        }
      : { engineId: 'remote:groq', engineLabel: 'Groq' }),
    ...overrides,
  };
}

export function profile(id: string, overrides: Partial<ProfileRecord> = {}): ProfileRecord {
  return {
    id,
    name: `Twin ${id}`,
    systemPrompt: 'Answer as me.',
    resume: 'Engineer for 10 years.',
    qa: [{ id: 'qa1', question: 'Why us?', answer: 'Because.' }],
    projects: [{ id: 'p1', title: 'Compiler', description: 'A small compiler', tags: ['rust'], link: 'https://example.com' }],
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_050_000,
    ...overrides,
  };
}

export function document(
  id: string,
  owner: { sessionId?: string; profileId?: string },
  overrides: Partial<DocumentRecord> = {},
): DocumentRecord {
  return {
    id,
    kind: owner.profileId ? 'resume' : 'jd',
    title: `Doc ${id}`,
    text: `Text of ${id}`,
    createdAt: 1_700_000_000_000,
    ...owner,
    ...overrides,
  };
}

export function settingsWithKey(): Settings {
  const s = defaultSettings();
  s.theme = 'dark';
  s.engine = 'remote';
  s.remote.apiKey = SECRET_KEY;
  s.remote.encryptedApiKey = { salt: 'c2FsdA==', iv: 'aXY=', data: `enc-${SECRET_KEY}` };
  s.remote.acknowledgedHosts = ['api.groq.com'];
  return s;
}

/** A retry session with every field issue 16 added (coverage, retries, STAR, seniority, usage per engine). */
export function coaching(id: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const base = session(id, overrides);
  return {
    ...base,
    jobKey: 'job-1',
    origin: { kind: 'retry', sessionId: 's1', questionId: 'q1' },
    usageByEngine: { 'remote:groq': { promptTokens: 120, completionTokens: 80, totalTokens: 200 } },
    setup: { ...base.setup!, seniority: 'senior', answerTimerSeconds: 120, focusRequirements: ['works well in teams'] },
    guideline: {
      questions: [{ ...base.guideline!.questions[0]!, requirementQuoted: true, source: { sessionId: 's1', questionId: 'q1' } }],
      groundedIn: [],
      requested: 2,
    },
    feedback: {
      ...base.feedback!,
      questions: [
        {
          ...base.feedback!.questions[0]!,
          star: {
            parts: {
              situation: { present: true, quote: 'I listened first' },
              task: { present: false },
              action: { present: false },
              result: { present: false },
            },
            suggestion: 'Say what you did next.',
          },
        },
      ],
    },
  };
}

/** Two interviews, one twin conversation with its profile, and their documents and messages. */
export function sampleStored(): StoredData {
  const twin = session('t1', { mode: 'twin', title: 'Twin chat', profileId: 'p1' });
  delete twin.setup;
  delete twin.guideline;
  delete twin.feedback;
  delete twin.interviewState;
  const twinProfile = { ...profile('p1'), suggestedQuestions: { questions: ['What drives you?'], engineId: 'x', createdAt: 1 } };
  return {
    sessions: [session('s1'), coaching('s2', { status: 'active', createdAt: 1_700_000_000_500, updatedAt: 1_700_000_200_000 }), twin],
    messages: [message('s1', 0), message('s1', 1), message('s2', 0, { discipline: ['hint'] }), message('t1', 0), message('t1', 1)],
    documents: [document('d1', { sessionId: 's1' }), document('d2', { sessionId: 's2' }), document('d3', { profileId: 'p1' })],
    profiles: [twinProfile],
    settings: settingsWithKey(),
    jobs: [
      {
        id: 'job-1',
        title: 'Senior engineer',
        requirements: [{ id: 'r1', text: 'Python', merged: ['Strong Python'] }],
        duplicatesCheckedAt: 1_700_000_000_000,
        createdAt: 1_700_000_000_000,
        updatedAt: 1_700_000_000_000,
      },
    ],
  };
}
