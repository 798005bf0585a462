import BetterSqlite3 from 'better-sqlite3';
import { withStatementCache } from '../../src/store/db';

describe('SQLite prepared-statement cache', () => {
  let raw: BetterSqlite3.Database;
  beforeEach(() => {
    raw = new BetterSqlite3(':memory:');
    raw.exec('create table t (x integer)');
    raw.exec('insert into t values (1), (2), (3)');
  });
  afterEach(() => raw.close());

  it('prepares a statement once per SQL text', () => {
    const db = withStatementCache(raw);
    const a = db.prepare('select x from t where x = ?');
    expect(db.prepare('select x from t where x = ?')).toBe(a);
    expect(db.prepare('select x from t where x > ?')).not.toBe(a);
    expect(a.all([2])).toEqual([{ x: 2 }]);
  });

  it('keeps a bounded number, dropping the least recently used', () => {
    const db = withStatementCache(raw, 2);
    const one = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 1'); // used again: now the most recent
    db.prepare('select 3'); // evicts 'select 2'
    expect(db.prepare('select 1')).toBe(one);
    const two = db.prepare('select 2');
    expect(db.prepare('select 2')).toBe(two);
  });

  it('never hands out a statement that is still iterating', () => {
    const db = withStatementCache(raw);
    const first = db.prepare('select x from t');
    const rows = first.iterate([]);
    rows.next();
    const second = db.prepare('select x from t');
    expect(second).not.toBe(first);
    expect(second.all([])).toHaveLength(3);
    rows.return?.();
  });
});
