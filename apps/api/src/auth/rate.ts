import type { Principal } from '@switchyard/engine';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Submissions per second per key (per team in open mode, where there are no keys), with rate-limiter-flexible.
 * Over the rate, the request gets HTTP 429 with Retry-After and a QUOTA_EXCEEDED error: a rate is about the
 * request, not the batch, so it is an HTTP answer rather than data in the result union.
 */
export class SubmissionRate {
  readonly #limiter: RateLimiterMemory;

  constructor(readonly perSecond: number) {
    this.#limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
  }

  async admit(principal: Principal): Promise<void> {
    try {
      await this.#limiter.consume(principal.keyId ?? `team:${principal.team}`);
    } catch (refusal: unknown) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const retryAfterMs = Math.max(1, refusal.msBeforeNext);
      throw new GraphQLError(`Too many submissions: the limit is ${this.perSecond} per second per key; try again in ${retryAfterMs} ms`, {
        extensions: {
          code: 'QUOTA_EXCEEDED',
          quota: 'submissionsPerSecond',
          limit: this.perSecond,
          retryAfterMs,
          http: { status: 429, headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } },
        },
      });
    }
  }
}
