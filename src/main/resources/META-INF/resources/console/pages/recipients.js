// The recipients' registry as a tree (parent → children, deputies named), each state editable in place.
import { signed } from '../messages.js';
import { h, field, when, showProblem, toast, ruDate } from '../dom.js';
import { get, put, q } from '../api.js';

const KIND = { DEPARTMENT: 'отдел', COMMITTEE: 'комитет', INSTITUTION: 'учреждение', POSITION: 'должность' };

export async function render(root, ctx) {
  const m = ctx.municipality;
  const registry = await get(`/municipalities/${q(m)}/recipients`);
  const byId = new Map(registry.recipients.map(r => [r.id, r]));
  const name = id => (byId.get(id) || { name: id }).name;
  root.append(h('h1', { id: 'page-title' }, `Исполнители: ${registry.name}`),
    h('p', {}, `Часовой пояс ${registry.timeZone}; координатор — ${name(registry.coordinator)}.`));
  const editable = ctx.has('admin', 'centre');
  const node = r => {
    const s = r.state || {};
    const summary = h('div', { class: 'recipient', id: 'r-' + r.id, dataset: { recipient: r.id } },
      h('strong', {}, r.name), ' ', h('code', {}, r.id), ' ', h('span', { class: 'kind' }, KIND[r.kind] || r.kind || ''),
      h('div', { class: 'state' }, stateText(s, name)),
      r.deputyId ? h('div', { class: 'deputy' }, 'Заместитель по положению: ' + name(r.deputyId)) : null);
    if (editable) {
      const edit = h('button', { type: 'button', 'aria-expanded': 'false' }, 'Изменить состояние');
      edit.addEventListener('click', () => {
        const open = summary.querySelector('form');
        if (open) { open.remove(); edit.setAttribute('aria-expanded', 'false'); return; }
        edit.setAttribute('aria-expanded', 'true');
        summary.append(stateForm(m, r, registry.recipients, name, next => {
          r.state = next;
          summary.querySelector('.state').replaceChildren(stateText(next, name));
          edit.setAttribute('aria-expanded', 'false');
        }));
      });
      summary.append(edit);
    }
    const children = registry.recipients.filter(c => c.parentId === r.id);
    return h('li', { role: 'treeitem', 'aria-expanded': children.length ? 'true' : null }, summary,
      children.length ? h('ul', { role: 'group' }, children.map(node)) : null);
  };
  const roots = registry.recipients.filter(r => !r.parentId || !byId.has(r.parentId));
  root.append(h('ul', { role: 'tree', class: 'tree', 'aria-label': 'Структура исполнителей' }, roots.map(node)));
}

function stateText(s, name) {
  const parts = [];
  if (s.absence) {
    parts.push(`отсутствует ${ruDate(s.absence.from)} — ${ruDate(s.absence.to)}` + (s.absence.deputyId ? `, замещает ${name(s.absence.deputyId)}` : ', без заместителя'));
  } else parts.push('на месте');
  parts.push(s.capacity ? `открыто ${s.openItems || 0} из ${s.capacity}` : `открыто ${s.openItems || 0}, без лимита`);
  if (s.updatedBy) parts.push(`изменил ${signed(s.updatedBy)} ${when(s.updatedAt)}`);
  return parts.join('; ');
}

function stateForm(m, r, all, name, done) {
  const s = r.state || {};
  const absent = h('input', { type: 'checkbox', name: 'absent', checked: s.absence ? true : null });
  const from = h('input', { type: 'date', name: 'absence.from', value: s.absence ? s.absence.from : '' });
  const to = h('input', { type: 'date', name: 'absence.to', value: s.absence ? s.absence.to : '' });
  const deputy = h('select', { name: 'absence.deputyId' }, h('option', { value: '' }, '— без заместителя —'),
    all.filter(x => x.id !== r.id).map(x => h('option', { value: x.id, selected: s.absence && s.absence.deputyId === x.id ? true : null }, x.name)));
  const capacity = h('input', { type: 'number', name: 'capacity', min: 1, value: s.capacity || '' });
  const openItems = h('input', { type: 'number', name: 'openItems', min: 0, value: s.openItems || 0 });
  // novalidate: the server's own messages are shown beside each field, not the browser's.
  const form = h('form', { class: 'state-form', novalidate: true, 'aria-label': 'Состояние: ' + r.name },
    field('Отсутствует', absent), field('С', from), field('По', to), field('Заместитель', deputy),
    field('Лимит открытых элементов', capacity, 'пусто — без лимита'), field('Открыто сейчас (исправление счётчика)', openItems),
    h('p', { class: 'form-error', role: 'alert' }), h('button', { type: 'submit', class: 'primary' }, 'Сохранить'));
  // Dates of an absence are entered for an absence: they tick the box rather than be dropped on save
  for (const d of [from, to]) d.addEventListener('input', () => { if (d.value) absent.checked = true; });
  const submit = form.querySelector('button[type=submit]');
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = {
      absence: absent.checked ? { from: from.value || null, to: to.value || null, deputyId: deputy.value || null } : null,
      capacity: capacity.value === '' ? null : Number(capacity.value),
    };
    // The open-item count is a correction only when the user changed it: sending the number loaded with the form
    // would set back the items routed to the recipient since
    if (openItems.value !== String(s.openItems || 0)) body.openItems = openItems.value === '' ? null : Number(openItems.value);
    submit.disabled = true;
    try {
      const next = await put(`/municipalities/${q(m)}/recipients/${q(r.id)}/state`, { json: body });
      form.remove();
      done(next);
      toast('Состояние сохранено: ' + r.name);
    } catch (e) {
      showProblem(form, e);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
