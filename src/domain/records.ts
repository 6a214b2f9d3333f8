/**
 * The shapes Rehearse stores. Pure data: every field survives structured clone
 * (IndexedDB) and JSON export (except `Float32Array` vectors, which are recomputed).
 */
import type { DeviceCheckResult } from './device-check';
import type { TokenUsage } from './chat';

export type Mode = 'practice' | 'twin';
export type InterviewType = 'professional' | 'behavioral' | 'resume';
export type InterviewerStyle = 'friendly' | 'neutral' | 'tough';

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
}

export interface GuidelineQuestion {
  id: string;
  text: string;
  topic: string;
  /** The job-description requirement this question tests, quoted from the JD (or resume for resume interviews). */
  requirement: string;
}

export interface Guideline {
  questions: GuidelineQuestion[];
  /** Chunk ids the guideline was grounded in (for the report). */
  groundedIn: string[];
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
  engines: EngineSwitch[];
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
}
