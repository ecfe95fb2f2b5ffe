// Issue 7, item 6: decks carrying a corpus of known XSS vectors (tests/fixtures/xss/vectors.ts) in their fields,
// templates, note-type CSS and names are imported through the screen (an Anki package dropped on the window, a
// Retain deck file and a CSV file chosen), every card is studied (question, answer, card info, rating), then the
// deck list, the Statistics screen and both exports are visited. None of the vectors may run: no dialog, no call
// to alert/confirm/prompt/print/open, no `window.__xss`, no change of `document.title`, no request off the app's
// origin, no CSP violation (the sanitizer must remove what the CSP would block), no frame or navigation; and no
// dangerous element or attribute may even reach a card in the page (a handler such as onmouseover would never
// fire in a headless test, so what is in the DOM is checked too). The vectors' harmless text must still show.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { basicNotetype, buildAnkiCollection, clozeNotetype, type CardSpec, type NoteSpec, type NotetypeSpec } from '../fixtures/anki/collection-builder';
import { buildAnkiPackage } from '../fixtures/anki/package-builder';
import {
  CLOZE_VECTORS,
  CSS_VECTORS,
  HTML_VECTORS,
  TEMPLATE_VECTORS,
  XSS_VECTORS,
  textVector,
  type CssVector,
  type XssVector,
} from '../fixtures/xss/vectors';
import { expect, nav, test } from './app';

// A 2x2 red PNG: the package's one media file, which vector x009 shows (with handlers that must be gone).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAwMDAAAAhBwL+tEPe3wAAAABJRU5ErkJggg==',
  'base64',
);
const BACK = '{{FrontSide}}<hr id=answer>{{Back}}';
const TAG = textVector('tag');
const cssFront = (v: CssVector) => `ok-${v.id} <b class="styled">styled</b> <i>text</i>`;

// --- the decks ----------------------------------------------------------------------------------------------

/** An Anki package: Basic notes with the HTML vectors, Cloze notes with the cloze ones, a note type per template
 * vector and per CSS vector (with one note each). One card per note, so that no sibling is buried. */
async function ankiPackage(): Promise<{ bytes: Uint8Array; cards: number }> {
  const notetypes: NotetypeSpec[] = [basicNotetype(10, 'XSS basic'), clozeNotetype(11, 'XSS cloze')];
  const notes: NoteSpec[] = [];
  const add = (notetypeId: number, fields: string[], id: string) => notes.push({ id: notes.length + 1, guid: `apkg-${id}`, notetypeId, fields, tags: [TAG] });
  for (const v of HTML_VECTORS) add(10, [v.html, `back of ${v.id}`], v.id);
  for (const v of CLOZE_VECTORS) add(11, [v.text, `extra of ${v.id}`], v.id);
  TEMPLATE_VECTORS.forEach((v, i) => {
    notetypes.push({
      id: 100 + i,
      name: v.name ?? `XSS template ${v.id}`,
      kind: v.notetype,
      fields: Object.keys(v.fields),
      templates: [{ name: v.templateName ?? 'Card 1', front: v.front, back: v.back }],
      css: '.card { text-align: center; }',
    });
    add(100 + i, Object.values(v.fields), v.id);
  });
  CSS_VECTORS.forEach((v, i) => {
    notetypes.push({ ...basicNotetype(200 + i, `XSS CSS ${v.id}`), css: v.css });
    add(200 + i, [cssFront(v), `back of ${v.id}`], v.id);
  });
  const cards: CardSpec[] = notes.map((n, i) => ({ id: i + 1, noteId: n.id, ord: 0, deckId: 5 }));
  const collection = await buildAnkiCollection({
    schema: 18,
    notetypes,
    decks: [{ id: 5, name: textVector('apkg deck name'), description: textVector('apkg deck description') }],
    notes,
    cards,
  });
  const bytes = buildAnkiPackage({ generation: 'anki21b', collection, media: [{ name: 'ok.png', data: new Uint8Array(PNG) }] });
  return { bytes, cards: cards.length };
}

/** A Retain deck file: the HTML vectors in basic notes (front and context), the cloze ones in cloze notes, and the
 * template and CSS vectors as note types with templated notes, as an export writes them. */
function retainDeck(): { text: string; cards: number } {
  const notes = [
    ...HTML_VECTORS.map((v) => ({ id: `json-${v.id}`, kind: 'basic', front: v.html, back: `back of ${v.id}`, context: v.html, section: 'Vectors', tags: [TAG] })),
    ...CLOZE_VECTORS.map((v) => ({ id: `json-${v.id}`, kind: 'cloze', text: v.text, extra: `extra of ${v.id}`, section: 'Vectors' })),
  ];
  const notetypes = [
    ...TEMPLATE_VECTORS.map((v) => ({
      id: `nt-${v.id}`,
      name: v.name ?? `XSS template ${v.id}`,
      kind: v.notetype,
      fields: Object.keys(v.fields),
      templates: [{ name: v.templateName ?? 'Card 1', front: v.front, back: v.back }],
      css: '',
    })),
    ...CSS_VECTORS.map((v) => ({
      id: `nt-${v.id}`,
      name: `XSS CSS ${v.id}`,
      kind: 'standard',
      fields: ['Front', 'Back'],
      templates: [{ name: 'Card 1', front: '{{Front}}', back: BACK }],
      css: v.css,
    })),
  ];
  const templatedNotes = [
    ...TEMPLATE_VECTORS.map((v) => ({ id: `tn-${v.id}`, notetype: `nt-${v.id}`, fields: v.fields, tags: [TAG] })),
    ...CSS_VECTORS.map((v) => ({ id: `tn-${v.id}`, notetype: `nt-${v.id}`, fields: { Front: cssFront(v), Back: `back of ${v.id}` } })),
  ];
  const deck = {
    format: 1,
    id: 'xss-corpus',
    name: textVector('json deck name'),
    description: textVector('json deck description'),
    source: { title: 'XSS corpus', sections: ['Vectors'] },
    notes,
    notetypes,
    templatedNotes,
  };
  return { text: JSON.stringify(deck), cards: notes.length + templatedNotes.length };
}

/** Tab-separated, every field quoted, with Anki's header lines saying the fields are HTML. */
function csvFile(): { text: string; cards: number } {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const rows = [...HTML_VECTORS.map((v) => [v.html, `back of ${v.id}`]), ...CLOZE_VECTORS.map((v) => [v.text, `back of ${v.id}`])];
  return { text: `#separator:Tab\n#html:true\n${rows.map((r) => r.map(quote).join('\t')).join('\n')}\n`, cards: rows.length };
}

// --- watching the page --------------------------------------------------------------------------------------

/**
 * Runs in the page before the app (an init script, so outside the page's CSP): records every call of a dialog or
 * print function, any write to `window.__xss`, CSP violations, title changes, frames, <base>, and every element
 * or attribute in a card's HTML that the sanitizer should have removed. `__xssTake()` returns what was recorded
 * since the last call.
 */
function installMonitor(expectedTitle: string): void {
  const findings: string[] = [];
  const record = (what: string) => findings.push(what);
  for (const name of ['alert', 'confirm', 'prompt'] as const) {
    const original = window[name] as (...args: unknown[]) => unknown;
    // Still opens the dialog, so that the test's dialog listener sees it too.
    (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      record(`${name}(${args.map(String).join(', ')})`);
      return original.apply(window, args);
    };
  }
  window.print = () => record('print()');
  window.open = (...args: unknown[]) => {
    record(`open(${args.map(String).join(', ')})`);
    return null;
  };
  let xss: unknown;
  Object.defineProperty(window, '__xss', {
    get: () => xss,
    set: (value: unknown) => {
      xss = value;
      record(`window.__xss = ${String(value)}`);
    },
  });
  document.addEventListener('securitypolicyviolation', (e) => record(`CSP ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`));

  // What card HTML may never hold once sanitized: active or foreign elements, handlers, styles (the CSP would
  // block them), ids and names (DOM clobbering), and any URL but the collection's own media.
  const CARD_HTML = '[data-testid="question"], [data-testid="answer"], .card-context';
  const TAGS = new Set(
    ('script style iframe frame frameset object embed applet param base meta link form input button select option ' +
      'textarea template noscript noembed noframes svg math video source track portal isindex marquee title xmp ' +
      'listing plaintext image animate set foreignobject use dialog').split(' '),
  );
  const ATTRIBUTES = new Set(
    ('style id name srcdoc formaction action href xlink:href srcset background poster ping data codebase dynsrc ' +
      'lowsrc http-equiv autofocus popover popovertarget form target').split(' '),
  );
  const check = (el: Element) => {
    if (!el.parentElement?.closest(CARD_HTML)) return;
    const where = `<${el.localName}> in a card`;
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') record(`${where}: in namespace ${el.namespaceURI}`);
    if (TAGS.has(el.localName)) record(`${where}: element`);
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      const badSrc = name === 'src' && !/^(?:blob:|data:image\/)/i.test(a.value);
      if (name.startsWith('on') || ATTRIBUTES.has(name) || badSrc) record(`${where}: ${a.name}="${a.value}"`);
    }
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') {
        if (m.target instanceof Element) check(m.target);
        continue;
      }
      for (const node of Array.from(m.addedNodes)) {
        if (!(node instanceof Element)) continue;
        check(node);
        node.querySelectorAll('*').forEach(check);
      }
    }
    if (document.title !== expectedTitle) record(`document.title is ${String(document.title)}`);
    if (window.frames.length > 0) record(`${window.frames.length} frame(s) in the page`);
    if (document.querySelector('base')) record('a <base> element in the page');
  }).observe(document, { childList: true, subtree: true, attributes: true });
  Object.defineProperty(window, '__xssTake', { value: () => findings.splice(0) });
}

const take = (page: Page) => page.evaluate(() => (window as unknown as { __xssTake(): string[] }).__xssTake());

// --- studying -----------------------------------------------------------------------------------------------

interface Studied {
  /** Each card's question, answer and context text. */
  texts: string[];
  /** Each card as HTML once its answer shows, as it is in the page (for reading when a check fails). */
  html: string[];
  /** What the monitor recorded, with the card it happened on. */
  findings: string[];
}

/** Studies every card of a deck: question, answer, card info (I, twice), Easy, until the deck is done. */
async function studyDeck(page: Page, deck: string, shoot: (page: Page, side: 'question' | 'answer', text: string) => Promise<void>): Promise<Studied> {
  const studied: Studied = { texts: [], html: [], findings: [] };
  await nav(page, 'Decks').click();
  await page.getByRole('button', { name: `Study ${deck}`, exact: true }).click();
  const show = page.getByRole('button', { name: 'Show answer' });
  const done = page.getByRole('heading', { name: 'Finished for today' });
  await expect(show.or(done)).toBeVisible();
  // The deck's name, markup and all, is shown as text above the card.
  if (await show.isVisible()) await expect(page.locator('.card-deck')).toHaveText(deck);
  while (await show.isVisible()) {
    const question = await page.getByTestId('question').innerText();
    await shoot(page, 'question', question);
    await page.keyboard.press('Space');
    await expect(page.getByRole('button', { name: 'Good' })).toBeVisible();
    const answer = await page.getByTestId('answer').innerText();
    const context = (await page.locator('.card-context').allInnerTexts()).join('\n');
    await shoot(page, 'answer', question);
    await page.keyboard.press('i');
    const info = page.getByRole('region', { name: 'Card info' });
    await expect(info.getByTestId('info-reviews')).toHaveText('0');
    await page.keyboard.press('i');
    await expect(info).toHaveCount(0);
    studied.texts.push(`${question}\n${answer}\n${context}`);
    studied.html.push(await page.locator('article.card').innerHTML());
    for (const f of await take(page)) studied.findings.push(`${deck}, card "${question.slice(0, 40)}": ${f}`);
    // Easy: a new card graduates at once, so every card is shown exactly once today.
    await page.keyboard.press('4');
    await expect(show.or(done)).toBeVisible();
  }
  await expect(done).toBeVisible();
  for (const f of await take(page)) studied.findings.push(`${deck}, after the last card: ${f}`);
  return studied;
}

/** For each vector, its visible texts that no card of the deck showed. */
function missingText(vectors: readonly XssVector[], studied: Studied, visible: (v: XssVector) => string[]): string[] {
  return vectors.flatMap((v) => visible(v).filter((t) => !studied.texts.some((card) => card.includes(t))).map((t) => `${v.id}: "${t}"`));
}
const shown = (v: XssVector): string[] => (v.kind === 'css' ? [`ok-${v.id}`] : v.kind === 'text' ? [] : v.visible);

test('the corpus holds at least 50 vectors, each with a unique id and text to see', () => {
  expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(50);
  expect(new Set(XSS_VECTORS.map((v) => v.id)).size).toBe(XSS_VECTORS.length);
  for (const v of XSS_VECTORS) {
    const payload =
      v.kind === 'html' ? v.html
      : v.kind === 'cloze' ? v.text
      : v.kind === 'template' ? [v.name, v.templateName, v.front, v.back, ...Object.entries(v.fields).flat()].join('\n')
      : v.kind === 'css' ? v.css
      : v.text;
    // Something detectable if it ran: a dialog or print, window.__xss, the title, or a request to xss.invalid
    // (in base64 data: URLs too); x084 spells its alert in entities, x075 clobbers document.title by name, and
    // x076's <title> is what the page monitor flags in a card.
    const decoded = payload.replace(/base64,([A-Za-z0-9+/=]+)/g, (_whole, data: string) => atob(data));
    expect(decoded, v.id).toMatch(/alert|lert\(|confirm|prompt|print\(|msgbox|__xss|document\.title|xss\.invalid|&#97;&#108;|name="title"|<title>/);
    if (v.kind === 'html' || v.kind === 'cloze' || v.kind === 'template') {
      for (const t of v.visible.filter((t) => t.startsWith('ok-'))) expect(JSON.stringify(v), v.id).toContain(t);
    }
  }
});

test('imported decks full of XSS vectors are studied end to end and none of them runs', async ({ app }) => {
  test.setTimeout(600_000);
  const started = Date.now();
  const { context, page } = await app.launch();
  const title = await page.title();
  expect(title).toBe('Retain');
  const dialogs: string[] = [];
  const popups: string[] = [];
  const navigations: string[] = [];
  context.on('page', (p) => popups.push(p.url()));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame() || !frame.url().startsWith(app.url)) navigations.push(frame.url());
  });
  await context.addInitScript(installMonitor, title);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Decks' })).toBeVisible();
  const findings = await take(page);

  // The Anki package, dropped on the window under a file name with markup.
  const apkg = await ankiPackage();
  const apkgFile = textVector('apkg file name');
  const transfer = await page.evaluateHandle(
    ([data, name]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name));
      return dt;
    },
    [[...apkg.bytes], apkgFile] as [number[], string],
  );
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await expect(page.getByRole('heading', { name: `Imported ${apkgFile}`, exact: true })).toBeVisible();
  await expect(page.getByText(`${apkg.cards} cards added, with 0 reviews of history`)).toBeVisible();

  // The Retain deck file and the CSV file, chosen on the Import screen.
  await nav(page, 'Import').click();
  const json = retainDeck();
  await page.getByLabel('Choose file').setInputFiles({ name: 'xss-corpus.json', mimeType: 'application/json', buffer: Buffer.from(json.text) });
  await expect(page.getByRole('heading', { name: 'Imported xss-corpus.json' })).toBeVisible();
  await expect(page.getByText(`${json.cards} cards added`)).toBeVisible();

  const csv = csvFile();
  const csvName = textVector('csv file name');
  await page.getByLabel('Choose file').setInputFiles({ name: csvName, mimeType: 'text/csv', buffer: Buffer.from(csv.text) });
  await expect(page.getByText(`${csvName}: ${csv.cards} rows, 2 columns`)).toBeVisible();
  const csvDeck = csvName.replace(/\.csv$/, '');
  await expect(page.getByLabel('Deck name')).toHaveValue(csvDeck);
  await page.getByRole('region', { name: 'Import' }).getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Imported ${csvName}`, exact: true })).toBeVisible();
  await expect(page.getByText(`${csv.cards} cards added`)).toBeVisible();

  // Every card today: the new-card limit raised above the decks' sizes.
  await nav(page, 'Settings').click();
  await page.getByLabel('New cards/day').fill('9999');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

  // The deck list shows the names and the description as text.
  await nav(page, 'Decks').click();
  const apkgDeck = textVector('apkg deck name');
  const jsonDeck = textVector('json deck name');
  for (const name of [apkgDeck, jsonDeck, csvDeck]) await expect(page.getByRole('rowheader').filter({ hasText: name })).toBeVisible();
  await expect(page.getByRole('rowheader').filter({ hasText: apkgDeck })).toContainText(textVector('apkg deck description'));
  await expect(page.getByRole('rowheader').filter({ hasText: jsonDeck })).toContainText(textVector('json deck description'));

  // Screenshots of one studied card, question and answer: x007's bold text with an image that had a handler.
  let shots = 0;
  const byDeck = new Map<string, Studied>();
  for (const [d, deck] of [apkgDeck, jsonDeck, csvDeck].entries()) {
    const shoot = async (p: Page, side: 'question' | 'answer', question: string) => {
      if (!question.includes('ok-x007')) return;
      // The bold survives (on the answer side in the repeated question or, for a Retain note, in its context).
      await expect(p.locator('.card').locator('b', { hasText: 'ok-x007' }).first()).toBeVisible();
      await p.screenshot({ path: test.info().outputPath(`xss-card-${['apkg', 'json', 'csv'][d]}-${side}.png`) });
      shots++;
    };
    byDeck.set(deck, await studyDeck(page, deck, shoot));
  }
  expect(shots, 'x007 was studied in each deck, question and answer').toBe(6);

  const apkgStudied = byDeck.get(apkgDeck)!;
  const jsonStudied = byDeck.get(jsonDeck)!;
  const csvStudied = byDeck.get(csvDeck)!;
  // Every card's text, for reading when a check below fails.
  writeFileSync(test.info().outputPath('cards.json'), JSON.stringify(Object.fromEntries([...byDeck].map(([d, s]) => [d, s.texts.map((text, i) => ({ text, html: s.html[i] }))])), null, 1));
  // Soft: so that one run reports every vector that got through, not just the first.
  expect.soft(apkgStudied.texts).toHaveLength(apkg.cards);
  expect.soft(jsonStudied.texts).toHaveLength(json.cards);
  expect.soft(csvStudied.texts).toHaveLength(csv.cards);
  expect.soft([...apkgStudied.findings, ...jsonStudied.findings, ...csvStudied.findings], 'what the page monitor saw while studying').toEqual([]);
  const withoutText = XSS_VECTORS.filter((v) => v.kind !== 'text');
  expect.soft(missingText(withoutText, apkgStudied, shown), 'text missing from the Anki deck’s cards').toEqual([]);
  expect.soft(missingText(withoutText, jsonStudied, shown), 'text missing from the Retain deck’s cards').toEqual([]);
  // The CSV deck's notes are HTML fields on a Basic note type, which shows a cloze as it is written.
  expect.soft(missingText([...HTML_VECTORS, ...CLOZE_VECTORS], csvStudied, shown), 'text missing from the CSV deck’s cards').toEqual([]);
  // The tag and the deck name, through {{Tags}} and {{Deck}}, show as text.
  for (const studied of [apkgStudied, jsonStudied]) expect.soft(studied.texts.some((t) => t.includes(TAG))).toBe(true);
  expect.soft(apkgStudied.texts.some((t) => t.includes(apkgDeck))).toBe(true);

  // Statistics: every answer counted, for all decks and for each imported one.
  await nav(page, 'Statistics').click();
  await expect(page.getByRole('heading', { name: 'Statistics', level: 1 })).toBeVisible();
  await expect(page.getByTestId('today-answers')).toHaveText(String(apkg.cards + json.cards + csv.cards));
  for (const [deck, count] of [[apkgDeck, apkg.cards], [jsonDeck, json.cards], [csvDeck, csv.cards]] as const) {
    await page.getByLabel('Decks').selectOption({ label: deck });
    await expect(page.getByTestId('today-answers')).toHaveText(String(count));
  }

  // Export: the whole collection as a Retain file with progress, and the Anki deck as text. The vectors are data
  // there, kept as they were imported.
  await nav(page, 'Import').click();
  await page.getByLabel('Deck', { exact: true }).selectOption({ label: 'All decks (the whole collection)' });
  await page.getByLabel('Retain deck file (.json) with progress and review history').check();
  let download = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Import' }).getByRole('button', { name: 'Export' }).click();
  const exported = readFileSync(await (await download).path(), 'utf8');
  const strings = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.add(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(JSON.parse(exported));
  expect(HTML_VECTORS.filter((v) => !strings.has(v.html)).map((v) => v.id), 'vectors missing from the export').toEqual([]);
  expect(CSS_VECTORS.filter((v) => !strings.has(v.css)).map((v) => v.id), 'note-type CSS missing from the export').toEqual([]);

  await page.getByLabel('Deck', { exact: true }).selectOption({ label: apkgDeck });
  await page.getByLabel('Text for spreadsheets and Anki (.tsv), one deck, notes only').check();
  download = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Import' }).getByRole('button', { name: 'Export' }).click();
  const tsv = readFileSync(await (await download).path(), 'utf8');
  expect(tsv).toContain('<b>ok-x007</b> <img src=x onerror=alert(7)>');
  await nav(page, 'Decks').click();
  await expect(page.getByRole('heading', { name: 'Decks' })).toBeVisible();

  findings.push(...(await take(page)));
  expect(findings, 'what the page monitor saw outside the study sessions').toEqual([]);
  expect(dialogs, 'dialogs').toEqual([]);
  expect(popups, 'new windows').toEqual([]);
  expect(navigations, 'navigations').toEqual([]);
  expect(await page.title()).toBe(title);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(page.frames()).toHaveLength(1);
  test.info().annotations.push({ type: 'runtime', description: `${Math.round((Date.now() - started) / 1000)} s for ${apkg.cards + json.cards + csv.cards} cards` });
});
