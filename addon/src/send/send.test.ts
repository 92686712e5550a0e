import { describe, expect, it } from 'vitest';
import { describeAnswer, sendToRmc, syncUrl } from './send.js';
import { memoryEnv } from '../testing/memory-ports.js';

describe('syncUrl', () => {
  it('joins the address and the ММО number', () => {
    expect(syncUrl('https://mmo.diro.ru/', 3)).toBe('https://mmo.diro.ru/api/sync/3');
  });
});

describe('describeAnswer', () => {
  it.each([
    [404, 'не знает такого адреса'],
    [413, 'отклонил отправку (код 413)'],
    [502, 'произошёл сбой (код 502)'],
  ])('%i', (status, text) => {
    const message = describeAnswer({ status, body: '{"error":"Текст сервиса"}' }, 1);
    expect(message).toContain(text);
    expect(message).toContain('«Текст сервиса»');
    expect(message).toContain('Данные в таблице не изменены.');
  });

  it('lists at most ten problems and says how many more', () => {
    const answer = {
      runId: 1,
      startedAt: '',
      finishedAt: '',
      mmo: 2,
      sources: [],
      sheets: [],
      problems: Array.from({ length: 14 }, (_, i) => ({
        severity: 'warning' as const,
        text: `замечание ${i}`,
      })),
    };
    const message = describeAnswer({ status: 200, body: JSON.stringify(answer) }, 2);
    expect(message).toContain('замечание 9');
    expect(message).not.toContain('замечание 10');
    expect(message).toContain('…и ещё 4');
    expect(message).toContain('Ни одного листа по формам не найдено');
  });
});

describe('sendToRmc', () => {
  it('sends one request and no sheet calls at all', () => {
    const env = memoryEnv();
    env.properties.set('mmo.districtNo', '1');
    env.properties.set('mmo.serviceUrl', 'https://mmo.diro.ru');
    env.properties.set('mmo.token', 'secret-token-0001');
    sendToRmc(env);
    expect(env.requests).toEqual([
      {
        url: 'https://mmo.diro.ru/api/sync/1',
        headers: { Authorization: 'Bearer secret-token-0001' },
        body: { trigger: 'addon' },
      },
    ]);
    expect([...env.counter.counts.keys()].sort()).toEqual(['alert', 'getAll', 'post']);
  });
});
