import type { ThemeSetting } from '../domain/records';

const THEME_KEY = 'rehearse-theme';

/** Applies light/dark (or the system's) to <html data-theme> and remembers it for the next first paint. */
export function applyTheme(setting: ThemeSetting): void {
  const dark = setting === 'dark' || (setting === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  try {
    localStorage.setItem(THEME_KEY, setting);
  } catch {
    // Private modes may block localStorage; the theme then follows settings after load.
  }
}

export function rememberedTheme(): ThemeSetting {
  try {
    const value = localStorage.getItem(THEME_KEY);
    if (value === 'light' || value === 'dark' || value === 'system') return value;
  } catch {
    // ignore
  }
  return 'system';
}

export function followSystemTheme(getSetting: () => ThemeSetting): void {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (getSetting() === 'system') applyTheme('system');
  });
}
