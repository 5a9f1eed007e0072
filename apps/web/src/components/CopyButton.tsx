'use client';

import { useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` with the Clipboard API and says whether it worked (it needs a secure context: https or localhost). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<CopyState>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <button type="button" className="copy" onClick={() => void copy()} aria-label={`Copy ${label}`}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
      <span className="sr-only" role="status">
        {state === 'copied' ? `${label} copied` : state === 'failed' ? `could not copy ${label}` : ''}
      </span>
    </button>
  );
}
