/**
 * BroadcastChannel between "tabs" in one test: each tab's notices reach every other tab (never
 * itself), a task later, as a real channel delivers them.
 */
import type { TabNotice, TabNotices } from '../../src/adapters/tabs/tab-notices';

export function createNoticeHub(): { tab(): TabNotices; readonly sent: TabNotice[] } {
  const tabs = new Set<Set<(notice: TabNotice) => void>>();
  const sent: TabNotice[] = [];
  return {
    sent,
    tab() {
      const listeners = new Set<(notice: TabNotice) => void>();
      tabs.add(listeners);
      return {
        post(notice) {
          sent.push(notice);
          for (const other of tabs) {
            if (other === listeners) continue;
            setTimeout(() => {
              for (const listener of other) listener(structuredClone(notice));
            });
          }
        },
        subscribe(listener) {
          listeners.add(listener);
          return () => void listeners.delete(listener);
        },
        close() {
          tabs.delete(listeners);
        },
      };
    },
  };
}
