/**
 * Preparing an interview: index the job description and resume, retrieve what matters for the
 * interview type, and have the model write the guideline of questions grounded in it.
 *
 * The guideline is written in two steps so the first question comes in seconds: question 1
 * alone (a short request on Start's critical path), then the other N − 1 in the background
 * after the opening reply, told which question exists so none repeats (`writeRestOfGuideline`).
 * Both are asked inside the interview's conversation: the interviewer's system message (with
 * the excerpts the questions are grounded in), then the conversation so far, then the request.
 * The engine thus reads the material once, and the turn after each step continues its cache.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { ChatMessage, TokenUsage } from '../../domain/chat';
import type { SideExchange } from '../../domain/engine-turns';
import type { IndexProgress, Retriever } from '../../ports/vector-store';
import type { RetrievedChunk } from '../../domain/retrieval/types';
import type { ProgressEvent } from '../../ports/progress';
import type { Guideline, GuidelineQuestion, PracticeSetup } from '../../domain/records';
import type { TokenCounter } from '../../domain/tokens';
import { parseGuideline, replyQuestionTexts } from '../../domain/guideline';
import { guidelineJsonSchema } from '../../domain/json-schemas';
import { loadLanguageCheck } from './language-check-loader';
import { isKeywordsOnly } from '../../domain/keywords';
import { GUIDELINE_SHAPE, renderGuidelinePrompt } from '../prompts';
import { requestJsonInConversation } from '../chat/json-request';
import { interviewerSystemMessage, type InterviewExcerpts } from './interviewer-system';
import { wrongLanguageProblem } from './language-problem';
import { LIMITS } from './limits';

const TYPE_QUERIES = {
  professional: 'required skills experience technologies tools responsibilities qualifications design build',
  behavioral: 'teamwork collaboration communication leadership conflict ownership stakeholders mentoring initiative adaptability',
  resume: 'experience projects role achievements results responsibilities skills',
} as const;

export interface PreparationDeps {
  retriever: Retriever;
  /** Splits a document into passages (domain/retrieval/chunking.ts `chunkText`). */
  chunk: (text: string) => string[];
}

export interface Prepared {
  /** Question 1 only; the rest comes from `writeRestOfGuideline`. */
  guideline: Guideline;
  excerpts: InterviewExcerpts;
  /** What the rest of the guideline is written from (kept with the session for a reload). */
  rest: GuidelineMaterial;
  /** The request for question 1 and its reply, before the opening in the engine's conversation. */
  exchange: SideExchange;
}

/** The grounding of the guideline's second step (`material`: older sessions only; the excerpts are the material now). */
export interface GuidelineMaterial {
  material?: string;
  groundedIn: string[];
}

interface Source {
  /** Stable per session and kind, so chunk ids (and `groundedIn`) name the same passages after a reload. */
  id: string;
  namespace: string;
  text: string;
}

export async function prepareGuideline(
  deps: PreparationDeps,
  request: {
    sessionId: string;
    setup: PracticeSetup;
    engine: ChatEngine;
    count: TokenCounter;
    signal: AbortSignal;
    onUsage: (usage: TokenUsage) => Promise<void>;
    onProgress?: (event: ProgressEvent) => void;
  },
): Promise<Prepared> {
  const { setup, engine, count, signal, sessionId } = request;
  // The language check the first question needs loads while the documents are indexed, not after.
  loadLanguageCheck().catch(() => undefined);
  const report = (label: string, fraction: number) => request.onProgress?.({ label, phase: fraction >= 1 ? 'done' : 'work', fraction });
  const source = (kind: 'jd' | 'resume', text: string): Source => ({
    id: `${sessionId}:${kind}`,
    namespace: `session:${sessionId}:${kind}`,
    text,
  });
  const jd = source('jd', setup.jobDescription);
  const resume = setup.resume ? source('resume', setup.resume) : undefined;

  report('Reading your documents', 0);
  // While the search model downloads (first use only), say so rather than show "0 of 12" standing still.
  const indexing =
    (what: string, from: number, span: number): IndexProgress =>
    (done, total, download) =>
      report(download ? searchModelDownloadLabel(download) : `Indexing your ${what} (${done}/${total})`, from + span * (done / total));
  const jdChunks = await indexDocument(deps, jd, indexing('job description', 0.1, 0.2));
  const resumeChunks = resume ? await indexDocument(deps, resume, indexing('resume', 0.3, 0.1)) : [];
  signal.throwIfAborted();

  report('Finding what the job asks for', 0.4);
  const jdHits = await retrieve(deps, jd, jdChunks, setup.type === 'resume' ? TYPE_QUERIES.professional : TYPE_QUERIES[setup.type]);
  const resumeHits = resume
    ? await retrieve(deps, resume, resumeChunks, `${TYPE_QUERIES.resume} ${jdHits.map((h) => h.text).join(' ')}`.slice(0, 2000))
    : [];
  const grounding = setup.type === 'resume' ? [...resumeHits, ...jdHits] : jdHits;
  const excerpts: InterviewExcerpts = { job: jdHits.map((h) => h.text), resume: resumeHits.map((h) => h.text) };

  report('Writing your first question', 0.5);
  const rest: GuidelineMaterial = { groundedIn: grounding.map((h) => h.id) };
  // The interview's first request: the interviewer's system message, then the request for question 1.
  const conversation = [interviewerSystemMessage(setup, excerpts, engine)];
  const first = await writeQuestions({ setup, engine, count, signal, onUsage: request.onUsage, conversation }, rest, [], 1);
  report('Ready', 1);
  return { guideline: first.guideline, excerpts, rest, exchange: { after: -1, messages: first.exchange } };
}

interface GuidelineRequest {
  setup: PracticeSetup;
  engine: ChatEngine;
  count: TokenCounter;
  signal: AbortSignal;
  onUsage: (usage: TokenUsage) => Promise<void>;
  /** The interview's conversation as the engine last saw it: the system message, then every turn so far. */
  conversation: ChatMessage[];
}

/**
 * The guideline's second step: the setup's other questions, written while the candidate answers
 * question 1, none repeating one already planned. Returns the whole guideline; when fewer came
 * back than planned (at least half is accepted, as for the first step), it is shorter, and
 * `guidelineShortfall` says so.
 */
export async function writeRestOfGuideline(
  request: GuidelineRequest,
  guideline: Guideline,
  rest: GuidelineMaterial,
): Promise<{ guideline: Guideline; exchange: ChatMessage[] }> {
  const wanted = request.setup.questionCount - guideline.questions.length;
  if (wanted <= 0) return { guideline, exchange: [] };
  const more = await writeQuestions(request, rest, guideline.questions, wanted);
  const questions = [...guideline.questions, ...more.guideline.questions];
  // A short guideline says how many were asked for, so the screens can say so instead of silently running shorter.
  const requested = request.setup.questionCount;
  return { guideline: { ...guideline, questions, ...(questions.length < requested ? { requested } : {}) }, exchange: more.exchange };
}

/** "6 of the 8 planned questions were written." or undefined when the guideline is whole. */
export function guidelineShortfall(guideline: Guideline, planned: number): string | undefined {
  const written = guideline.questions.length;
  return written < planned ? `${written} of the ${planned} planned questions were written: the interview has ${written}.` : undefined;
}

async function writeQuestions(
  request: GuidelineRequest,
  rest: GuidelineMaterial,
  existing: readonly GuidelineQuestion[],
  wanted: number,
): Promise<{ guideline: Guideline; exchange: ChatMessage[] }> {
  const { setup, engine, count, signal } = request;
  const { languageMismatch } = await loadLanguageCheck();
  const quotable = setup.type === 'resume' ? `${setup.resume}\n${setup.jobDescription}` : setup.jobDescription;
  const planned = existing.map((q) => q.text);
  const { value, exchange } = await requestJsonInConversation({
    engine,
    conversation: request.conversation,
    prompt: renderGuidelinePrompt({
      type: setup.type,
      count: wanted,
      language: setup.language,
      planned,
      // The first step's rules are in the conversation already (unless it was summarized away).
      continued: request.conversation.some((m) => m.role === 'assistant'),
      seniority: setup.seniority,
      // A resume interview's material is the resume too: only a JD-less professional or behavioral one is keywords alone.
      keywordsOnly: setup.type !== 'resume' && isKeywordsOnly(setup.jobDescription),
      // Practise the gaps: only requirements still quoted by this description (the form may have changed it).
      focus: (setup.focusRequirements ?? []).filter((r) => setup.jobDescription.includes(r)),
    }),
    shape: GUIDELINE_SHAPE,
    schema: guidelineJsonSchema(wanted),
    signal,
    count,
    maxTokens: LIMITS.jsonReserve,
    onUsage: request.onUsage,
    validate: (value) => {
      const result = parseGuideline(value, {
        count: wanted,
        source: quotable,
        groundedIn: rest.groundedIn,
        makeId: (i) => `q${existing.length + i + 1}`,
        avoid: planned,
      });
      if (!result.ok) return result;
      // Questions in another language are unusable for this interview: the repair request says so.
      const wrong = languageMismatch(replyQuestionTexts(value).join('\n'), setup.language);
      return wrong ? { ok: false, problem: wrongLanguageProblem(wrong, 'Every question') } : { ok: true, value: result.guideline };
    },
    failure:
      'The model could not write a usable list of questions, even after a second try. Try again, or choose a larger model or a remote engine in Settings.',
  });
  return { guideline: value, exchange };
}

async function indexDocument(deps: PreparationDeps, doc: Source, onProgress: IndexProgress): Promise<string[]> {
  const chunks = deps.chunk(doc.text).filter((c) => c.trim().length > 0);
  await deps.retriever.drop(doc.namespace);
  await deps.retriever.index(
    doc.namespace,
    chunks.map((text, i) => ({ id: `${doc.id}:${i}`, documentId: doc.id, text })),
    onProgress,
  );
  return chunks;
}

/** Short documents are used whole (in order); long ones contribute their top passages. */
async function retrieve(deps: PreparationDeps, doc: Source, chunks: string[], query: string): Promise<RetrievedChunk[]> {
  // Same ids as indexDocument gives the chunks, so `groundedIn` always names real chunks.
  if (chunks.length <= LIMITS.retrieveK) return chunks.map((text, i) => ({ id: `${doc.id}:${i}`, documentId: doc.id, text, score: 1 }));
  return deps.retriever.search([doc.namespace], { query, k: LIMITS.retrieveK });
}

/** "Downloading the search model (first time only): 40%" for the setup progress. */
export function searchModelDownloadLabel(download: ProgressEvent): string {
  const percent = download.fraction !== undefined ? `: ${Math.round(download.fraction * 100)}%` : '…';
  return `Downloading the search model (first time only)${percent}`;
}
