// A decision's inclusion proof checked in the browser (Web Crypto): RFC 9162 §2.1.3.2 against a C2SP checkpoint
// signed with Ed25519 by the key of GET /api/v1/audit/public-key. Nothing here trusts the server's own verdict.
const enc = new TextEncoder();

function b64(s) { return Uint8Array.from(atob(s), c => c.charCodeAt(0)); }
function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)); }
function equal(a, b) { return a.length === b.length && a.every((x, i) => x === b[i]); }

/** RFC 9162 §2.1.3.2: the root that the leaf hash and its audit path give, or an Error. */
export async function rootFromPath(leafIndex, treeSize, leafHash, path) {
  if (leafIndex >= treeSize) throw new Error('индекс записи вне дерева');
  let fn = leafIndex, sn = treeSize - 1, r = leafHash;
  for (const p of path) {
    if (sn === 0) throw new Error('путь длиннее дерева');
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(concat([1], p, r));
      if (fn % 2 === 0) { while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); } }
    } else {
      r = await sha256(concat([1], r, p));
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('путь короче дерева');
  return r;
}

/** The checkpoint's body, tree size, root, and its signature lines (C2SP signed-note). */
export function parseNote(note) {
  const cut = note.indexOf('\n\n');
  if (cut < 0) throw new Error('подписанная голова без подписи');
  const body = note.slice(0, cut + 1);
  const lines = body.split('\n');
  const signatures = note.slice(cut + 2).split('\n').filter(l => l.startsWith('\u2014 '))
    .map(l => { const [, name, sig] = l.split(' '); return { name, bytes: b64(sig) }; });
  return { body, origin: lines[0], size: Number(lines[1]), root: b64(lines[2]), signatures };
}

/** vkey: name+keyid(8 hex)+base64(0x01 ‖ 32-byte Ed25519 key). */
async function verifierKey(vkey) {
  // name+keyid+key: the key's base64 may itself hold '+', so only the first two separate.
  const text = vkey.trim(), first = text.indexOf('+'), second = text.indexOf('+', first + 1);
  const name = text.slice(0, first), id = text.slice(first + 1, second), key = text.slice(second + 1);
  const raw = b64(key);
  if (raw[0] !== 1 || raw.length !== 33) throw new Error('ключ проверки не Ed25519');
  const expected = (await sha256(concat(enc.encode(name), [0x0a], raw))).slice(0, 4);
  const keyId = Uint8Array.from(id.match(/../g).map(x => parseInt(x, 16)));
  if (!equal(expected, keyId)) throw new Error('идентификатор ключа не соответствует ключу');
  return { name, keyId, key: await crypto.subtle.importKey('raw', raw.slice(1), { name: 'Ed25519' }, false, ['verify']) };
}

/** A signed tree head (C2SP checkpoint) whose Ed25519 signature by vkey is checked; throws in Russian otherwise. */
export async function verifyCheckpoint(checkpoint, vkey) {
  const k = await verifierKey(vkey);
  const note = parseNote(checkpoint);
  const sig = note.signatures.find(s => s.name === k.name && equal(s.bytes.slice(0, 4), k.keyId));
  if (!sig) throw new Error('голова дерева не подписана этим ключом');
  if (!await crypto.subtle.verify({ name: 'Ed25519' }, k.key, sig.bytes.slice(4), enc.encode(note.body))) {
    throw new Error('подпись головы дерева неверна');
  }
  return note;
}

/**
 * Checks that entryBytes are leaf proof.leafIndex of the tree whose head proof.checkpoint is signed by vkey — and, with
 * `expect`, that the head is the log of `expect.origin` and the entry is the one of `expect.ref` (one key signs every
 * municipality's log: a proof of another entry, or of another log, must not pass for this decision's).
 * Returns { size, origin } or throws with the reason in Russian.
 */
export async function verifyProof(proof, entryBytes, vkey, expect) {
  const note = await verifyCheckpoint(proof.checkpoint, vkey);
  if (note.size !== proof.treeSize) throw new Error('размер дерева в доказательстве не совпадает с подписанным');
  if (expect && expect.origin !== undefined && note.origin !== expect.origin) {
    throw new Error(`голова дерева другого журнала (${note.origin})`);
  }
  if (expect && expect.ref !== undefined) {
    let entry = null;
    try { entry = JSON.parse(new TextDecoder().decode(entryBytes)); } catch (e) { /* not an entry of this log */ }
    if (!entry || entry.ref !== expect.ref) throw new Error('запись журнала относится не к этому решению');
  }
  const leaf = await sha256(concat([0], new Uint8Array(entryBytes)));
  if (!equal(leaf, b64(proof.leafHash))) throw new Error('хеш записи не совпадает с хешем листа');
  const root = await rootFromPath(proof.leafIndex, proof.treeSize, leaf, proof.auditPath.map(b64));
  if (!equal(root, note.root)) throw new Error('корень по пути доказательства не совпадает с подписанным');
  return { size: note.size, origin: note.origin };
}
