// Control: deadline status of open items by holder; ratings; the heat map; the weekly note and the monthly report.
import { h, table, when, field, loadScript, STATUS, toast, provisionalMark, plural } from '../dom.js';
import { get, q } from '../api.js';
import { fetchedDownloads } from '../downloads.js';

const echarts = () => loadScript('/vendor/echarts/dist/echarts.min.js', 'echarts');

// The month on the official's own calendar (toISOString's is UTC's: the previous month in the first hours of the 1st)
function isoMonth(d) { return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`; }
function isoWeek(d) {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export async function render(root, ctx) {
  const m = ctx.municipality;
  root.append(h('h1', { id: 'page-title' }, 'Контроль исполнения'));
  const status = h('section', { class: 'card', 'aria-labelledby': 'status-title' }, h('h2', { id: 'status-title' }, 'Сроки открытых элементов'));
  root.append(status);
  await deadlineStatus(status, m);
  if (ctx.has('admin', 'auditor', 'centre')) {
    const ratings = h('section', { class: 'card', 'aria-labelledby': 'ratings-title' }, h('h2', { id: 'ratings-title' }, 'Рейтинг исполнителей'));
    const heat = h('section', { class: 'card', 'aria-labelledby': 'heat-title' }, h('h2', { id: 'heat-title' }, 'Тепловая карта: категория × территория'));
    const reports = h('section', { class: 'card', 'aria-labelledby': 'reports-title' }, h('h2', { id: 'reports-title' }, 'Отчёты'));
    root.append(ratings, heat, reports);
    ratingsSection(ratings, m);
    heatSection(heat, m);
    reportsSection(reports, m);
  }
}

async function deadlineStatus(section, m) {
  const s = await get(`/municipalities/${q(m)}/items/deadline-status`);
  section.append(h('p', {}, `На ${when(s.at)}; «под угрозой» — израсходовано более ${Math.round(s.atRiskShare * 100)} % срока.`));
  if (!s.recipients.length) {
    section.append(h('p', { class: 'empty' }, 'Открытых элементов у исполнителей нет.'));
    return;
  }
  // Each cell sits under its column: a holder's row counts its items by status; an item's row marks its status in
  // that status's column, then its due date and the share of its term used
  const columns = ['ON_TRACK', 'AT_RISK', 'OVERDUE'];
  const rows = [];
  for (const r of s.recipients) {
    rows.push(h('tr', { class: 'holder' },
      h('th', { scope: 'row' }, r.undistributed ? `${r.recipientName} (не распределено)` : r.recipientName), h('td', {}, r.onTrack), h('td', {}, r.atRisk), h('td', {}, r.overdue),
      h('td', {}, ''), h('td', {}, '')));
    for (const it of r.items) {
      rows.push(h('tr', { class: 'status-' + it.status.toLowerCase(), dataset: { item: it.itemId } },
        h('td', { class: 'indent' }, it.itemId),
        columns.map(c => h('td', {}, c === it.status ? STATUS[c] : '',
          c === it.status && it.interimLate ? h('small', {}, ' (промежуточный ответ дан с опозданием)') : null)),
        h('td', {}, when(it.dueAt), it.provisional ? provisionalMark() : null),
        h('td', {}, `${Math.round((it.usedShare || 0) * 100)} %`)));
    }
  }
  section.append(table(['Исполнитель / элемент', ...columns.map(c => STATUS[c][0].toUpperCase() + STATUS[c].slice(1)),
    'Срок ответа', 'Использовано срока'], rows, { class: 'grid', id: 'deadline-status' }));
}

function ratingsSection(section, m) {
  const period = h('input', { name: 'period', value: isoMonth(new Date()), pattern: '\\d{4}-(\\d{2}|W\\d{2}|Q[1-4])' });
  const channels = h('select', { name: 'channels' },
    [['ALL', 'все каналы'], ['POS', 'ПОС'], ['SOCIAL', 'Инцидент Менеджмент'], ['APPEALS', 'обращения 59-ФЗ'], ['PHONE', 'звонки']]
      .map(([v, t]) => h('option', { value: v }, t)));
  const out = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline' }, field('Период (2026-03, 2026-W12, 2026-Q1)', period),
    field('Группа каналов', channels), h('button', { type: 'submit' }, 'Показать'));
  const load = async () => {
    out.replaceChildren(h('p', {}, 'Загрузка…'));
    try {
      const r = await get(`/municipalities/${q(m)}/ratings?period=${q(period.value)}&channels=${q(channels.value)}`);
      out.replaceChildren(r.recipients.length ? table(['Место', 'Исполнитель', 'Балл', 'Оценка', 'Поступило', 'В срок', 'Просрочено'],
        r.recipients.map(x => h('tr', { dataset: { recipient: x.recipientId } }, h('td', {}, x.ranked ? x.rank : '—'), h('td', {}, x.recipientName),
          h('td', {}, x.score, x.provisionalItems ? provisionalMark(null, 'Сообщений со сроком по предварительному'
            + ` производственному календарю: ${x.provisionalItems}; балл может измениться после загрузки официального календаря`)
            : null),
          h('td', {}, x.grade), h('td', {}, x.numbers.received), h('td', {}, x.numbers.answeredOnTime),
          h('td', {}, x.numbers.overdue))), { class: 'grid' }) : h('p', { class: 'empty' }, 'За период элементов нет.'));
      if (r.provisionalItems) {
        out.append(h('p', { id: 'ratings-provisional' }, 'Оценённых сообщений со сроком по предварительному'
          + ` производственному календарю: ${r.provisionalItems}; после загрузки официального календаря рейтинг может`
          + ' измениться.'));
      }
    } catch (e) {
      out.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, e.message));
    }
  };
  form.addEventListener('submit', ev => { ev.preventDefault(); load(); });
  section.append(form, out);
  load();
}

function heatSection(section, m) {
  const now = new Date();
  const from = h('input', { name: 'from', type: 'date', value: new Date(now.getTime() - 30 * 864e5).toLocaleDateString('sv') });
  const to = h('input', { name: 'to', type: 'date', value: new Date(now.getTime() + 864e5).toLocaleDateString('sv') });
  const chart = h('div', { class: 'chart', id: 'heatmap', role: 'img', 'aria-label': 'Тепловая карта' });
  const note = h('p', { id: 'heatmap-note', 'aria-live': 'polite' });
  const form = h('form', { class: 'inline' }, field('С', from), field('По (не включая)', to), h('button', { type: 'submit' }, 'Построить'));
  const load = async () => {
    try {
      const [map, lib] = await Promise.all([get(`/municipalities/${q(m)}/heatmap?from=${from.value}&to=${to.value}`), echarts()]);
      const counts = new Map();
      for (const c of map.cells) {
        const k = c.category + '\u0000' + c.oktmo;
        counts.set(k, (counts.get(k) || 0) + c.count);
      }
      const data = [];
      map.categories.forEach((c, y) => map.territories.forEach((t, x) => data.push([x, y, counts.get(c + '\u0000' + t) || 0])));
      const max = Math.max(1, ...data.map(d => d[2]));
      note.textContent = `Сообщений и обращений за период: ${map.total}.` + (map.provisionalItems ? ' Со сроком по предварительному'
        + ` производственному календарю: ${map.provisionalItems}; их статус может измениться после загрузки официального`
        + ' календаря.' : '');
      chart.setAttribute('aria-label', `Тепловая карта: ${plural(map.categories.length, 'категория', 'категории', 'категорий')}`
        + ` × ${plural(map.territories.length, 'территория', 'территории', 'территорий')}, всего ${map.total}`);
      const c = lib.getInstanceByDom(chart) || lib.init(chart, null, { renderer: 'canvas' });
      c.setOption({
        animation: false,
        // Drawn on the canvas as plain text: the default tooltip is HTML with inline styles, which the CSP blocks
        // (it read «не указан1»), and a category is the platform's text
        tooltip: { position: 'top', renderMode: 'richText', formatter: p => `${map.categories[p.data[1]]}\nОКТМО ${map.territories[p.data[0]]}: ${p.data[2]}` },
        grid: { left: 180, right: 60, top: 10, bottom: 110 },
        xAxis: { type: 'category', data: map.territories, name: 'ОКТМО', axisLabel: { rotate: 30 } },
        yAxis: { type: 'category', data: map.categories },
        visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
        series: [{ type: 'heatmap', data, label: { show: true } }],
      }, true);
    } catch (e) {
      note.textContent = 'Не построено: ' + e.message;
    }
  };
  form.addEventListener('submit', ev => { ev.preventDefault(); load(); });
  section.append(form, note, chart);
  load();
}

function reportsSection(section, m) {
  const week = h('input', { name: 'week', value: isoWeek(new Date()) });
  const month = h('input', { name: 'month', type: 'month', value: isoMonth(new Date()) });
  const links = h('p', { class: 'downloads' });
  const update = () => {
    const base = `/api/v1/municipalities/${q(m)}/reports`;
    links.replaceChildren(
      h('a', { class: 'button', href: `${base}/weekly?week=${q(week.value)}&format=md`, download: `weekly-${m}-${week.value}.md` }, 'Недельная записка (Markdown)'), ' ',
      h('a', { class: 'button', href: `${base}/weekly?week=${q(week.value)}&format=html`, target: '_blank', rel: 'noopener' }, 'Недельная записка (HTML)'), ' ',
      h('a', { class: 'button', href: `${base}/monthly?month=${q(month.value)}&format=xlsx`, download: `monthly-${m}-${month.value}.xlsx` }, 'Месячный отчёт (XLSX)'), ' ',
      h('a', { class: 'button', href: `${base}/monthly?month=${q(month.value)}&format=html`, target: '_blank', rel: 'noopener' }, 'Месячный отчёт (HTML)'));
  };
  // A file is saved only when the report was made: a refusal (a week outside the calendars, an ended session) was
  // saved as the file, with nothing on screen
  fetchedDownloads(links, 'Отчёт не сформирован: ');
  week.addEventListener('input', update);
  month.addEventListener('input', update);
  section.append(h('div', { class: 'inline' }, field('Неделя (ISO, 2026-W12)', week), field('Месяц', month)), links);
  update();
}
