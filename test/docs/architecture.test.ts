/**
 * docs/architecture.md maps each v1 setting to the code that realises it. The tables
 * are generated from the code (test/support/architecture.ts); this test fails when
 * they are out of date, and when a v1 setting has no realisation nor a reason.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ARCHITECTURE_DOC, regenerate, settingRows } from '../support/architecture';

describe('docs/architecture.md', () => {
  const rows = settingRows();

  test('its v1 setting tables are what the code says (run test/support/architecture.ts --write)', () => {
    const doc = fs.readFileSync(ARCHITECTURE_DOC, 'utf8');
    expect(doc).toBe(regenerate(doc, rows));
  });

  test('every v1 setting is read by the code that plans the objects, not only by the rules', () => {
    expect(rows.webservice.filter((r) => r.realisedBy.length === 0).map((r) => r.prop)).toEqual([]);
    expect(rows.cluster.filter((r) => r.realisedBy.length === 0).map((r) => r.prop)).toEqual([]);
    expect(rows.webservice.length).toBe(31);
    expect(rows.cluster.length).toBeGreaterThanOrEqual(21);
  });

  test('the tables name real files', () => {
    for (const r of [...rows.webservice, ...rows.cluster]) {
      for (const where of r.realisedBy) expect(fs.existsSync(path.join(__dirname, '..', '..', 'src', where.split(' → ')[0]))).toBe(true);
    }
  });
});
