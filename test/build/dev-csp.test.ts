// While developing, Vite injects component styles as <style> elements: the page served by the dev
// server gets 'unsafe-inline' for styles, and nothing else is relaxed.
import fs from 'node:fs';
import path from 'node:path';
import { createServer, type InlineConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import config from '../../electron.vite.config.js';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../../src/main/electron/csp.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const policyOf = (html: string): string | undefined => /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

describe('dev server CSP', () => {
  it('relaxes style-src only, in the served page only', async () => {
    const renderer = config.renderer ?? {};
    const server = await createServer({
      ...(renderer as InlineConfig),
      root: path.join(REPO_ROOT, 'src', 'renderer'),
      configFile: false,
      logLevel: 'silent',
      server: { middlewareMode: true, hmr: false },
    });
    try {
      const source = fs.readFileSync(path.join(REPO_ROOT, 'src', 'renderer', 'index.html'), 'utf8');
      expect(policyOf(source)).toBe(CONTENT_SECURITY_POLICY);
      const served = policyOf(await server.transformIndexHtml('/index.html', source));
      expect(served).toBe(devContentSecurityPolicy());
      const directives = (policy: string | undefined) => new Set(policy?.split('; '));
      const added = [...directives(served)].filter((d) => !directives(CONTENT_SECURITY_POLICY).has(d));
      expect(added).toEqual(["style-src 'self' 'unsafe-inline'"]);
    } finally {
      await server.close();
    }
  });
});
