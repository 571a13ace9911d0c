// Autorules: versions, a draft edited as a real decision table (dmn-js, the bpmn.io DMN editor), upload/download,
// validation with each defect on its row and cell, simulation on recent items, activation and rollback with a
// confirmation naming the version, the diff of two versions row by row, and who did what when.
import { signed } from '../messages.js';
import { h, table, when, field, toast, loadScript, confirmDialog, askDiscard, OUTCOME } from '../dom.js';
import { russian } from '../dmn-ru.js';
import { get, post, api, q } from '../api.js';
import { fetchedDownloads } from '../downloads.js';

const CSS = ['diagram-js.css', 'dmn-js-shared.css', 'dmn-js-drd.css', 'dmn-js-decision-table.css',
  'dmn-js-decision-table-controls.css', 'dmn-js-literal-expression.css', 'dmn-font/css/dmn-embedded.css'];
function dmnJs() {
  if (!document.querySelector('link[href^="/vendor/dmn-js/"]')) {
    for (const c of CSS) document.head.append(h('link', { rel: 'stylesheet', href: '/vendor/dmn-js/assets/' + c }));
  }
  return loadScript('/vendor/dmn-js/dmn-modeler.production.min.js', 'DmnJS');
}

const STATE = { DRAFT: 'черновик', ACTIVE: 'действует', RETIRED: 'выведена' };
const COLUMNS = ['channel', 'category', 'subcategory', 'oktmo', 'authorType', 'action', 'recipient', 'coExecutors', 'annotation'];
const UPLOAD_TYPES = { dmn: 'application/xml', xml: 'application/xml', json: 'application/json', csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/**
 * An issue's message without the «Строка N» its button already says: «Строка 2: …» → «…», «Строка 2 (id) повторяет…» →
 * ««id» повторяет…», «Строка 3, столбец «ОКТМО»: …» → «столбец «ОКТМО»: …».
 */
function withoutRowNumber(message) {
  return message.replace(/^Строка \d+: /, '')
    .replace(/^Строка \d+ \(([^)]*)\)(:?) /, (_, id, colon) => `«${id}»${colon} `)
    .replace(/^Строка \d+, /, '');
}

export async function render(root, ctx) {
  const m = ctx.municipality;
  const base = `/municipalities/${q(m)}/autorules`;
  root.append(h('h1', { id: 'page-title' }, `Автоправила: ${m}`));
  const versionsBox = h('section', { class: 'card', 'aria-labelledby': 'versions-title' });
  const work = h('section', { class: 'card', id: 'work', 'aria-labelledby': 'work-title' });
  const diffBox = h('section', { class: 'card', 'aria-labelledby': 'diff-title' });
  root.append(versionsBox, work, diffBox);
  let versions = [];

  async function refresh(openVersion) {
    versions = (await get(base)).versions;
    versionsBox.replaceChildren(h('h2', { id: 'versions-title' }, 'Версии: кто и когда'),
      table(['Версия', 'Состояние', 'Строк', 'Формат', 'Автор', 'Создана', 'Активировал', 'Активирована', 'Комментарий', ''],
        versions.map(v => h('tr', { class: v.state.toLowerCase(), dataset: { version: v.version } },
          h('td', {}, v.version), h('td', {}, STATE[v.state] || v.state), h('td', {}, v.rows), h('td', {}, v.uploadFormat || '—'),
          h('td', {}, signed(v.author)), h('td', {}, when(v.createdAt)), h('td', {}, signed(v.activatedBy)),
          h('td', {}, when(v.activatedAt)), h('td', {}, v.comment || ''),
          h('td', {}, h('button', { type: 'button', class: 'open-version', onclick: () => open(v.version) }, `Открыть ${v.version}`)))),
        { class: 'grid', id: 'versions' }),
      uploadForm());
    renderDiff();
    const active = versions.find(v => v.state === 'ACTIVE') || versions[0];
    if (openVersion || active) await open(openVersion || active.version);
  }

  function uploadForm() {
    const file = h('input', { type: 'file', name: 'file', accept: '.dmn,.xml,.xlsx,.csv,.json' });
    const comment = h('input', { name: 'comment', maxlength: 500 });
    const form = h('form', { class: 'inline' }, field('Загрузить таблицу (DMN, XLSX, CSV, JSON)', file), field('Комментарий', comment),
      h('button', { type: 'submit' }, 'Загрузить как черновик'), h('p', { class: 'form-error', role: 'alert' }));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const f = file.files[0];
      if (!f) { file.focus(); return; }
      const ext = f.name.split('.').pop().toLowerCase();
      const submit = form.querySelector('button[type=submit]');
      if (submit.disabled) return;
      submit.disabled = true; // one upload at a time: a double click made two drafts
      try {
        const draft = await post(`${base}?comment=${q(comment.value)}`, { body: f, contentType: UPLOAD_TYPES[ext] || f.type });
        toast(`Черновик ${draft.version.version} создан из ${f.name}`);
        await refresh(draft.version.version);
        showIssues(draft.validation);
      } catch (e) {
        // The field errors repeat the detail as often as not: each said once
        const more = e.errors.map(x => x.message).filter(x => x && !e.message.includes(x));
        form.querySelector('.form-error').textContent = e.message + (more.length ? ': ' + more.join('; ') : '');
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  // ---- the open version in the editor
  let modeler = null, current = null, issues = [], dirty = false;
  const status = h('p', { class: 'status', 'aria-live': 'polite' });
  const defects = h('div', { id: 'defects', 'aria-live': 'polite' });
  const simulation = h('div', { id: 'simulation', 'aria-live': 'polite' });
  const canvas = h('div', { class: 'dmn-canvas', id: 'dmn-canvas' });

  // Another page, municipality or logout asks first while the table has unsaved edits (app.js), as opening a version does
  if (ctx.guardLeave) ctx.guardLeave(() => dirty);

  async function open(version) {
    if (dirty && !(await askDiscard())) return;
    const v = versions.find(x => x.version === version);
    current = v;
    issues = [];
    const xml = await get(`${base}/${version}?format=dmn`);
    const DmnJS = await dmnJs();
    // The table only: the diagram view (DRD) has no way back in this console, and its texts are not translated
    if (!modeler) modeler = new DmnJS({ container: canvas, decisionTable: { additionalModules: [russian] } });
    await modeler.importXML(annotationsIn(xml));
    const view = modeler.getViews().find(x => x.type === 'decisionTable');
    await modeler.open(view);
    const viewer = modeler.getActiveViewer();
    dirty = false;
    viewer.on('elements.changed', () => { dirty = true; updateButtons(); setTimeout(markDefects, 0); });
    renderWork();
    status.textContent = `Открыта версия ${v.version} (${STATE[v.state]}), строк ${v.rows}, хеш ${v.hash}.`;
    if (v.state === 'DRAFT') validate();
  }

  const buttons = {};
  function renderWork() {
    const v = current;
    // A button is off while its action runs: a double click saved two identical drafts
    const act = (label, id, fn, attrs) => (buttons[id] = h('button', Object.assign({ type: 'button', id, onclick: async ev => {
      const b = ev.currentTarget;
      if (b.dataset.busy) return;
      b.dataset.busy = '1';
      b.disabled = true;
      try { await fn(); } finally {
        delete b.dataset.busy;
        b.disabled = false;
        updateButtons();
      }
    } }, attrs || {}), label));
    const edit = editorAction;
    const comment = h('input', { name: 'draft-comment', id: 'draft-comment', maxlength: 500, value: '' });
    const simFrom = h('input', { type: 'date', name: 'from', id: 'sim-from', value: new Date(Date.now() - 30 * 864e5).toLocaleDateString('sv') });
    const simTo = h('input', { type: 'date', name: 'to', id: 'sim-to', value: new Date(Date.now() + 2 * 864e5).toLocaleDateString('sv') });
    const downloads = h('p', { class: 'downloads' }, 'Скачать: ', ['dmn', 'xlsx', 'csv', 'json'].map(f =>
      [h('a', { href: `/api/v1${base}/${v.version}?format=${f}`, download: `autorules-${m}-v${v.version}.${f}` }, f.toUpperCase()), ' ']));
    fetchedDownloads(downloads, 'Не скачано: ');
    work.replaceChildren(h('h2', { id: 'work-title' }, `Версия ${v.version}: ${STATE[v.state]}`), status,
      h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Строки таблицы' },
        act('Строка ниже', 'row-add', () => edit('addRuleBelow')), act('Удалить строку', 'row-remove', () => edit('removeRule')),
        act('Вверх', 'row-up', () => move(-1)), act('Вниз', 'row-down', () => move(1)),
        act('Отменить', 'undo', () => edit('undo')), act('Повторить', 'redo', () => edit('redo'))),
      canvas,
      h('div', { class: 'toolbar' }, field('Комментарий к черновику', comment),
        act('Сохранить как черновик', 'save-draft', () => saveDraft(comment.value), { class: 'primary' })),
      defects,
      h('div', { class: 'toolbar' },
        act('Проверить', 'validate', validate), field('Моделировать с', simFrom), field('по', simTo),
        act('Смоделировать', 'simulate', () => simulate(simFrom.value, simTo.value)),
        v.state === 'DRAFT' ? act(`Активировать версию ${v.version}`, 'activate', () => confirmThen('activate', v.version)) : null,
        v.state === 'RETIRED' ? act(`Откатить к версии ${v.version}`, 'rollback', () => confirmThen('rollback', v.version)) : null),
      simulation, downloads);
    defects.replaceChildren();
    simulation.replaceChildren();
    updateButtons();
  }

  function updateButtons() {
    for (const id of ['validate', 'simulate', 'activate', 'rollback']) {
      if (buttons[id]) {
        buttons[id].disabled = dirty;
        buttons[id].title = dirty ? 'Сначала сохраните изменения как черновик' : '';
      }
    }
    if (buttons['save-draft']) buttons['save-draft'].disabled = !dirty;
  }

  function editorAction(name, context) {
    const viewer = modeler.getActiveViewer();
    // A row action without a selected cell did nothing and said nothing
    const rowAction = name === 'addRuleBelow' || name === 'removeRule';
    if (rowAction && !viewer.get('selection').hasSelection()) { toast('Сначала выберите ячейку строки.', 'error'); return; }
    try { viewer.get('editorActions').trigger(name, context); } catch (e) { toast('Сначала выберите ячейку строки.', 'error'); }
  }

  function move(delta) {
    const viewer = modeler.getActiveViewer();
    const selection = viewer.get('selection');
    if (!selection.hasSelection()) { toast('Сначала выберите ячейку строки.', 'error'); return; }
    const cell = selection.get();
    const row = cell.row;
    const rows = viewer.get('sheet').getRoot().rows;
    const index = rows.indexOf(row) + delta;
    if (index < 0 || index >= rows.length) return;
    viewer.get('modeling').moveRow(row, index);
    // Moving takes the row out and puts it back, which clears the selection: the second «Вниз» said «Сначала выберите
    // ячейку строки». The moved row's cell is selected again, so the row moves on step by step.
    selection.select(cell.id);
  }

  async function saveDraft(comment) {
    const { xml } = await modeler.saveXML({ format: true });
    try {
      const draft = await post(`${base}?comment=${q(comment || `правка версии ${current.version} в консоли`)}`, { body: annotationsOut(xml), contentType: 'application/xml' });
      toast(`Сохранён черновик ${draft.version.version}`);
      dirty = false; // saved: the draft opened next holds the edits
      await refresh(draft.version.version);
    } catch (e) {
      defects.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, 'Не сохранено: ' + e.message,
        e.errors.length ? h('ul', {}, e.errors.map(x => h('li', {}, `${x.field}: ${x.message}`))) : null));
    }
  }

  async function validate() {
    showIssues(await post(`${base}/${current.version}/validate`));
  }

  function showIssues(report) {
    issues = report.issues || [];
    const errors = issues.filter(i => i.severity === 'ERROR');
    defects.replaceChildren(h('h3', {}, report.valid ? `Проверка: ошибок нет (предупреждений: ${report.warnings})` : `Проверка: ошибок ${report.errors}, предупреждений ${report.warnings}`),
      issues.length ? h('ul', { class: 'issues' }, issues.map(i => h('li', { class: i.severity.toLowerCase(), dataset: { rule: i.ruleId || '', code: i.code } },
        h('button', { type: 'button', class: 'link', onclick: () => focusRow(i.ruleId) }, i.row ? `Строка ${i.row}` : 'Таблица'),
        // the message may name its row itself («Строка 2: …»): said once, by the button
        ` ${i.severity === 'ERROR' ? 'ошибка' : 'предупреждение'}: ${i.row ? withoutRowNumber(i.message) : i.message}`))) : '',
      report.issuesNotListed ? h('p', {}, `Показаны первые ${issues.length} (ошибки сначала); ещё не показано: ${report.issuesNotListed}. Исправьте показанные и проверьте снова.`) : '');
    defects.classList.toggle('has-errors', errors.length > 0);
    markDefects();
  }

  /** Each defect on its row (and cell, when the defect names a column), with the message as the cell's title. */
  function markDefects() {
    if (!modeler) return;
    canvas.querySelectorAll('.defect, .defect-row').forEach(e => { e.classList.remove('defect', 'defect-row'); e.removeAttribute('title'); });
    const viewer = modeler.getActiveViewer();
    if (!viewer || !viewer.get) return;
    const logic = viewer.get('sheet').getRoot().businessObject; // the dmn:DecisionTable
    const colIds = {};
    (logic.input || []).forEach(i => { colIds[i.inputExpression && i.inputExpression.text] = i.id; });
    (logic.output || []).forEach(o => { colIds[o.name] = o.id; });
    for (const i of issues) {
      if (!i.ruleId) continue;
      const cells = [...canvas.querySelectorAll(`td[data-row-id="${CSS_ESCAPE(i.ruleId)}"]`)];
      const index = canvas.querySelector(`td.rule-index[data-row-id="${CSS_ESCAPE(i.ruleId)}"]`);
      cells.forEach(c => c.classList.add('defect-row'));
      // A cell or row with several defects shows each of them, one per line (the last used to replace the others)
      const titled = (e, text) => { e.title = e.title && !e.title.split('\n').includes(text) ? e.title + '\n' + text : text; };
      if (index) { index.classList.add('defect-row'); titled(index, i.message); }
      const col = i.column && colIds[i.column];
      const target = col ? cells.find(c => c.dataset.colId === col) : index;
      if (target) { target.classList.add('defect'); if (target !== index) titled(target, i.message); }
    }
  }

  function focusRow(ruleId) {
    // The row's first editable cell takes the focus (the row number before it cannot)
    const cells = ruleId ? [...canvas.querySelectorAll(`td[data-row-id="${CSS_ESCAPE(ruleId)}"]`)] : [];
    const cell = cells.find(c => c.querySelector('[contenteditable]')) || cells[0];
    if (cell) { cell.scrollIntoView({ block: 'center' }); (cell.querySelector('[contenteditable]') || cell).focus(); }
  }

  async function simulate(from, to) {
    simulation.replaceChildren(h('p', {}, 'Моделирование…'));
    try {
      const s = await post(`${base}/${current.version}/simulate?from=${q(from)}&to=${q(to)}`);
      const filter = h('input', { name: 'filter', id: 'sim-filter', type: 'search' });
      const side = x => `${x.recipientName || x.recipientId} [${OUTCOME[x.outcome] || x.outcome}${x.ruleId ? ', строка ' + x.ruleId : ''}]`;
      const rows = s.changes.map(c => h('tr', { dataset: { text: [side(c.from), side(c.to), ...c.sampleItemIds].join(' ').toLowerCase() } },
        h('td', {}, side(c.from)), h('td', {}, '→'), h('td', {}, side(c.to)), h('td', {}, c.count), h('td', {}, c.sampleItemIds.join(', '))));
      filter.addEventListener('input', () => {
        const t = filter.value.toLowerCase();
        rows.forEach(r => { r.hidden = t && !r.dataset.text.includes(t); });
      });
      simulation.replaceChildren(h('h3', {}, `Моделирование версии ${s.version}`),
        h('p', { id: 'sim-summary' }, `Элементов: ${s.items}; маршрут изменится: ${s.changed}; без изменений: ${s.unchanged}; ошибок: ${s.failed}; иначе, чем по действующей версии: ${s.changedFromActive}; изменилось бы из-за сегодняшнего состояния исполнителей: ${s.changedByRecipientState}.`
          + (s.changedOnUnrecordedState ? ` Из изменившихся ${s.changedOnUnrecordedState} — к исполнителям, чьё состояние решение не записало: их отсутствия взяты по сегодняшним данным, нагрузка не учтена.` : '')),
        ...(s.changes.length ? [field('Фильтр (исполнитель, правило, элемент)', filter),
          table(['Было (исполнитель, правило)', '', 'Станет', 'Элементов', 'Примеры'], rows, { class: 'grid', id: 'sim-changes' })] : []));
    } catch (e) {
      simulation.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, 'Моделирование не выполнено: ' + e.message));
    }
  }

  function confirmThen(what, version) {
    const verb = what === 'activate' ? `Активировать версию ${version}` : `Откатить к версии ${version}`;
    const active = versions.find(x => x.state === 'ACTIVE');
    confirmDialog({
      id: 'confirm', title: verb + '?', verb,
      text: `Автоправила ${m}: версия ${version} станет действующей` + (active ? `, версия ${active.version} будет выведена.` : '.')
        + ' Новые элементы будут распределяться по ней сразу.',
      action: async () => {
        try {
          const r = await post(`${base}/${version}/${what}`);
          toast(`Действует версия ${r.version.version}` + (r.previousVersion ? ` (была ${r.previousVersion})` : ''));
          await refresh(r.version.version);
        } catch (e) {
          const refusal = h('p', { class: 'form-error', role: 'alert' }, `${verb}: отказ — ${e.message}`,
            e.errors.length ? h('ul', {}, e.errors.map(x => h('li', {}, x.message))) : null);
          if (e.issues.length) {
            // The defects that kept the version from activation, on their rows, under the refusal
            const count = sev => e.issues.filter(i => i.severity === sev).length;
            showIssues({ valid: false, issues: e.issues, errors: count('ERROR'), warnings: count('WARNING') });
            defects.prepend(refusal);
          } else defects.replaceChildren(refusal);
        }
      },
    });
  }

  // ---- diff of two versions, row by row (by rule id; moves, changes, additions, removals)
  function renderDiff() {
    const a = h('select', { name: 'a', id: 'diff-a' }, versions.map(v => h('option', { value: v.version }, `${v.version} (${STATE[v.state]})`)));
    const b = h('select', { name: 'b', id: 'diff-b' }, versions.map(v => h('option', { value: v.version }, `${v.version} (${STATE[v.state]})`)));
    // The list is oldest first: by default the active version against the newest (or the two newest).
    if (versions.length > 1) {
      const newest = versions[versions.length - 1];
      const active = versions.find(v => v.state === 'ACTIVE');
      a.value = (active && active !== newest ? active : versions[versions.length - 2]).version;
      b.value = newest.version;
    }
    const out = h('div', { id: 'diff', 'aria-live': 'polite' });
    const form = h('form', { class: 'inline' }, field('Версия', a), field('с версией', b), h('button', { type: 'submit' }, 'Сравнить'));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const [ta, tb] = await Promise.all([a.value, b.value].map(v => get(`${base}/${v}?format=json`)));
      out.replaceChildren(diffTable(ta.rows, tb.rows));
    });
    diffBox.replaceChildren(h('h2', { id: 'diff-title' }, 'Сравнение версий'), form, out);
  }

  await refresh();
}

// The tables keep each row's annotation as a DMN 1.3 annotationEntry; dmn-js edits a rule's description. The text is
// moved into the description for editing and back into the annotationEntry on saving.
const DMN = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
function annotationsIn(xml) {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  for (const rule of doc.getElementsByTagNameNS(DMN, 'rule')) {
    const entry = [...rule.children].find(c => c.localName === 'annotationEntry');
    if (!entry || [...rule.children].some(c => c.localName === 'description')) continue;
    const d = doc.createElementNS(DMN, 'description');
    d.textContent = entry.textContent.trim();
    rule.insertBefore(d, rule.firstElementChild);
    entry.remove();
  }
  return new XMLSerializer().serializeToString(doc);
}
function annotationsOut(xml) {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  for (const rule of doc.getElementsByTagNameNS(DMN, 'rule')) {
    const d = [...rule.children].find(c => c.localName === 'description');
    const entry = doc.createElementNS(DMN, 'annotationEntry');
    entry.appendChild(doc.createElementNS(DMN, 'text')).textContent = d ? d.textContent : '';
    if (d) d.remove();
    rule.appendChild(entry);
  }
  return new XMLSerializer().serializeToString(doc);
}

function cellText(v) {
  return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
}

// A row is known by its id; a row without one (the compiler names it by position) by its cells, so that rows
// without ids are never taken for one another.
function rowKeys(rows) {
  const seen = new Map();
  return rows.map(r => {
    const base = r.id ? 'id:' + r.id : 'cells:' + JSON.stringify(COLUMNS.map(c => cellText(r[c])));
    const n = (seen.get(base) || 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : base + '#' + n;
  });
}

// Positions (in the older version) of the rows kept, in the newer version's order: the longest increasing run of
// them kept their order against each other; only the others moved. (A row added above shifts every row below it,
// which in a first-match table changes nothing.)
function keptInOrder(positions) {
  const tails = [], tailAt = [], prev = new Array(positions.length).fill(-1);
  positions.forEach((p, i) => {
    let lo = 0, hi = tails.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (tails[mid] < p) lo = mid + 1; else hi = mid; }
    tails[lo] = p; tailAt[lo] = i; prev[i] = lo > 0 ? tailAt[lo - 1] : -1;
  });
  const inOrder = new Set();
  for (let i = tails.length ? tailAt[tails.length - 1] : -1; i >= 0; i = prev[i]) inOrder.add(i);
  return inOrder;
}

export function diffTable(before, after) {
  const beforeKeys = rowKeys(before), afterKeys = rowKeys(after);
  const old = new Map(before.map((r, i) => [beforeKeys[i], { r, i }]));
  const kept = after.map((r, i) => old.get(afterKeys[i])).filter(Boolean);
  const stayed = keptInOrder(kept.map(o => o.i));
  const movedOld = new Set(kept.filter((o, k) => !stayed.has(k)).map(o => o.i));
  const seen = new Set();
  const rows = [];
  const label = r => r.id || '(без кода)';
  after.forEach((r, i) => {
    const o = old.get(afterKeys[i]);
    seen.add(afterKeys[i]);
    if (!o) { rows.push(h('tr', { class: 'added' }, h('td', {}, `+ ${i + 1}`), h('td', {}, label(r)), h('td', {}, 'добавлена'), h('td', {}, COLUMNS.map(c => `${c}: ${cellText(r[c])}`).join('; ')))); return; }
    const changed = COLUMNS.filter(c => cellText(o.r[c]) !== cellText(r[c]));
    const moved = movedOld.has(o.i);
    if (changed.length || moved) {
      rows.push(h('tr', { class: 'changed' }, h('td', {}, `${o.i + 1} → ${i + 1}`), h('td', {}, label(r)),
        h('td', {}, [moved ? 'перемещена' : null, changed.length ? 'изменена' : null].filter(Boolean).join(', ')),
        h('td', {}, changed.map(c => h('div', {}, `${c}: `, h('del', {}, cellText(o.r[c])), ' → ', h('ins', {}, cellText(r[c])))))));
    }
  });
  before.forEach((r, i) => {
    if (!seen.has(beforeKeys[i])) rows.push(h('tr', { class: 'removed' }, h('td', {}, `− ${i + 1}`), h('td', {}, label(r)), h('td', {}, 'удалена'), h('td', {}, '')));
  });
  return rows.length ? table(['Строка', 'Правило', 'Что', 'Ячейки'], rows, { class: 'grid' }) : h('p', {}, 'Версии совпадают по строкам.');
}

function CSS_ESCAPE(s) { return window.CSS.escape(s); }
