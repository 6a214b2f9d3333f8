/**
 * Job-requirement coverage (issue 16, item 2): for one job description, which requirements the
 * candidate's interviews have covered, and "Practise the gaps".
 *
 * The requirement list is found deterministically (`domain/coaching/requirements.ts`) the first
 * time the job's coverage is opened and kept in the jobs store; the coverage itself is computed
 * from the stored sessions each time, so it always reflects every finished interview. The
 * model's only part, merging near-duplicate requirements, runs in the background after the
 * screen has shown the deterministic list, and only on an engine already loaded: it never
 * downloads a model or delays the screen, and a failure keeps the list as it is.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { Clock } from '../../ports/clock';
import type { Repositories } from '../../ports/repositories';
import type { JobRecord, PracticeSetup, SessionRecord } from '../../domain/records';
import { extractRequirements } from '../../domain/coaching/requirements';
import { sessionJobKey } from '../../domain/coaching/job-key';
import { normalizeText } from '../../domain/interview/similarity';
import { computeCoverage, gapRequirements, type CoverageMap } from '../../domain/coaching/coverage';
import { mergeRequirements } from '../../domain/coaching/merge';
import { loadTokenCounter, type TokenCounter } from '../../domain/tokens';
import { writeLocalJson } from '../drafts/local-json';
import { askForDuplicates } from './coverage-duplicates';

/** The setup form's draft (features/setup/SetupScreen.svelte): "Practise the gaps" fills it. */
export const SETUP_DRAFT_KEY = 'rehearse-setup-draft';

export interface CoverageDeps {
  repos: Pick<Repositories, 'sessions' | 'jobs'>;
  clock: Clock;
  /** The engine already made ready, or null. The merge never loads one. */
  engine: () => ChatEngine | null;
  tokenCounter?: () => Promise<TokenCounter>;
  storage?: Storage;
}

export interface JobCoverage {
  job: JobRecord;
  coverage: CoverageMap;
  /** The newest interview's setup of this job: "Practise the gaps" starts from it. */
  latestSetup: PracticeSetup;
}

/** What a merge of near-duplicates did and cost (it belongs to no interview's token counter). */
export interface MergeOutcome {
  /** Requirements folded into another one. */
  merged: number;
  /** The remote host asked, or undefined for an on-device model. */
  host?: string;
  totalTokens: number;
}

const TITLE_CHARS = 80;

function jobTitle(description: string): string {
  const line = description
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return 'Job description';
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1).trimEnd()}…` : line;
}

/** The host a remote engine sends to (as the screen names it), or undefined for an on-device one. */
function remoteHostOf(engine: ChatEngine): string | undefined {
  return engine.info.kind === 'remote' ? (engine.info.host ?? engine.info.label) : undefined;
}

/** Not asked yet, and with something to merge: the one merge per job is still to come. */
const awaitsMerge = (job: JobRecord) => job.duplicatesCheckedAt === undefined && job.requirements.length >= 2;

export class CoverageService {
  constructor(private readonly deps: CoverageDeps) {}

  /** The coverage of job `jobKey`, or undefined when no practice interview was set up from it. */
  async open(jobKey: string): Promise<JobCoverage | undefined> {
    const { sessions, jobs } = this.deps.repos;
    const [keyed, all] = await Promise.all([sessions.listByJob(jobKey), sessions.list()]);
    // A session imported from a backup made before keys existed has none: its description says which job it was.
    const unkeyed = all.filter((s) => s.jobKey === undefined && sessionJobKey(s) === jobKey);
    const practice = [...keyed, ...unkeyed].filter((s) => s.mode === 'practice' && s.setup).sort((a, b) => b.updatedAt - a.updatedAt);
    const newest = practice[0];
    if (!newest?.setup) return undefined;
    const stored = await jobs.get(jobKey);
    const job = stored ? quotedOnly(stored, newest.setup.jobDescription) : await this.createJob(jobKey, newest.setup.jobDescription);
    // Retries and drills of this job's questions count too, wherever their sessions come from.
    const ids = new Set(practice.map((s) => s.id));
    const related: SessionRecord[] = [...practice, ...all.filter((s) => s.origin && !ids.has(s.id))];
    return { job, coverage: computeCoverage(job.requirements, related, jobKey), latestSetup: newest.setup };
  }

  private async createJob(jobKey: string, description: string): Promise<JobRecord> {
    const now = this.deps.clock.now();
    const job: JobRecord = {
      id: jobKey,
      title: jobTitle(description),
      requirements: extractRequirements(description),
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.repos.jobs.put(job);
    return job;
  }

  /**
   * Where a merge of `view`'s near-duplicates would be asked: on the device (the screen asks at
   * once), at a remote host (only when the user says so, the host named), or nowhere (no engine
   * loaded, already asked, or too few requirements).
   */
  mergeTarget(view: JobCoverage): { kind: 'device' } | { kind: 'remote'; host: string } | undefined {
    const engine = this.deps.engine();
    if (!engine || !awaitsMerge(view.job)) return undefined;
    const host = remoteHostOf(engine);
    return host !== undefined ? { kind: 'remote', host } : { kind: 'device' };
  }

  /**
   * Asks the loaded engine once which requirements are near-duplicates and merges them (existing
   * verbatim items only). A remote engine is asked only with `askedByUser: true`, the user's own
   * request: opening a screen never sends text to a host by itself. Returns the new coverage, or
   * undefined when nothing changed: no engine loaded, a remote one not allowed, already asked, too
   * few requirements, or the request failed (asked again next time). A failed request the user
   * asked for throws, so the screen can say what went wrong and offer it again; the automatic
   * on-device one fails quietly, since the deterministic list is already on screen.
   */
  async mergeDuplicates(
    jobKey: string,
    signal: AbortSignal,
    options: { askedByUser?: boolean } = {},
  ): Promise<(JobCoverage & { merge: MergeOutcome }) | undefined> {
    const job = await this.deps.repos.jobs.get(jobKey);
    const engine = this.deps.engine();
    if (!engine || (engine.info.kind === 'remote' && !options.askedByUser)) return undefined;
    if (!job || !awaitsMerge(job)) return undefined;
    const count = await (this.deps.tokenCounter ?? loadTokenCounter)();
    let asked: Awaited<ReturnType<typeof askForDuplicates>>;
    try {
      asked = await askForDuplicates({ engine, requirements: job.requirements, count, signal });
    } catch (error) {
      if (options.askedByUser && !signal.aborted) throw error;
      return undefined;
    }
    const now = this.deps.clock.now();
    const latest = (await this.deps.repos.jobs.get(jobKey)) ?? job;
    const requirements = mergeRequirements(latest.requirements, asked.groups);
    await this.deps.repos.jobs.put({ ...latest, requirements, duplicatesCheckedAt: now, updatedAt: now });
    const view = await this.open(jobKey);
    if (!view) return undefined;
    const host = remoteHostOf(engine);
    const merge: MergeOutcome = {
      merged: latest.requirements.length - requirements.length,
      totalTokens: asked.usage.totalTokens,
      ...(host ? { host } : {}),
    };
    return { ...view, merge };
  }

  /**
   * Fills the setup form with this job's newest setup and the requirements not covered yet as
   * its focus; the setup screen then starts it as any interview. Returns the setup written.
   */
  practiseGaps(view: JobCoverage): PracticeSetup {
    const setup: PracticeSetup = { ...view.latestSetup, focusRequirements: gapRequirements(view.coverage) };
    writeLocalJson(SETUP_DRAFT_KEY, setup, this.deps.storage);
    return setup;
  }
}

/**
 * A stored job shows only requirements its description really says: one restored from a crafted
 * backup (or written by another version) cannot put words in quote marks that the job never had.
 * Compared normalized (case, whitespace, punctuation), as the job key groups descriptions.
 */
function quotedOnly(job: JobRecord, description: string): JobRecord {
  const text = ` ${normalizeText(description)} `;
  const says = (quote: string) => {
    const needle = normalizeText(quote);
    return needle.length > 0 && text.includes(` ${needle} `);
  };
  const requirements = job.requirements.filter((r) => says(r.text)).map((r) => (r.merged ? { ...r, merged: r.merged.filter(says) } : r));
  return requirements.length === job.requirements.length && requirements.every((r, i) => r === job.requirements[i])
    ? job
    : { ...job, requirements };
}
