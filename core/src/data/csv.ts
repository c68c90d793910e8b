// Streaming RFC 4180 CSV: quoted fields, "" escapes, embedded newlines, CRLF or LF, header row.
// Each row reports the physical line where it starts; rows over the byte limit are scanned to
// their end but not kept.
import { DataError } from './errors.ts';

export interface CsvOptions {
  delimiter?: string;
  /** Column names; when omitted the first row is the header. */
  columns?: string[];
  maxRecordBytes?: number;
}

export interface CsvRow {
  line: number;
  bytes: number;
  row?: Record<string, string>;
  error?: DataError;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const enum S { FieldStart, Unquoted, Quoted, QuoteInQuoted }

export async function* csvRows(chunks: AsyncIterable<Uint8Array>, opts: CsvOptions = {}): AsyncGenerator<CsvRow> {
  const delim = (opts.delimiter ?? ',').charCodeAt(0);
  const max = opts.maxRecordBytes ?? Infinity;
  const decoder = new TextDecoder('utf-8');
  let columns = opts.columns;
  let state = S.FieldStart;
  let fields: string[] = [];
  let field = '';
  let line = 1; // current physical line
  let start = 1; // line where the current record started
  let bytes = 0;
  let oversize = false;
  let badQuote: string | undefined;
  let skipLf = false;

  const endRecord = (): CsvRow | undefined => {
    fields.push(field);
    const got = fields;
    const rec: CsvRow = { line: start, bytes };
    fields = [];
    field = '';
    const wasOversize = oversize;
    const quoteError = badQuote;
    oversize = false;
    badQuote = undefined;
    bytes = 0;
    if (wasOversize) return { ...rec, error: new DataError('record_too_large', `record exceeds the limit of ${max} bytes`, { line: rec.line }) };
    if (quoteError) return { ...rec, error: new DataError('parse_error', quoteError, { line: rec.line }) };
    if (got.length === 1 && got[0] === '') return undefined; // blank line
    if (columns === undefined) {
      columns = got;
      return undefined;
    }
    if (got.length !== columns.length) {
      return { ...rec, error: new DataError('parse_error', `expected ${columns.length} fields, got ${got.length}`, { line: rec.line }) };
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = got[i]!;
    return { ...rec, row };
  };

  const out: CsvRow[] = [];
  const feed = (text: string) => {
    let runStart = 0; // start of the current run of field characters in `text`
    const keep = (end: number) => {
      if (!oversize && end > runStart) field += text.slice(runStart, end);
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (skipLf) {
        skipLf = false;
        if (c === LF) {
          // second half of a CRLF that already ended the record
          runStart = i + 1;
          continue;
        }
      }
      if (state !== S.Quoted && (c === LF || c === CR)) {
        // a record ends (LF, CRLF or a lone CR)
        line++;
        if (state !== S.QuoteInQuoted) keep(i);
        if (fields.length > 0 || field !== '' || state !== S.FieldStart || bytes > 0) {
          const rec = endRecord();
          if (rec) out.push(rec);
        }
        state = S.FieldStart;
        skipLf = c === CR;
        runStart = i + 1;
        start = line;
        continue;
      }
      if (c === LF) line++; // newline inside a quoted field
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
      if (bytes > max && !oversize) {
        oversize = true;
        fields = [];
        field = '';
      }
      switch (state) {
        case S.FieldStart:
          if (c === QUOTE) {
            state = S.Quoted;
            runStart = i + 1;
          } else if (c === delim) {
            pushField();
            runStart = i + 1;
          } else {
            state = S.Unquoted;
            runStart = i;
          }
          break;
        case S.Unquoted:
          if (c === delim) {
            keep(i);
            pushField();
            state = S.FieldStart;
            runStart = i + 1;
          } // a bare quote inside an unquoted field is kept literally (lenient, like most readers)
          break;
        case S.Quoted:
          if (c === QUOTE) {
            keep(i);
            state = S.QuoteInQuoted;
          }
          break;
        case S.QuoteInQuoted:
          if (c === QUOTE) {
            // escaped quote: the second quote starts the next run
            state = S.Quoted;
            runStart = i;
          } else if (c === delim) {
            pushField();
            state = S.FieldStart;
            runStart = i + 1;
          } else {
            if (badQuote === undefined) badQuote = 'unexpected character after a closing quote';
            state = S.Unquoted;
            runStart = i;
          }
          break;
      }
    }
    if (state === S.Unquoted || state === S.Quoted) keep(text.length);
  };
  const pushField = () => {
    if (!oversize) fields.push(field);
    field = '';
  };

  for await (const chunk of chunks) {
    feed(decoder.decode(chunk, { stream: true }));
    yield* out.splice(0);
  }
  feed(decoder.decode());
  if ((state as S) === S.Quoted) {
    out.push({ line: start, bytes, error: new DataError('parse_error', 'unterminated quoted field', { line: start }) });
  } else if (fields.length > 0 || field !== '' || state !== S.FieldStart) {
    const rec = endRecord();
    if (rec) out.push(rec);
  }
  yield* out;
}
