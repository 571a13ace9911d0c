// Links to files the API makes: the file is fetched first, with the session (an ended one asks for the password in
// place), and saved only when it was made. A plain link saved a refusal as the file, or — the session ended —
// Chromium cancelled the download with nothing on screen.
import { h, toast } from './dom.js';
import { get } from './api.js';

/** Handles clicks on `a[download]` (saved) and `a[target=_blank]` (opened in a new tab once made) inside `container`. */
export function fetchedDownloads(container, failure) {
  container.addEventListener('click', async ev => {
    const a = ev.target.closest('a[download], a[target=_blank]');
    if (!a) return;
    ev.preventDefault();
    try {
      const target = new URL(a.href);
      const response = await get(target.pathname.replace(/^\/api\/v1/, '') + target.search, { raw: true });
      // An HTML report opens in a new tab once it is known to be made: a refusal opened there as raw JSON
      if (!a.hasAttribute('download')) { window.open(a.href, '_blank', 'noopener'); return; }
      const url = URL.createObjectURL(await response.blob());
      const save = h('a', { href: url, download: a.getAttribute('download'), hidden: true });
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      toast(failure + e.message, 'error');
    }
  });
}
