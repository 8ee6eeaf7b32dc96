import { describe, expect, it } from 'vitest';
import { authorsOf } from '../../../../lambdas/core/content/authors.js';

const AP = 'The Associated Press';

describe('authorsOf', () => {
  it('credits the agency on a byline that has no affiliation of its own', () => {
    expect(authorsOf([{ name: 'Julie Pace' }], AP)).toEqual({
      people: [{ name: `Julie Pace, ${AP}` }],
      line: `Julie Pace, ${AP}`,
    });
  });

  it("keeps a byline's own affiliation", () => {
    const authors = authorsOf([{ name: 'Rob Gillies', title: 'The Canadian Press' }], AP);

    expect(authors.people).toEqual([{ name: 'Rob Gillies, The Canadian Press' }]);
  });

  it('does not repeat an agency the name already carries', () => {
    expect(authorsOf([{ name: `Julie Pace, ${AP}` }], AP).line).toBe(`Julie Pace, ${AP}`);
  });

  it('makes the agency the author of a story with a credit and no byline', () => {
    expect(authorsOf([], AP)).toEqual({ people: [{ name: AP }], line: AP });
  });

  it('names nobody when there is neither byline nor credit', () => {
    expect(authorsOf(undefined, undefined)).toEqual({ people: [] });
  });

  it('names several bylines in one line and one entry per person', () => {
    const authors = authorsOf(
      [
        { name: 'Julie Pace', url: 'https://ap.example/pace' },
        { name: 'Jim Heintz' },
        { name: 'Vladimir Isachenkov' },
        { name: 'Rob Gillies', title: 'The Canadian Press' },
      ],
      AP,
    );

    expect(authors.line).toBe(
      `Julie Pace, Jim Heintz and Vladimir Isachenkov, ${AP}; Rob Gillies, The Canadian Press`,
    );
    expect(authors.people).toEqual([
      { name: `Julie Pace, ${AP}`, url: 'https://ap.example/pace' },
      { name: `Jim Heintz, ${AP}` },
      { name: `Vladimir Isachenkov, ${AP}` },
      { name: 'Rob Gillies, The Canadian Press' },
    ]);
  });

  it('leaves out bylines whose name is empty once cleaned', () => {
    expect(authorsOf([{ name: '\u0001 ' }], undefined)).toEqual({ people: [] });
  });
});
