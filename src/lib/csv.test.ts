import { describe, expect, it } from 'vitest';
import { CsvError, readCsv } from './csv.js';
import { JsonStreamError, readJsonElements, readJsonLines } from './json-stream.js';

/** The text in chunks of `size` bytes: records and characters cut anywhere. */
async function* chunks(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const all = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('reading CSV as a stream', () => {
  const text = '\ufeffusername,note\r\nann,"hello, world"\r\n\r\nbob,"two\nlines ""quoted"""\nzoë,\n"q""x",y';
  it('when a file has quoted commas, line breaks and quotes, then each record is whole and knows its first line, however the stream is cut', async () => {
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(await all(readCsv(chunks(text, size)))).toEqual([
        { fields: ['username', 'note'], line: 1 },
        { fields: ['ann', 'hello, world'], line: 2 },
        { fields: ['bob', 'two\nlines "quoted"'], line: 4 },
        { fields: ['zoë', ''], line: 6 },
        { fields: ['q"x', 'y'], line: 7 },
      ]);
    }
  });
  it('when a quote is never closed, then the reader says so with the line of the record', async () => {
    await expect(all(readCsv(chunks('a\n"open,\nmore\n', 4)))).rejects.toEqual(new CsvError('a quoted field is not closed', 2));
  });
});

describe('reading JSON as a stream', () => {
  it('when an array or a Keycloak export is read in small pieces, then each element comes whole with its line', async () => {
    const array = '[\n {"username":"a","x":[1,{"y":"]}"}]},\n {"username":"b\\"q"}\n]\n';
    const keycloak = '{"realm":"acme","groups":[{"x":1}],\n"users" : [ {"username":"k1","credentials":[{"a":"b"}]},\n{"username":"k2"} ] }';
    for (const size of [1, 2, 7, 1000]) {
      expect(await all(readJsonElements(chunks(array, size)))).toEqual([
        { value: { username: 'a', x: [1, { y: ']}' }] }, line: 2 },
        { value: { username: 'b"q' }, line: 3 },
      ]);
      expect((await all(readJsonElements(chunks(keycloak, size)))).map((e) => [e.value, e.line])).toEqual([
        [{ username: 'k1', credentials: [{ a: 'b' }] }, 2],
        [{ username: 'k2' }, 3],
      ]);
    }
  });
  it('when the JSON ends early or has no users array, then the reader says why', async () => {
    await expect(all(readJsonElements(chunks('[{"a":1}, {"b":', 3)))).rejects.toBeInstanceOf(JsonStreamError);
    await expect(all(readJsonElements(chunks('{"realm":"x"}', 3)))).rejects.toThrow('no "users" array');
  });
  it('when JSON lines hold a broken line, then it is reported and the others are read', async () => {
    expect(await all(readJsonLines(chunks('{"a":1}\n\nnope\r\n{"b":2}', 3)))).toEqual([
      { value: { a: 1 }, line: 1 },
      { error: expect.stringContaining('not valid JSON'), line: 3 },
      { value: { b: 2 }, line: 4 },
    ]);
  });
});
