// The signed-in user's own password (POST /me/password): the current one, then the new one twice. Other sessions of
// the user end; this one goes on.
import { h, field, showProblem, toast } from '../dom.js';
import { post } from '../api.js';

const MESSAGES = {
  currentPassword: 'Текущий пароль указан неверно.',
  newPassword: 'Новый пароль — от 12 до 200 символов и не такой, как текущий.',
};

export async function render(container, ctx) {
  container.append(h('h1', { id: 'page-title' }, 'Смена пароля'));
  if (ctx.principal.kind !== 'USER') {
    container.append(h('p', {}, 'Пароль этой учётной записи меняется в системе единого входа.'));
    return;
  }
  const current = h('input', { name: 'currentPassword', type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { name: 'newPassword', type: 'password', autocomplete: 'new-password', required: true, minlength: 12, maxlength: 200 });
  const again = h('input', { name: 'repeat', type: 'password', autocomplete: 'new-password', required: true });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'password', id: 'password-form' },
    field('Текущий пароль', current),
    field('Новый пароль', next, 'От 12 символов, не длиннее 72 байт (36 русских или 72 латинских букв); можно фразу из нескольких слов.'),
    field('Новый пароль ещё раз', again), error,
    h('button', { type: 'submit' }, 'Сменить пароль'));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    if (next.value !== again.value) {
      showProblem(form, { errors: [{ field: 'repeat', message: 'Пароли не совпадают.' }] });
      return;
    }
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true; // one change at a time
    try {
      await post('/me/password', { json: { currentPassword: current.value, newPassword: next.value } });
      form.reset();
      showProblem(form, { errors: [], message: '' });
      toast('Пароль изменён. Остальные сеансы этой учётной записи завершены.');
    } catch (e) {
      if (e.status === 429) showProblem(form, { errors: [], message: 'Слишком много неверных паролей; попробуйте позже.' });
      // The length in bytes and the variety of characters have their own words (a passphrase of 40 Cyrillic letters is
      // not "too long" by its letters; «aaaaaaaaaaaaaa» is long enough)
      else showProblem(form, { errors: (e.errors || []).map(fe => ({ field: fe.field,
        message: /^(не длиннее 72 байт|должен содержать не меньше)/.test(fe.message) ? 'Новый пароль ' + fe.message + '.'
          : MESSAGES[fe.field] || fe.message })),
        message: e.message });
      current.value = '';
      current.focus();
    } finally {
      submit.disabled = false;
    }
  });
  container.append(form);
}
