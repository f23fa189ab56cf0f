// Filters (in the address), now and next, My agenda and its .ics, one calendar menu; the page
// is whole without it. It reads the page only: no server, no cookie. Starts after the load.
addEventListener("load", () => {
  "use strict";
  const agenda = document.getElementById("agenda");
  const source = document.getElementById("planner-words");
  if (!agenda || !source) return;
  const words = JSON.parse(source.textContent);
  const { zone, place, location: venue, event } = agenda.dataset;
  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");
  const say = (line, values) => line.replace(/\{(\w+)\}/g, (_, k) => values[k]);
  const make = (tag, props, ...children) => {
    const el = Object.assign(document.createElement(tag), props);
    el.append(...children);
    return el;
  };
  const attr = (el, values) => {
    for (const k in values) el.setAttribute(k, values[k]);
    return el;
  };
  const local = (date, options, lang = document.documentElement.lang) =>
    new Intl.DateTimeFormat(lang, { timeZone: zone, ...options }).format(date);

  const slots = [...agenda.querySelectorAll("li.slot")].map((li) => {
    const box = li.closest(".tt-room")?.dataset || {};
    const [start, end] = [...li.querySelectorAll(".slot__time time")].map((t) => new Date(t.dateTime));
    return {
      li, start, end, id: li.id,
      title: text(li.querySelector(".slot__title")),
      kind: li.className.match(/slot--([\w-]+)/)[1],
      room: li.dataset.room || box.room || "",
      track: li.dataset.track || box.track || "",
      where: li.dataset.location || box.location || venue,
      all: li.parentElement.classList.contains("timetable"),
    };
  });

  // A session for everyone (spanning the timetable) stays in each room's view.
  const form = attr(make("form", { className: "planner" }), { "aria-label": words.filters });
  const status = attr(make("p", { className: "planner__status" }), { role: "status" });
  const asked = new URLSearchParams(location.search);
  for (const name of ["track", "room", "kind"]) {
    const values = [...new Set(slots.map((s) => s[name]).filter(Boolean))].sort();
    if (values.length < 2) continue;
    const select = make("select", { name }, make("option", { value: "" }, words.all[name]),
      ...values.map((v) => make("option", { value: v }, (name === "kind" && words.kinds[v]) || v)));
    select.value = values.includes(asked.get(name)) ? asked.get(name) : "";
    form.append(make("label", {}, words[name] + " ", select));
  }
  form.append(status);
  source.after(form);
  const filter = () => {
    const want = Object.fromEntries(new FormData(form));
    const url = new URL(location.href);
    let shown = 0;
    for (const s of slots) {
      const here = s.all || ((!want.room || s.room === want.room) && (!want.track || s.track === want.track));
      s.li.hidden = !(here && (!want.kind || s.kind === want.kind));
      shown += !s.li.hidden;
    }
    for (const box of agenda.querySelectorAll(".tt-room, .tt-parallel")) {
      box.hidden = !box.querySelector("li.slot:not([hidden])");
      box.toggleAttribute("data-alone", box.querySelectorAll(".tt-room:not([hidden])").length === 1);
    }
    for (const k in want) want[k] ? url.searchParams.set(k, want[k]) : url.searchParams.delete(k);
    status.textContent = shown < slots.length ? say(words.shown, { n: shown, total: slots.length }) : "";
    history.replaceState(null, "", url);
  };
  form.addEventListener("change", filter);
  filter();

  // While the event is on: now, next, and today's panel unless a link chose one.
  const first = Math.min(...slots.map((s) => s.start)) - 3600e3;
  const last = Math.max(...slots.map((s) => s.end));
  const clock = make("p", { className: "planner__clock" });
  form.after(clock);
  const tick = () => {
    const now = Date.now();
    const on = now >= first && now < last;
    const next = Math.min(...slots.filter((s) => s.start > now).map((s) => +s.start));
    for (const s of slots) {
      const state = on && (s.start <= now && now < s.end ? "now" : +s.start === next ? "next" : "");
      s.li.querySelector(".slot__state")?.remove();
      if (state) s.li.querySelector(".slot__time").prepend(make("strong", { className: "slot__state" }, words[state]));
      s.li.classList.toggle("is-now", state === "now");
      s.li.classList.toggle("is-next", state === "next");
    }
    clock.textContent = on ? say(words.clock, { time: local(now, { timeStyle: "short" }), place }) : "";
    const today = "day-" + local(now, {}, "en-CA"); // YYYY-MM-DD
    for (const day of agenda.querySelectorAll(".day")) day.toggleAttribute("data-today", on && day.id === today);
  };
  tick();
  setInterval(tick, 30e3);

  // A session as a calendar entry, its join links too (private people left out).
  const person = (li) => {
    const [name, role, from] = ["name", "role", "affiliation"].map((c) => text(li.querySelector(".person__" + c)));
    return (role ? role + ": " : "") + name + (from ? ", " + from : "");
  };
  const people = (list) => (list ? [...list.children].filter((li) => !li.hasAttribute("data-private")).map(person) : []);
  const describe = (s) => {
    const body = s.li.querySelector(".slot__body");
    const lines = [text(body.querySelector(".badges")), text(body.querySelector(":scope > .slot__note")),
      ...[...body.querySelectorAll(".online__link")].map((a) => a.firstChild.data + ": " + a.href),
      ...people(body.querySelector(":scope > .people"))];
    for (const part of body.querySelectorAll(".segments > li")) {
      lines.push(text(part.querySelector(".segment__time")) + " " + text(part.querySelector(".segment__title")),
        ...people(part.querySelector(".people")).map((p) => "  " + p));
    }
    lines.push(say(words.partOf, { title: text(document.querySelector("h1")) }));
    return lines.filter((line) => line.trim()).join("\n");
  };
  const utc = (date) => date.toISOString().replace(/[-:]|\.\d+/g, "");
  const escape = (value) => value.replace(/[\\;,]/g, "\\$&").replace(/\n/g, "\\n");
  const fold = (line) => { // at most 75 octets a line (RFC 5545), never inside a character
    let out = "", size = 0;
    for (const ch of line) {
      const bytes = encodeURI(ch).split("%").length - 1 || 1;
      if (size + bytes > 75) [out, size] = [out + "\r\n ", 1];
      [out, size] = [out + ch, size + bytes];
    }
    return out;
  };
  const calendar = (list) => ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//eventsite//planner//EN",
    "CALSCALE:GREGORIAN", "METHOD:PUBLISH", ...list.flatMap((s) => ["BEGIN:VEVENT", `UID:${s.id}@${event}`,
      "DTSTAMP:" + utc(s.start), "DTSTART:" + utc(s.start), "DTEND:" + utc(s.end),
      "SUMMARY:" + escape(s.title), "LOCATION:" + escape(s.where), "DESCRIPTION:" + escape(describe(s)),
      "STATUS:" + (s.li.matches(".slot--cancelled") ? "CANCELLED"
        : s.li.matches(".slot--draft") || agenda.dataset.draft ? "TENTATIVE" : "CONFIRMED"),
      "END:VEVENT"]), "END:VCALENDAR", ""].map(fold).join("\r\n");
  const query = (values) => Object.entries(values).map(([k, v]) => k + "=" + encodeURIComponent(v)).join("&");

  // My agenda, under the event's id.
  const mine = document.getElementById("my-agenda");
  if (!mine) return;
  const key = "eventsite:" + event;
  let saved, file;
  try { saved = new Set(JSON.parse(localStorage.getItem(key)) || []); } catch { saved = new Set(); }
  const download = mine.querySelector("a[download]");
  const render = () => {
    const picked = slots.filter((s) => saved.has(s.id)).sort((a, b) => a.start - b.start);
    mine.querySelector("ol").replaceChildren(...picked.map((s) => make("li", {},
      local(s.start, { weekday: "short", hour: "numeric", minute: "2-digit" }) + " ", make("a", { href: "#" + s.id }, s.title))));
    mine.classList.toggle("is-empty", !picked.length);
    URL.revokeObjectURL(file);
    download.href = file = URL.createObjectURL(new Blob([calendar(picked)], { type: "text/calendar" }));
    download.hidden = !picked.length;
    try { localStorage.setItem(key, JSON.stringify([...saved])); } catch { /* no storage */ }
  };
  mine.hidden = false;

  // Each slot: save it; add it to a calendar (one menu for all).
  const menu = document.getElementById("calendar-menu");
  const [ics, google, outlook] = menu.querySelectorAll("a");
  let opener = null;
  const close = () => {
    opener?.setAttribute("aria-expanded", false);
    menu.hidden = true;
    opener = null;
  };
  const open = (button, s) => {
    const [details, iso] = [describe(s), (d) => d.toISOString().replace(/\.\d+/, "")];
    ics.href = "calendar/" + s.id.slice(5) + ".ics";
    google.href = "https://calendar.google.com/calendar/render?" + query({ action: "TEMPLATE", text: s.title,
      dates: utc(s.start) + "/" + utc(s.end), details, location: s.where, ctz: zone });
    outlook.href = "https://outlook.live.com/calendar/0/deeplink/compose?" + query({ path: "/calendar/action/compose",
      rru: "addevent", subject: s.title, startdt: iso(s.start), enddt: iso(s.end), body: details, location: s.where });
    button.after(menu);
    menu.hidden = false;
    opener = attr(button, { "aria-expanded": true });
  };
  const button = (name, s, act) => attr(make("button",
    { type: "button", className: name, onclick: (e) => act(e.currentTarget) }, words[name]),
  { "aria-label": say(words[name + "Label"], s) });
  for (const s of slots) {
    const star = attr(button("save", s, () => {
      saved.has(s.id) ? saved.delete(s.id) : saved.add(s.id);
      attr(star, { "aria-pressed": saved.has(s.id) });
      render();
    }), { "aria-pressed": saved.has(s.id) });
    const add = attr(button("add", s, (el) => (opener === el ? close() : (close(), open(el, s)))),
      { "aria-expanded": false, "aria-controls": "calendar-menu" });
    s.li.querySelector(".slot__calendar")?.remove();
    s.li.querySelector(".slot__body").append(make("div", { className: "slot__actions" }, star, add));
  }
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && opener) { const el = opener; close(); el.focus(); }
  });
  document.addEventListener("click", (e) => {
    if (opener && !menu.contains(e.target) && !opener.contains(e.target)) close();
  });
  render();
});
