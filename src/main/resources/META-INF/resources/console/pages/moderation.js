// The moderation queue, oldest first with its moderation deadline; an item is assigned in two clicks.
import { h, table, when, toast, provisionalMark, CHANNEL, ruDate, todayIn } from '../dom.js';
import { get, post, q } from '../api.js';

export async function render(root, ctx) {
  const m = ctx.municipality;
  root.append(h('h1', { id: 'page-title' }, 'Модерация: очередь координатора'));
  const [queue, registry] = await Promise.all([
    get(`/municipalities/${q(m)}/moderation-queue`),
    get(`/municipalities/${q(m)}/recipients`),
  ]);
  const recipients = registry.recipients.filter(r => r.id !== registry.coordinator);
  const names = new Map(registry.recipients.map(r => [r.id, r.name]));
  // What the coordinator must know before giving an item to someone: away today (and who stands in), or at the
  // limit of open items. The assignment is still the coordinator's choice.
  const today = todayIn(registry.timeZone);
  const standing = r => {
    const s = r.state || {};
    const away = s.absence && s.absence.from <= today && today <= s.absence.to;
    const notes = [];
    if (away) {
      notes.push(`отсутствует по ${ruDate(s.absence.to)}` + (s.absence.deputyId
        ? `, замещает ${names.get(s.absence.deputyId) || s.absence.deputyId}` : ', без заместителя'));
    }
    if (s.capacity && (s.openItems || 0) >= s.capacity) notes.push(`достигнут предел: ${s.openItems} из ${s.capacity}`);
    return notes.length ? `${r.name} — ${notes.join('; ')}` : r.name;
  };
  let waiting = queue.total;
  const count = h('span', { id: 'queue-total' }, String(waiting));
  root.append(h('p', {}, 'Ожидают распределения: ', count, `. Срок модерации — по производственному календарю ${registry.timeZone}.`));
  if (!queue.items.length) {
    root.append(h('p', { class: 'empty' }, 'Очередь пуста.'));
    return;
  }
  const rows = queue.items.map((it, i) => {
    const select = h('select', { name: 'recipientId', id: 'assign-' + i },
      h('option', { value: '' }, '— выберите исполнителя —'),
      recipients.map(r => h('option', { value: r.id, dataset: { name: r.name } }, standing(r))));
    const button = h('button', { type: 'button', class: 'primary' }, 'Назначить');
    // Declined instead of distributed (ПОС's MODERATION_DECLINE): not the municipality's matter, spam, abuse — said why
    const reason = h('input', { name: 'declineReason', id: 'decline-reason-' + i, maxlength: 500, required: true });
    const declineButton = h('button', { type: 'button', class: 'decline' }, 'Отклонить');
    const decline = h('details', { class: 'decline' }, h('summary', {}, 'Отклонить…'),
      h('label', { for: reason.id }, 'Причина (её увидит заявитель)'), reason, declineButton);
    const cell = h('td', { class: 'assign' },
      h('label', { for: select.id, class: 'sr-only' }, `Исполнитель для ${it.itemId}`), select, button, decline);
    const tr = h('tr', { dataset: { item: it.itemId }, class: it.overdue ? 'overdue' : '' },
      h('td', {}, when(it.receivedAt)),
      h('td', {}, it.itemId),
      h('td', {}, CHANNEL[it.channel] || it.channel),
      h('td', {}, it.category || '—', it.subcategory ? h('div', { class: 'sub' }, it.subcategory) : null),
      h('td', { class: 'text' }, citizenText(it.text)),
      h('td', { class: 'reason' }, it.reason || '—'),
      h('td', {}, when(it.moderationDeadline && it.moderationDeadline.dueAt),
        it.moderationDeadline && it.moderationDeadline.provisional ? provisionalMark() : null,
        it.overdue ? h('strong', { class: 'bad' }, ' просрочено') : ''),
      h('td', {}, when(it.deadline && it.deadline.dueAt), it.deadline && it.deadline.provisional ? provisionalMark() : null),
      cell);
    // One event per row and choice: a retry after a lost answer sends the same event again, which the server takes
    // as the same (a new id each time would record the assignment twice)
    const attempts = {};
    const send = (choice, event) => {
      const attempt = attempts[choice] ||= { eventId: crypto.randomUUID(), occurredAt: new Date().toISOString() };
      return post('/events', { json: { eventId: attempt.eventId, municipality: m, itemId: it.itemId,
        occurredAt: attempt.occurredAt, ...event } });
    };
    // Assigned or declined, or recorded without effect (answered or assigned meanwhile): the item has left the queue
    // either way, and the row says which. The buttons are gone: the focus moves on to the next item still waiting, or
    // stays on this row's result
    const settle = (done) => {
      cell.replaceChildren(done);
      tr.classList.add('done');
      count.textContent = String(--waiting);
      const next = [...tr.parentElement.querySelectorAll('tr:not(.done) select')].find(x => x.compareDocumentPosition(tr) & Node.DOCUMENT_POSITION_PRECEDING)
        || tr.parentElement.querySelector('tr:not(.done) select');
      (next || done).focus();
    };
    button.addEventListener('click', async () => {
      if (!select.value) { select.focus(); toast('Выберите исполнителя.', 'error'); return; }
      button.disabled = true;
      try {
        const r = await send('assign:' + select.value, { type: 'ASSIGN', recipientId: select.value });
        const name = select.selectedOptions[0].dataset.name;
        const refused = r.withoutEffect;
        settle(refused ? h('span', { class: 'bad', tabindex: -1 }, `Не назначено: ${refused}`)
          : h('span', { class: 'ok', tabindex: -1 }, `Назначено: ${name}`));
        if (refused) toast(`${it.itemId} не назначено: ${refused}`, 'error');
        else toast(`${it.itemId} назначено: ${name}; срок ответа — ${when(r.item && r.item.deadline && r.item.deadline.dueAt || it.deadline.dueAt)}`);
      } catch (e) {
        button.disabled = false;
        toast('Не назначено: ' + e.message, 'error');
      }
    });
    declineButton.addEventListener('click', async () => {
      const why = reason.value.trim();
      if (!why) { reason.focus(); toast('Укажите причину отклонения.', 'error'); return; }
      declineButton.disabled = true;
      try {
        const r = await send('decline:' + why, { type: 'MODERATION_DECLINE', reason: why });
        const refused = r.withoutEffect;
        settle(refused ? h('span', { class: 'bad', tabindex: -1 }, `Не отклонено: ${refused}`)
          : h('span', { class: 'ok', tabindex: -1 }, `Отклонено: ${why}`));
        toast(refused ? `${it.itemId} не отклонено: ${refused}` : `${it.itemId} отклонено при модерации`, refused ? 'error' : undefined);
      } catch (e) {
        declineButton.disabled = false;
        toast('Не отклонено: ' + e.message, 'error');
      }
    });
    return tr;
  });
  root.append(table(['Поступило', 'Элемент', 'Канал', 'Категория', 'Текст обращения', 'Причина модерации', 'Срок модерации', 'Срок ответа', 'Назначить'],
    rows, { class: 'grid', id: 'queue' }));
}

// The citizen's words, which the coordinator distributes the item by: the start in the row, the rest on request
function citizenText(text) {
  if (!text) return h('span', { class: 'empty' }, 'без текста');
  if (text.length <= 160) return text;
  return h('details', {}, h('summary', {}, text.slice(0, 160) + '…'), h('p', {}, text));
}

