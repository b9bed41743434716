import { describe, expect, it } from 'vitest';
import { cleanHtml } from '../../src/records/clean-html.js';
import { cleanText, repairMojibake, simplifyLatex } from '../../src/records/clean-text.js';

describe('cleaning feed text for chat', () => {
  it('simplifies the LaTeX abstracts carry', () => {
    expect(simplifyLatex('trees of depth $L$ need \\emph{exponential} samples')).toBe(
      'trees of depth L need exponential samples',
    );
    expect(simplifyLatex('the exponent $\\beta$ with $ε_t\\sim P^{-\\beta}$')).toBe(
      'the exponent β with ε_t~ P^-β',
    );
    expect(simplifyLatex('\\textit{(i)} fine-tuning and \\textbf{\\emph{nested}}')).toBe(
      '(i) fine-tuning and nested',
    );
    expect(simplifyLatex('costs 5\\% and \\& more')).toBe('costs 5% and & more');
  });

  it('turns HTML into plain text, dropping scripts', () => {
    expect(cleanHtml('<p>Hello &amp; <b>world</b></p><script>alert(1)</script>')).toBe('Hello & world');
    expect(cleanHtml('5 &lt; 7 and <a href="http://x">a link</a>')).toBe('5 < 7 and a link');
  });

  it('keeps text with a bare less-than sign as it is', () => {
    expect(cleanText('V_max<17.5 in the fields')).toBe('V_max<17.5 in the fields');
  });

  it('collapses white space and hard wraps', () => {
    expect(cleanText('  As helium-4 is cooled\nbelow 2.17 K it\n  undergoes ')).toBe(
      'As helium-4 is cooled below 2.17 K it undergoes',
    );
  });

  it('repairs UTF-8 read as Latin-1, and leaves clean text alone', () => {
    expect(repairMojibake('RamÃ­rez and JosÃ© MarÃ­a')).toBe('Ramírez and José María');
    expect(repairMojibake('Ramírez and Zürich')).toBe('Ramírez and Zürich');
    expect(repairMojibake('Ã alone')).toBe('Ã alone');
  });

  it('keeps a title that is just "0"', () => {
    expect(cleanText('0')).toBe('0');
  });
});
