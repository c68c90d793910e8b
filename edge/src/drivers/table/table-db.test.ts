import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EdgetuneError } from '../../errors/index.ts';
import { col } from './schema.ts';
import { TableDb } from './table-db.ts';

function db(): TableDb {
  const d = new TableDb();
  d.createTable({ name: 't', columns: { id: col('text'), name: col('text'), n: col('integer?') }, primaryKey: ['id'], unique: [['name']] });
  return d;
}

test('insert fills nullable columns, rejects unknown columns, wrong types and NOT NULL gaps', () => {
  const d = db();
  assert.deepEqual(d.write((tx) => tx.insert('t', { id: 'a', name: 'x' })), { id: 'a', name: 'x', n: null });
  assert.throws(() => d.write((tx) => tx.insert('t', { id: 'b', name: 'y', extra: 1 })), /no column extra/);
  assert.throws(() => d.write((tx) => tx.insert('t', { id: 'b', name: 'y', n: 1.5 })), /expects integer/);
  assert.throws(() => d.write((tx) => tx.insert('t', { id: 'b' })), /NOT NULL/);
});

test('duplicate primary or unique keys are 409 conflicts', () => {
  const d = db();
  d.write((tx) => tx.insert('t', { id: 'a', name: 'x' }));
  for (const row of [{ id: 'a', name: 'z' }, { id: 'b', name: 'x' }]) {
    assert.throws(() => d.write((tx) => tx.insert('t', row)), (e) => e instanceof EdgetuneError && e.status === 409);
  }
});

test('a transaction that throws leaves nothing behind; commit hooks see only whole transactions', () => {
  const d = db();
  const commits: number[] = [];
  d.onCommit = (x) => commits.push(x.dump().t!.length);
  assert.throws(() => d.write((tx) => {
    tx.insert('t', { id: 'a', name: 'x' });
    tx.insert('t', { id: 'b', name: 'x' }); // unique violation
  }));
  assert.deepEqual(d.read((tx) => tx.select('t')), []);
  d.write((tx) => {
    tx.insert('t', { id: 'a', name: 'x' });
    tx.insert('t', { id: 'b', name: 'y' });
  });
  assert.deepEqual(commits, [2]);
});

test('a failing commit hook (disk full) rolls the transaction back', () => {
  const d = db();
  d.onCommit = () => {
    throw new Error('ENOSPC');
  };
  assert.throws(() => d.write((tx) => tx.insert('t', { id: 'a', name: 'x' })), /ENOSPC/);
  assert.deepEqual(d.read((tx) => tx.select('t')), []);
});

test('rows handed out are copies', () => {
  const d = db();
  d.write((tx) => tx.insert('t', { id: 'a', name: 'x' }));
  const row = d.read((tx) => tx.get<{ name: string }>('t', { id: 'a' }))!;
  row.name = 'changed';
  assert.equal(d.read((tx) => tx.get<{ name: string }>('t', { id: 'a' }))!.name, 'x');
});
