/**
 * What a channel reads when a source could not be read for its digest: a catalogue sentence in the
 * channel's language naming the source and the kind of failure, never the log's raw error or URL.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeIngestProblem } from '../../src/digest/ingest-problems.js';
import { translator } from '../../src/i18n/messages.js';
import { tsFiles } from '../architecture/rules.js';

const root = resolve(import.meta.dirname, '../..');

const en = translator('en');
const zh = translator('zh');

describe('describeIngestProblem', () => {
  it('names the source and the kind of failure in English and Chinese', () => {
    expect(describeIngestProblem({ source: 'arxiv-rss', kind: 'failed', code: 'network' }, en)).toBe(
      '⚠️ arXiv could not be read (network error): some papers may be missing from this digest.',
    );
    expect(describeIngestProblem({ source: 'arxiv-rss', kind: 'failed', code: 'network' }, zh)).toBe(
      '⚠️ 无法读取 arXiv（网络错误）：本次日报可能缺少部分论文。',
    );
    expect(describeIngestProblem({ source: 'hf', kind: 'failed', code: 'hf_bad_json' }, en)).toBe(
      '⚠️ Hugging Face Papers could not be read (the answer was not a valid feed): some papers may be missing from this digest.',
    );
    expect(describeIngestProblem({ source: 'journal', kind: 'skipped', code: 'timeout' }, zh)).toBe(
      '⚠️ 未能及时读取 期刊订阅源（抓取超时被中止）：本次日报可能缺少部分论文。',
    );
  });

  it('groups the sources’ error codes by what a reader can act on', () => {
    const reason = (code: string) => describeIngestProblem({ source: 'arxiv-rss', kind: 'failed', code }, en).match(/\((.*)\)/)![1];
    expect(['network', 'hf_network', 'feed_network', 'crossref_network'].map(reason)).toEqual(Array(4).fill('network error'));
    expect(['http_status', 'http_unavailable', 'hf_http', 'feed_http', 'arxiv_api_error'].map(reason)).toEqual(Array(5).fill('the server answered with an error'));
    expect(['timeout', 'aborted'].map(reason)).toEqual(Array(2).fill('no answer in time'));
    expect(reason('rate_limited')).toBe('too many requests: the server asked us to wait');
    expect(reason('too_large')).toBe('the answer was too large');
    expect(['not_xml', 'xml_malformed', 'not_rss', 'not_atom', 'feed_error'].map(reason)).toEqual(Array(5).fill('the answer was not a valid feed'));
    expect(reason('internal')).toBe('an internal error, logged for the operators');
    expect(reason('something_new')).toBe('error something_new');
  });

  it('has a reason for every error code a source can throw', () => {
    const codes = new Set<string>();
    for (const file of tsFiles(join(root, 'src'))) {
      // the first argument of each `new SourceError(…)`: a code, or a conditional choosing between codes
      for (const m of readFileSync(file, 'utf8').matchAll(/new SourceError\(\s*([^,]+),/g)) {
        for (const q of m[1]!.matchAll(/'([a-z_]+)'/g)) codes.add(q[1]!);
      }
    }
    expect(codes.size).toBeGreaterThan(20);
    const unmapped = [...codes].filter((code) => describeIngestProblem({ source: 'hf', kind: 'failed', code }, en).includes(`error ${code}`));
    expect(unmapped).toEqual([]);
  });

  it('names a source it does not know by its id', () => {
    expect(describeIngestProblem({ source: 'biorxiv', kind: 'failed', code: 'network' }, en)).toMatch(/^⚠️ biorxiv could not be read/);
  });
});
