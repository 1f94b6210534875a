import { describe, expect, it } from 'vitest';
import { commandSpecs } from '../../commands/index.js';
import { parseCommandText } from '../../src/chat/parse-command-text.js';
import { UserError } from '../../src/errors.js';

describe('parseCommandText', () => {
  it('keeps the rest of the line as the query, quotes included', () => {
    expect(parseCommandText('/radar add "mixture of experts" routing -survey', commandSpecs)).toEqual({
      name: 'add',
      options: { query: '"mixture of experts" routing -survey' },
    });
    expect(parseCommandText('add (MoE OR "mixture-of-experts") AND cat:cs.CL', commandSpecs).options.query).toBe(
      '(MoE OR "mixture-of-experts") AND cat:cs.CL',
    );
  });

  it('coerces integers and accepts #3', () => {
    expect(parseCommandText('/radar remove 3', commandSpecs)).toEqual({ name: 'remove', options: { id: 3 } });
    expect(parseCommandText('/radar remove #4', commandSpecs).options.id).toBe(4);
    expect(() => parseCommandText('/radar remove three', commandSpecs)).toThrow(/whole number/);
  });

  it('fills positional options and checks choices', () => {
    expect(parseCommandText('/radar settings size 5', commandSpecs).options).toEqual({ name: 'size', value: '5' });
    expect(parseCommandText('/radar settings timezone Asia/Shanghai', commandSpecs).options.value).toBe('Asia/Shanghai');
    expect(() => parseCommandText('/radar settings colour blue', commandSpecs)).toThrow(/must be one of/);
  });

  it('treats an empty line as help and rejects unknown commands clearly', () => {
    expect(parseCommandText('/radar', commandSpecs).name).toBe('help');
    expect(parseCommandText('', commandSpecs).name).toBe('help');
    expect(() => parseCommandText('/radar frobnicate', commandSpecs)).toThrow(UserError);
    expect(() => parseCommandText('/radar frobnicate', commandSpecs)).toThrow(/Unknown command `frobnicate`/);
  });

  it('reports a missing required option with the usage', () => {
    expect(() => parseCommandText('/radar add', commandSpecs)).toThrow(/Missing `query`.*\/radar add <query>/);
  });

  it('refuses absurdly long lines without work', () => {
    expect(() => parseCommandText(`/radar add ${'x '.repeat(5000)}`, commandSpecs)).toThrow(/too long/);
  });
});
