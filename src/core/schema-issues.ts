// valibot's issues in words a person can act on: where (a path such as `cards[12].sched.due`) and what is wrong
// ("is missing", "must be number, not string"), instead of its generic "Invalid key: Expected ... but received ...".
import type { BaseIssue } from 'valibot';

/** Where an issue is, as a path into the checked value: `cards[12].sched.due`; '' for the value itself. */
export function issuePath(issue: BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** What is wrong, without the path. */
export function issueText(issue: BaseIssue<unknown>): string {
  if (issue.kind === 'schema') {
    if (issue.input === undefined) return 'is missing';
    return `must be ${issue.expected ?? issue.type}, not ${issue.received}`;
  }
  // Validations (finite, integer, lengths, ranges, patterns, checks): valibot's text says what was expected.
  return issue.message.replace(/^Invalid [^:]*: /, 'must be: ');
}
