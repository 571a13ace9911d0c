// Elements are built with properties and text nodes only: nothing a server or a citizen wrote is ever parsed as HTML.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

let seq = 0;
/** A labelled control: the label names it for screen readers and the keyboard (click on the label focuses it). */
export function field(label, control, hint) {
  if (!control.id) control.id = 'f' + (++seq);
  const err = h('span', { class: 'field-error', id: control.id + '-error', 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', err.id);
  return h('div', { class: 'field', dataset: { field: control.name || '' } },
    h('label', { for: control.id }, label), control, hint ? h('small', {}, hint) : null, err);
}

/**
 * The mark beside a due date counted on a year whose official production calendar is not loaded: the Government's
 * transfers of days off may still move it.
 */
export function provisionalMark(id, title) {
  // A space before it: the cell's text (and a screen reader) reads "<date> предварительный"
  return [' ', h('span', { class: 'mark provisional', id, title: title
    || 'Официальный производственный календарь на этот год не загружен: срок посчитан по ТК РФ без переносов выходных' },
  'предварительный')];
}

export function table(headers, rows, attrs) {
  return h('table', attrs || {},
    h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows));
}

// Every time on a page is shown on the clock of the municipality in view (its officials' clock), whatever the zone
// the browser runs in or the offset the API wrote the instant with
let zone = null;
export function setZone(z) { zone = z; }
const formats = new Map();
function formatIn(z) {
  if (!formats.has(z)) {
    formats.set(z, new Intl.DateTimeFormat('ru-RU', { timeZone: z, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  }
  return formats.get(z);
}
/** An instant as dd.MM.yyyy HH:mm in the given zone, or the municipality's; its own offset's time when neither is known. */
export function when(iso, inZone) {
  if (!iso) return '—';
  const z = inZone || zone;
  const instant = new Date(String(iso).replace(/(\.\d{3})\d+/, '$1'));
  if (z && !isNaN(instant)) {
    try {
      const p = Object.fromEntries(formatIn(z).formatToParts(instant).map(x => [x.type, x.value]));
      return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
    } catch (e) { /* a zone this browser does not know: as written below */ }
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (m && !iso.endsWith('Z')) return `${m[3]}.${m[2]}.${m[1]} ${m[4]}:${m[5]}`;
  return isNaN(instant) ? String(iso) : instant.toLocaleString('ru-RU');
}

export function toast(text, kind) {
  const t = document.getElementById('toast');
  t.className = kind || '';
  t.textContent = text;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.textContent = ''; t.className = ''; }, 6000);
}

/** The problem+json of a refused call, in place: each field's message beside its control, the rest in a box. */
export function showProblem(form, error) {
  form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  const box = form.querySelector('.form-error');
  const rest = [];
  for (const fe of error.errors || []) {
    const control = form.querySelector(`[name="${CSS.escape(fe.field)}"]`);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      document.getElementById(control.id + '-error').textContent = fe.message;
    } else rest.push(`${fe.field}: ${fe.message}`);
  }
  if (box) box.textContent = rest.length ? rest.join('; ') : (error.errors && error.errors.length ? '' : error.message);
}

/**
 * A modal confirmation: `title` asks, `text` says what will happen, `verb` confirms; `action` runs once the dialog
 * is closed. Cancel has the focus: Enter alone confirms nothing. Afterwards the focus goes back where it was, or, when
 * the action took that control away (a revoked key's row), to the section that held it: never to the page's start.
 */
export function confirmDialog({ id, title, text, verb, action, cancelled }) {
  const opener = document.activeElement;
  const region = opener && opener.closest ? opener.closest('section') : null;
  const restore = () => {
    if (opener && opener.isConnected && opener !== document.body) opener.focus();
    else if (region && region.isConnected) { region.tabIndex = -1; region.focus(); }
    else document.getElementById('main').focus();
  };
  const ok = h('button', { type: 'button', class: 'primary', id: id + '-ok' }, verb);
  const cancel = h('button', { type: 'button', id: id + '-cancel' }, 'Отмена');
  const dialog = h('dialog', { 'aria-labelledby': id + '-title', id },
    h('h2', { id: id + '-title' }, title), h('p', {}, text), h('div', { class: 'toolbar' }, ok, cancel));
  document.body.append(dialog);
  let confirmed = false;
  cancel.addEventListener('click', () => dialog.close());
  // closed by Cancel or Escape: the caller that waits is told
  dialog.addEventListener('close', () => { dialog.remove(); restore(); if (!confirmed && cancelled) cancelled(); });
  ok.addEventListener('click', () => { confirmed = true; dialog.close(); Promise.resolve(action()).finally(restore); });
  dialog.showModal();
  cancel.focus();
}

/** {@link confirmDialog} as a promise: true when confirmed. */
export function ask({ id, title, text, verb }) {
  return new Promise(resolve => confirmDialog({ id, title, text, verb, action: () => resolve(true), cancelled: () => resolve(false) }));
}

/** Asked before unsaved edits are thrown away (another version opened, another page or municipality, logout). */
export function askDiscard() {
  return ask({ id: 'discard', title: 'Несохранённые изменения',
    text: 'Изменения в таблице не сохранены как черновик. Уйти и потерять их?', verb: 'Уйти без сохранения' });
}

export const STATUS = { ON_TRACK: 'в срок', AT_RISK: 'под угрозой', OVERDUE: 'просрочено' };
export const OUTCOME = { ROUTED: 'направлено', MODERATION: 'на модерации' };
/** Channels as the decisions' explanations name them (routing/Explanation). */
export const CHANNEL = { POS: 'ПОС', APPEAL_59FZ: 'обращение по 59-ФЗ', SOCIAL_IM: 'Инцидент Менеджмент', PHONE: 'телефон',
  EMAIL: 'электронная почта', RECEPTION: 'личный приём' };

const scripts = new Map();
/** A classic script of this service's /vendor, loaded once on demand (the CSP allows scripts from 'self' only). */
export function loadScript(src, global) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = () => resolve(window[global]);
      s.onerror = () => { scripts.delete(src); reject(new Error('не загрузился ' + src)); };
      document.head.append(s);
    }));
  }
  return scripts.get(src);
}

/** A date of the API (2026-12-20) as officials write it: 20.12.2026. */
export function ruDate(isoDate) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate || '');
  return m ? `${m[3]}.${m[2]}.${m[1]}` : (isoDate || '');
}

/** Today's date (2026-12-07) in a time zone: what an absence's dates are compared with. */
export function todayIn(timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A count with its noun in the Russian plural form: 1 категория, 3 категории, 5 категорий, 21 категория, 11 категорий. */
export function plural(n, one, few, many) {
  const tens = n % 100, units = n % 10;
  const word = tens >= 11 && tens <= 14 ? many : units === 1 ? one : units >= 2 && units <= 4 ? few : many;
  return `${n} ${word}`;
}

