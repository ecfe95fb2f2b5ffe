// How many inputs each fuzz property tries, in one place: the test files take their numRuns from here, and each file
// checks after its run that exactly this many inputs went through its parser (so the total below is what ran).
// Seeds are fixed so that CI tries the same inputs every time; change a seed to explore new ones.

export const FUZZ_RUNS = {
  'deck-json': {
    'parseDeckText: arbitrary text': 1500,
    'parseDeckText: mutated deck text': 1500,
    'validateDeck: arbitrary values': 1000,
    'validateDeck: mutated deck values': 2000,
  },
  text: {
    'parseDelimitedText: arbitrary text': 1500,
    'parseDelimitedText: arbitrary bytes': 1000,
    'parseDelimitedText + textToBundle: mutated files': 1500,
    'formatDelimitedText round trip': 500,
  },
  protobuf: {
    'ProtobufReader: arbitrary bytes': 2000,
    'ProtoMessage: mutated messages': 1500,
    'ProtobufWriter round trip': 500,
  },
  'anki-package': {
    'readAnkiPackage: arbitrary bytes': 1000,
    'readAnkiPackage: mutated packages': 1500,
    'readAnkiPackage: zstd and media maps': 1000,
  },
  'anki-collection': {
    'readAnkiCollection: mutated schema 11 databases': 600,
    'readAnkiCollection: mutated schema 18 databases': 500,
    'openImport: packages with mutated databases': 300,
  },
  settings: {
    'validateSettings: arbitrary records': 1500,
    'validateSettings: mutated settings': 1500,
    'parseSteps: arbitrary text': 1000,
    'loadSettings: malformed stored records': 200,
  },
  'import-writes-nothing': {
    'refused imports leave the collection as it was': 250,
  },
  backup: {
    'parseBackup: arbitrary bytes': 1000,
    'parseBackup: mutated backup files': 1000,
    'parseBackup: mutated manifests': 1500,
    'refused backups leave the collection as it was': 150,
  },
  ipc: {
    'IPC arguments: arbitrary values for every channel': 3000,
  },
  journal: {
    'parseJournalOp: arbitrary text': 1000,
    'parseJournalOp + replayJournal: mutated entries': 300,
  },
  search: {
    'parseSearch: arbitrary text': 1500,
    'parseSearch: mutated valid queries': 1500,
    'parseSearch: printed trees parse back': 500,
  },
} as const satisfies Record<string, Record<string, number>>;

export const FUZZ_SEEDS: Record<keyof typeof FUZZ_RUNS, number> = {
  'deck-json': 0x5eed0001,
  text: 0x5eed0002,
  protobuf: 0x5eed0003,
  'anki-package': 0x5eed0004,
  'anki-collection': 0x5eed0005,
  settings: 0x5eed0006,
  'import-writes-nothing': 0x5eed0007,
  backup: 0x5eed0008,
  ipc: 0x5eed0009,
  journal: 0x5eed000a,
  search: 0x5eed000b,
};

/** Every input the fuzz folder tries, for the README. */
export const FUZZ_TOTAL = Object.values(FUZZ_RUNS)
  .flatMap((family) => Object.values(family) as number[])
  .reduce((sum, n) => sum + n, 0);
