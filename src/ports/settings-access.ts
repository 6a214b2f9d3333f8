/** Reading and changing the one settings record (SettingsStore implements it). */
import type { Settings } from '../domain/records';

export interface SettingsAccess {
  readonly value: Settings;
  update(change: (draft: Settings) => void): Promise<void>;
}
