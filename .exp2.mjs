import sqlite3 from 'sqlite3';
import { rmSync } from 'node:fs';
const file = '/tmp/exp/idx.sqlite';
rmSync(file, { force: true }); rmSync(file + '-wal', { force: true });
const db = new sqlite3.Database(file);
const all = (sql, ...p) => new Promise((res, rej) => db.all(sql, ...p, (e, r) => e ? rej(e) : res(r)));
let seed = 42; const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const syl = ['ka','to','ri','mu','sen','lo','dra','vi','pex','qua','ne','tor','lin','gra','phi','zo','mer','ast','io','un','bel','cor','dif','fu','sion','ar','ith','met','ic'];
const words = new Set();
while (words.size < 30000) { const n = 1 + Math.floor(rnd() * 4); let w=''; for (let i=0;i<n;i++) w += syl[Math.floor(rnd()*syl.length)]; if (w.length>=3) words.add(w); }
const W = [...words];
const cdf = []; let s = 0; for (let i = 0; i < W.length; i++) { s += 1 / (i + 1); cdf.push(s); }
const pick = () => { const x = rnd() * s; let lo = 0, hi = cdf.length - 1; while (lo < hi) { const m = (lo + hi) >> 1; if (cdf[m] < x) lo = m + 1; else hi = m; } return W[lo]; };
const text = (n) => Array.from({ length: n }, pick).join(' ');
await all('pragma journal_mode=wal'); await all('pragma synchronous=normal');
await all(`create virtual table f using fts5(title, abstract, authors, venue, ids, kind, people, tokenize='porter unicode61 remove_diacritics 2')`);
let t0 = Date.now();
await all('begin');
const N = 50000;
for (let b = 0; b < N; b += 1000) {
  const rows = [];
  for (let i = b; i < b + 1000; i++) rows.push([i + 1, text(10), text(150), `${text(2)}, ${text(2)}, ${text(2)}`, '', `2401.${String(i).padStart(5,'0')}`, 'paper', '']);
  await all(`insert into f(rowid,title,abstract,authors,venue,ids,kind,people) select value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7 from json_each(?)`, JSON.stringify(rows));
}
await all('commit');
console.log('build', Date.now() - t0);
t0 = Date.now(); await all("insert into f(f) values('optimize')"); console.log('optimize', Date.now()-t0);
const time = async (label, sql, ...p) => { const t = process.hrtime.bigint(); const r = await all(sql, ...p); console.log(label, Number(process.hrtime.bigint() - t) / 1e6, 'ms', r.length, JSON.stringify(r[0]).slice(0,100)); };
for (const q of [W[0], W[5], W[50], W[500], W[5000], W[25000], `${W[100]} ${W[300]}`, W[3].slice(0,3)+'*']) {
  const m = `{title abstract authors venue ids} : (${q})`;
  await time('top5 '+q, `select rowid, bm25(f, 10,1,3,2,5,0,0) s from f where f match ? order by round(s,3), rowid desc limit 5`, m);
  await time('top5+count '+q, `select rowid, bm25(f, 10,1,3,2,5,0,0) s, count(*) over () n from f where f match ? order by round(s,3), rowid desc limit 5`, m);
  await time('count '+q, `select count(*) from f where f match ?`, m);
}
console.log(process.memoryUsage().rss/1e6);
