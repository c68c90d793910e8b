// CSV cells are strings; this maps a row onto the JSON shape of a record kind before validation.
import type { RecordKind } from './schemas.ts';

export function coerceCsvRow(row: Record<string, string>, kind: RecordKind | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  switch (kind) {
    case 'regression':
      if (typeof row.value === 'string' && row.value.trim() !== '') out.value = Number(row.value);
      break;
    case 'tagging':
      out.tokens = list(row.tokens);
      out.tags = list(row.tags);
      break;
    case 'chat':
      out.messages = json(row.messages);
      break;
    case 'qa':
      if (row.context === '') delete out.context;
      break;
  }
  return out;
}

/** A JSON array cell (`["a","b"]`) or whitespace-separated words. */
function list(cell: string | undefined): unknown {
  if (cell === undefined) return undefined;
  const t = cell.trim();
  if (t.startsWith('[')) return json(t);
  return t === '' ? [] : t.split(/\s+/);
}

function json(cell: string | undefined): unknown {
  if (cell === undefined) return undefined;
  try {
    return JSON.parse(cell);
  } catch {
    return cell; // left as a string, so validation names the field
  }
}
