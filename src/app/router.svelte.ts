/**
 * Hash routing: works from any static host and offline (the service worker serves one index.html).
 * Routes: '' home · practice · interview/:id · report/:id · history · twin · models · settings
 */
export interface Route {
  name: string;
  params: string[];
}

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').replace(/\/+$/, '');
  const [name = '', ...params] = path.split('/').map((p) => decodeURIComponent(p));
  return { name, params };
}

export class Router {
  #route = $state<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

  get route(): Route {
    return this.#route;
  }

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.#route = parseHash(location.hash);
      });
    }
  }

  go(path: string): void {
    location.hash = `#/${path}`;
  }
}

export function href(path: string): string {
  return `#/${path}`;
}
