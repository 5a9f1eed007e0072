import type { Engine } from '@switchyard/engine';
import type { Plugin } from 'graphql-yoga';
import type { AuthMode } from '../auth/mode.ts';

/**
 * GET /healthz: 200 while the engine runs, for load balancers and scripts; it needs no key. In open local mode it
 * also shows the lanes' in-flight counts; once keys are required it says only that it is up, since those counts
 * are every team's work.
 */
export function useHealth(engine: Engine, mode: AuthMode): Plugin {
  return {
    onRequest(payload) {
      const { url } = payload;
      if (url.pathname !== '/healthz') return;
      if (mode.required) {
        payload.endResponse(Response.json({ ok: true }));
        return;
      }
      const stats = engine.stats();
      payload.endResponse(
        Response.json({ ok: true, lanes: Object.fromEntries(stats.lanes.map((l) => [l.lane, { inFlight: l.inFlight, limit: l.limit }])) }),
      );
    },
  };
}
