// The policy itself lives in src/shared/csp.ts (shared with `loupe serve`); this module keeps the
// Electron-side import path and adds the dev-server variant.
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';

export { CONTENT_SECURITY_POLICY };

/**
 * The policy for the Vite dev server only: Vite injects component styles as <style> elements while
 * serving, which needs 'unsafe-inline' for styles. Built code never gets this.
 */
export function devContentSecurityPolicy(policy: string = CONTENT_SECURITY_POLICY): string {
  return policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
}
