// Filters (in the address), the day chosen, now and next, My agenda and its .ics, one
// calendar menu. The page is whole without it. It reads the page only: no server, no cookie.
addEventListener("load", () => {
  "use strict";
  const agenda = document.getElementById("agenda");
  const source = document.getElementById("planner-words");
  if (!agenda || !source) return;
  const words = JSON.parse(source.textContent);
  const { zone, place, location: venue, event } = agenda.dataset;
  const lang = document.documentElement.lang;
  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : "");
  const say = (line, values) => line.replace(/\{(\w+)\}/g, (_, k) => values[k]);
  const make = (tag, props, ...children) => {
    const el = Object.assign(document.createElement(tag), props);
    return el.append(...children), el;
  };
  const $ = (css, el = agenda) => el.querySelector(css);
  const local = (date, options, tag = lang) => new Intl.DateTimeFormat(tag, { timeZone: zone, ...options }).format(date);

  const slots = [...agenda.querySelectorAll("li.slot")].map((li) => {
    const [start, end] = [...li.querySelectorAll(".slot__time time")].map((t) => new Date(t.dateTime));
    return { ...li.dataset, li, start, end, id: li.id, title: text($(".slot__title", li)),
      when: local(start, { weekday: "short", hour: "numeric", minute: "2-digit" }), where: li.dataset.location || venue,
      all: !li.closest(".tt-room") }; // in every room's view
  });

  // The status: what is left of the day in view, nothing, or all once cleared.
  const bar = $(".planner");
  const form = $("form", bar) || make("form");
  const status = $("[role=status]", bar);
  const days = agenda.querySelectorAll(".day");
  const asked = new URLSearchParams(location.search);
  for (const select of form.elements) {
    select.value = asked.get(select.name) || "";
    if (select.selectedIndex < 0) select.value = "";
  }
  if (form.parentElement) form.parentElement.open = asked.size || matchMedia("(min-width: 48rem)").matches;
  bar.hidden = false;
  const report = (cleared) => {
    const want = [...new FormData(form).values()].some(Boolean);
    const view = [...days].find((day) => day.checkVisibility()) || agenda;
    const mine = slots.filter((s) => view.contains(s.li));
    const n = mine.filter((s) => !s.li.hidden).length;
    status.textContent = want ? say(n ? words.shown : words.none, { n, total: mine.length })
      : cleared && status.textContent ? say(words.every, { total: mine.length }) : "";
  };
  const filter = () => {
    const want = Object.fromEntries(new FormData(form));
    const url = new URL(location.href);
    for (const s of slots) {
      s.li.hidden = Object.entries(want).some(([k, v]) => v && s[k] !== v && (k === "kind" || !s.all));
    }
    for (const box of agenda.querySelectorAll(".tt-room, .tt-band, .tt-parallel")) {
      box.hidden = !$("li.slot:not([hidden])", box);
    }
    for (const n of agenda.querySelectorAll(".agenda__more")) n.hidden = Object.entries(want).some(([k, v]) => v && (n.dataset[k] || v) !== v);
    for (const k in want) want[k] ? url.searchParams.set(k, want[k]) : url.searchParams.delete(k);
    history.replaceState(null, "", url);
    report(true);
  };
  form.addEventListener("change", filter);
  filter();

  // A link's day stays when the next leads elsewhere (skip link); focus to its tab (the one
  // followed hides) if none came since.
  let chosen;
  const show = (day) => days.forEach((d) => d.toggleAttribute("data-shown", d === day));
  const follow = (url, moved) => {
    const target = document.getElementById(url.split("#")[1]);
    const day = target?.closest(".day");
    if (!day) return;
    show((chosen = day));
    if (moved && target === day) $("[aria-current]", day).focus();
    report();
  };
  follow(location.href);
  addEventListener("hashchange", (e) => follow(e.newURL, e.newURL === location.href));

  // While the event is on: now, next, and today's panel unless a link chose one.
  const first = Math.min(...slots.map((s) => s.start)) - 3600e3;
  const last = Math.max(...slots.map((s) => s.end || s.start));
  const clock = $(".planner__clock", bar);
  const tick = () => {
    const now = Date.now();
    const on = now >= first && now < last;
    const next = Math.min(...slots.filter((s) => s.start > now).map((s) => +s.start));
    for (const s of slots) {
      const state = on && (s.start <= now && now < s.end ? "now" : +s.start === next ? "next" : "");
      $(".slot__state", s.li)?.remove();
      s.li.classList.remove("is-now", "is-next");
      if (state) s.li.classList.add("is-" + state), $(".slot__time", s.li).prepend(make("strong", { className: "slot__state" }, words[state]));
    }
    clock.textContent = on ? say(words.clock, { time: local(now, { timeStyle: "short" }), place }) : "";
    const today = document.getElementById("day-" + local(now, {}, "en-CA")); // YYYY-MM-DD
    if (on && today && !chosen) show(today);
  };
  tick();
  setInterval(tick, 30e3);

  // A session as a calendar entry, with its links (private people left out).
  const person = (li) => {
    const [name, role, from] = ["name", "role", "affiliation"].map((c) => text($(".person__" + c, li)));
    return (role ? role + ": " : "") + name + (from ? ", " + from : "");
  };
  const people = (list) => (list ? [...list.children].filter((li) => !li.hasAttribute("data-private")).map(person) : []);
  const describe = (s) => {
    const body = $(".slot__body", s.li);
    const lines = [text($(".badges", body)), text($(":scope > .slot__note", body)),
      ...[...body.querySelectorAll(".online__link")].map((a) => a.firstChild.data + ": " + a.href),
      ...people($(":scope > .people", body))];
    for (const part of body.querySelectorAll(".segments > li")) {
      lines.push([...part.querySelectorAll(".segment__time > :not(.visually-hidden)"), $(".segment__title", part)].map(text).join(" "),
        ...people($(".people", part)).map((p) => "  " + p));
    }
    lines.push(say(words.partOf, { title: text($("h1", document)) }));
    return lines.filter((line) => line.trim()).join("\n");
  };
  const utc = (date) => date.toISOString().replace(/[-:]|\.\d+/g, "");
  const escape = (value) => value.replace(/[\\;,]/g, "\\$&").replace(/\n/g, "\\n");
  const fold = (line) => { // at most 75 octets a line (RFC 5545), not inside a character
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
      "DTSTAMP:" + utc(s.start), "DTSTART:" + utc(s.start), ...(s.end ? ["DTEND:" + utc(s.end)] : []),
      "SUMMARY:" + escape(s.title), "LOCATION:" + escape(s.where), "DESCRIPTION:" + escape(describe(s)),
      "STATUS:" + (s.li.matches(".slot--cancelled") ? "CANCELLED"
        : s.li.matches(".slot--draft") || agenda.dataset.draft ? "TENTATIVE" : "CONFIRMED"),
      "END:VEVENT"]), "END:VCALENDAR", ""].map(fold).join("\r\n");

  // My agenda, by the event's id.
  const mine = document.getElementById("my-agenda");
  if (!mine) return;
  const key = "eventsite:" + event;
  let saved, file;
  try { saved = new Set(JSON.parse(localStorage.getItem(key)) || []); } catch { saved = new Set(); }
  const download = $("a[download]", mine);
  const render = () => {
    const picked = slots.filter((s) => saved.has(s.id)).sort((a, b) => a.start - b.start);
    $("ol", mine).replaceChildren(...picked.map((s) => { const t = $(".slot__title [lang]", s.li);
      return make("li", {}, s.when + " ", make("a", { href: "#" + s.id, ...(t && { lang: t.lang, dir: t.dir }) }, s.title)); }));
    $("span", mine).textContent = `(${picked.length.toLocaleString(lang)})`;
    URL.revokeObjectURL(file);
    download.href = file = URL.createObjectURL(new Blob([calendar(picked)], { type: "text/calendar" }));
    download.hidden = !picked.length;
    try { localStorage.setItem(key, JSON.stringify([...saved])); } catch { /* no storage */ }
  };

  // Each slot: Save, Add to calendar (one menu for all, closed when focus leaves it).
  const menu = document.getElementById("calendar-menu");
  const [ics, google, outlook] = menu.querySelectorAll("a");
  let opener = null;
  const close = () => {
    if (opener) opener.ariaExpanded = false;
    menu.hidden = true;
    opener = null;
  };
  const open = (button, s) => {
    const [details, iso, end] = [describe(s), (d) => d.toISOString().replace(/\.\d+/, ""), s.end || s.start];
    ics.href = "calendar/" + s.id.slice(5) + ".ics";
    google.href = "https://calendar.google.com/calendar/render?" + new URLSearchParams({ action: "TEMPLATE", text: s.title,
      dates: utc(s.start) + "/" + utc(end), details, location: s.where, ctz: zone });
    outlook.href = "https://outlook.live.com/calendar/0/deeplink/compose?" + new URLSearchParams({ path: "/calendar/action/compose",
      rru: "addevent", subject: s.title, startdt: iso(s.start), enddt: iso(end), body: details, location: s.where });
    button.after(menu);
    menu.hidden = false;
    (opener = button).ariaExpanded = true;
  };
  // Named with the day and time: two sessions may share a title.
  const button = (name, s, act, more) => make("button", { type: "button", className: name,
    onclick: (e) => act(e.currentTarget), ariaLabel: say(words[name + "Label"], s), ...more }, words[name]);
  for (const s of slots) {
    const star = button("save", s, () => {
      saved.has(s.id) ? saved.delete(s.id) : saved.add(s.id);
      star.ariaPressed = saved.has(s.id);
      render();
    }, { ariaPressed: saved.has(s.id) });
    const add = button("add", s, (el) => (opener === el ? close() : (close(), open(el, s))), { ariaExpanded: false });
    add.setAttribute("aria-controls", "calendar-menu");
    $(".slot__calendar", s.li)?.remove();
    $(".slot__body", s.li).append(make("div", { className: "slot__actions" }, star, add));
  }
  addEventListener("keydown", (e) => {
    if (e.key === "Escape" && opener) { const el = opener; close(); el.focus(); }
  });
  const away = (e) => opener && !menu.contains(e.target) && !opener.contains(e.target) && close();
  addEventListener("click", away);
  addEventListener("focusin", away);
  render();
});
