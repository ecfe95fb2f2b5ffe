// The arguments every IPC handler accepts, as valibot schemas: whatever a renderer sends (a compromised page could
// send anything) is checked against these before a handler sees it. One entry per invoke channel of the contract;
// the `satisfies` clause makes a new channel without a schema a compile error.
import * as v from 'valibot';
import { MAX_BACKUP_UNPACKED_BYTES } from '../core/backup';
import { issuePath, issueText } from '../core/schema-issues';
import { trainingSetProblem } from '../core/fsrs-items';
import { BACKUP_REASONS, IPC_CHANNELS, type InvokeArgs, type InvokeChannel } from '../core/ipc-contract';

/** Backup bytes: a Uint8Array (what structured clone gives for one), not empty, not over the size a restore reads. */
const backupBytes = v.pipe(
  v.instance(Uint8Array),
  v.check((b) => b.length > 0 && b.length <= MAX_BACKUP_UNPACKED_BYTES, 'must be the bytes of a backup, at most 2 GB'),
);

/** A training set for the optimizer: its shape here, its indices by trainingSetProblem (native code reads them). */
const trainingSet = v.pipe(
  v.object({
    ratings: v.instance(Uint8Array),
    deltas: v.instance(Uint32Array),
    starts: v.instance(Uint32Array),
    ends: v.instance(Uint32Array),
    reviews: v.pipe(v.number(), v.integer(), v.minValue(0)),
    cards: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = trainingSetProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
);
/** FSRS parameters: FSRS-4.5 had 17, FSRS-5 19, FSRS-6 21; fsrs-rs checks the values themselves. */
const parameters = v.pipe(v.array(v.pipe(v.number(), v.finite())), v.check((p) => [17, 19, 21].includes(p.length), 'must be 17, 19 or 21 FSRS parameters'));

export const IPC_ARGUMENTS = {
  [IPC_CHANNELS.appInfo]: v.strictTuple([]),
  [IPC_CHANNELS.chooseImportFile]: v.strictTuple([]),
  [IPC_CHANNELS.backupSave]: v.strictTuple([backupBytes, v.picklist(BACKUP_REASONS)]),
  [IPC_CHANNELS.backupList]: v.strictTuple([]),
  // The folder's own names only (checked again against the pattern of backup names when read).
  [IPC_CHANNELS.backupRead]: v.strictTuple([v.pipe(v.string(), v.regex(/^retain-[0-9-]+\.retain-backup$/), v.maxLength(64))]),
  [IPC_CHANNELS.backupQuitReady]: v.strictTuple([v.nullable(backupBytes)]),
  [IPC_CHANNELS.fsrsAvailable]: v.strictTuple([]),
  [IPC_CHANNELS.fsrsOptimize]: v.strictTuple([trainingSet, parameters, v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10))]),
  [IPC_CHANNELS.fsrsCancel]: v.strictTuple([]),
} as const satisfies { [C in InvokeChannel]: v.GenericSchema<unknown, InvokeArgs<C>> };

export class InvalidArgumentsError extends Error {
  constructor(channel: string, issue: v.BaseIssue<unknown>) {
    // The path's first key is the argument's position.
    const where = issuePath(issue).replace(/^(\d+)/, (n) => String(Number(n) + 1));
    super(`IPC "${channel}" refused: argument ${where === '' ? 'list' : where} ${issueText(issue)}`);
    this.name = 'InvalidArgumentsError';
  }
}

/** The arguments, checked: returned typed, or an InvalidArgumentsError naming the channel and what is wrong. */
export function checkArguments<C extends InvokeChannel>(channel: C, args: unknown[]): InvokeArgs<C> {
  const schema = IPC_ARGUMENTS[channel] as unknown as v.GenericSchema<unknown, InvokeArgs<C>>;
  const result = v.safeParse(schema, args);
  if (!result.success) throw new InvalidArgumentsError(channel, result.issues[0]);
  return result.output;
}
