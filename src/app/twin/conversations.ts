/**
 * Twin conversations without UI: list, open and start them (sessions of mode 'twin'), store a
 * question, and answer it (twin-conversation.ts). The open conversation itself is owned by its
 * LoadedConversation; this service only builds them and runs the steps.
 */
import type { MessageRecord, SessionRecord } from '../../domain/records';
import { loadTokenCounter, type TokenCounter } from '../../domain/tokens';
import { emptyUsage } from '../../domain/usage';
import { sessionTitle } from '../../domain/twin/history';
import type { TwinProfile } from '../../domain/twin/types';
import type { ChatEngine } from '../../ports/chat-engine';
import type { Clock } from '../../ports/clock';
import { AppError } from '../../domain/errors';
import type { Repositories } from '../../ports/repositories';
import { LoadedConversation } from './loaded-conversation.svelte';
import type { TwinRanker } from '../../ports/twin-ranker';
import { answerQuestion, type AnswerCallbacks, type AnswerResult } from './twin-conversation';

export interface TwinConversationsDeps {
  /** The engine chosen in Settings; throws an AppError (e.g. remote-not-configured) when none is usable. */
  engine: () => ChatEngine | Promise<ChatEngine>;
  repos: Pick<Repositories, 'sessions' | 'messages' | 'settings' | 'saveTurn'>;
  ranker: TwinRanker;
  clock: Clock;
  newId: () => string;
  /** Defaults to gpt-tokenizer, loaded lazily. */
  countTokens?: TokenCounter;
}

export class TwinConversations {
  #counter: TokenCounter | undefined;

  constructor(private readonly deps: TwinConversationsDeps) {
    this.#counter = deps.countTokens;
  }

  /** The profile's conversations, most recent first. */
  async list(profileId: string): Promise<SessionRecord[]> {
    const all = await this.deps.repos.sessions.list();
    return all.filter((s) => s.mode === 'twin' && s.profileId === profileId);
  }

  /** Which profile a conversation belongs to (undefined when it is not a twin conversation here). */
  async profileOf(sessionId: string): Promise<string | undefined> {
    const session = await this.deps.repos.sessions.get(sessionId).catch(() => undefined);
    return session?.mode === 'twin' ? session.profileId : undefined;
  }

  async open(id: string): Promise<LoadedConversation> {
    const session = await this.deps.repos.sessions.get(id);
    if (!session || session.mode !== 'twin') throw new AppError('not-found', 'That twin conversation no longer exists. Start a new one.');
    return new LoadedConversation(session, await this.deps.repos.messages.listBySession(id), this.deps.repos, this.#now);
  }

  async start(profile: TwinProfile): Promise<LoadedConversation> {
    const now = this.#now();
    const session: SessionRecord = {
      id: this.deps.newId(),
      mode: 'twin',
      title: sessionTitle(profile.name, ''),
      status: 'active',
      createdAt: now,
      updatedAt: now,
      usage: emptyUsage(),
      engines: [],
      profileId: profile.id,
    };
    await this.deps.repos.sessions.put(session);
    return new LoadedConversation(session, [], this.deps.repos, this.#now);
  }

  /** Stores the question at once (before any answer), and names the conversation after its first one. */
  async ask(conversation: LoadedConversation, text: string, profile: Pick<TwinProfile, 'name'>): Promise<MessageRecord> {
    const question = text.trim();
    if (question === '') throw new AppError('invalid-input', 'Type a question first.');
    const message: MessageRecord = {
      id: this.deps.newId(),
      sessionId: conversation.id,
      index: conversation.messages.length,
      role: 'user',
      text: question,
      createdAt: this.#now(),
    };
    const first = !conversation.messages.some((m) => m.role === 'user');
    await conversation.append(message, (session) => (first ? { ...session, title: sessionTitle(profile.name, question) } : session));
    return message;
  }

  /** Answers the conversation's last question: a saved answer at once when one matches, else the model. */
  async answer(
    conversation: LoadedConversation,
    profile: TwinProfile,
    options: { signal: AbortSignal; fresh?: boolean; callbacks?: AnswerCallbacks },
  ): Promise<AnswerResult> {
    const settings = await this.deps.repos.settings.get();
    return answerQuestion({
      conversation,
      profile,
      ranker: this.deps.ranker,
      engine: async () => this.deps.engine(),
      count: async () => (this.#counter ??= await loadTokenCounter()),
      settings,
      signal: options.signal,
      newId: this.deps.newId,
      now: this.#now,
      ...(options.fresh ? { fresh: true } : {}),
      ...(options.callbacks ? { callbacks: options.callbacks } : {}),
    });
  }

  readonly #now = (): number => this.deps.clock.now();
}
