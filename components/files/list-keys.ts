/**
 * The keyboard and selection of the files list, as a listbox has them: arrows, Page Up and
 * Down, Home and End move (Shift extends the selection, Ctrl or ⌘ keeps it), Space toggles,
 * Enter opens, Delete deletes, F2 renames, Backspace or Alt+↑ goes up, Ctrl+A selects
 * all, Escape clears. Pure.
 */
export type SelectMode = 'only' | 'extend' | 'keep';

export type ListCommand = { move: number; mode: SelectMode } | { action: 'toggle' | 'open' | 'delete' | 'rename' | 'up' | 'all' | 'clear' };

type Keys = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>;

export function listCommand(event: Keys, active: number, count: number, page: number): ListCommand | null {
  const command = event.ctrlKey || event.metaKey;
  const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -count, End: count };
  if (event.key in moves && !event.altKey) {
    return { move: Math.max(0, Math.min(count - 1, active + moves[event.key]!)), mode: event.shiftKey ? 'extend' : command ? 'keep' : 'only' };
  }
  if (event.key === 'Backspace' || (event.key === 'ArrowUp' && event.altKey)) return { action: 'up' };
  if (command && event.key.toLowerCase() === 'a') return { action: 'all' };
  const actions: Record<string, 'toggle' | 'open' | 'delete' | 'rename' | 'clear'> = { ' ': 'toggle', Enter: 'open', Delete: 'delete', F2: 'rename', Escape: 'clear' };
  return event.key in actions ? { action: actions[event.key]! } : null;
}

/** The selection once `index` is the active row: alone, from the anchor to it, or unchanged. */
export function selectionAfter(paths: readonly string[], selected: ReadonlySet<string>, anchor: number, index: number, mode: SelectMode) {
  if (mode === 'keep') return { selected, anchor: index };
  if (mode === 'only') return { selected: new Set([paths[index]!]), anchor: index };
  const [from, to] = [Math.min(anchor, index), Math.max(anchor, index)];
  return { selected: new Set(paths.slice(from, to + 1)), anchor };
}
