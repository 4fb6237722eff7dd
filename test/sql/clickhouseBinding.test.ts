import { describe, expect, it } from 'vitest';
import { ClvError } from '../../src/errors.js';
import { boundClickHouse } from '../../src/node/clickhouse.js';
import { summarySql } from '../../src/sql/index.js';

describe('ClickHouse parameters: bound by the server from 19.11, checked date literals before', () => {
  const q = summarySql({
    dialect: 'clickhouse',
    table: 'orders',
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
  });

  it('a current server binds them itself: the text keeps its placeholders, the values go as query_params', () => {
    const bound = boundClickHouse(q.sql, q.params, true);
    expect(bound.query).toBe(q.sql);
    // observationEnd twice: the bound of the rows used (later rows are rejected), then the window's end.
    expect(bound.query_params).toEqual({ p1: '1998-06-30', p2: '1998-06-30', p3: '1997-09-30' });
  });

  it('18.x binds none: every placeholder becomes its ISO date as a string literal, nothing else', () => {
    const bound = boundClickHouse(q.sql, q.params, false);
    expect(bound.query_params).toBeUndefined();
    expect(bound.query).not.toMatch(/\{p\d+:String\}/);
    expect(bound.query).toContain("CAST('1998-06-30' AS DATE)");
    expect(bound.query).toContain("CAST('1997-09-30' AS DATE)");
    expect(
      bound.query
        .replace("'1998-06-30'", '{p1:String}')
        .replaceAll("'1998-06-30'", '{p2:String}')
        .replaceAll("'1997-09-30'", '{p3:String}'),
    ).toBe(q.sql);
  });

  it('anything but an ISO date is refused before it reaches the text', () => {
    for (const bad of ["1998-06-30'; DROP TABLE x; --", '30/06/1998', 19980630, null]) {
      expect(() => boundClickHouse('SELECT {p1:String}', [bad], false)).toThrow(ClvError);
      expect(() => boundClickHouse('SELECT {p1:String}', [bad], false)).toThrow(/not an ISO date/);
    }
  });
});
