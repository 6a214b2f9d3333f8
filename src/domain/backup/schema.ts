/**
 * The backup file: one JSON document holding everything a user made in Rehearse, so it can
 * be kept safe or moved to another device. Chunks and their vectors are left out (they are
 * recomputed from the documents on import), and so is the API key (never exported).
 *
 * Record schemas check the fields the app relies on and let unknown fields through
 * (`looseObject`), so a record written by a module that stores an extra field (the twin's
 * cached suggestions, say) survives a round trip unchanged.
 */
import { z } from 'zod';
import type { DocumentRecord, JobRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../records';
import { LINK_RULE, safeLink } from '../twin/projects';

export const BACKUP_FORMAT = 'rehearse-backup';
/** The newest version this build can read; files with a higher number are refused. */
export const BACKUP_VERSION = 1;

const id = z.string().min(1).max(500);
const time = z.number().finite();

const usageSchema = z.looseObject({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number() });
const engineSwitchSchema = z.looseObject({ at: time, engineId: z.string(), label: z.string() });

const setupSchema = z.looseObject({
  jobDescription: z.string(),
  resume: z.string(),
  type: z.enum(['professional', 'behavioral', 'resume']),
  questionCount: z.number().int().min(0),
  style: z.enum(['friendly', 'neutral', 'tough']),
  language: z.string(),
  // Issue 16: absent on sessions set up before them.
  seniority: z.enum(['entry', 'mid', 'senior', 'lead']).optional(),
  answerTimerSeconds: z.number().min(0).optional(),
  focusRequirements: z.array(z.string()).optional(),
});

const guidelineSchema = z.looseObject({
  questions: z.array(
    z.looseObject({
      id: z.string(),
      text: z.string(),
      topic: z.string(),
      requirement: z.string(),
      requirementQuoted: z.boolean().optional(),
      source: z.looseObject({ sessionId: z.string(), questionId: z.string() }).optional(),
    }),
  ),
  groundedIn: z.array(z.string()),
  requested: z.number().int().min(0).optional(),
});

const questionFeedbackSchema = z.looseObject({
  questionId: z.string(),
  question: z.string(),
  requirement: z.string(),
  score: z.number(),
  evidence: z.array(z.string()),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  sampleAnswer: z.string(),
  star: z
    .looseObject({
      parts: z.record(
        z.enum(['situation', 'task', 'action', 'result']),
        z.looseObject({ present: z.boolean(), quote: z.string().optional() }),
      ),
      suggestion: z.string(),
    })
    .optional(),
});

const feedbackSchema = z.looseObject({
  overallScore: z.number(),
  summary: z.string(),
  categories: z.looseObject({
    relevance: z.number(),
    depth: z.number(),
    structure: z.number(),
    clarity: z.number(),
    confidence: z.number(),
  }),
  questions: z.array(questionFeedbackSchema),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  engineId: z.string(),
  createdAt: time,
});

const metricsSchema = z.looseObject({
  durationSeconds: z.number(),
  wordCount: z.number(),
  wordsPerMinute: z.number(),
  fillerCount: z.number(),
  fillersPerMinute: z.number(),
  fillers: z.record(z.string(), z.number()),
  pausesOver2s: z.number(),
  longestPauseSeconds: z.number(),
});

const wordSchema = z.looseObject({ text: z.string(), start: z.number(), end: z.number() });

/** An answer typed but not sent yet (practice); restored into the answer box. */
const draftSchema = z.looseObject({
  text: z.string(),
  savedAt: time,
  spoken: z.boolean().optional(),
  metrics: metricsSchema.optional(),
  words: z.array(wordSchema).optional(),
});

export const sessionSchema = z.looseObject({
  id,
  mode: z.enum(['practice', 'twin']),
  title: z.string(),
  status: z.enum(['preparing', 'active', 'finished']),
  createdAt: time,
  updatedAt: time,
  usage: usageSchema,
  usageByEngine: z.record(z.string(), usageSchema).optional(),
  engines: z.array(engineSwitchSchema),
  jobKey: z.string().optional(),
  origin: z
    .discriminatedUnion('kind', [
      z.looseObject({ kind: z.literal('retry'), sessionId: z.string(), questionId: z.string() }),
      z.looseObject({ kind: z.literal('drill') }),
    ])
    .optional(),
  setup: setupSchema.optional(),
  guideline: guidelineSchema.optional(),
  interviewState: z.unknown().optional(),
  draft: draftSchema.optional(),
  feedback: feedbackSchema.optional(),
  profileId: z.string().optional(),
  summary: z.looseObject({ text: z.string(), coversUpTo: z.number() }).optional(),
});

export const messageSchema = z.looseObject({
  id,
  sessionId: id,
  index: z.number().int().min(0),
  role: z.enum(['assistant', 'user']),
  text: z.string(),
  sent: z.string().optional(),
  createdAt: time,
  engineId: z.string().optional(),
  engineLabel: z.string().optional(),
  incomplete: z.boolean().optional(),
  languageMismatch: z.object({ expected: z.string(), detected: z.string().optional() }).optional(),
  discipline: z.array(z.enum(['several-questions', 'own-answer', 'hint', 'feedback'])).optional(),
  source: z.enum(['model', 'saved-answer']).optional(),
  questionIndex: z.number().int().optional(),
  kind: z.enum(['greeting', 'question', 'follow-up', 'closing', 'answer', 'chat']).optional(),
  spoken: z.boolean().optional(),
  metrics: metricsSchema.optional(),
  words: z.array(wordSchema).optional(),
});

export const documentSchema = z.looseObject({
  id,
  kind: z.enum(['jd', 'resume', 'project', 'qa']),
  title: z.string(),
  text: z.string(),
  sessionId: z.string().optional(),
  profileId: z.string().optional(),
  createdAt: time,
});

/** A job description's requirements (coverage, issue 16): each a verbatim quote. */
export const jobSchema = z.looseObject({
  id,
  title: z.string(),
  requirements: z.array(z.looseObject({ id: z.string(), text: z.string(), merged: z.array(z.string()).optional() })),
  duplicatesCheckedAt: time.optional(),
  createdAt: time,
  updatedAt: time,
});

export const profileSchema = z.looseObject({
  id,
  name: z.string(),
  systemPrompt: z.string(),
  resume: z.string(),
  qa: z.array(z.looseObject({ id: z.string(), question: z.string(), answer: z.string() })),
  projects: z.array(
    z.looseObject({
      id: z.string(),
      title: z.string(),
      description: z.string(),
      tags: z.array(z.string()),
      // The same rule as the project form and the twin pack: a file must not bring a javascript: link.
      link: z
        .string()
        .optional()
        .refine((v) => v === undefined || safeLink(v) !== undefined, LINK_RULE),
    }),
  ),
  createdAt: time,
  updatedAt: time,
});

/**
 * Settings are checked here only where a wrong type would break the app; missing fields are
 * filled with defaults on import (an older export lacks fields added later). Addresses are
 * checked when the import is planned (`settings-import.ts`), with the Settings form's own
 * rules, so a bad one is left out and said, not a reason to refuse the whole file.
 */
export const backupSettingsSchema = z.looseObject({
  id: z.literal('settings'),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  engine: z.enum(['local', 'prompt-api', 'remote']).optional(),
  localModelId: z.string().optional(),
  remote: z
    .looseObject({
      presetId: z.string().optional(),
      baseUrl: z.string().optional(),
      model: z.string().optional(),
      acknowledgedHosts: z.array(z.string()).optional(),
    })
    .optional(),
  voice: z.looseObject({}).optional(),
  savedAnswerThreshold: z.number().min(0).max(1).optional(),
  remoteTokenBudget: z.number().min(0).optional(),
  embeddingModel: z.string().optional(),
  modelHost: z.string().optional(),
  drillThreshold: z.number().min(0).max(100).optional(),
});

export const backupDataSchema = z.object({
  sessions: z.array(sessionSchema),
  messages: z.array(messageSchema),
  documents: z.array(documentSchema),
  profiles: z.array(profileSchema),
  settings: backupSettingsSchema.nullable(),
  /** Added with issue 16; files exported before have none. */
  jobs: z.array(jobSchema).optional(),
});

/** The envelope is read first, on its own, so a foreign or newer file gets its own reason. */
export const envelopeSchema = z.looseObject({
  format: z.string(),
  version: z.number(),
});

export const backupFileSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: time,
  app: z.looseObject({ version: z.string() }),
  data: backupDataSchema,
});

/** Settings as exported: everything but the key, in either form. */
export type BackupSettings = Omit<Settings, 'remote'> & { remote: Omit<Settings['remote'], 'apiKey' | 'encryptedApiKey'> };

export interface BackupData {
  sessions: SessionRecord[];
  messages: MessageRecord[];
  documents: DocumentRecord[];
  profiles: ProfileRecord[];
  /** Null when the device had never saved settings. */
  settings: BackupSettings | null;
  /** Job descriptions' requirements (absent in files exported before issue 16). */
  jobs?: JobRecord[];
}

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: number;
  app: { version: string };
  data: BackupData;
}

// Compile-time guards that the schemas and the record types agree: every stored record
// must pass (input side), and what passes must be usable as a record (output side).
// (Mapped to a plain object type: an interface never matches the loose index signature.)
type Plain<T> = T extends readonly (infer E)[] ? Plain<E>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;
type Agrees<Record, Schema extends z.ZodType> =
  Plain<Record> extends z.input<Schema> ? (z.output<Schema> extends Record ? true : false) : false;
type Assert<T extends true> = T;
export type _SchemasMatchRecords = [
  Assert<Agrees<SessionRecord, typeof sessionSchema>>,
  Assert<Agrees<MessageRecord, typeof messageSchema>>,
  Assert<Agrees<DocumentRecord, typeof documentSchema>>,
  Assert<Agrees<ProfileRecord, typeof profileSchema>>,
  Assert<Agrees<JobRecord, typeof jobSchema>>,
];
