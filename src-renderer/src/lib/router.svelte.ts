// The current view, kept in the URL's hash so that a reload or the back button keeps the place.
import { DEFAULT_VIEW, VIEWS } from './views.ts';

function viewFromHash(hash: string): string {
  const id = hash.replace(/^#\/?/, '');
  return VIEWS.some((view) => view.id === id) ? id : DEFAULT_VIEW;
}

class Router {
  current = $state(viewFromHash(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => (this.current = viewFromHash(window.location.hash)));
  }

  go(id: string): void {
    window.location.hash = `#/${id}`;
  }
}

export const router = new Router();
