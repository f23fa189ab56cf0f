// The offline copy of an event, imported by its sw.js, which lists the files (self.OFFLINE).
// It keeps them in a cache of their version. Pages and files are asked of the network first,
// and the copy is updated with each answer; if the network fails or is slow, the copy answers.
// Nothing off the page's origin is ever answered or kept.
"use strict";
const { version, files } = self.OFFLINE;
const mine = "eventsite:" + self.registration.scope + ":";
const WAIT = 4000; // ms the network has before the copy answers: flaky Wi-Fi hangs, not fails

// One key per page: without its query (the filters) or fragment; a folder is its index.html.
const key = (url) => {
  const u = new URL(url, location);
  u.search = u.hash = "";
  if (u.pathname.endsWith("/")) u.pathname += "index.html";
  return u.href;
};
const listed = new Set(files.map(key));

// A copy says when it was made, for the page's "last updated".
const keep = async (cache, url, response) => {
  const headers = new Headers(response.headers);
  headers.set("x-eventsite-saved", String(Date.now()));
  const body = await response.blob();
  await cache.put(url, new Response(body, { status: response.status, statusText: response.statusText, headers }));
};
const whole = (response) => response.ok && !response.redirected && response.type === "basic";

self.addEventListener("install", (event) => event.waitUntil((async () => {
  const cache = await caches.open(mine + version);
  await Promise.all([...listed].map(async (url) => {
    const response = await fetch(new Request(url, { cache: "reload" }));
    if (!whole(response)) throw new Error(url + ": " + response.status); // the old copy stays
    await keep(cache, url, response);
  }));
  await self.skipWaiting();
})()));

self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) {
    if (name.startsWith(mine) && name !== mine + version) await caches.delete(name);
  }
  await self.clients.claim();
})()));

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = key(request.url);
  const page = request.mode === "navigate" && url.startsWith(self.registration.scope);
  if (request.method !== "GET" || new URL(url).origin !== location.origin) return;
  if (!page && !listed.has(url)) return;
  const network = fetch(request);
  // The copy is updated with what the network answers, even after the copy answered instead.
  event.waitUntil(network.then(async (response) => {
    if (whole(response)) await keep(await caches.open(mine + version), url, response.clone());
  }).catch(() => null));
  event.respondWith((async () => {
    const timer = new Promise((resolve) => setTimeout(resolve, WAIT, null));
    const first = await Promise.race([network.catch(() => null), timer]);
    if (first) return first;
    const copy = await caches.match(url, { cacheName: mine + version });
    return copy || network; // nothing kept: the network's answer, as if there were no copy
  })());
});
