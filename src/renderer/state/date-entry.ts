// What a text typed in a date field asks for: a date to set ("2019-05-12 14:30") or, with a sign, an offset to shift
// by ("+1h", "-2d"). Read with the engine's own parsers (shared/date-input.ts), so the field says as it is typed
// what Apply will do; the engine checks it again (and each photo's shifted date) when it is applied.
import type { DateChange } from '../../shared/date-types.js';
import { parseDateInput, parseShiftInput } from '../../shared/date-input.js';

export type DateEntry =
  | { kind: 'set'; change: DateChange; iso: string }
  | { kind: 'shift'; change: DateChange; offset: string }
  | { kind: 'invalid' }
  | { kind: 'empty' };

export function readDateEntry(text: string, nowMs = Date.now()): DateEntry {
  const t = text.trim();
  if (!t) return { kind: 'empty' };
  if (/^[+\-−]/.test(t)) return parseShiftInput(t) ? { kind: 'shift', change: { shift: t }, offset: t } : { kind: 'invalid' };
  const parsed = parseDateInput(t, nowMs);
  return 'iso' in parsed ? { kind: 'set', change: { set: t }, iso: parsed.iso } : { kind: 'invalid' };
}
