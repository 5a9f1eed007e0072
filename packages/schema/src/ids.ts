import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';

/** What an API id names; its letter prefixes the id, so ids of different things never collide or pass for each other. */
export const ID_KINDS = { batch: 'b', job: 'j', comparison: 'c', schedule: 's', cursor: 'r' } as const;
export type IdKind = keyof typeof ID_KINDS;

const KIND_BYTE: Record<IdKind, number> = { batch: 1, job: 2, comparison: 3, cursor: 4, schedule: 5 };
const BLOCK = 16;
const ENCODED = /^[bjcsr]_[A-Za-z0-9_-]{22}$/;

/**
 * Opaque API ids. Rows are numbered in one sequence for all teams, so a plain row id would tell a team how much
 * the others submit. Each id is one AES block, [kind, 7 zero bytes, row id as 64-bit], encrypted with the
 * database's own key (Engine.idSecret): the API shows `b_<22 chars>`, and decoding checks the kind and the zero
 * bytes, so a made-up or altered id reads as absent (a forgery passes with odds of 2^-56). ECB is right here: one
 * block per id and no chaining, so one cipher object serves every id without per-id setup.
 */
export class IdCodec {
  readonly #encrypt: Cipher;
  readonly #decrypt: Decipher;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('IdCodec needs a 32-byte key');
    this.#encrypt = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    this.#decrypt = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  }

  encode(kind: IdKind, rowId: string | number): string {
    const block = Buffer.alloc(BLOCK);
    block[0] = KIND_BYTE[kind];
    block.writeBigUInt64BE(BigInt(rowId), 8);
    return `${ID_KINDS[kind]}_${this.#encrypt.update(block).toString('base64url')}`;
  }

  /** The row id inside an API id, or null for anything that is not an id of this kind from this database. */
  decode(kind: IdKind, id: string): string | null {
    if (!ENCODED.test(id) || id[0] !== ID_KINDS[kind]) return null;
    const bytes = Buffer.from(id.slice(2), 'base64url');
    if (bytes.length !== BLOCK) return null;
    const block = this.#decrypt.update(bytes);
    if (block.length !== BLOCK || block[0] !== KIND_BYTE[kind]) return null;
    for (let i = 1; i < 8; i++) if (block[i] !== 0) return null;
    return block.readBigUInt64BE(8).toString();
  }
}
