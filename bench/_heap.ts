import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
const s = new Session(); s.connect();
await s.post('HeapProfiler.enable');
(globalThis as any).__startHeap = async () => { await s.post('HeapProfiler.startSampling', { samplingInterval: 2048, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never); };
(globalThis as any).__stopHeap = async () => { const { profile } = await s.post('HeapProfiler.stopSampling'); writeFileSync('/tmp/alloc.heapprofile', JSON.stringify(profile)); };
