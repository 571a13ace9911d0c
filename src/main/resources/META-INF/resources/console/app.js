// The console's shell: login, the sections a principal's roles allow, the municipality chosen, the router.
import { h, field, toast, setZone, askDiscard } from './dom.js';
import { get, post, del, setCsrf, whenUnauthorized, whenSessionEnds, ApiError } from './api.js';

const PAGES = [
  { id: 'autorules', title: 'Автоправила', roles: ['admin', 'centre'], load: () => import('./pages/autorules.js') },
  { id: 'recipients', title: 'Исполнители', roles: ['admin', 'centre', 'coordinator', 'auditor'], load: () => import('./pages/recipients.js') },
  { id: 'moderation', title: 'Модерация', roles: ['coordinator', 'admin', 'centre'], load: () => import('./pages/moderation.js') },
  { id: 'decisions', title: 'Решения', roles: ['auditor', 'admin', 'centre'], load: () => import('./pages/decisions.js') },
  { id: 'control', title: 'Контроль', roles: ['platform', 'coordinator', 'admin', 'auditor', 'centre'], load: () => import('./pages/control.js') },
  { id: 'users', title: 'Пользователи', roles: ['admin', 'centre'], load: () => import('./pages/users.js') },
];
const ROLE = { platform: 'платформа', coordinator: 'координатор', admin: 'администратор', auditor: 'аудитор', centre: 'МЦУ' };
/** Reached from the user's name in the header, not from the sections' menu. */
const PASSWORD = { id: 'password', title: 'Смена пароля', load: () => import('./pages/password.js') };

const main = document.getElementById('main');
let principal = null;

function has(...roles) { return principal && roles.some(r => principal.roles.includes(r)); }
function allowed() { return PAGES.filter(p => has(...p.roles)); }

function municipality() { return document.getElementById('municipality').value; }

async function start() {
  // Once: the calls that waited for a re-login the user left are each refused, and the login page must not be drawn
  // again under the user's typing for every one of them
  whenUnauthorized(() => { if (!principal) return; principal = null; showLogin('Сеанс завершён: войдите снова.'); });
  whenSessionEnds(loginAgain);
  try {
    const s = await get('/session', { login: true });
    if (!s.csrfToken) throw new ApiError(401, null); // an API key in a browser is not a console session
    enter(s);
  } catch (e) {
    showLogin();
  }
}

function showLogin(message) {
  document.getElementById('top').hidden = true;
  const login = h('input', { name: 'login', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', role: 'alert' }, message || '');
  const form = h('form', { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Маршрут — консоль МЦУ'),
    field('Логин', login), field('Пароль', password), error,
    h('button', { type: 'submit' }, 'Войти'));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    error.textContent = '';
    try {
      enter(await post('/session', { json: { login: login.value, password: password.value }, login: true }));
    } catch (e) {
      error.textContent = e.status === 401 ? 'Неверный логин или пароль.' : 'Вход не удался: ' + e.message;
      password.value = '';
      password.focus();
    }
  });
  main.replaceChildren(form);
  login.focus();
  get('/session/login-methods', { login: true }).then(methods => {
    if (methods.oidc) {
      form.append(h('p', { class: 'or' }, 'или'),
        h('a', { class: 'button', href: '/api/v1/session/oidc', id: 'oidc-login' }, 'Войти через единый вход (OIDC)'));
    }
  }).catch(() => { /* the password form is enough */ });
}

function enter(session) {
  principal = session.principal;
  setCsrf(session.csrfToken);
  const select = document.getElementById('municipality');
  const saved = sessionStorage.getItem('municipality');
  select.replaceChildren(...principal.municipalities.map(m => h('option', { value: m }, m)));
  if (saved && principal.municipalities.includes(saved)) select.value = saved;
  select.onchange = () => { sessionStorage.setItem('municipality', select.value); route(); };
  const who = document.getElementById('who');
  who.textContent = `${principal.name} (${principal.roles.map(r => ROLE[r] || r).join(', ')})`;
  who.href = '#/password';
  who.title = 'Сменить пароль';
  document.getElementById('logout').onclick = logout;
  document.getElementById('nav').replaceChildren(...allowed().map(p =>
    h('a', { href: '#/' + p.id, dataset: { page: p.id } }, p.title)));
  document.getElementById('top').hidden = false;
  // No page named (no fragment, '#/', or another fragment such as the skip link's '#main'): the first page
  if (!location.hash.startsWith('#/') || location.hash === '#/') location.hash = '#/' + (allowed()[0] || { id: 'none' }).id;
  else route();
}

/**
 * The session ended under an open page: the same user logs in again in a dialog over it, and the page goes on with
 * what was typed in it. Answers false (the login page follows) when cancelled, or for a login the console cannot
 * repeat here (single sign-on).
 */
function loginAgain() {
  const me = principal;
  if (!me || me.kind !== 'USER') return Promise.resolve(false);
  return new Promise(resolve => {
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const error = h('p', { class: 'form-error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'relogin-ok' }, 'Войти и продолжить');
    const cancel = h('button', { type: 'button', id: 'relogin-cancel' }, 'Выйти');
    const form = h('form', { method: 'dialog' },
      h('h2', { id: 'relogin-title' }, 'Сеанс завершён'),
      h('p', {}, `Войдите снова как ${me.name}: изменения на странице сохранятся, и действие будет выполнено.`),
      field('Пароль', password), error, h('div', { class: 'toolbar' }, submit, cancel));
    const dialog = h('dialog', { id: 'relogin', 'aria-labelledby': 'relogin-title' }, form);
    const opener = document.activeElement;
    let answer = false;
    const end = ok => { answer = ok; dialog.close(); };
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.isConnected) opener.focus();
      resolve(answer);
    });
    cancel.addEventListener('click', () => end(false));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      error.textContent = '';
      submit.disabled = true;
      try {
        const s = await post('/session', { json: { login: me.name, password: password.value }, login: true });
        if (s.principal.id !== me.id) { // not the page's user: the page is not handed over, and that session ends
          setCsrf(s.csrfToken);
          await del('/session', { login: true }).catch(() => {});
          end(false);
          return;
        }
        setCsrf(s.csrfToken);
        end(true);
      } catch (e) {
        error.textContent = e.status === 401 ? 'Неверный пароль.' : 'Вход не удался: ' + e.message;
        password.value = '';
        password.focus();
      } finally {
        submit.disabled = false;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    password.focus();
  });
}

async function logout() {
  if (!(await mayLeave())) return;
  // { login: true }: a session that has ended is not renewed just to be closed (it asked for the password to log out)
  try { await del('/session', { login: true }); } catch (e) { /* the session may have ended already */ }
  principal = null;
  setCsrf(null);
  // the edits were discarded when leaving was confirmed: the next login (perhaps of another municipality) and the
  // browser's closing must not ask about them again
  leaveGuard = null;
  shown = { hash: null, municipality: null };
  routes++; // a page still being drawn must not set its guard (or clock) after the logout
  location.hash = '';
  showLogin('Вы вышли.');
}

// A page with unsaved edits says so (autorules: a table edited and not saved as a draft); leaving it asks first
let leaveGuard = null;
let shown = { hash: null, municipality: null };

async function mayLeave() {
  return !(leaveGuard && leaveGuard()) || askDiscard();
}

window.addEventListener('beforeunload', e => {
  if (leaveGuard && leaveGuard()) { e.preventDefault(); e.returnValue = ''; }
});

async function route() {
  if (!principal) return;
  // Only '#/page/…' names a page: another fragment (the skip link's '#main') must not replace the page in view
  if (location.hash && !location.hash.startsWith('#/')) return;
  if ((location.hash !== shown.hash || municipality() !== shown.municipality) && !(await mayLeave())) {
    // stay: the address and the municipality back as they were, without drawing the page again
    if (location.hash !== shown.hash) history.replaceState(null, '', shown.hash || '#/');
    document.getElementById('municipality').value = shown.municipality;
    sessionStorage.setItem('municipality', shown.municipality);
    return;
  }
  leaveGuard = null;
  shown = { hash: location.hash, municipality: municipality() };
  // '#/page/arg…?criteria': a page's criteria (a search's) live in the address, so Back returns to them
  const cut = location.hash.indexOf('?');
  const path = cut < 0 ? location.hash : location.hash.slice(0, cut);
  const query = new URLSearchParams(cut < 0 ? '' : location.hash.slice(cut + 1));
  const [, pageId, ...rest] = path.split('/');
  const page = pageId === PASSWORD.id ? PASSWORD : allowed().find(p => p.id === pageId);
  document.querySelectorAll('#nav a').forEach(a => {
    if (a.dataset.page === pageId) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  if (!page) {
    main.replaceChildren(h('p', {}, allowed().length ? 'Такого раздела нет или он вам недоступен.'
      : 'Вашей роли консоль не показывает разделов.'));
    return;
  }
  document.title = page.title + ' — Маршрут';
  const container = h('section', { class: 'page', id: 'page-' + page.id, 'aria-labelledby': 'page-title' });
  main.replaceChildren(container);
  const drawn = ++routes;
  // A page's clock, unless another page has been asked for meanwhile (its late answer must not set that one's)
  const clock = z => { if (drawn === routes) showZone(z); };
  try {
    clock(await zoneOf(municipality()));
    const module = await page.load();
    await module.render(container, {
      municipality: municipality(), principal, has, args: rest.map(decodeURIComponent), query,
      go: hash => { location.hash = hash; },
      guardLeave: fn => { if (drawn === routes) leaveGuard = fn; },
      // A page showing another municipality's record (a decision opened by its id) reads it on that one's clock
      clockOf: async m => clock(await zoneOf(m)),
    });
  } catch (e) {
    container.append(h('p', { class: 'form-error', role: 'alert' }, 'Ошибка: ' + e.message));
    if (!(e instanceof ApiError)) console.error(e);
  }
  main.focus({ preventScroll: true });
}

let routes = 0; // pages asked for so far

function showZone(z) {
  setZone(z);
  document.getElementById('zone').textContent = z ? 'время: ' + z : '';
}

// The municipality's time zone, read once per municipality from its registry (every role with pages may read it)
const zones = new Map();
async function zoneOf(m) {
  let z = zones.get(m) || null;
  if (!z) {
    try {
      z = (await get(`/municipalities/${encodeURIComponent(m)}/recipients`)).timeZone;
      zones.set(m, z);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) throw e;
      // not readable by this role: times as the API wrote them
    }
  }
  return z;
}

// Another login in the same browser (another tab) replaces this tab's session cookie: the tab would go on showing the
// new principal's data under the old name in its header. Each time the tab is shown again, the session is asked whose
// it is; another principal's reloads the console as that principal (its edits could not be saved as the old one
// anyway). No session at all is left to the next call, which asks for the password again.
document.addEventListener('visibilitychange', async () => {
  if (document.visibilityState !== 'visible' || !principal) return;
  try {
    const s = await get('/session', { login: true });
    if (s.principal && s.principal.id !== principal.id) {
      leaveGuard = null;
      location.reload();
    } else if (s.csrfToken) {
      setCsrf(s.csrfToken); // the same user logged in again elsewhere: its new session goes on here too
    }
  } catch (e) { /* no session: the next call asks for the password */ }
});

window.addEventListener('hashchange', route);
// The skip link moves the focus to the content without touching the address (the page and its input stay)
document.querySelector('a.skip').addEventListener('click', e => { e.preventDefault(); main.focus(); });
window.addEventListener('unhandledrejection', e => toast('Ошибка: ' + (e.reason && e.reason.message), 'error'));
start();
