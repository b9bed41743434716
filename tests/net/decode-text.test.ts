/** decodeText on real feeds in legacy encodings (tests/fixtures/generic_feeds, see PROVENANCE.md). */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeText, encodingFromXmlDeclaration } from '../../src/net/decode-text.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/generic_feeds/${name}`, import.meta.url));

describe('decodeText on real feeds', () => {
  it('decodes GB2312 (declared in the XML declaration)', () => {
    const text = decodeText(fixture('rss2_gb2312_tencent.xml'));
    expect(text).toContain('<title>互联网</title>');
    expect(text).toContain('拟298亿元重组盛大游戏后 世纪华通发20亿回购预案');
  });

  it('decodes declared ISO-8859-1 (Portuguese)', () => {
    const text = decodeText(fixture('rss2_iso-8859-1_declared_jn_pt_feedburner.rss'));
    expect(text).toContain('<title>Jornal de Notícias - Últimas Notícias</title>');
    expect(text).not.toContain('\uFFFD');
  });

  it('decodes declared ISO-8859-2 (Polish)', () => {
    const text = decodeText(fixture('rss2_iso-8859-2_enclosure_dc_creator_cdata.rss'));
    expect(text).toContain('<title>ZAŻÓŁĆ GĘSLĄ JAŹŃ</title>');
    expect(text).toContain('<![CDATA[Adam Gżegżółka]]>');
  });

  it('falls back to windows-1252 for an undeclared latin1 feed', () => {
    const text = decodeText(fixture('rss_no_xml_decl_undeclared_latin1_cdata_links_uol.rss'));
    expect(text).toContain('<description>Últimas Notícias</description>');
    expect(text).toContain('simulações de 2º turno');
  });

  it('trusts a UTF-8 BOM over invalid bytes, replacing them, and strips the BOM', () => {
    const text = decodeText(fixture('rss2_bom_plus_invalid_utf8_bytes.xml'));
    expect(text.startsWith('<!--')).toBe(true);
    expect(text).toContain('<title>Valid UTF8: ѨInvalid UTF8: Espa\uFFFDa</title>');
  });
});

describe('decodeText evidence order', () => {
  const latin1Xml = (declared: string) =>
    Buffer.concat([
      Buffer.from(`<?xml version="1.0" encoding="${declared}"?><t>`),
      Buffer.from([0xe9]),
      Buffer.from('</t>'),
    ]);

  it('prefers the Content-Type charset over the XML declaration', () => {
    const body = iconv.encode('<?xml version="1.0" encoding="iso-8859-1"?><t>ł</t>', 'iso-8859-2');
    expect(decodeText(body, 'application/xml; charset="ISO-8859-2"')).toBe(
      '<?xml version="1.0" encoding="iso-8859-1"?><t>ł</t>',
    );
  });

  it('ignores an unknown charset label and uses the next clue', () => {
    expect(decodeText(latin1Xml('iso-8859-1'), 'text/xml; charset=x-unknown')).toBe(
      '<?xml version="1.0" encoding="iso-8859-1"?><t>é</t>',
    );
  });

  it('ignores a UTF-16 declaration in a document readable as ASCII', () => {
    expect(decodeText(Buffer.from('<?xml version="1.0" encoding="UTF-16"?><t>é</t>'))).toBe(
      '<?xml version="1.0" encoding="UTF-16"?><t>é</t>',
    );
  });

  it('reads windows-1252 punctuation in declared latin1', () => {
    const body = Buffer.concat([Buffer.from('<t encoding>'), Buffer.from([0x93, 0x41, 0x94, 0x80])]);
    expect(decodeText(body, 'text/plain; charset=iso-8859-1')).toBe('<t encoding>\u201cA\u201d\u20ac');
  });

  it('decodes UTF-16 with a BOM', () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('<t>ą</t>', 'utf-16le')]);
    expect(decodeText(body)).toBe('<t>ą</t>');
  });

  it('reads undeclared valid UTF-8 as UTF-8', () => {
    expect(decodeText(Buffer.from('<t>Zürich — 東京</t>'))).toBe('<t>Zürich — 東京</t>');
  });
});

describe('declared UTF-8, decoded by Node instead of iconv-lite', () => {
  it('gives what iconv-lite gives, invalid and truncated sequences included', () => {
    // After a first `<`: no byte order mark or 16-bit `<` to take precedence over the charset.
    const bytes = fc.uint8Array({ maxLength: 64 }).map((array) => Buffer.concat([Buffer.from('<'), array]));
    fc.assert(
      fc.property(bytes, (body) => {
        const expected = iconv.decode(body, 'utf-8', { stripBOM: false });
        expect(decodeText(body, 'application/atom+xml; charset=UTF-8')).toBe(expected);
        const declared = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="utf-8"?>'), body]);
        expect(decodeText(declared)).toBe(iconv.decode(declared, 'utf-8', { stripBOM: false }));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('charset clues', () => {
  it.each([
    ['text/xml; charset=UTF-8', 'UTF-8'],
    ['application/rss+xml;charset="iso-8859-1"', 'iso-8859-1'],
    ['text/calendar; method=PUBLISH; charset=utf-8', 'utf-8'],
    ['text/xml', undefined],
    [undefined, undefined],
  ])('charsetFromContentType(%s) is %s', (contentType, charset) => {
    expect(charsetFromContentType(contentType)).toBe(charset);
  });

  it('finds the XML declaration after a leading comment and ignores it in the body', () => {
    expect(
      encodingFromXmlDeclaration(Buffer.from("<!-- x -->\n<?xml version='1.0' encoding='windows-1250'?>")),
    ).toBe('windows-1250');
    expect(
      encodingFromXmlDeclaration(Buffer.from('<rss><title>encoding="koi8-r"</title></rss>')),
    ).toBeUndefined();
  });
});
