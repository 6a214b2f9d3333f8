/**
 * Service-worker updates with registerType 'prompt': a new version waits until the user
 * chooses to reload. We never reload on our own — least of all in the middle of an interview.
 */
export class UpdateState {
  available = $state(false);
  offlineReady = $state(false);
  private apply: ((reload?: boolean) => Promise<void>) | undefined;

  async register(): Promise<void> {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    const { registerSW } = await import('virtual:pwa-register');
    this.apply = registerSW({
      immediate: true,
      onNeedRefresh: () => {
        this.available = true;
      },
      onOfflineReady: () => {
        this.offlineReady = true;
      },
    });
  }

  /** Called only from the user's click on "Reload". */
  async reload(): Promise<void> {
    await this.apply?.(true);
  }

  dismiss(): void {
    this.available = false;
  }
}
