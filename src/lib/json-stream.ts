/**
 * Streaming readers for JSON imports: the elements of a top-level array (`[{…}, {…}]`), of
 * the `users` array of a top-level object (a Keycloak users export, `{"realm": …, "users":
 * […]}`), or the lines of JSON lines. Each element is parsed on its own as soon as it ends,
 * so a file of any size reads holding one element at a time.
 */

export interface JsonElement {
  value: unknown;
  /** Line of the file where the element starts (1-based). */
  line: number;
}

export class JsonStreamError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const WS = new Set([32, 9, 10, 13]);

/**
 * Elements of the array at the top of the file, or of the `users` array of the object at
 * the top. `shape` tells which the file turned out to be, once its first character is read.
 */
export async function* readJsonElements(
  chunks: AsyncIterable<Uint8Array | string>,
  opts: { maxElementLength?: number; onShape?: (shape: 'array' | 'object') => void } = {},
): AsyncGenerator<JsonElement> {
  const maxElement = opts.maxElementLength ?? 1024 * 1024;
  const decoder = new TextDecoder('utf-8');
  let depth = 0; // nesting depth at the current character
  let inString = false;
  let escaped = false;
  let line = 1;
  let shape: 'array' | 'object' | null = null;
  let target = -1; // depth of the elements wanted (inside the array), -1 until it is found
  let capturing = false;
  let element = '';
  let elementLine = 0;
  let key = ''; // the last string read at depth 1 of a top-level object
  let keyText: string[] | null = null;
  let awaitingValue = false; // after "users": at depth 1
  let first = true;
  let done = false;

  function* feed(text: string): Generator<JsonElement> {
    let i = 0;
    if (first && text.length > 0 && text.charCodeAt(0) === 0xfeff) i = 1;
    let start = capturing ? i : -1;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) {
          inString = false;
          if (keyText) {
            key = keyText.join('') + text.slice(keyStart, i);
            keyText = null;
          }
        }
        continue;
      }
      if (WS.has(c)) continue;
      if (first) {
        first = false;
        if (c === 91) shape = 'array';
        else if (c === 123) shape = 'object';
        else throw new JsonStreamError('the file is neither a JSON array nor a JSON object', line);
        opts.onShape?.(shape);
        if (shape === 'array') target = 1;
      }
      if (done) throw new JsonStreamError('unexpected content after the end of the JSON value', line);
      if (target > 0 && depth === target && !capturing && c !== 44 && c !== 93) {
        capturing = true;
        element = '';
        elementLine = line;
        start = i;
      }
      if (c === 34) {
        inString = true;
        if (shape === 'object' && depth === 1 && target < 0 && !awaitingValue) {
          keyText = [];
          keyStart = i + 1;
        }
      } else if (c === 123 || c === 91) {
        if (shape === 'object' && depth === 1 && target < 0 && awaitingValue && c === 91 && key === 'users') target = 2;
        awaitingValue = false;
        depth++;
      } else if (c === 125 || c === 93) {
        depth--;
        if (depth < 0) throw new JsonStreamError(`unexpected "${String.fromCharCode(c)}"`, line);
        if (capturing && depth === target - 1) {
          // The array ends: an element in progress ends before this bracket.
          element += text.slice(start, i);
          yield parse(element, elementLine);
          capturing = false;
          element = '';
        }
        // The wanted array is over: nothing after it is an element.
        if (depth === target - 1 && c === 93) target = -2;
        if (depth === 0) done = true;
      } else if (c === 58) {
        if (shape === 'object' && depth === 1) awaitingValue = true;
      } else if (c === 44) {
        if (shape === 'object' && depth === 1) awaitingValue = false;
        if (capturing && depth === target) {
          element += text.slice(start, i);
          yield parse(element, elementLine);
          capturing = false;
          element = '';
        }
      }
      if (capturing && i - start + element.length > maxElement) throw new JsonStreamError(`an element longer than ${maxElement} characters`, elementLine);
    }
    if (capturing) element += text.slice(start === -1 ? 0 : start);
    if (keyText) keyText.push(text.slice(keyStart));
    keyStart = 0;
  }
  let keyStart = 0;

  for await (const chunk of chunks) yield* feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  yield* feed(decoder.decode());
  if (first) throw new JsonStreamError('the file is empty', line);
  if (!done || inString) throw new JsonStreamError('the JSON ends before it is complete', line);
  if (shape === 'object' && target === -1) throw new JsonStreamError('the JSON object has no "users" array (a Keycloak users export has one)', 1);
}

function parse(text: string, line: number): JsonElement {
  const trimmed = text.trim();
  if (trimmed === '') throw new JsonStreamError('an empty element (two commas in a row?)', line);
  try {
    return { value: JSON.parse(trimmed), line };
  } catch (err) {
    throw new JsonStreamError(`not valid JSON: ${(err as Error).message}`, line);
  }
}

/** Objects of a JSON-lines stream, one per non-empty line; a line that is not JSON is reported, not fatal. */
export async function* readJsonLines(chunks: AsyncIterable<Uint8Array | string>, opts: { maxLineLength?: number } = {}): AsyncGenerator<JsonElement | { error: string; line: number }> {
  const maxLine = opts.maxLineLength ?? 1024 * 1024;
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let line = 0;
  const one = (text: string) => {
    line++;
    const trimmed = (line === 1 ? text.replace(/^\ufeff/, '') : text).trim();
    if (trimmed === '') return null;
    try {
      return { value: JSON.parse(trimmed) as unknown, line };
    } catch (err) {
      return { error: `not valid JSON: ${(err as Error).message}`, line };
    }
  };
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl = rest.indexOf('\n');
    let from = 0;
    while (nl !== -1) {
      const r = one(rest.slice(from, nl));
      if (r) yield r;
      from = nl + 1;
      nl = rest.indexOf('\n', from);
    }
    rest = rest.slice(from);
    if (rest.length > maxLine) throw new JsonStreamError(`a line longer than ${maxLine} characters`, line + 1);
  }
  rest += decoder.decode();
  const r = one(rest);
  if (r) yield r;
}
