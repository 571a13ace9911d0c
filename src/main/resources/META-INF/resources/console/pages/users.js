// Console users and API keys the signed-in principal manages (an admin: the non-centre principals of its own
// municipalities; the centre: all): create one, give a user a new password, revoke. The server decides who may do
// what; this page only offers it. A key is shown once, when it is created, and never again.
import { signed } from '../messages.js';
import { h, field, table, when, showProblem, toast, confirmDialog } from '../dom.js';
import { get, post, put, del, q } from '../api.js';

const ROLES = {
  platform: 'платформа (внешняя система)', coordinator: 'координатор', admin: 'администратор', auditor: 'аудитор',
  centre: 'центр (весь регион)',
};

export async function render(root, ctx) {
  const usersBox = h('section', { 'aria-labelledby': 'users-title' });
  const keysBox = h('section', { 'aria-labelledby': 'keys-title' });
  root.append(h('h1', { id: 'page-title' }, 'Пользователи и ключи API'), usersBox, keysBox);
  const roles = Object.keys(ROLES).filter(r => r !== 'centre' || ctx.has('centre'));
  const munis = ctx.principal.municipalities;

  async function refresh() {
    const [users, keys] = await Promise.all([get('/users'), get('/api-keys')]);
    usersBox.replaceChildren(h('h2', { id: 'users-title' }, 'Пользователи консоли'),
      users.items.length ? table(['Логин', 'Роли', 'Муниципалитеты', 'Создан', 'Действия'],
        users.items.map(u => principalRow(u, 'user')), { class: 'grid', id: 'users' }) : h('p', {}, 'Пользователей нет.'),
      createForm('user'));
    keysBox.replaceChildren(h('h2', { id: 'keys-title' }, 'Ключи API внешних систем'),
      keys.items.length ? table(['Назначение', 'Роли', 'Муниципалитеты', 'Создан', 'Действия'],
        keys.items.map(k => principalRow(k, 'key')), { class: 'grid', id: 'keys' }) : h('p', {}, 'Ключей нет.'),
      createForm('key'));
  }

  function principalRow(p, kind) {
    const actions = h('td', { class: 'actions' });
    const row = h('tr', { dataset: { principal: p.id } }, h('td', {}, p.name),
      h('td', {}, p.roles.map(r => ROLES[r] || r).join(', ')),
      h('td', {}, p.municipalities.length ? p.municipalities.join(', ') : 'все'),
      h('td', {}, `${when(p.createdAt)}, ${signed(p.createdBy)}`), actions);
    // One's own password is changed from the header, giving the current one; an administrator's is set by the centre
    if (kind === 'user' && p.id !== ctx.principal.id && (ctx.has('centre') || !p.roles.includes('admin'))) {
      const reset = h('button', { type: 'button', class: 'reset', 'aria-expanded': 'false' }, 'Новый пароль');
      reset.addEventListener('click', () => {
        const open = actions.querySelector('form');
        if (open) { open.remove(); reset.setAttribute('aria-expanded', 'false'); return; }
        reset.setAttribute('aria-expanded', 'true');
        actions.append(passwordForm(p, () => reset.setAttribute('aria-expanded', 'false')));
      });
      actions.append(reset);
    }
    // One's own user is revoked by another admin or the centre (the server refuses it: no way back in)
    if (!(kind === 'user' && p.id === ctx.principal.id)) {
      const revoke = h('button', { type: 'button', class: 'revoke' }, 'Отозвать');
      revoke.addEventListener('click', () => confirmRevoke(p, kind));
      actions.append(' ', revoke);
    }
    return row;
  }

  function passwordForm(p, done) {
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true });
    const form = h('form', { class: 'inline password-reset', novalidate: true, 'aria-label': 'Новый пароль: ' + p.name },
      field('Новый пароль', password, 'от 12 символов; сообщите его пользователю'), h('p', { class: 'form-error', role: 'alert' }),
      h('button', { type: 'submit', class: 'primary' }, 'Установить'));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      try {
        await put(`/users/${q(p.id)}/password`, { json: { password: password.value } });
        form.remove();
        done();
        toast(`Пароль пользователя ${p.name} изменён; его открытые сеансы завершены.`);
      } catch (e) {
        showProblem(form, e);
      }
    });
    setTimeout(() => password.focus(), 0);
    return form;
  }

  function confirmRevoke(p, kind) {
    const what = kind === 'user' ? `пользователя ${p.name}` : `ключ «${p.name}»`;
    confirmDialog({
      id: 'revoke', title: `Отозвать ${what}?`, verb: 'Отозвать',
      text: kind === 'user' ? 'Вход станет невозможен, открытые сеансы завершатся при следующем действии.'
        : 'Система, использующая ключ, получит отказ при следующем запросе.',
      action: async () => {
        try {
          await del(kind === 'user' ? `/users/${q(p.id)}` : `/api-keys/${q(p.id)}`);
          toast(kind === 'user' ? `Пользователь ${p.name} отозван` : `Ключ «${p.name}» отозван`);
          await refresh();
        } catch (e) {
          toast('Отказ: ' + e.message, 'error');
        }
      },
    });
  }

  function createForm(kind) {
    // A user's login starts with one of its municipalities (each municipality has its own namespace of logins)
    const name = h('input', { name: kind === 'user' ? 'login' : 'name', required: true, maxlength: 100,
      autocomplete: kind === 'user' ? 'off' : null,
      placeholder: kind === 'user' ? `${ctx.municipality || 'kachkanar'}.dispatcher` : null });
    const password = kind === 'user' ? h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true }) : null;
    const roleBoxes = roles.map(r => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'role', value: r, checked: r === (kind === 'user' ? 'auditor' : 'platform') ? true : null }), ' ', ROLES[r]));
    const muniBoxes = munis.map(m => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'municipality', value: m, checked: m === ctx.municipality ? true : null }), ' ', m));
    const secret = h('div', { class: 'secret', 'aria-live': 'polite' });
    const form = h('form', { class: 'create', id: kind === 'user' ? 'create-user' : 'create-key', novalidate: true },
      h('h3', {}, kind === 'user' ? 'Новый пользователь' : 'Новый ключ API'),
      field(kind === 'user' ? 'Логин (латиница, цифры, . _ @ -; начинается с муниципалитета и точки)' : 'Назначение (какая система)', name),
      password ? field('Пароль', password, 'от 12 символов') : null,
      // Checkbox groups: the server's messages about them (roles, municipalities) go to the box below
      h('fieldset', {}, h('legend', {}, 'Роли'), roleBoxes),
      h('fieldset', {}, h('legend', {}, ctx.has('centre') ? 'Муниципалитеты (для роли «центр» — не указывать)' : 'Муниципалитеты'), muniBoxes),
      h('p', { class: 'form-error', role: 'alert' }),
      h('button', { type: 'submit', class: 'primary' }, kind === 'user' ? 'Создать пользователя' : 'Создать ключ'), secret);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const checked = n => [...form.querySelectorAll(`input[name="${n}"]:checked`)].map(i => i.value);
      const body = { roles: checked('role'), municipalities: checked('municipality') };
      if (kind === 'user') { body.login = name.value; body.password = password.value; } else body.name = name.value;
      const submit = form.querySelector('button[type=submit]');
      if (submit.disabled) return;
      submit.disabled = true; // a double click made two keys, one of them never shown
      try {
        const created = await post(kind === 'user' ? '/users' : '/api-keys', { json: body });
        await refresh();
        if (kind === 'key') {
          // The refreshed page has a new form: the key goes into it, shown this once
          document.querySelector('#create-key .secret').replaceChildren(
            h('p', {}, `Ключ «${created.name}» создан. Он показан один раз — передайте его системе сейчас:`),
            h('code', { id: 'new-key' }, created.key));
        }
        toast(kind === 'user' ? `Пользователь ${created.name} создан` : `Ключ «${created.name}» создан`);
      } catch (e) {
        showProblem(form, e);
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  await refresh();
}
