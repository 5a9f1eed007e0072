import type { Engine } from '@switchyard/engine';
import type { Plugin } from 'graphql-yoga';

/** GET /healthz: 200 with lane in-flight counts while the engine runs. For load balancers and scripts. */
export function useHealth(engine: Engine): Plugin {
  return {
    onRequest(payload) {
      const { url } = payload;
      if (url.pathname !== '/healthz') return;
      const stats = engine.stats();
      payload.endResponse(
        Response.json({ ok: true, lanes: Object.fromEntries(stats.lanes.map((l) => [l.lane, { inFlight: l.inFlight, limit: l.limit }])) }),
      );
    },
  };
}
