// Where each value of a JSON text starts: a small parser that maps paths as the API names fields
// (`brief.sections[0].duration_sec`) to 1-based line numbers, so validation errors can be shown at the field.

/** Map of path → line for every value in `text` (throws SyntaxError with `.line` on bad JSON). */
export function jsonLines(text) {
  const lines = new Map();
  let i = 0;
  let line = 1;
  const fail = (msg) => { const e = new SyntaxError(`${msg} (line ${line})`); e.line = line; throw e; };
  const ws = () => {
    while (i < text.length && " \t\r\n".includes(text[i])) { if (text[i] === "\n") line++; i++; }
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') { if (text[i] === "\\") i++; else if (text[i] === "\n") fail("newline in a string"); i++; }
    if (i >= text.length) fail("unterminated string");
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (path) => {
    ws();
    lines.set(path || "body", line);
    const c = text[i];
    if (c === "{") {
      i++; ws();
      if (text[i] === "}") { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a field name in quotes");
        const keyLine = line;
        const key = string();
        const child = path ? `${path}.${key}` : key;
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        value(child);
        lines.set(child, keyLine);
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") { i++; return; }
        fail("expected ',' or '}'");
      }
    } else if (c === "[") {
      i++; ws();
      if (text[i] === "]") { i++; return; }
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`);
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "]") { i++; return; }
        fail("expected ',' or ']'");
      }
    } else if (c === '"') {
      string();
    } else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 40));
      if (!m) fail("unexpected character");
      i += m[0].length;
    }
  };
  value("");
  ws();
  if (i < text.length) fail("unexpected text after the end");
  return lines;
}

/**
 * The line of `field`, or of the deepest part of it present in the text: segments the text does not have are
 * skipped (a union's tag such as `sections[0].intro.duration_sec`), and a missing field falls back to its parent.
 */
export function lineOf(lines, field) {
  if (lines.has(field)) return lines.get(field);
  let resolved = "";
  let best = lines.get("body") ?? 1;
  for (const segment of field.match(/\[\d+\]|[^.[\]]+/g) ?? []) {
    const next = segment.startsWith("[") ? `${resolved}${segment}` : resolved ? `${resolved}.${segment}` : segment;
    if (lines.has(next)) { resolved = next; best = lines.get(next); }
  }
  return best;
}
