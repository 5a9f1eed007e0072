import { describe, expect, it } from 'vitest';
import { normaliseMessage } from './normalise.ts';

describe('normaliseMessage', () => {
  it.each([
    ['connect ECONNREFUSED 127.0.0.1:4123', 'connect ECONNREFUSED <addr>'],
    ['connect ECONNREFUSED ::1:80', 'connect ECONNREFUSED <addr>'],
    ['GET https://api.example.com/v1/users/42?x=1 failed', 'GET <url> failed'],
    ['row 123e4567-e89b-12d3-a456-426614174000 is locked', 'row <uuid> is locked'],
    ['object 5f2b9c1e8a7d6b4c3e2f1a09 missing', 'object <hex> missing'],
    ['pointer 0xdeadbeef freed twice', 'pointer <hex> freed twice'],
    ['user_1234 not found', '<id> not found'],
    ['Job timed out after 200 ms', 'Job timed out after <n> ms'],
    ['  many   spaces\n here ', 'many spaces here'],
  ])('%s → %s', (message, expected) => {
    expect(normaliseMessage(message)).toBe(expected);
  });

  it('gives 30 refused URLs one fingerprint, and keeps different words apart', () => {
    const fingerprints = new Set(
      Array.from({ length: 30 }, (_, i) => normaliseMessage(`fetch http://10.0.0.${i}:${8000 + i}/ refused (ECONNREFUSED 10.0.0.${i}:${8000 + i})`)),
    );
    expect(fingerprints.size).toBe(1);
    expect(normaliseMessage('disk full')).not.toBe(normaliseMessage('disk gone'));
  });
});
