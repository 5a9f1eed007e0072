// Static export served by the API server at `/` (see README.md). In `next dev` the export settings are
// dropped and /graphql is proxied to the API so the browser keeps one origin.
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js';

const API_URL = process.env.SWITCHYARD_API_URL ?? 'http://127.0.0.1:4000';

/** @param {string} phase @returns {import('next').NextConfig} */
export default function config(phase) {
  const base = {
    trailingSlash: true,
    images: { unoptimized: true },
    reactStrictMode: true,
    poweredByHeader: false,
    productionBrowserSourceMaps: false,
  };
  if (phase === PHASE_DEVELOPMENT_SERVER) {
    return {
      ...base,
      // next dev keeps trailing-slash redirects; don't redirect /graphql → /graphql/.
      skipTrailingSlashRedirect: true,
      async rewrites() {
        return [{ source: '/graphql', destination: `${API_URL}/graphql` }];
      },
    };
  }
  return { ...base, output: 'export' };
}
