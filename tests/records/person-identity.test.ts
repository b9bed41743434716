/**
 * Who a watched person is, apart from their reusable id: names written out and service ids, and
 * first sight worked out from it, stores written before identities included.
 */
import { describe, expect, it } from 'vitest';
import { personSchema } from '../../src/config/schema.js';
import { seenBy, unseenPeople, withSeen } from '../../src/pipeline/first-sight.js';
import { identityOf, sameIdentity } from '../../src/records/person-identity.js';

const person = (fields: Record<string, unknown>) => personSchema.parse({ aliases: [], ...fields });
const alessandro = person({ id: 'favero', name: 'Alessandro Favero', aliases: ['A. Favero'] });
const andrea = person({ id: 'favero', name: 'Andrea Favero', aliases: ['A. Favero'] });
const orcid = '0000-0002-1825-0097';

describe('identityOf and sameIdentity', () => {
  it('names written out identify; initials do not', () => {
    expect(identityOf(alessandro)).toEqual({ names: ['alessandro favero'], ids: [] });
    expect(sameIdentity(identityOf(alessandro), identityOf(andrea))).toBe(false);
    const renamed = person({ id: 'afavero', name: 'ALESSANDRO FAVERO' });
    expect(sameIdentity(identityOf(alessandro), identityOf(renamed))).toBe(true);
  });

  it('a person with initials only is known by them', () => {
    expect(identityOf(person({ id: 'x', name: 'A. Favero' })).names).toEqual(['a favero']);
  });

  it('a shared id is the same person whatever the names; an id of one kind that differs is not', () => {
    const withOrcid = person({ id: 'a', name: 'Alessandro Favero', orcid });
    const otherName = person({ id: 'b', name: 'Ale Favero', orcid: `https://orcid.org/${orcid}` });
    expect(sameIdentity(identityOf(withOrcid), identityOf(otherName))).toBe(true);
    const homonym = person({ id: 'c', name: 'Alessandro Favero', orcid: '0000-0001-5109-3700' });
    expect(sameIdentity(identityOf(withOrcid), identityOf(homonym))).toBe(false);
    // An id on one side only says nothing against the name.
    expect(sameIdentity(identityOf(withOrcid), identityOf(alessandro))).toBe(true);
  });

  it('INSPIRE BAIs and INSPIRE ids are different kinds', () => {
    const bai = person({ id: 'a', name: 'Edward Witten', inspireId: 'E.Witten.1' });
    const record = person({ id: 'b', name: 'Edward Witten', inspireId: 'INSPIRE-00140145' });
    expect(sameIdentity(identityOf(bai), identityOf(record))).toBe(true);
  });
});

describe('first sight', () => {
  const now = new Date('2026-11-23T09:00:00Z');

  it('remembers whom a source polled, removed people included, and knows them under another id', () => {
    const seen = withSeen([], [andrea], now);
    expect(unseenPeople([alessandro], seen)).toEqual(new Set(['favero']));
    const later = withSeen(seen, [alessandro], new Date('2026-11-24T09:00:00Z'));
    expect(later.map((identity) => [identity.names[0], identity.since])).toEqual([
      ['alessandro favero', '2026-11-24T09:00:00.000Z'],
      ['andrea favero', '2026-11-23T09:00:00.000Z'],
    ]);
    expect(unseenPeople([person({ id: 'andrea', name: 'Andrea Favero' })], later)).toEqual(new Set());
  });

  it('an edit (a new id) replaces what was remembered and keeps when the person was first seen', () => {
    const seen = withSeen([], [alessandro], now);
    const edited = person({ id: 'favero', name: 'Alessandro Favero', orcid });
    const after = withSeen(seen, [edited], new Date('2026-12-01T00:00:00Z'));
    expect(after).toEqual([{ ...identityOf(edited), personId: 'favero', since: now.toISOString() }]);
  });

  it('reads the ids stores kept before identities as the people who have them now', () => {
    const state = { failures: 0, peopleSeen: ['favero'], firstPolledAt: '2026-01-01T00:00:00.000Z' };
    const seen = seenBy(state, [alessandro, person({ id: 'wyart', name: 'Matthieu Wyart' })]);
    expect(seen).toEqual([
      { ...identityOf(alessandro), personId: 'favero', since: '2026-01-01T00:00:00.000Z' },
    ]);
    // Once identities are stored, the old list is not read again.
    expect(seenBy({ ...state, identitiesSeen: [] }, [alessandro])).toEqual([]);
  });
});
