// The API answers in English (its clients are systems); the officials who use the console read Russian. The server's
// refusals that the console's own forms and pages can meet are said here in Russian. A message not listed is shown as
// the server wrote it rather than guessed at.
import { when } from './dom.js';

const TITLES = {
  'Invalid request': 'Неверный запрос', 'Not found': 'Не найдено', 'Forbidden': 'Недоступно', 'Conflict': 'Конфликт',
  'Unauthorized': 'Требуется вход', 'Too Many Requests': 'Слишком много попыток', 'Unprocessable request': 'Запрос не выполним',
  'Payload Too Large': 'Слишком большой файл', 'Internal Server Error': 'Внутренняя ошибка сервера',
};

const MESSAGES = [
  [/^is required$/, 'обязательное поле'],
  [/^no month (\d+)$/, 'месяца $1 нет'],
  [/^is required \(a date such as 2026-03-01, or a date-time with offset\)$/, 'обязательное поле: дата, например 2026-03-01'],
  [/^must be after from$/, 'должно быть позже начала периода'],
  [/^must not be before from$/, 'не может быть раньше начала периода'],
  [/^must not be before absence\.from$/, 'не может быть раньше начала отсутствия'],
  [/^must be at least (\d+)$/, 'должно быть не меньше $1'],
  [/^must be at most (\d+)$/, 'должно быть не больше $1'],
  [/^must be at most (\d+) characters$/, 'не длиннее $1 символов'],
  [/^has the wrong form$/, 'неверный формат'],
  [/^must have at most (\d+) entries$/, 'не больше $1 значений'],
  [/^must be between (\d+) and (\d+)$/, 'должно быть от $1 до $2'],
  [/^must be 0 or more$/, 'должно быть не меньше 0'],
  [/^must be a whole number$/, 'должно быть целым числом'],
  [/^must be a whole number of 0 or more$/, 'должно быть целым числом не меньше 0'],
  [/^must be a date such as 2026-03-01 or a date-time with offset$/, 'нужна дата, например 2026-03-01'],
  [/^must have (\d+) to (\d+) characters$/, 'должен содержать от $1 до $2 символов'],
  [/^must be 3 to 100 Latin letters, digits or \. _ @ -$/, 'от 3 до 100 латинских букв, цифр или знаков . _ @ -'],
  [/^must start with its municipality and a dot, e\.g\. "(.+)"$/, 'должен начинаться с кода муниципалитета и точки, например «$1»'],
  [/^a region's user \(centre, or of several municipalities\) takes no municipality's name: "(.+)" is one$/,
    'у пользователя региона (центра или нескольких муниципалитетов) логин не начинается с кода муниципалитета, а «$1» — такой код'],
  [/^is taken$/, 'уже занят'],
  [/^login: "(.+)" is taken$/, 'логин «$1» уже занят'],
  [/^must name (\d+) to (\d+) roles$/, 'выберите от $1 до $2 ролей'],
  [/^must name at least one municipality$/, 'выберите хотя бы один муниципалитет'],
  [/^leave out for role centre: it acts in every municipality$/, 'для роли «центр» муниципалитеты не выбираются: она действует во всех'],
  [/^is not the current password$/, 'это не текущий пароль'],
  [/^must differ from the current password$/, 'должен отличаться от текущего'],
  [/^must be at most 72 bytes in UTF-8 \(72 Latin or 36 Cyrillic characters\): (\d+) given$/,
    'не длиннее 72 байт (72 латинских или 36 русских букв): сейчас байт — $1'],
  [/^a recipient cannot be its own deputy$/, 'исполнитель не может замещать сам себя'],
  [/^unknown recipient "(.+)" in \S+$/, 'неизвестный исполнитель «$1»'],
  [/^No decision with id (.+)$/, 'Решение $1 не найдено.'],
  [/^No item "(.+)" in \S+$/, 'Элемент «$1» не найден.'],
  [/^Unknown recipient "(.+)" in \S+$/, 'Исполнитель «$1» не найден.'],
  [/^No user with id (.+)$/, 'Пользователь $1 не найден.'],
  [/^Your role does not allow this call\.$/, 'Ваша роль не позволяет это действие.'],
  [/^municipality "(.+)" is outside your scope.*$/, 'Муниципалитет «$1» вам недоступен.'],
  [/^too many wrong passwords for this login; try again after (.+)$/,
    (_, t) => `Слишком много неверных паролей для этого логина; повторите после ${when(t)}.`],
  [/^a user does not revoke itself: .*$/, 'Пользователь не отзывает сам себя: это делает другой администратор его муниципалитетов или центр.'],
  [/^is your own user$/, 'это ваш пользователь'],
  [/^the password was changed meanwhile .*$/, 'Пароль тем временем изменён (администратором?): войдите снова.'],
  [/^an administrator's password is set by the centre only$/, 'Пароль администратора задаёт только центр.'],
  [/^unknown login or wrong password$/, 'Неверный логин или пароль.'],
  [/^must be at most a year after from$/, 'не позже чем через год после начала периода'],
  [/^no ISO week (\d+) in (\d+)$/, 'в $2 году нет недели $1'],
  [/^must be between the years (\d+) and (\d+)$/, 'год должен быть от $1 до $2'],
  [/^must be an ISO week such as (\S+)$/, 'нужна неделя, например $1'],
  [/^must be an ISO week \(2026-W12\), a month \(2026-03\) or a quarter \(2026-Q1\)$/,
    'нужна неделя (2026-W12), месяц (2026-03) или квартал (2026-Q1)'],
  [/^must have at least (\d+) different characters other than spaces$/, 'должен содержать не меньше $1 разных символов, кроме пробелов'],
  [/^the login of a revoked administrator is given to a new user by the centre only$/,
    'Логин отозванного администратора может выдать новому пользователю только центр.'],
  [/^must not hold « », or invisible formatting characters such as U\+202E$/,
    'не должно содержать кавычек « » и невидимых символов форматирования (например, U+202E)'],
  [/^(?:more than )?(\d+) bytes; this endpoint takes at most (\d+)$/, (_, size, limit) => `принимается не больше ${megabytes(limit)} МБ`],
  [/^larger than (\d+) bytes$/, (_, limit) => `принимается не больше ${megabytes(limit)} МБ`],
  [/^Content-Type: send DMN .*$/, 'Файл не того типа: загрузите таблицу в файле .dmn, .json, .csv или .xlsx.'],
  [/^unsupported: (.*)$/, 'тип «$1» не поддерживается'],
  [/^.* now take \d+ of the \d+ bytes this service gives them, and this one needs \d+; nothing was stored: try again in (\d+) seconds$/,
    'Сервис сейчас занят другими большими таблицами; ничего не сохранено — повторите через $1 с.'],
];

function megabytes(bytes) {
  return (Number(bytes) / 1048576).toLocaleString('ru-RU', { maximumFractionDigits: 1 });
}

/** One message of the server in Russian, when it is one the console knows; else as written. */
/** Fields of the forms the console's refusals name: as their labels on screen. */
const FIELDS = { from: 'С', to: 'По', period: 'Период', week: 'Неделя', month: 'Месяц', channels: 'Каналы',
  municipality: 'Муниципалитет', recipientId: 'Исполнитель', capacity: 'Предел', openItems: 'Открыто',
  roles: 'Роли', municipalities: 'Муниципалитеты', login: 'Логин', password: 'Пароль', name: 'Название', body: 'Файл',
  newPassword: 'Новый пароль', currentPassword: 'Текущий пароль' };

export function inRussian(message) {
  if (!message) return message;
  const text = String(message);
  for (const [pattern, russian] of MESSAGES) {
    if (pattern.test(text)) return text.replace(pattern, russian);
  }
  // What was sent, after a size or a range: "(got 0)"
  const got = / \(got "?(.*?)"?\)$/.exec(text);
  if (got) {
    const rule = text.slice(0, got.index);
    const inner = inRussian(rule);
    return inner === rule ? text : `${inner} (сейчас: ${got[1]})`;
  }
  // "field: message" (a refusal of one field) and "N fields are invalid: a, b"
  const one = /^([\w.[\]]+): (.+)$/.exec(text);
  if (one) {
    const inner = inRussian(one[2]);
    // A sentence of its own («Муниципалитет «…» вам недоступен.») needs no field name before it; a rule of one
    // («должно быть позже…») names its field in Russian where the console knows it
    if (/^[А-ЯЁ«]/.test(inner)) return inner;
    const label = FIELDS[one[1]];
    return inner === one[2] && !label ? text : `${label ? `«${label}»` : one[1]}: ${inner}`;
  }
  const many = /^(\d+) fields are invalid: (.+)$/.exec(text);
  if (many) return `Неверно заполнено полей: ${many[1]} (${many[2]}).`;
  return TITLES[text] || text;
}

const KINDS = { 'user': 'пользователь', 'api-key': 'ключ API', 'oidc': 'вход через единый вход', 'bootstrap-key': 'начальный ключ' };
/** Who recorded something ("user «kachkanar.admin» (u-…)", the API's signature), with its kind in Russian. */
export function signed(signature) {
  if (!signature) return '—';
  const m = /^(user|api-key|oidc|bootstrap-key) («.*)$/.exec(signature);
  return m ? `${KINDS[m[1]]} ${m[2]}` : signature;
}

/** An item event's type as a coordinator says it. */
export const EVENT = {
  ASSIGN: 'назначение', MODERATION_DECLINE: 'отклонено при модерации', TAKE_TO_WORK: 'взято в работу', FORWARD_TO_PARENT: 'передано вышестоящему',
  FORWARD_TO_SUBORDINATE: 'передано подчинённому', POSTPONE: 'продление срока',
  FORWARD_TO_COMPETENT_BODY: 'направлено по компетенции', INTERIM_ANSWER: 'промежуточный ответ', SEND_RESPONSE: 'ответ направлен',
  RETURNED_FOR_REWORK: 'возвращено на доработку', SATISFACTION: 'оценка заявителя',
};

/** What changed an item's deadline after its decision: the event's type, or the official calendar's recount. */
export const DEADLINE_CHANGE = {
  ...EVENT, ASSIGN: 'назначение (срок на часах исполнителя)',
  OFFICIAL_CALENDAR: 'пересчёт по официальному производственному календарю',
};
