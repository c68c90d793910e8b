// Browser code: a form from a plugin's config JSON Schema (the subset zod's toJSONSchema writes).
export const SCHEMA_FORM_JS = String.raw`
// ---- a form from a JSON Schema (the subset zod's toJSONSchema writes for plugin configs) ----
function simpleType(p) {
  if (Array.isArray(p.enum)) return 'enum';
  if (p.type === 'integer' || p.type === 'number' || p.type === 'boolean' || p.type === 'string') return p.type;
  return null;
}
/** [type, nullable] of a property, or ['json', …] when no simple input fits. */
function classify(p) {
  if (p.const !== undefined) return ['const', false];
  const t = simpleType(p);
  if (t) return [t, false];
  if (Array.isArray(p.type) && p.type.length === 2 && p.type.includes('null')) {
    const other = p.type.find((x) => x !== 'null');
    if (['integer', 'number', 'string'].includes(other)) return [other, true];
  }
  if (Array.isArray(p.anyOf) && p.anyOf.length === 2) {
    const nul = p.anyOf.find((x) => x.type === 'null');
    const other = p.anyOf.find((x) => x.type !== 'null');
    const t2 = nul && other && simpleType(other);
    if (t2 && t2 !== 'boolean') return [t2, true, other];
  }
  return ['json', false];
}
const sameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Inputs for every property; read() returns only the values that differ from the defaults. */
function schemaForm(schema, prefix) {
  const props = (schema && schema.properties) || {};
  const main = [];
  const more = [];
  const readers = [];
  for (const [name, p] of Object.entries(props)) {
    const [type, nullable, inner] = classify(p);
    const spec = inner || p;
    const def = p.default;
    let input;
    let read;
    const id = prefix + '-' + name;
    if (type === 'const') {
      input = h('input', { type: 'text', id, name, readonly: true, value: JSON.stringify(p.const), class: 'mono' });
      read = () => undefined;
    } else if (type === 'boolean') {
      input = h('input', { type: 'checkbox', id, name, checked: def === true });
      read = () => input.checked;
    } else if (type === 'enum') {
      input = select(spec.enum.map(String), def === undefined || def === null ? spec.enum[0] : String(def), { id, name });
      read = () => spec.enum.find((v) => String(v) === input.value);
    } else if (type === 'integer' || type === 'number') {
      const min = spec.minimum ?? (spec.exclusiveMinimum !== undefined ? (type === 'integer' ? spec.exclusiveMinimum + 1 : undefined) : undefined);
      input = h('input', { type: 'number', id, name, step: type === 'integer' ? '1' : 'any', min, max: spec.maximum !== undefined && spec.maximum < 1e15 ? spec.maximum : undefined,
        value: def === null || def === undefined ? '' : String(def), placeholder: nullable ? 'auto (null)' : '' });
      read = () => (input.value === '' ? (nullable ? null : def) : Number(input.value));
    } else if (type === 'string') {
      input = h('input', { type: 'text', id, name, value: def === null || def === undefined ? '' : String(def), placeholder: nullable ? 'null' : '' });
      read = () => (input.value === '' && nullable ? null : input.value);
    } else {
      input = h('input', { type: 'text', id, name, class: 'mono', value: def === undefined ? '' : JSON.stringify(def), placeholder: 'JSON' });
      read = () => {
        if (input.value.trim() === '') return def;
        try { return JSON.parse(input.value); } catch (e) { throw new Error(name + ': not valid JSON'); }
      };
    }
    const hint = [p.description, type === 'json' ? 'JSON' : null].filter(Boolean).join(' · ');
    (p.description && type !== 'const' ? main : more).push(field(name, input, hint || null));
    readers.push([name, read, def, input]);
  }
  const el = h('div', { class: 'stack' },
    main.length ? h('div', { class: 'fields' }, main) : null,
    more.length ? h('details', null, h('summary', null, 'More options (' + more.length + ')'), h('div', { class: 'fields' }, more)) : null,
    !main.length && !more.length ? h('p', { class: 'muted small', text: 'This method has no options.' }) : null);
  return {
    el,
    read() {
      const out = {};
      for (const [name, read, def] of readers) {
        const v = read();
        if (v !== undefined && !sameJson(v, def)) out[name] = v;
      }
      return out;
    },
    markInvalid(name) {
      const r = readers.find((x) => x[0] === name);
      if (r) { r[3].setAttribute('aria-invalid', 'true'); r[3].focus(); }
    },
  };
}

`;
