// Where a JSON text stops being JSON. Node 20's JSON.parse does not always say
// (`Unexpected token '}', "{"a":}" is not valid JSON`), and a schema author needs the line and
// column to fix a descriptor by hand; this scanner is run only after JSON.parse has failed.

export interface JsonSyntaxPlace {
  offset: number;
  /** From 1. */
  line: number;
  /** From 1, in characters. */
  column: number;
  /** The line, to show around the column. */
  lineText: string;
}

/** The place of the first syntax error, or null when the text is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxPlace | null {
  const offset = errorOffset(text);
  if (offset < 0) return null;
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', offset);
  return {
    offset,
    line: before.split('\n').length,
    column: offset - lineStart + 1,
    lineText: text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, ''),
  };
}

class Stop {
  constructor(readonly at: number) {}
}

function errorOffset(text: string): number {
  let i = 0;
  const stop = (): never => {
    throw new Stop(i);
  };
  const space = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i += 1;
  };
  const literal = (word: string): void => {
    for (const c of word) {
      if (text[i] !== c) stop();
      i += 1;
    }
  };
  const string = (): void => {
    i += 1;
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') stop();
      if (c === '"') {
        i += 1;
        return;
      }
      if (c === '\\') {
        i += 1;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) { i += k; stop(); }
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 1;
        else stop();
      } else i += 1;
    }
  };
  const number = (): void => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') stop();
    i += m![0].length;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i += 1;
      space();
      if (text[i] === '}') { i += 1; return; }
      for (;;) {
        space();
        if (text[i] !== '"') stop();
        string();
        space();
        if (text[i] !== ':') stop();
        i += 1;
        value();
        space();
        if (text[i] === ',') { i += 1; continue; }
        if (text[i] === '}') { i += 1; return; }
        stop();
      }
    }
    if (c === '[') {
      i += 1;
      space();
      if (text[i] === ']') { i += 1; return; }
      for (;;) {
        value();
        space();
        if (text[i] === ',') { i += 1; continue; }
        if (text[i] === ']') { i += 1; return; }
        stop();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    number();
  };
  try {
    value();
    space();
    if (i < text.length) stop();
    return -1;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    throw error;
  }
}
