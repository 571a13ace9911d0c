// Decisions: search; one decision with its input, the autorule rows that matched (the selected one highlighted), the
// explanation, the deadline and its basis, the recipient-state snapshot, the item's history; replay, what-if and the
// audit proof checked in the browser.
import { signed, EVENT, DEADLINE_CHANGE } from '../messages.js';
import { h, table, when, field, OUTCOME, provisionalMark, CHANNEL, ruDate, toast } from '../dom.js';
import { get, post, api, q } from '../api.js';
import { verifyProof, verifyCheckpoint } from '../proof.js';

export async function render(root, ctx) {
  if (ctx.args[0]) return decision(root, ctx, ctx.args[0]);
  return search(root, ctx);
}

const PAGE_SIZE = 200;
const CRITERIA = ['itemId', 'from', 'to', 'recipient', 'outcome', 'ruleId'];

async function search(root, ctx) {
  const m = ctx.municipality;
  root.append(h('h1', { id: 'page-title' }, 'Решения: поиск'));
  const registry = await get(`/municipalities/${q(m)}/recipients`);
  const today = new Date();
  const itemId = h('input', { name: 'itemId', autocomplete: 'off' });
  const from = h('input', { name: 'from', type: 'date', value: new Date(today.getTime() - 30 * 864e5).toLocaleDateString('sv') });
  const to = h('input', { name: 'to', type: 'date', value: new Date(today.getTime() + 2 * 864e5).toLocaleDateString('sv') });
  const recipient = h('select', { name: 'recipient' }, h('option', { value: '' }, 'любой'),
    registry.recipients.map(r => h('option', { value: r.id }, r.name)));
  const outcome = h('select', { name: 'outcome' }, h('option', { value: '' }, 'любой'),
    Object.entries(OUTCOME).map(([v, t]) => h('option', { value: v }, t)));
  const ruleId = h('input', { name: 'ruleId', autocomplete: 'off' });
  const controls = { itemId, from, to, recipient, outcome, ruleId };
  const out = h('div', { 'aria-live': 'polite', id: 'results' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'inline search' }, field('Идентификатор элемента', itemId, 'если указан, период не нужен'),
    field('С', from), field('По', to), field('Исполнитель', recipient), field('Результат', outcome),
    field('Правило', ruleId), error, h('button', { type: 'submit', class: 'primary' }, 'Найти'));

  // The criteria of the last search are in the address (and remembered for the decision's "back to the search"):
  // coming back from a decision shows the same page of the same search
  const run = async page => {
    error.textContent = '';
    const criteria = new URLSearchParams({ m });
    for (const k of CRITERIA) if (controls[k].value.trim()) criteria.set(k, controls[k].value.trim());
    if (page) criteria.set('page', page);
    const address = '#/decisions?' + criteria;
    if (location.hash !== address) history.replaceState(null, '', address);
    sessionStorage.setItem('decisions-search', address);
    const id = criteria.get('itemId');
    const params = id ? `itemId=${q(id)}&municipality=${q(m)}`
      : `municipality=${q(m)}&from=${q(from.value)}&to=${q(to.value)}&size=${PAGE_SIZE}&page=${page}`
        + ['recipient', 'outcome', 'ruleId'].map(k => criteria.has(k) ? `&${k}=${q(criteria.get(k))}` : '').join('');
    try {
      const result = await get('/routing-decisions?' + params);
      const first = page * PAGE_SIZE;
      const pager = [];
      if (page > 0) pager.push(h('button', { type: 'button', id: 'previous-page' }, `← предыдущие ${PAGE_SIZE}`));
      if (first + result.items.length < result.total) pager.push(h('button', { type: 'button', id: 'next-page' }, `следующие ${PAGE_SIZE} →`));
      pager.forEach(b => b.addEventListener('click', () => run(page + (b.id === 'next-page' ? 1 : -1)).then(() => out.focus())));
      out.replaceChildren(h('p', { id: 'found' }, `Найдено: ${result.total}` + (result.total > result.items.length && result.items.length
        ? `, показаны ${first + 1}–${first + result.items.length}` : '')),
        result.items.length ? table(['Поступило', 'Элемент', 'Результат', 'Исполнитель', 'Правило', ''],
          result.items.map(d => h('tr', {}, h('td', {}, when(d.input ? d.input.receivedAt : d.decidedAt)), h('td', {}, d.itemId),
            h('td', {}, OUTCOME[d.outcome] || d.outcome), h('td', {}, d.recipient ? d.recipient.name : '—'),
            h('td', {}, d.rules && d.rules.selected || '—'),
            h('td', {}, h('a', { href: '#/decisions/' + encodeURIComponent(d.decisionId) }, 'Открыть')))), { class: 'grid' }) : '',
        pager.length ? h('div', { class: 'toolbar pager' }, pager) : '');
    } catch (e) {
      error.textContent = e.message;
    }
  };
  form.addEventListener('submit', ev => { ev.preventDefault(); run(0); });
  out.tabIndex = -1;
  root.append(form, out, auditLogCard(m));
  const saved = ctx.query;
  if (saved && saved.get('m') === m) {
    for (const k of CRITERIA) if (saved.has(k)) controls[k].value = saved.get(k);
    await run(Math.max(0, parseInt(saved.get('page'), 10) || 0));
  }
}

async function decision(root, ctx, id) {
  const d = await get('/routing-decisions/' + q(id));
  const m = d.municipality;
  // Its times on its municipality's clock, whichever municipality is chosen in the header
  if (m !== ctx.municipality) await ctx.clockOf(m);
  root.append(h('p', {}, h('a', { href: sessionStorage.getItem('decisions-search') || '#/decisions', id: 'back-to-search' }, '← к поиску')),
    h('h1', { id: 'page-title' }, `Решение по элементу ${d.itemId}`));
  const actions = h('div', { class: 'actions' });
  const verdict = h('div', { class: 'verdicts', 'aria-live': 'polite' });
  const proofMark = h('p', { id: 'proof', class: 'proof pending' }, 'Доказательство: проверяется…');
  root.append(proofMark, actions, verdict);

  root.append(h('section', { class: 'card' }, h('h2', {}, 'Итог'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Результат'), h('dd', { id: 'outcome' }, OUTCOME[d.outcome] || d.outcome),
      h('dt', {}, 'Исполнитель'), h('dd', {}, d.recipient ? `${d.recipient.name} (${d.recipient.id})` : '—'),
      h('dt', {}, 'Соисполнители'), h('dd', {}, (d.coExecutors || []).map(c => c.name).join(', ') || '—'),
      d.moderationReason ? [h('dt', {}, 'Причина модерации'), h('dd', {}, d.moderationReason)] : null,
      h('dt', {}, 'Срок'), h('dd', { id: 'deadline' }, d.deadline ? `${when(d.deadline.dueAt, d.deadline.timeZone)} (${d.deadline.timeZone})` : '—',
        // Counted on a year whose official production calendar is not loaded: the decree may still move it
        d.deadline && d.deadline.provisional ? provisionalMark('deadline-provisional') : null),
      h('dt', {}, 'Основание срока'), h('dd', {}, d.deadline ? d.deadline.basis : '—'),
      d.moderationDeadline ? [h('dt', {}, 'Срок модерации'), h('dd', {}, `${when(d.moderationDeadline.dueAt)}: ${d.moderationDeadline.basis}`)] : null,
      h('dt', {}, 'Решено'), h('dd', {}, when(d.decidedAt)),
      h('dt', {}, 'Идентификатор'), h('dd', {}, h('code', {}, d.decisionId))),
    h('h3', {}, 'Объяснение'), h('p', { class: 'explanation', lang: 'ru' }, d.explanation)));

  if (d.input) {
    const fields = Object.entries(d.input).filter(([, v]) => v !== null && v !== undefined && v !== '');
    root.append(h('section', { class: 'card' }, h('h2', {}, 'Входные данные'),
      h('dl', { class: 'facts' }, fields.map(([k, v]) => [h('dt', { title: k }, INPUT[k] || k), h('dd', {}, inputValue(k, v))]))));
  }
  const rulesSection = h('section', { class: 'card', 'aria-labelledby': 'rows-title' }, h('h2', { id: 'rows-title' }, 'Строки автоправил'));
  root.append(rulesSection);
  matchedRows(rulesSection, d, ctx);

  if (d.recipientStates && d.recipientStates.length) {
    root.append(h('section', { class: 'card' }, h('h2', {}, 'Состояние исполнителей в момент решения'),
      table(['Исполнитель', 'Оценка', 'Отсутствие', 'Заместитель', 'Открыто', 'Предел'], d.recipientStates.map(s => h('tr', {},
        h('td', { title: s.recipientId }, s.recipientId), h('td', {}, VERDICT[s.verdict] || s.verdict),
        h('td', {}, s.absentFrom ? `${ruDate(s.absentFrom)} — ${ruDate(s.absentTo)}` : '—'), h('td', {}, s.deputyId || '—'),
        h('td', {}, String(s.openItems ?? 0)), h('td', {}, s.capacity ? String(s.capacity) : 'без предела'))), { class: 'grid' })));
  }
  const history = h('section', { class: 'card' }, h('h2', {}, 'История элемента'));
  root.append(history);
  get(`/municipalities/${q(m)}/items/${q(d.itemId)}`).then(item => {
    // The item's deadline now: an event may have moved it, or the official calendar of a year the decision counted
    // provisionally (the decision above keeps what it said)
    const changes = (item.deadlineHistory || []).slice(1);
    const noEffect = new Map((item.withoutEffect || []).map(x => [x.eventId, x.reason]));
    // Element.append writes a null as the text "null": only what is there is appended
    history.append(...[h('p', { id: 'item-deadline' }, `Держатель: ${item.holder ? item.holder.name : '—'}; ${item.open ? 'открыт' : 'закрыт'}; срок ${when(item.deadline && item.deadline.dueAt)}`,
      item.deadline && item.deadline.provisional ? provisionalMark('item-deadline-provisional') : null),
      changes.length ? table(['Когда', 'Изменение срока', 'Новый срок', 'Основание'],
        changes.map(c => h('tr', { dataset: { change: c.type } },
          // The recount is no event: counted from receipt, whenever the calendar was loaded
          h('td', {}, c.eventId ? when(c.at) : '—'), h('td', {}, DEADLINE_CHANGE[c.type] || c.type),
          h('td', {}, c.deadline ? when(c.deadline.dueAt) : '—', c.deadline && c.deadline.provisional ? provisionalMark() : null),
          h('td', {}, c.deadline ? c.deadline.basis : '—'))),
        { class: 'grid', id: 'deadline-history' }) : null,
      item.events && item.events.length ? table(['Когда', 'Событие', 'Исполнитель', 'Кто записал', 'Последствия'],
        item.events.map(e => h('tr', { class: noEffect.has(e.eventId) ? 'no-effect' : '' }, h('td', {}, when(e.occurredAt)),
          h('td', {}, EVENT[e.type] || e.type), h('td', {}, e.recipientId || '—'), h('td', {}, signed(e.recordedBy)),
          h('td', {}, noEffect.has(e.eventId) ? 'без последствий: ' + noEffect.get(e.eventId) : '—'))),
        { class: 'grid', id: 'item-events' }) : h('p', { class: 'empty' }, 'Событий нет.')].filter(Boolean));
  }).catch(e => history.append(h('p', { class: 'form-error' }, e.message)));

  const replay = h('button', { type: 'button', id: 'replay' }, 'Воспроизвести');
  const whatIf = h('button', { type: 'button', id: 'what-if' }, 'Что если (действующие правила)');
  const check = h('button', { type: 'button', id: 'check-proof' }, 'Проверить доказательство');
  actions.append(replay, whatIf, check);
  replay.addEventListener('click', async () => {
    try {
      const r = await post(`/routing-decisions/${q(d.decisionId)}/replay`);
      verdict.replaceChildren(h('div', { class: 'verdict ' + (r.identical ? 'ok' : 'bad'), id: 'replay-result' },
        r.identical ? 'Воспроизведение: решение идентично.' : 'Воспроизведение: есть расхождения',
        r.differences && r.differences.length ? differences(r.differences) : ''));
    } catch (e) { verdict.replaceChildren(h('p', { class: 'form-error' }, e.message)); }
  });
  whatIf.addEventListener('click', async () => {
    try {
      const r = await post(`/routing-decisions/${q(d.decisionId)}/what-if?ruleset=active`);
      verdict.replaceChildren(h('div', { class: 'verdict ' + (r.changed ? 'bad' : 'ok'), id: 'what-if-result' },
        h('h3', {}, `Что если: действующие правила (версия ${r.rulesetVersion}) и сегодняшнее состояние исполнителей`),
        r.changed ? differences(r.differences) : h('p', {}, 'Решение было бы тем же.')));
    } catch (e) { verdict.replaceChildren(h('p', { class: 'form-error' }, e.message)); }
  });
  const runCheck = async () => {
    proofMark.className = 'proof pending';
    proofMark.textContent = 'Доказательство: проверяется…';
    for (let attempt = 0; ; attempt++) {
      try {
        const proof = await get(`/routing-decisions/${q(d.decisionId)}/proof`);
        const [entry, vkey] = await Promise.all([
          api('GET', `/municipalities/${q(m)}/audit/entries/${proof.leafIndex}`, { raw: true }).then(r => r.arrayBuffer()),
          get('/audit/public-key')]);
        const ok = await verifyProof(proof, entry, vkey, { origin: 'marshrut/' + m, ref: d.decisionId });
        proofMark.className = 'proof verified';
        proofMark.textContent = `✔ Проверено в браузере: запись ${proof.leafIndex} входит в подписанное дерево ${ok.origin} размера ${ok.size} (Ed25519, RFC 9162).`;
        return;
      } catch (e) {
        if (e.status === 503 && attempt < 20) { await new Promise(r => setTimeout(r, 500)); continue; } // hashed within 1 s
        proofMark.className = 'proof failed';
        proofMark.textContent = '✘ Доказательство не подтверждено: ' + e.message;
        return;
      }
    }
  };
  check.addEventListener('click', runCheck);
  runCheck();
}

async function matchedRows(section, d, ctx) {
  const rules = d.rules || {};
  section.append(h('p', {}, rules.rulesetVersion ? `Версия ${rules.rulesetVersion} (${rules.rulesetHash}); сработали: ${(rules.matched || []).join(', ') || 'нет'}; выбрано: ${rules.selected || 'нет'}.`
    : 'Решение принято без автоправил.'));
  if (!rules.rulesetVersion || !ctx.has('admin', 'auditor', 'centre')) return;
  try {
    const t = await get(`/municipalities/${q(d.municipality)}/autorules/${rules.rulesetVersion}?format=json`);
    const matched = new Set(rules.matched || []);
    const cols = ['channel', 'category', 'subcategory', 'oktmo', 'authorType'];
    const show = v => v === null || v === undefined ? '—' : Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
    section.append(table(['№', 'Правило', 'Канал', 'Категория', 'Подкатегория', 'ОКТМО', 'Автор', 'Действие', 'Получатель', ''],
      t.rows.map((r, i) => {
        const selected = r.id === rules.selected;
        return h('tr', { class: (selected ? 'selected ' : '') + (matched.has(r.id) ? 'matched' : ''), dataset: { rule: r.id },
          'aria-current': selected ? 'true' : null },
          h('td', {}, i + 1), h('td', {}, r.id), cols.map(c => h('td', {}, show(r[c]))),
          h('td', {}, r.action), h('td', {}, show(r.recipient)),
          h('td', {}, selected ? 'выбрано' : matched.has(r.id) ? 'сработало' : ''));
      }), { class: 'grid rows', id: 'matched-rows' }));
  } catch (e) {
    section.append(h('p', { class: 'form-error' }, e.message));
  }
}

function differences(list) {
  return table(['Поле', 'Было решено', 'Теперь', 'Причина'], list.map(x => h('tr', {}, h('td', { title: x.field }, FIELD[x.field] || x.field),
    h('td', {}, fmt(x.decided, x.field)), h('td', {}, fmt(x.other, x.field)), h('td', {}, CAUSE[x.cause] || x.cause || '—'))), { class: 'grid' });
}

// What the auditor reads in Russian; the API's own names stay in each label's tooltip
const INPUT = { itemId: 'Номер элемента', municipality: 'Муниципалитет', channel: 'Канал', category: 'Категория',
  subcategory: 'Подкатегория', oktmo: 'ОКТМО', text: 'Текст', authorType: 'Автор', importance: 'Важность',
  receivedAt: 'Поступило', answerAt: 'Срок платформы', repeatOf: 'Повтор элемента' };
const AUTHOR = { CITIZEN: 'гражданин', ORGANIZATION: 'организация' };
const IMPORTANCE = { NORMAL: 'обычная', HIGH: 'высокая' };
const VERDICT = { AVAILABLE: 'может принять', ABSENT: 'отсутствует', AT_CAPACITY: 'достигнут предел', DEPUTY: 'заместитель' };
const CAUSE = { RULES: 'изменились правила', ENGINE: 'изменилась программа или календарь',
  RECIPIENT_STATE: 'изменилось состояние исполнителей' };
const FIELD = { outcome: 'Исход', 'recipient.id': 'Исполнитель', 'recipient.name': 'Исполнитель (название)',
  coExecutors: 'Соисполнители', explanation: 'Объяснение', moderationReason: 'Причина модерации',
  'deadline.class': 'Класс срока', 'deadline.dueAt': 'Срок', 'deadline.basis': 'Основание срока',
  'moderationDeadline.dueAt': 'Срок модерации', recipientStates: 'Состояние исполнителей',
  'rules.matched': 'Сработавшие строки', 'rules.selected': 'Выбранная строка', 'rules.intakeRules': 'Правила приёма',
  'rules.deadlineRule': 'Правило срока', rulesetVersion: 'Версия автоправил', rulesetHash: 'Хеш автоправил',
  intakeRulesHash: 'Хеш правил приёма', deadlineRulesHash: 'Хеш классов сроков', calendarHash: 'Хеш календаря',
  'intake.category': 'Категория (приём)', 'intake.subcategory': 'Подкатегория (приём)',
  'intake.categorySource': 'Откуда категория', 'intake.importance': 'Важность (приём)', 'intake.appealKind': 'Вид обращения',
  'intake.notes': 'Заметки приёма' };

function inputValue(k, v) {
  if (k === 'channel') return CHANNEL[v] || v;
  if (k === 'authorType') return AUTHOR[v] || v;
  if (k === 'importance') return IMPORTANCE[v] || v;
  if (k === 'receivedAt' || k === 'answerAt') return `${when(v)} (${v})`;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A value of a decision's field as an auditor reads it: an outcome in Russian, a list as its items, a date as a date. */
function fmt(v, fieldName) {
  if (v === null || v === undefined) return '—';
  if (fieldName === 'outcome') return OUTCOME[v] || String(v);
  if (fieldName === 'intake.importance') return IMPORTANCE[v] || String(v);
  if (Array.isArray(v)) return v.length ? v.map(x => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : 'нет';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return `${when(v)} (${v})`;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * The municipality's whole audit log, for the auditor: the server recomputes the tree from every stored entry
 * (`…/audit/verify`), and the browser checks the latest signed tree head's Ed25519 signature with the published key
 * and that its root is the one recomputed. The log can be exported for offline checking (docs/audit/AuditVerifier.java).
 */
function auditLogCard(m) {
  const result = h('div', { id: 'log-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', id: 'verify-log' }, 'Проверить журнал');
  const exported = h('p', { class: 'downloads' }, h('a', { href: `/api/v1/municipalities/${q(m)}/audit/export`,
    download: `audit-${m}.jsonl` }, 'Выгрузить журнал (JSON Lines) для проверки вне Маршрута'));
  // The whole log may be large: the browser saves it as it streams, not through the page's memory. A first entry asked
  // for first renews an ended session in place and shows a refusal on the page
  exported.addEventListener('click', async ev => {
    const a = ev.target.closest('a[download]');
    if (!a || a.dataset.checked) return;
    ev.preventDefault();
    try {
      await get(`/municipalities/${q(m)}/audit/export?from=0&to=1`, { raw: true });
      a.dataset.checked = '1';
      a.click();
      delete a.dataset.checked;
    } catch (e) {
      toast('Журнал не выгружен: ' + e.message, 'error');
    }
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(h('p', {}, 'Журнал проверяется…'));
    try {
      const vkey = await get('/audit/public-key');
      // A log being written may be signed at a new size between the two calls: asked again, a few times
      let v, head;
      for (let attempt = 0; attempt < 5; attempt++) {
        [v, head] = await Promise.all([get(`/municipalities/${q(m)}/audit/verify`),
          api('GET', `/municipalities/${q(m)}/audit/tree-head`, { accept: 'text/plain' })]);
        if (!v.valid || Number(head.split('\n')[1]) === v.treeSize) break;
      }
      if (!v.valid) {
        const at = v.firstMismatch && v.firstMismatch.index >= 0 ? `запись ${v.firstMismatch.index}: ` : '';
        result.replaceChildren(h('p', { class: 'verdict bad' }, `✘ Журнал повреждён — ${at}${v.firstMismatch ? v.firstMismatch.problem : ''}`));
        return;
      }
      const note = await verifyCheckpoint(head, vkey);
      const root = Uint8Array.from(atob(v.root), c => c.charCodeAt(0));
      const sameRoot = note.size === v.treeSize && note.root.length === root.length && note.root.every((b, i) => b === root[i]);
      result.replaceChildren(h('p', { class: 'verdict ' + (sameRoot ? 'ok' : 'bad') }, sameRoot
        ? `✔ Журнал цел: сервер пересчитал дерево из ${v.checked} записей, его корень совпадает с подписанной головой`
          + ` ${note.origin} (размер ${note.size}), подпись Ed25519 проверена в браузере.`
        : note.size !== v.treeSize ? `Журнал пополняется (подписанная голова: ${note.size} записей, проверено: ${v.treeSize}):`
          + ' повторите проверку.'
        : `✘ Подписанная голова ${note.origin} (размер ${note.size}) не совпадает с деревом, пересчитанным из записей.`));
    } catch (e) {
      result.replaceChildren(h('p', { class: 'verdict bad' }, '✘ Не проверено: ' + e.message));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'log-title' }, h('h2', { id: 'log-title' }, 'Журнал аудита'),
    h('p', {}, 'Каждое решение и каждое изменение правил, исполнителей и доступа записано в журнал, защищённый деревом'
      + ' Меркла (RFC 9162) и подписью Ed25519.'), h('div', { class: 'toolbar' }, button), result, exported);
}

