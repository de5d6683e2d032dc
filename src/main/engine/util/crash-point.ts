// A test seam for crash safety: `LOUPE_CRASH_AT=name` (or `name:N`, the N-th time) makes the process kill itself
// with SIGKILL at that named point, exactly as a power cut or `kill -9` would. Unset, it costs one env lookup.
const hits = new Map<string, number>();

export function crashPoint(name: string): void {
  const spec = process.env.LOUPE_CRASH_AT;
  if (!spec) return;
  const m = /^(.*?)(?::(\d+))?$/.exec(spec)!;
  if (m[1] !== name) return;
  const n = (hits.get(name) ?? 0) + 1;
  hits.set(name, n);
  if (n >= Number(m[2] ?? 1)) process.kill(process.pid, 'SIGKILL');
}
