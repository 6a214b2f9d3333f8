/**
 * Service-worker updates with registerType 'prompt': a new version waits until the user
 * chooses to reload. We never reload on our own — least of all in the middle of an interview.
 */

/** What the last "Check for updates" found (shown in Settings → About). */
export type UpdateCheck = 'idle' | 'checking' | 'latest' | 'preparing' | 'available' | 'offline' | 'failed' | 'unsupported';

/** An installed app can stay open for days, and the browser itself checks only on navigation. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

export class UpdateState {
  #available = $state(false);
  #offlineReady = $state(false);
  #check = $state<UpdateCheck>('idle');

  get available(): boolean {
    return this.#available;
  }
  get offlineReady(): boolean {
    return this.#offlineReady;
  }
  get check(): UpdateCheck {
    return this.#check;
  }
  private apply: ((reload?: boolean) => Promise<void>) | undefined;
  private registration: ServiceWorkerRegistration | undefined;
  private reloading = false;

  /** @param version the running build's version (package.json), shown in Settings → About. */
  constructor(readonly version: string) {}

  async register(): Promise<void> {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    const { registerSW } = await import('virtual:pwa-register');
    this.apply = registerSW({
      immediate: true,
      onNeedRefresh: () => {
        this.#available = true;
        if (this.#check === 'preparing' || this.#check === 'checking') this.#check = 'available';
      },
      onOfflineReady: () => {
        this.#offlineReady = true;
      },
      // The plugin calls this instead of reloading by itself once the new version controls the page.
      onNeedReload: () => this.reloadOnce(),
      onRegisteredSW: (_url, registration) => {
        this.registration = registration;
        if (registration) setInterval(() => void this.checkNow(), CHECK_EVERY_MS);
      },
    });
  }

  /**
   * Asks the server for a newer service worker. A new one installs in the background and
   * then shows the "Update available" notice; nothing reloads.
   */
  async checkNow(): Promise<UpdateCheck> {
    const registration = this.registration;
    if (!registration) return (this.#check = 'unsupported');
    if (this.#available || registration.waiting) return (this.#check = 'available');
    if (!navigator.onLine) return (this.#check = 'offline');
    this.#check = 'checking';
    try {
      await registration.update();
    } catch {
      // update() rejects when the script cannot be fetched: usually the network, sometimes the server.
      return (this.#check = navigator.onLine ? 'failed' : 'offline');
    }
    if (this.#available || registration.waiting) return (this.#check = 'available');
    return (this.#check = registration.installing ? 'preparing' : 'latest');
  }

  /** Called only from the user's click on "Reload". */
  async reload(): Promise<void> {
    if (!this.registration?.waiting) {
      // Already active (e.g. another tab took it): the next load is the new version.
      this.reloadOnce();
      return;
    }
    // workbox-window reloads only pages that had a service worker when they loaded, so a first
    // visit that receives an update would stay on the old version: reload on the switch ourselves.
    navigator.serviceWorker.addEventListener('controllerchange', () => this.reloadOnce(), { once: true });
    await this.apply?.(true);
  }

  private reloadOnce(): void {
    if (this.reloading) return;
    this.reloading = true;
    location.reload();
  }

  dismiss(): void {
    this.#available = false;
  }
}
