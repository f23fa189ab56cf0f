// Keeps the event's pages for offline use: registers its worker (the script tag's
// data-worker, the build's sw.js), and says when the copy of this page was last updated.
// The page is whole without it; nothing leaves the page's origin.
(() => {
  "use strict";
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  const note = document.getElementById("offline-note");
  const show = async () => {
    const url = new URL(location.href);
    url.search = url.hash = "";
    if (url.pathname.endsWith("/")) url.pathname += "index.html";
    const copy = await caches.match(url.href);
    const saved = copy && Number(copy.headers.get("x-eventsite-saved"));
    if (!note || !saved) return;
    const when = new Intl.DateTimeFormat(document.documentElement.lang,
      { dateStyle: "medium", timeStyle: "short" }).format(saved);
    note.textContent = note.dataset[navigator.onLine ? "saved" : "offline"].replace("{time}", when);
    note.hidden = false;
  };
  addEventListener("load", () => {
    navigator.serviceWorker.register(script.dataset.worker).catch(() => null);
    show().catch(() => null);
  });
  addEventListener("online", show);
  addEventListener("offline", show);
})();
