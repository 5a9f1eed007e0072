import { maskError } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { JobTimeoutError } from '@switchyard/engine';
import { notFound, toGraphQLError } from './errors.ts';

describe('engine errors meant for the client reach it as GraphQL errors with their code', () => {
  it('puts the code in extensions.code', () => {
    const error = notFound('comparison', 3);
    expect(error.message).toBe('No comparison 3');
    expect(error.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(toGraphQLError(new JobTimeoutError(5)).extensions).toEqual({ code: 'TIMEOUT' });
  });

  it('is not masked by yoga, unlike an unexpected error', () => {
    expect(maskError(notFound('batch', '9'), 'Unexpected error.', false)).toMatchObject({ message: 'No batch 9', extensions: { code: 'NOT_FOUND' } });
    expect(maskError(new Error('secret'), 'Unexpected error.', false)).toMatchObject({ message: 'Unexpected error.' });
  });
});
