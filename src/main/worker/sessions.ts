import '../engine/inference/no-telemetry.js'; // before any onnxruntime session: no telemetry
import ort from 'onnxruntime-node';
import type { ProviderReport } from '../engine/inference/protocol.js';
import { SHARED_ARENA_SESSION_CONFIG, useSharedArena } from './shared-arena.js';

export interface SessionWithProvider extends ProviderReport {
  session: ort.InferenceSession;
}

/**
 * Opens a model on the first provider in `candidates` that works. "Works" means the session is created AND a
 * warm-up run on `probeInput` succeeds: a GPU provider can accept a model and still fail at the first run (a
 * kernel it lacks, no adapter), and that must fall back too, not fail the first real batch.
 */
export async function openSession(
  modelPath: string,
  candidates: readonly string[],
  threads: number,
  probeInput: () => Record<string, ort.Tensor>,
): Promise<SessionWithProvider> {
  const fallbacks: { provider: string; reason: string }[] = [];
  for (const provider of candidates) {
    let session: ort.InferenceSession | null = null;
    try {
      session = await ort.InferenceSession.create(modelPath, {
        executionProviders: [provider],
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        // The CPU arena stays on for every model, including those run on inputs of many sizes: without it, freed
        // buffers went to the C allocator, which kept them anyway and grew more (docs/text.md "Memory"). On the CPU
        // it is the process's shared arena where there is one (shared-arena.ts): one model runs at a time.
        enableCpuMemArena: true,
        // No memory patterns: a pattern is planned and kept per input shape, and its block comes from the arena on top
        // of the arena's own buffers. The bundled embedding models' run-time memory fell from ~510 to ~320 MiB with
        // it off (batches of 1-8 images, the arena on), at the same CPU time (issue #15, docs/models.md "Memory").
        enableMemPattern: false,
        logSeverityLevel: 3, // errors only: GPU probing warnings are reported through `fallbacks`
        // Idle model threads sleep instead of spinning: they share the cores with image decoding.
        extra: {
          session: {
            intra_op: { allow_spinning: '0' },
            inter_op: { allow_spinning: '0' },
            ...(provider === 'cpu' && useSharedArena() ? SHARED_ARENA_SESSION_CONFIG : {}),
          },
        },
      });
      await session.run(probeInput());
      return { session, provider, fallbacks };
    } catch (err) {
      await session?.release().catch(() => undefined);
      fallbacks.push({ provider, reason: firstLine((err as Error).message) });
    }
  }
  const tried = fallbacks.map((f) => `${f.provider}: ${f.reason}`).join('; ');
  throw new Error(`no execution provider could run ${modelPath} (${tried})`);
}

/** onnxruntime's messages carry source paths and stack-like prefixes; keep the readable part. */
function firstLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim()) ?? message;
  const m = /(Failed to .*|No supported adapters.*|cannot open shared object file.*|Failed to load shared library.*)$/.exec(line);
  return (m ? m[1] : line).trim().slice(0, 300);
}
