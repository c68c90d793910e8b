// Splits a migration file into single statements: D1's prepare() takes one statement, and running
// a migration as one batch() (statements plus its d1_migrations row) keeps it all-or-nothing.
// Comments are dropped; semicolons inside strings, quoted names and trigger bodies do not split.

export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  let i = 0;
  const push = () => {
    const s = cur.trim();
    if (s) out.push(s);
    cur = '';
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      cur += ' ';
      continue;
    }
    const close = c === "'" || c === '"' || c === '`' ? c : c === '[' ? ']' : null;
    if (close) {
      // quoted: copy through the closing quote ('' inside a string is an escaped quote)
      let j = i + 1;
      for (;;) {
        j = sql.indexOf(close, j);
        if (j < 0) throw new Error(`unterminated ${c} in SQL: ${sql.slice(i, i + 40)}`);
        if (close !== ']' && sql[j + 1] === close) j += 2;
        else break;
      }
      cur += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === ';' && !(/^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(cur) && !/\bEND\s*$/i.test(cur))) {
      push();
      i++;
      continue;
    }
    cur += c;
    i++;
  }
  push();
  return out;
}
