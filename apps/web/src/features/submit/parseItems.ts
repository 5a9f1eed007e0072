/**
 * Turns pasted text or an uploaded file into the `items` of a submission, in the browser (the API takes
 * items as JSON; it has no file upload yet). Errors are per row so the form can say which line is wrong.
 */

export interface RowError {
  /** 1-based line (pasted text, JSON lines, CSV) or 0-based array index (JSON array) in the source. */
  line: number;
  message: string;
}

export interface ParsedItems {
  items: unknown[];
  /** items[i] came from source line lines[i] (1-based), for mapping the API's item errors back. */
  lines: number[];
  errors: RowError[];
  format: 'json-array' | 'json-lines' | 'csv' | 'empty';
}

export type SourceFormat = 'auto' | 'json' | 'jsonl' | 'csv';

const MAX_ERRORS = 50;

export function formatFromFileName(name: string): SourceFormat {
  const n = name.toLowerCase();
  if (n.endsWith('.csv') || n.endsWith('.tsv')) return 'csv';
  if (n.endsWith('.jsonl') || n.endsWith('.ndjson')) return 'jsonl';
  if (n.endsWith('.json')) return 'json';
  return 'auto';
}

export function parseItems(text: string, format: SourceFormat, inputSchema?: unknown): ParsedItems {
  const trimmed = text.trim();
  if (!trimmed) return { items: [], lines: [], errors: [], format: 'empty' };
  if (format === 'csv') return parseCsvItems(text, inputSchema);
  if (format === 'json' || (format === 'auto' && trimmed.startsWith('['))) {
    try {
      const v: unknown = JSON.parse(trimmed);
      if (Array.isArray(v)) return { items: v, lines: v.map((_, i) => i + 1), errors: [], format: 'json-array' };
      return { items: [v], lines: [1], errors: [], format: 'json-array' };
    } catch (e) {
      if (format === 'json') {
        // A .json file may still be JSON lines; try that before giving up.
        const jl = parseJsonLines(text);
        if (jl.errors.length === 0) return jl;
        return { items: [], lines: [], errors: [{ line: 1, message: `Not valid JSON: ${(e as Error).message}` }], format: 'json-array' };
      }
      return { items: [], lines: [], errors: [{ line: 1, message: `Not a valid JSON array: ${(e as Error).message}` }], format: 'json-array' };
    }
  }
  return parseJsonLines(text);
}

function parseJsonLines(text: string): ParsedItems {
  const items: unknown[] = [];
  const lines: number[] = [];
  const errors: RowError[] = [];
  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!.trim();
    if (!row) continue;
    try {
      items.push(JSON.parse(row));
      lines.push(i + 1);
    } catch (e) {
      if (errors.length < MAX_ERRORS) errors.push({ line: i + 1, message: `Not valid JSON: ${(e as Error).message}` });
    }
  }
  return { items, lines, errors, format: 'json-lines' };
}

/** RFC 4180 records: quoted fields may contain commas, quotes ("") and newlines. Each record keeps its first line. */
export function parseCsv(text: string, delimiter = ','): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let sawAny = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      inQuotes = true;
      sawAny = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      sawAny = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (sawAny || fields.some((f) => f !== '')) records.push({ fields, line: recordLine });
      fields = [];
      field = '';
      sawAny = false;
      line++;
      recordLine = line;
    } else {
      field += c;
      sawAny = true;
    }
  }
  if (field !== '' || fields.length > 0 || sawAny) {
    fields.push(field);
    records.push({ fields, line: recordLine });
  }
  return records;
}

type Kind = 'integer' | 'number' | 'boolean' | 'string' | 'object' | 'array' | 'unknown';

function propertyKinds(schema: unknown): Map<string, Kind> {
  const out = new Map<string, Kind>();
  if (!schema || typeof schema !== 'object') return out;
  const props = (schema as { properties?: Record<string, unknown> }).properties;
  if (!props) return out;
  for (const [name, def] of Object.entries(props)) out.set(name, kindOf(def));
  return out;
}

function kindOf(def: unknown): Kind {
  if (!def || typeof def !== 'object') return 'unknown';
  const d = def as { type?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };
  const types = Array.isArray(d.type) ? d.type : d.type ? [d.type] : [];
  for (const t of ['integer', 'number', 'boolean', 'object', 'array', 'string'] as const) if (types.includes(t)) return t;
  for (const alt of [...(d.anyOf ?? []), ...(d.oneOf ?? [])]) {
    const k = kindOf(alt);
    if (k !== 'unknown') return k;
  }
  return 'unknown';
}

function coerce(raw: string, kind: Kind, column: string): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (kind) {
    case 'integer':
    case 'number': {
      const n = Number(raw.trim());
      if (raw.trim() === '' || Number.isNaN(n)) return { ok: false, message: `column "${column}": expected a number, got "${raw}"` };
      if (kind === 'integer' && !Number.isInteger(n)) return { ok: false, message: `column "${column}": expected an integer, got "${raw}"` };
      return { ok: true, value: n };
    }
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (v === 'true' || v === '1' || v === 'yes') return { ok: true, value: true };
      if (v === 'false' || v === '0' || v === 'no') return { ok: true, value: false };
      return { ok: false, message: `column "${column}": expected true or false, got "${raw}"` };
    }
    case 'object':
    case 'array':
      try {
        return { ok: true, value: JSON.parse(raw) };
      } catch {
        return { ok: false, message: `column "${column}": expected JSON, got "${raw}"` };
      }
    case 'string':
      return { ok: true, value: raw };
    case 'unknown': {
      // No schema for this column: numbers and booleans that look like it, otherwise text.
      const t = raw.trim();
      if (t !== '' && !Number.isNaN(Number(t)) && /^-?\d/.test(t)) return { ok: true, value: Number(t) };
      if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' };
      return { ok: true, value: raw };
    }
  }
}

function parseCsvItems(text: string, inputSchema: unknown): ParsedItems {
  const delimiter = !text.split(/\r?\n/, 1)[0]!.includes(',') && text.includes('\t') ? '\t' : ',';
  const records = parseCsv(text.replace(/^\uFEFF/, ''), delimiter);
  const header = records.shift();
  if (!header) return { items: [], lines: [], errors: [], format: 'csv' };
  const columns = header.fields.map((h) => h.trim());
  const errors: RowError[] = [];
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (columns.some((c) => c === '')) errors.push({ line: header.line, message: 'header row has an empty column name' });
  if (dup) errors.push({ line: header.line, message: `header row repeats the column "${dup}"` });
  if (errors.length > 0) return { items: [], lines: [], errors, format: 'csv' };

  const kinds = propertyKinds(inputSchema);
  const items: unknown[] = [];
  const lines: number[] = [];
  for (const rec of records) {
    if (rec.fields.length !== columns.length) {
      if (errors.length < MAX_ERRORS) errors.push({ line: rec.line, message: `expected ${columns.length} columns, got ${rec.fields.length}` });
      continue;
    }
    const obj: Record<string, unknown> = {};
    let bad: string | null = null;
    rec.fields.forEach((raw, i) => {
      const col = columns[i]!;
      if (raw === '') return; // empty cell: leave the property out (the task's defaults apply)
      const r = coerce(raw, kinds.get(col) ?? 'unknown', col);
      if (r.ok) obj[col] = r.value;
      else bad ??= r.message;
    });
    if (bad) {
      if (errors.length < MAX_ERRORS) errors.push({ line: rec.line, message: bad });
      continue;
    }
    items.push(obj);
    lines.push(rec.line);
  }
  return { items, lines, errors, format: 'csv' };
}
