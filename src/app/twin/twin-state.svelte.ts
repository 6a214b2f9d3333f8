/**
 * The twin screen's two sides, wired together: the profile editor and the conversation with
 * the open profile. Opening a profile shows its latest conversation; a link from History opens
 * the conversation it names, with its profile.
 */
import { toAppError, type AppError } from '../../domain/errors';
import type { ProfileEditor } from './profile-editor';
import { ProfileEditorState } from './profile-editor-state.svelte';
import type { TwinConversations } from './conversations';
import { ConversationState, type ConversationOptions } from './conversation-state.svelte';

export class TwinState {
  readonly editor: ProfileEditorState;
  readonly conversation: ConversationState;
  #loading = $state(false);
  #error = $state<AppError | undefined>(undefined);
  /** The conversation a History link asked for, opened with its profile. */
  #wanted: string | undefined;

  constructor(
    editor: ProfileEditor,
    private readonly conversations: TwinConversations,
    options: Omit<ConversationOptions, 'profile'> = {},
  ) {
    this.conversation = new ConversationState(conversations, { ...options, profile: () => this.editor.profile });
    this.editor = new ProfileEditorState(editor, {
      onOpened: (profile) => {
        const wanted = this.#wanted;
        this.#wanted = undefined;
        return this.conversation.show(profile, wanted);
      },
    });
  }

  get loading(): boolean {
    return this.#loading;
  }
  /** The profiles could not be loaded. */
  get error(): AppError | undefined {
    return this.#error;
  }

  /** Loads the profiles and opens one: the profile of `sessionId` with that conversation, else the most recent profile with its latest. */
  async open(options: { sessionId?: string } = {}): Promise<void> {
    this.#loading = true;
    this.#error = undefined;
    try {
      const profileId = options.sessionId ? await this.conversations.profileOf(options.sessionId) : undefined;
      if (profileId) this.#wanted = options.sessionId;
      await this.editor.load(profileId);
    } catch (error) {
      this.#error = toAppError(error);
    } finally {
      this.#wanted = undefined;
      this.#loading = false;
    }
  }

  /** Leaving the screen: a running reply stops (its words are kept), and the conversation is let go for other tabs. */
  stop(): void {
    this.conversation.leave();
  }
}
