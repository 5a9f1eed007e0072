import { ConfigError, type KeyStore } from '@switchyard/engine';
import { isLoopbackHost } from '../edge/loopback.ts';

export type AuthSetting = 'auto' | 'required';

/**
 * When a request needs a key. Open (one `default` team, as on a laptop) only on a loopback address, with
 * SWITCHYARD_AUTH unset and before any key was created; required otherwise. Keys may be created while the server
 * runs, so this is asked per request (cheap once a key exists: KeyStore remembers it).
 */
export class AuthMode {
  readonly #setting: AuthSetting;
  readonly #loopback: boolean;
  readonly #keys: KeyStore;

  constructor(setting: AuthSetting, host: string, keys: KeyStore) {
    this.#setting = setting;
    this.#loopback = isLoopbackHost(host);
    this.#keys = keys;
  }

  get required(): boolean {
    return this.#setting === 'required' || !this.#loopback || this.#keys.anyKeyExists();
  }

  /**
   * Refuses to listen on a network address with nothing to let anyone in or keep anyone out: every request would
   * be refused, or, before this check existed, everyone would have been let in.
   */
  assertSafeToListen(host: string): void {
    if (this.#loopback || this.#setting === 'required' || this.#keys.anyKeyExists()) return;
    throw new ConfigError(
      `HOST=${host} is not a loopback address, and no API key exists: Switchyard would be reachable from the network with no way in. ` +
        `Create a key first (npm run keys -- create --team <name> --role admin), or set SWITCHYARD_AUTH=required, or listen on 127.0.0.1.`,
    );
  }
}
