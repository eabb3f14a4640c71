/**
 * A streaming CSV reader (RFC 4180): fields separated by commas, records by CRLF or LF,
 * fields in double quotes may hold commas, line breaks and doubled quotes (`""`). It holds
 * one record at a time, never the file, so a file of any size reads in constant memory.
 * A byte order mark at the start is skipped. Text is decoded as UTF-8 across chunk edges.
 */

export interface CsvRecord {
  fields: string[];
  /** Line of the file where the record starts (1-based); a quoted line break makes a record span lines. */
  line: number;
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Records of a CSV stream, header row included, each with the line it starts on. */
export async function* readCsv(chunks: AsyncIterable<Uint8Array | string>, opts: { maxFieldLength?: number } = {}): AsyncGenerator<CsvRecord> {
  const maxField = opts.maxFieldLength ?? 64 * 1024;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // a quote inside a quoted field: the end, or the first of ""
  let hasContent = false; // the record has content (an empty line is no record)
  let line = 1;
  let recordLine = 1;
  let pendingCr = false;
  let first = true;

  const endField = () => {
    fields.push(field);
    field = '';
  };

  function* feed(text: string): Generator<CsvRecord> {
    let i = 0;
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    let start = i; // start of a run of plain characters to append at once
    const flush = (end: number) => {
      if (end > start) field += text.slice(start, end);
      if (field.length > maxField) throw new CsvError(`a field longer than ${maxField} characters`, recordLine);
    };
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (pendingCr) {
        pendingCr = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (quoted) {
        if (afterQuote) {
          afterQuote = false;
          if (c === QUOTE) {
            // "" inside quotes: one quote; keep it in the run.
            start = i;
            continue;
          }
          quoted = false;
          // fall through: the character after the closing quote
        } else if (c === QUOTE) {
          flush(i);
          afterQuote = true;
          start = i + 1;
          continue;
        } else {
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
          continue;
        }
      }
      if (c === COMMA) {
        flush(i);
        endField();
        hasContent = true;
        start = i + 1;
      } else if (c === LF || c === CR) {
        flush(i);
        if (hasContent || field.length > 0 || fields.length > 0) {
          endField();
          yield { fields, line: recordLine };
        }
        fields = [];
        field = '';
        hasContent = false;
        line++;
        recordLine = line;
        if (c === CR) pendingCr = true;
        start = i + 1;
      } else if (c === QUOTE && field.length === 0 && start === i) {
        quoted = true;
        hasContent = true;
        start = i + 1;
      } else {
        // Plain text (a quote inside an unquoted field is kept as written, as most readers do).
        hasContent = true;
      }
    }
    flush(text.length);
  }

  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield* feed(text);
  }
  yield* feed(decoder.decode());
  if (quoted && !afterQuote) throw new CsvError('a quoted field is not closed', recordLine);
  if (hasContent || field.length > 0 || fields.length > 0) {
    endField();
    yield { fields, line: recordLine };
  }
}
