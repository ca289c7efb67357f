import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { frameResponse, httpGet, parseStatusLine } from '../../src/core/probes/burstHttp';
import { DEADLINE_CODE, connectErrorMeaning, describeConnectError } from '../../src/core/probes/connectErrors';
import {
  CONFIRM_CONCURRENCY,
  CONFIRM_COUNT,
  HARD_MAX_CONCURRENCY,
  HARD_MAX_COUNT,
  needsConfirmation,
  planBurst,
} from '../../src/core/probes/burstLimits';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('httpGet', () => {
  it('writes a minimal HTTP/1.1 GET', () => {
    assert.equal(
      httpGet('example.test', '/test.txt', false),
      'GET /test.txt HTTP/1.1\r\nHost: example.test\r\nUser-Agent: vps-doctor\r\nAccept: */*\r\nConnection: close\r\n\r\n',
    );
    assert.match(
      httpGet('::1', 'x', true),
      /^GET \/x HTTP\/1\.1\r\nHost: \[::1\]\r\n.*Connection: keep-alive\r\n\r\n$/s,
    );
  });

  it('cannot be made to carry an injected header', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (host, path) => {
        const req = httpGet(host, path, true);
        assert.equal(req.split('\r\n').length, 7);
        assert.ok(req.startsWith('GET /'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseStatusLine', () => {
  it('reads the code', () => {
    assert.deepEqual(parseStatusLine('HTTP/1.1 200 OK'), { ok: true, value: 200 });
    assert.deepEqual(parseStatusLine('HTTP/1.0 404'), { ok: true, value: 404 });
  });
  it('rejects what is not a status line, naming line 1', () => {
    const r = parseStatusLine('SSH-2.0-OpenSSH_9.2');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.line, 1);
  });
});

describe('frameResponse', () => {
  const head = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n';
  it('Content-Length: incomplete until the body is in, then the exact length', () => {
    assert.deepEqual(frameResponse(b(head + 'hel')), { ok: true, value: null });
    assert.deepEqual(frameResponse(b(head + 'hello' + 'HTTP/1.1')), {
      ok: true,
      value: { status: 200, length: head.length + 5, close: false, interim: false },
    });
  });
  it('chunked bodies, with extensions and trailers', () => {
    const body = '4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nExpires: never\r\n\r\n';
    const r = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' + body;
    for (let cut = 0; cut < r.length; cut++)
      assert.deepEqual(frameResponse(b(r.slice(0, cut))), { ok: true, value: null }, `cut at ${cut}`);
    assert.deepEqual(frameResponse(b(r + 'next')), {
      ok: true,
      value: { status: 200, length: r.length, close: false, interim: false },
    });
  });
  it('204, 304 and 1xx have no body; Connection: close and bare HTTP/1.0 end keep-alive', () => {
    const r204 = 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n';
    assert.deepEqual(frameResponse(b(r204)), {
      ok: true,
      value: { status: 204, length: r204.length, close: false, interim: false },
    });
    const r100 = 'HTTP/1.1 100 Continue\r\n\r\n';
    assert.deepEqual(frameResponse(b(r100)), {
      ok: true,
      value: { status: 100, length: r100.length, close: false, interim: true },
    });
    const closing = 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';
    assert.equal((frameResponse(b(closing)) as { value: { close: boolean } }).value.close, true);
    const old = 'HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n';
    assert.equal((frameResponse(b(old)) as { value: { close: boolean } }).value.close, true);
  });
  it('errors: no length, a bad length, a bad chunk size, a bad header line, a head that never ends', () => {
    for (const bad of [
      'HTTP/1.1 200 OK\r\n\r\nbody',
      'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
      'x'.repeat(70_000),
    ]) {
      assert.equal(frameResponse(b(bad)).ok, false, JSON.stringify(bad.slice(0, 40)));
    }
  });
  it('is total and never frames past the buffer (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const r = frameResponse(b(`HTTP/1.1 200 OK\r\n${s}`));
        if (r.ok && r.value) assert.ok(r.value.length <= Buffer.byteLength(`HTTP/1.1 200 OK\r\n${s}`, 'latin1'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('connect error meanings', () => {
  it('names what each code means', () => {
    assert.match(connectErrorMeaning('ECONNREFUSED'), /nothing is listening/);
    assert.match(connectErrorMeaning('ETIMEDOUT'), /SYN/);
    assert.match(connectErrorMeaning(DEADLINE_CODE), /unanswered/);
    assert.match(connectErrorMeaning('EADDRNOTAVAIL'), /ephemeral ports/);
    assert.match(connectErrorMeaning('EMFILE'), /open files/);
    assert.match(connectErrorMeaning('ENOBUFS'), /buffer/);
    for (const code of ['EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'])
      assert.doesNotMatch(connectErrorMeaning(code), new RegExp(`failed with ${code}`));
    assert.equal(connectErrorMeaning('EWEIRD'), 'the connection failed with EWEIRD');
    assert.equal(connectErrorMeaning('toString'), 'the connection failed with toString');
  });
  it('describes thrown values with or without a code', () => {
    assert.deepEqual(describeConnectError(Object.assign(new Error('x'), { code: 'ECONNRESET' })), {
      code: 'ECONNRESET',
      meaning: connectErrorMeaning('ECONNRESET'),
    });
    assert.deepEqual(describeConnectError(new Error('boom')), {
      code: 'UNKNOWN',
      meaning: 'the connection failed: boom',
    });
    assert.equal(describeConnectError(null).code, 'UNKNOWN');
  });
});

describe('burst limits', () => {
  it("defaults to the seed's 32 at 4", () =>
    assert.deepEqual(planBurst(undefined, undefined), { count: 32, concurrency: 4, minStartGapMs: 5 }));
  it('clamps to the settings and never past the hard ceilings', () => {
    assert.deepEqual(planBurst(5000, 500), {
      count: HARD_MAX_COUNT,
      concurrency: HARD_MAX_CONCURRENCY,
      minStartGapMs: 5,
    });
    assert.deepEqual(planBurst(500, 50, { maxCount: 100, maxConcurrency: 8, maxRatePerSecond: 10 }), {
      count: 100,
      concurrency: 8,
      minStartGapMs: 100,
    });
    assert.deepEqual(planBurst(50, 8, { maxCount: 1e9, maxConcurrency: 1e9, maxRatePerSecond: 1e9 }), {
      count: 50,
      concurrency: 8,
      minStartGapMs: 5,
    });
    assert.deepEqual(planBurst(3, 10), { count: 3, concurrency: 3, minStartGapMs: 5 });
    assert.deepEqual(planBurst(Number.NaN, -2), { count: 32, concurrency: 1, minStartGapMs: 5 });
  });
  it('asks for confirmation above the thresholds', () => {
    assert.equal(needsConfirmation(32, 4), false);
    assert.equal(needsConfirmation(CONFIRM_COUNT, CONFIRM_CONCURRENCY), false);
    assert.equal(needsConfirmation(CONFIRM_COUNT + 1, 4), true);
    assert.equal(needsConfirmation(32, CONFIRM_CONCURRENCY + 1), true);
    assert.equal(needsConfirmation(Number.NaN, 4), true);
  });
});
