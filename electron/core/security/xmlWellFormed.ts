// A strict XML 1.0 well-formedness check for the parts of Office files (slide XML, shared strings): one root
// element, tags that nest and close, quoted attributes without duplicates, only the five predefined entities
// and valid character references, no '<' or ']]>' in text, and no character XML 1.0 forbids (the control
// characters that make PowerPoint offer a "repair"). No DTD: OOXML parts have none, so one is refused.
// Not a parser for general use: it answers "would a conforming parser accept this?" for tests.

export type XmlCheck = { ok: true; elements: number } | { ok: false; error: string; offset: number };

const NAME = /^[A-Za-z_:\u00C0-\uFFEF][\w.\-:\u00B7\u00C0-\uFFEF]*/;
const ENTITY = /^&(?:lt|gt|amp|apos|quot|#[0-9]+|#x[0-9A-Fa-f]+);/;

function validCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** The offset of the first character XML 1.0 cannot carry (control characters, U+FFFE/FFFF, lone surrogates), or -1. */
export function firstInvalidXmlChar(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (!validCodePoint(c)) return i;
  }
  return -1;
}

/** Checks the entity and character references of text or an attribute value. */
function checkRefs(s: string, base: number): { error: string; offset: number } | null {
  let i = s.indexOf('&');
  while (i !== -1) {
    const m = ENTITY.exec(s.slice(i, i + 16));
    if (!m) return { error: 'an & that starts no valid entity reference', offset: base + i };
    const ref = m[0];
    if (ref.startsWith('&#')) {
      const cp = ref[2] === 'x' ? parseInt(ref.slice(3, -1), 16) : parseInt(ref.slice(2, -1), 10);
      if (!validCodePoint(cp))
        return { error: `character reference ${ref} to a character XML forbids`, offset: base + i };
    }
    i = s.indexOf('&', i + ref.length);
  }
  return null;
}

export function checkXmlWellFormed(xml: string): XmlCheck {
  const fail = (error: string, offset: number): XmlCheck => ({ ok: false, error, offset });
  const bad = firstInvalidXmlChar(xml);
  if (bad !== -1)
    return fail(`character U+${xml.charCodeAt(bad).toString(16).padStart(4, '0')} is not allowed in XML`, bad);
  const stack: string[] = [];
  let roots = 0;
  let elements = 0;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (xml.startsWith('<?xml', i)) {
    const end = xml.indexOf('?>', i);
    if (end === -1) return fail('unterminated XML declaration', i);
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.length > 0) {
      if (stack.length === 0 && text.trim() !== '') return fail('text outside the root element', i);
      if (text.includes(']]>')) return fail("']]>' in text", i + text.indexOf(']]>'));
      const r = checkRefs(text, i);
      if (r) return fail(r.error, r.offset);
    }
    if (lt === -1) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) return fail('unterminated comment', i);
      if (xml.slice(i + 4, end).includes('--')) return fail("'--' inside a comment", i);
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) return fail('CDATA outside the root element', i);
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) return fail('unterminated CDATA section', i);
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) return fail('unterminated processing instruction', i);
      if (/^<\?xml[\s?]/i.test(xml.slice(i, i + 6))) return fail('XML declaration not at the start', i);
      i = end + 2;
    } else if (xml.startsWith('<!', i)) {
      return fail('a DTD or declaration (not expected in an Office part)', i);
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2, i + 2 + 256));
      if (!m) return fail('end tag without a name', i);
      const name = m[0];
      let j = i + 2 + name.length;
      while (/\s/.test(xml[j] ?? '')) j++;
      if (xml[j] !== '>') return fail(`malformed end tag </${name}`, i);
      const open = stack.pop();
      if (open !== name) return fail(`</${name}> closes <${open ?? '(nothing)'}>`, i);
      i = j + 1;
    } else {
      const m = NAME.exec(xml.slice(i + 1, i + 1 + 256));
      if (!m) return fail("'<' that starts no tag (unescaped < in text?)", i);
      const name = m[0];
      if (stack.length === 0) {
        roots++;
        if (roots > 1) return fail('a second root element', i);
      }
      let j = i + 1 + name.length;
      const attrs = new Set<string>();
      for (;;) {
        const ws = j;
        while (/\s/.test(xml[j] ?? '')) j++;
        if (xml[j] === '>' || xml.startsWith('/>', j)) break;
        if (j === ws) return fail(`attributes of <${name}> not separated by white space`, j);
        const a = NAME.exec(xml.slice(j, j + 256));
        if (!a) return fail(`malformed attribute in <${name}>`, j);
        if (attrs.has(a[0])) return fail(`duplicate attribute ${a[0]} in <${name}>`, j);
        attrs.add(a[0]);
        j += a[0].length;
        while (/\s/.test(xml[j] ?? '')) j++;
        if (xml[j] !== '=') return fail(`attribute ${a[0]} without a value`, j);
        j++;
        while (/\s/.test(xml[j] ?? '')) j++;
        const q = xml[j];
        if (q !== '"' && q !== "'") return fail(`unquoted value of ${a[0]}`, j);
        const end = xml.indexOf(q, j + 1);
        if (end === -1) return fail(`unterminated value of ${a[0]}`, j);
        const value = xml.slice(j + 1, end);
        if (value.includes('<')) return fail(`'<' in the value of ${a[0]}`, j);
        const r = checkRefs(value, j + 1);
        if (r) return fail(r.error, r.offset);
        j = end + 1;
      }
      elements++;
      if (xml[j] === '>') {
        stack.push(name);
        i = j + 1;
      } else i = j + 2;
    }
  }
  if (stack.length > 0) return fail(`<${stack[stack.length - 1] ?? ''}> is never closed`, xml.length);
  if (roots === 0) return fail('no root element', 0);
  return { ok: true, elements };
}
