import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { escapeHtml, jsonForScript, sha256Source, standalonePage, webviewPage } from '../../src/core/report/htmlCsp';
import { reportHtml } from '../../src/core/report/reportHtml';
import { parseResultJson } from '../../src/core/resultModel/resultParse';
import { DATA_ELEMENT_ID, parseHostMessage } from '../../src/shared/protocol';

const PANEL = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/report.css',
  view: 'report' as const,
  title: 'VPS Doctor: <seed>',
};

/** The CSP of a page, as directive -> sources. */
function csp(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'no CSP meta');
  const text = m[1].replaceAll('&#39;', "'").replaceAll('&amp;', '&');
  return new Map(
    text
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
}

const scripts = (html: string): { attrs: string; body: string }[] =>
  [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1], body: m[2] }));

test('panel page: a fresh nonce per render, strict CSP first in head, no inline script', () => {
  const a = webviewPage(PANEL);
  const b = webviewPage(PANEL);
  assert.notEqual(a.nonce, b.nonce);
  assert.equal(Buffer.from(a.nonce, 'base64').length, 16);
  const policy = csp(a.html);
  assert.deepEqual(policy.get('default-src'), ["'none'"]);
  assert.deepEqual(policy.get('script-src'), [`'nonce-${a.nonce}'`]);
  assert.deepEqual(policy.get('style-src'), [PANEL.cspSource]);
  assert.ok(!a.html.includes('unsafe-inline') && !a.html.includes('unsafe-eval'));
  assert.ok(a.html.indexOf('Content-Security-Policy') < a.html.indexOf('<title>'), 'CSP must come first');
  const s = scripts(a.html);
  assert.equal(s.length, 1);
  assert.equal(s[0].body, '', 'the panel has no inline script');
  assert.ok(s[0].attrs.includes(`nonce="${a.nonce}"`) && s[0].attrs.includes(`src="${PANEL.scriptUri}"`));
  assert.ok(a.html.includes('<title>VPS Doctor: &lt;seed&gt;</title>'));
  assert.ok(!/ style=/.test(a.html), 'no style attributes');
});

test('exported page: default-src none, the one inline script and style allowed only by their hashes', () => {
  const script = 'console.log("</script><script>alert(1)</script>")';
  const css = 'body { color: red }';
  const html = standalonePage({
    title: 't',
    css,
    script,
    data: { type: 'x', text: '</script><script>alert(2)</script><!--' },
    view: 'report',
  });
  const policy = csp(html);
  assert.deepEqual(policy.get('default-src'), ["'none'"]);
  assert.ok(!html.includes('unsafe-inline') && !html.includes('unsafe-eval') && !html.includes("'nonce-"));
  const s = scripts(html);
  assert.equal(s.length, 2, 'the data block and the code, nothing injected');
  const [data, code] = s;
  assert.ok(data.attrs.includes('type="application/json"') && data.attrs.includes(`id="${DATA_ELEMENT_ID}"`));
  assert.deepEqual(JSON.parse(data.body), { type: 'x', text: '</script><script>alert(2)</script><!--' });
  const hash = `'sha256-${createHash('sha256').update(code.body).digest('base64')}'`;
  assert.deepEqual(policy.get('script-src'), [hash]);
  assert.equal(code.body, 'console.log("<\\/script><script>alert(1)<\\/script>")');
  assert.deepEqual(policy.get('style-src'), [sha256Source(css)]);
});

test('escaping helpers', () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = jsonForScript(value);
      assert.ok(!/[<>&\u2028\u2029]/.test(text));
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
    }),
    { numRuns: 200 },
  );
});

test('reportHtml embeds the report digest as a valid `report` message, IPs masked unless asked', () => {
  const r = parseResultJson(
    readFileSync(join(__dirname, '..', 'fixtures', 'report', 'upstream-filter.result.json'), 'utf8'),
  );
  assert.ok(r.ok);
  if (!r.ok) return;
  const assets = { script: 'void 0;', css: 'body{}' };
  const data = (html: string): unknown => JSON.parse(scripts(html)[0].body);
  const masked = reportHtml(r.value, assets, { includePublicIps: false });
  const message = parseHostMessage(data(masked));
  assert.equal(message?.type, 'report');
  assert.ok(!masked.includes('203.0.113.7'));
  assert.ok(reportHtml(r.value, assets, { includePublicIps: true }).includes('203.0.113.7'));
  assert.ok(masked.includes('<title>VPS Doctor: seed-vps: Upstream SYN filter</title>'));
});
