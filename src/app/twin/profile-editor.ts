/**
 * Twin profiles without UI: create, save, delete, the imports (Q&A CSV, resume, project
 * Markdown), twin packs, and the model-proposed questions. Each call takes the profile as the
 * caller holds it and returns the saved one; nothing here keeps state between calls.
 */
import type { Project } from '../../domain/records';
import { loadTokenCounter, type TokenCounter } from '../../domain/tokens';
import { buildTwinSystem, twinBudgets } from '../../domain/twin/system-message';
import { parseSuggestedQuestions, MODEL_SUGGESTIONS } from '../../domain/twin/suggestions';
import { parseTwinPack, toTwinPack, twinPackFileName } from '../../domain/twin/twin-pack';
import { toProject, type ProjectDraft } from '../../domain/twin/projects';
import type { QaImport } from '../../domain/twin/qa-csv';
import type { TwinProfile } from '../../domain/twin/types';
import type { ChatEngine } from '../../ports/chat-engine';
import type { Clock } from '../../ports/clock';
import { AppError, toAppError } from '../../domain/errors';
import type { Repositories } from '../../ports/repositories';
import { collectReply } from '../chat/stream-reply';
import type { TwinRanker } from '../../ports/twin-ranker';
import type { TwinFileReaders } from '../../ports/twin-files';
import { DEFAULT_TWIN_PROMPT, renderSuggestPrompt } from './twin-prompts';

export interface ProfileEditorDeps {
  /** The engine chosen in Settings (for proposed questions); throws an AppError when none is usable. */
  engine: () => ChatEngine | Promise<ChatEngine>;
  repos: Pick<Repositories, 'profiles'>;
  ranker: Pick<TwinRanker, 'forget'>;
  files: TwinFileReaders;
  clock: Clock;
  newId: () => string;
  /** Defaults to gpt-tokenizer, loaded lazily. */
  countTokens?: TokenCounter;
}

/** Plain data for IndexedDB: a profile that passed through $state is a proxy that structured clone rejects. */
export function plainData<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class ProfileEditor {
  #counter: TokenCounter | undefined;

  constructor(private readonly deps: ProfileEditorDeps) {
    this.#counter = deps.countTokens;
  }

  async listProfiles(): Promise<TwinProfile[]> {
    return (await this.deps.repos.profiles.list()) as TwinProfile[];
  }

  async getProfile(id: string): Promise<TwinProfile | undefined> {
    return (await this.deps.repos.profiles.get(id)) as TwinProfile | undefined;
  }

  async createProfile(name = 'My twin'): Promise<TwinProfile> {
    const now = this.deps.clock.now();
    const profile: TwinProfile = {
      id: this.deps.newId(),
      name,
      systemPrompt: DEFAULT_TWIN_PROMPT,
      resume: '',
      qa: [],
      projects: [],
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.repos.profiles.put(profile);
    return profile;
  }

  /** Saves a changed profile; `updatedAt` moves so the ranker re-indexes. */
  async saveProfile(profile: TwinProfile): Promise<TwinProfile> {
    const name = profile.name.trim();
    if (name === '') throw new AppError('invalid-input', 'Give the profile a name (it is how the twin introduces itself).');
    const saved: TwinProfile = { ...profile, name, updatedAt: Math.max(this.deps.clock.now(), profile.updatedAt + 1) };
    await this.deps.repos.profiles.put(plainData(saved));
    return saved;
  }

  async deleteProfile(id: string): Promise<void> {
    await this.deps.repos.profiles.delete(id);
    await this.deps.ranker.forget?.(id);
  }

  /** Replaces the profile's Q&A with the CSV's pairs; returns the report (kept, skipped lines). */
  async importQaCsv(profile: TwinProfile, file: File): Promise<{ profile: TwinProfile; report: QaImport }> {
    const report = await this.deps.files.readQaCsv(file, () => this.deps.newId());
    if (report.pairs.length === 0) {
      throw new AppError(
        'invalid-import',
        `No usable question and answer rows were found in “${file.name}”. Check that each row has both a question and an answer.`,
        { details: { skipped: report.skipped } },
      );
    }
    return { profile: await this.saveProfile({ ...profile, qa: report.pairs, suggestedQuestions: undefined }), report };
  }

  async importResume(profile: TwinProfile, file: File): Promise<TwinProfile> {
    const { text } = await this.deps.files.readText(file);
    if (text.trim() === '')
      throw new AppError('file-unreadable', `“${file.name}” has no text Rehearse can read. Paste your resume into the box instead.`);
    return this.saveProfile({ ...profile, resume: text.trim() });
  }

  /** Adds (no id) or replaces (same id) a project after validation. */
  async upsertProject(profile: TwinProfile, draft: ProjectDraft, id?: string): Promise<TwinProfile> {
    const project = toProject(draft, id ?? this.deps.newId());
    const exists = profile.projects.some((p) => p.id === project.id);
    const projects = exists ? profile.projects.map((p) => (p.id === project.id ? project : p)) : [...profile.projects, project];
    return this.saveProfile({ ...profile, projects });
  }

  async deleteProject(profile: TwinProfile, id: string): Promise<TwinProfile> {
    return this.saveProfile({ ...profile, projects: profile.projects.filter((p) => p.id !== id) });
  }

  /** One project per Markdown file; files that fail are reported, the others added. */
  async importProjects(profile: TwinProfile, files: File[]): Promise<{ profile: TwinProfile; failed: { file: string; reason: string }[] }> {
    const added: Project[] = [];
    const failed: { file: string; reason: string }[] = [];
    for (const file of files) {
      try {
        added.push(toProject(await this.deps.files.readProjectMarkdown(file), this.deps.newId()));
      } catch (error) {
        failed.push({ file: file.name, reason: toAppError(error).message });
      }
    }
    const next = added.length > 0 ? await this.saveProfile({ ...profile, projects: [...profile.projects, ...added] }) : profile;
    return { profile: next, failed };
  }

  exportPack(profile: TwinProfile): { fileName: string; json: string } {
    return { fileName: twinPackFileName(profile), json: JSON.stringify(toTwinPack(profile, this.deps.clock.now()), null, 2) };
  }

  /** Validates first; only a valid pack is stored, as a new profile (never overwriting one here). */
  async importPack(file: File): Promise<TwinProfile> {
    let json: string;
    try {
      json = await file.text();
    } catch (cause) {
      throw new AppError('file-unreadable', `Could not read “${file.name}”. Try again, or export the profile again on the other device.`, {
        cause,
      });
    }
    const pack = parseTwinPack(json);
    const existing = await this.deps.repos.profiles.get(pack.profile.id);
    const profile: TwinProfile = existing
      ? { ...pack.profile, id: this.deps.newId(), name: `${pack.profile.name} (imported)` }
      : pack.profile;
    profile.updatedAt = Math.max(profile.updatedAt, this.deps.clock.now());
    await this.deps.repos.profiles.put(profile);
    return profile;
  }

  /** Asks the model once per profile for questions from the resume; cached on the profile. */
  async proposeQuestions(profile: TwinProfile, signal?: AbortSignal): Promise<TwinProfile> {
    if (profile.suggestedQuestions) return profile;
    if (profile.resume.trim() === '') throw new AppError('invalid-input', 'Add your resume first: the questions are proposed from it.');
    const engine = await this.deps.engine();
    this.#counter ??= await loadTokenCounter();
    const { resume } = buildTwinSystem({
      name: profile.name,
      instructions: '',
      resume: profile.resume,
      budgets: twinBudgets(engine.contextWindow),
      countTokens: this.#counter,
    });
    const { text } = await collectReply(engine, {
      messages: [{ role: 'user', content: renderSuggestPrompt(resume, MODEL_SUGGESTIONS + 2) }],
      temperature: 0.7,
      maxTokens: 300,
      ...(signal ? { signal } : {}),
    });
    const questions = parseSuggestedQuestions(text);
    if (questions.length === 0)
      throw new AppError('invalid-model-output', 'The model did not propose any questions this time. Try again, or ask your own question.');
    // Merge into the latest stored version: the user may have edited the profile meanwhile.
    const latest = (await this.getProfile(profile.id)) ?? profile;
    const next: TwinProfile = { ...latest, suggestedQuestions: { questions, engineId: engine.info.id, createdAt: this.deps.clock.now() } };
    await this.deps.repos.profiles.put(plainData(next));
    return next;
  }
}
