/**
 * The shapes Rehearse stores. Pure data: every field survives structured clone
 * (IndexedDB) and JSON export (except `Float32Array` vectors, which are recomputed).
 */
import type { DeviceCheckResult } from './device-check';
import type { TokenUsage } from './chat';

export type Mode = 'practice' | 'twin';
export type InterviewType = 'professional' | 'behavioral' | 'resume';
export type InterviewerStyle = 'friendly' | 'neutral' | 'tough';
/** Shapes the questions and the scoring rubric (issue 16). Absent on older sessions: 'mid'. */
export type Seniority = 'entry' | 'mid' | 'senior' | 'lead';

export type DocumentKind = 'jd' | 'resume' | 'project' | 'qa';

export interface DocumentRecord {
  id: string;
  kind: DocumentKind;
  title: string;
  text: string;
  /** Practice documents belong to a session; twin documents to a profile. */
  sessionId?: string;
  profileId?: string;
  createdAt: number;
}

export interface ChunkRecord {
  id: string;
  documentId: string;
  namespace: string;
  index: number;
  text: string;
  /** Embedding model that produced `vector`; a different model means re-index. */
  modelId: string;
  vector: Float32Array;
  tags?: string[];
}

export interface PracticeSetup {
  jobDescription: string;
  resume: string;
  type: InterviewType;
  questionCount: number;
  style: InterviewerStyle;
  /** ISO 639-1, e.g. 'en'. */
  language: string;
  /** Absent on sessions set up before seniority existed: treated as 'mid'. */
  seniority?: Seniority;
  /** An optional visible answer timer, 60–180 seconds; it never cuts an answer off. Absent or 0: off. */
  answerTimerSeconds?: number;
  /** "Practise the gaps": the job requirements (verbatim quotes) the guideline must target. */
  focusRequirements?: string[];
}

/**
 * One job description the candidate prepares for, keyed by `jobKeyOf(text)` (the hash of the
 * normalized text), so every interview set up from the same description shares one
 * requirement list and one coverage map (issue 16).
 */
export interface JobRecord {
  id: string;
  title: string;
  /** The requirements found in the description, each a verbatim quote of it. */
  requirements: JobRequirement[];
  /** When the model was asked which requirements are near-duplicates (asked once; absent: not yet). */
  duplicatesCheckedAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface JobRequirement {
  id: string;
  /** A verbatim quote of the job description. */
  text: string;
  /** Other verbatim lines of the description merged into this one as near-duplicates. */
  merged?: string[];
}

/** Which of Situation, Task, Action, Result a behavioral answer has, each with a verified quote. */
export interface StarCheck {
  parts: Record<StarPart, { present: boolean; quote?: string }>;
  /** One concrete suggestion for the missing part (empty when all four are there). */
  suggestion: string;
}

export type StarPart = 'situation' | 'task' | 'action' | 'result';

/**
 * Where a session's questions came from when they were not written for it: answering one
 * question again from a report (`retry`), or the spaced-repetition drill (`drill`). Each of its
 * guideline questions then names its original in `GuidelineQuestion.source`.
 */
export type SessionOrigin = { kind: 'retry'; sessionId: string; questionId: string } | { kind: 'drill' };

export interface GuidelineQuestion {
  id: string;
  text: string;
  topic: string;
  /** The job-description requirement this question tests, quoted from the JD (or resume for resume interviews). */
  requirement: string;
  /**
   * False when `requirement` is the model's wording, not a verbatim quote of the source: the
   * report shows it as a paraphrase, without quote marks. Absent on older sessions: unknown.
   */
  requirementQuoted?: boolean;
  /** A question asked again (retry or drill): the session and question it first came from. */
  source?: { sessionId: string; questionId: string };
}

export interface Guideline {
  questions: GuidelineQuestion[];
  /** Chunk ids the guideline was grounded in (for the report). */
  groundedIn: string[];
  /** How many questions the candidate asked for, when the guideline came back shorter. */
  requested?: number;
}

export type SessionStatus = 'preparing' | 'active' | 'finished';

export interface EngineSwitch {
  at: number;
  engineId: string;
  label: string;
}

export interface QuestionFeedback {
  questionId: string;
  question: string;
  requirement: string;
  score: number;
  /** Verbatim substrings of the candidate's answer; checked in code. */
  evidence: string[];
  strengths: string[];
  improvements: string[];
  sampleAnswer: string;
  /** Behavioral answers: the STAR check (issue 16). */
  star?: StarCheck;
}

export interface CategoryScores {
  relevance: number;
  depth: number;
  structure: number;
  clarity: number;
  confidence: number;
}

export interface Feedback {
  overallScore: number;
  summary: string;
  categories: CategoryScores;
  questions: QuestionFeedback[];
  strengths: string[];
  improvements: string[];
  engineId: string;
  createdAt: number;
}

export interface SessionRecord {
  id: string;
  mode: Mode;
  title: string;
  status: SessionStatus;
  createdAt: number;
  updatedAt: number;
  usage: TokenUsage;
  /** The same usage split per engine id (sessions before issue 16 have only the total). */
  usageByEngine?: Record<string, TokenUsage>;
  engines: EngineSwitch[];
  /** Practice: `jobKeyOf` the job description, so coverage gathers every interview of one job. */
  jobKey?: string;
  /** Practice: a retry or drill session, not an interview written for its own setup. */
  origin?: SessionOrigin;
  /** Practice only. */
  setup?: PracticeSetup;
  guideline?: Guideline;
  /** Serialized interview state machine (practice). */
  interviewState?: unknown;
  /** Practice: the answer in the box, not sent yet (kept across a reload; dropped when sent or finished). */
  draft?: AnswerDraft;
  feedback?: Feedback;
  /** Twin only. */
  profileId?: string;
  /** Twin: summary that replaced the oldest turns, if any. */
  summary?: { text: string; coversUpTo: number };
  /**
   * Counts the writes of this session; set by the repositories (never by hand). A write whose
   * revision is older than the stored one is refused, so no tab rolls the session back.
   * Missing on records saved before revisions existed: counts as 0.
   */
  revision?: number;
}

/**
 * An answer typed or transcribed but not sent yet. `spoken`, `metrics` and `words` are there
 * only while the text still came from a recording (edits keep them, as a sent answer would).
 */
export interface AnswerDraft {
  text: string;
  savedAt: number;
  spoken?: boolean;
  metrics?: DeliveryMetrics;
  words?: TimedWordRecord[];
}

export interface TimedWordRecord {
  text: string;
  start: number;
  end: number;
}

export interface DeliveryMetrics {
  durationSeconds: number;
  wordCount: number;
  wordsPerMinute: number;
  fillerCount: number;
  fillersPerMinute: number;
  fillers: Record<string, number>;
  pausesOver2s: number;
  longestPauseSeconds: number;
}

export type MessageRole = 'assistant' | 'user';

/** How an interviewer reply broke the rules of the interviewer's role (see MessageRecord.discipline). */
export type DisciplineIssue = 'several-questions' | 'own-answer' | 'hint' | 'feedback';

export interface MessageRecord {
  id: string;
  sessionId: string;
  /** Order within the session, 0-based, dense. */
  index: number;
  role: MessageRole;
  text: string;
  /**
   * The content the engine saw for this message, when it differs from `text` (what the user
   * sees): a candidate's answer with the interviewer's note for the next turn, a twin question
   * with its examples, a reply exactly as generated before the display filter. Sent back byte
   * for byte, so the engine can continue its cache instead of reading the conversation again.
   */
  sent?: string;
  createdAt: number;
  /** Which engine wrote an assistant message (EngineInfo.id) and its label. */
  engineId?: string;
  engineLabel?: string;
  /** True when the stream was stopped or cut; the text is partial. */
  incomplete?: boolean;
  /**
   * Practice: the reply still did not seem to be in the interview language after one more try
   * (ISO 639-1 codes; `detected` when it could be named). Kept as it came, shown with a note.
   */
  languageMismatch?: { expected: string; detected?: string };
  /**
   * Practice: the reply still broke the interviewer's rules after one more try (more than one
   * question, its own answer, a hint, feedback mid-interview; `domain/interview/discipline.ts`).
   * Kept as it came, shown with a note.
   */
  discipline?: DisciplineIssue[];
  /** Twin: the answer came from the saved Q&A, not from a model. */
  source?: 'model' | 'saved-answer';
  /** Practice: which guideline question this message belongs to, and how. */
  questionIndex?: number;
  kind?: 'greeting' | 'question' | 'follow-up' | 'closing' | 'answer' | 'chat';
  /** Spoken answers. */
  spoken?: boolean;
  metrics?: DeliveryMetrics;
  words?: TimedWordRecord[];
}

export interface QAPair {
  id: string;
  question: string;
  answer: string;
}

export interface Project {
  id: string;
  title: string;
  description: string;
  tags: string[];
  link?: string;
}

export interface ProfileRecord {
  id: string;
  name: string;
  systemPrompt: string;
  resume: string;
  qa: QAPair[];
  projects: Project[];
  /** Questions the model proposed from the resume (asked once, on request). */
  suggestedQuestions?: { questions: string[]; engineId: string; createdAt: number };
  createdAt: number;
  updatedAt: number;
}

export type ThemeSetting = 'system' | 'light' | 'dark';

export interface RemoteSettings {
  presetId: string;
  baseUrl: string;
  model: string;
  /** Plain key, or absent when encrypted / not set. Never exported. */
  apiKey?: string;
  /** Passphrase-encrypted key (PBKDF2 → AES-GCM). */
  encryptedApiKey?: { salt: string; iv: string; data: string };
  /** Hosts the user has been told about before the first request. */
  acknowledgedHosts: string[];
}

export interface VoiceSettings {
  speakReplies: boolean;
  voiceId?: string;
  rate: number;
  silenceSeconds: number;
  maxRecordingSeconds: number;
  handsFree: boolean;
  whisperModel: string;
  fillerWords: string[];
}

export interface Settings {
  id: 'settings';
  theme: ThemeSetting;
  engine: 'local' | 'prompt-api' | 'remote';
  localModelId?: string;
  /** The Models screen's device check, per local model id (src/domain/device-check.ts). */
  deviceChecks?: Record<string, DeviceCheckResult>;
  remote: RemoteSettings;
  voice: VoiceSettings;
  /** Twin: similarity above which a saved answer is served without inference. */
  savedAnswerThreshold: number;
  /** Twin: per-session token budget for remote engines (0 = none). */
  remoteTokenBudget: number;
  embeddingModel: string;
  /** Where on-device models are downloaded from (a mirror of the Hugging Face hub); empty = the hub. */
  modelHost?: string;
  /** Questions scored under this go into the drill (issue 16). Absent: 60. */
  drillThreshold?: number;
}
