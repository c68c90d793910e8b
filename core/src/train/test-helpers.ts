// Test helpers for the trainer's tests (not used by the trainer itself).

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A strict little XML reader: one root, balanced tags, quoted attributes, only the five entities. */
export function parseXml(src: string): XmlNode {
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const unescape = (s: string) => {
    if (/&(?!(?:amp|lt|gt|quot|apos);)/.test(s)) throw new Error(`bad entity in ${JSON.stringify(s.slice(0, 40))}`);
    return s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
  };
  let at = 0;
  while (at < src.length) {
    token.lastIndex = at;
    const m = token.exec(src);
    if (!m) throw new Error(`not well-formed at ${at}: ${JSON.stringify(src.slice(at, at + 40))}`);
    at = token.lastIndex;
    const top = stack.at(-1)!;
    if (m[5] !== undefined) {
      if (stack.length === 1 && m[5].trim()) throw new Error('text outside the root element');
      top.text += unescape(m[5]);
    } else if (m[1]) {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else {
      const attrs = Object.fromEntries([...m[3]!.matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => [a[1]!, unescape(a[2]!)]));
      const node: XmlNode = { name: m[2]!, attrs, children: [], text: '' };
      top.children.push(node);
      if (!m[4]) stack.push(node);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (root.children.length !== 1) throw new Error('expected one root element');
  return root.children[0]!;
}

export const descendants = (n: XmlNode): XmlNode[] => n.children.flatMap((c) => [c, ...descendants(c)]);
