/* global document, location, setInterval -- browser module */
// The staff console: the escalated-cases queue, a case file (parties, deadlines, timeline,
// transcript with originals, evidence with SHA-256 and downloads, the supplier's ledger), the staff
// actions — buttons and forms of the same conversation engine chat uses — and the dev clock.
import { api, applyPageWords, clock, closestLanguage, connectEvents, LANGUAGES, loadPageWords, sendTurn, session } from "./api.js";
import { countdown, el, renderEntry, tickCountdowns } from "./chat-render.js";
import { createPolicyEditor } from "./escalation-policy.js";

const $ = (id) => document.getElementById(id);
const state = { words: {}, seen: new Set(), lastSeq: 0, selected: null, supplierId: null, closeEvents: null, uploadLimits: null };
const formatInstant = (iso) => new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
// DT-01: the escalation policy editor (its own module).
const policy = createPolicyEditor($("policy-body"), () => state.words, formatInstant);

function ctx() {
  return {
    words: state.words,
    uploadLimits: state.uploadLimits,
    onAction: (action) => turn({ kind: "action", actionId: action.actionId, payload: action.payload ?? {} }, action.label),
    onForm: (payload, label) => turn(payload, label),
  };
}

function append(entry, focus = false) {
  if (state.seen.has(entry.seq)) return;
  state.seen.add(entry.seq);
  state.lastSeq = Math.max(state.lastSeq, entry.seq);
  const item = renderEntry(entry, ctx());
  $("log").append(item);
  if (focus) (item.querySelector("form input, form textarea, form select") ?? item).scrollIntoView({ block: "nearest" });
  if (focus) item.querySelector("form input, form textarea, form select")?.focus();
}

async function turn(payload, echo) {
  const answer = await sendTurn(payload, echo).catch((error) => ({
    entries: [{ seq: -Date.now(), kind: "bot", message: { tone: "error", text: error.message } }],
  }));
  clock.sync(answer.serverNow);
  answer.entries.forEach((entry, i) => append(entry, i === answer.entries.length - 1));
  await refresh();
}

const table = (head, rows) =>
  el(
    "table",
    { class: "table" },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        head.map((h) => el("th", { scope: "col" }, h)),
      ),
    ),
    el(
      "tbody",
      {},
      rows.map((r) =>
        el(
          "tr",
          {},
          r.map((c) => el("td", {}, c)),
        ),
      ),
    ),
  );

async function loadQueue() {
  const { cases, serverNow } = await api("GET", `/staff/api/queue?lang=${encodeURIComponent(session.lang ?? "")}`);
  clock.sync(serverNow);
  $("queue-empty").hidden = cases.length > 0;
  $("queue").hidden = cases.length === 0;
  $("queue")
    .querySelector("tbody")
    .replaceChildren(
      ...cases.map((c) =>
        el(
          "tr",
          { class: c.claimId === state.selected ? "selected" : "", "data-claim": c.claimId },
          el("td", {}, el("button", { type: "button", class: "link-button", onclick: () => openCase(c.claimId, true) }, c.claimId)),
          el("td", {}, `${c.type} · ${c.buyer} ↔ ${c.supplier} · ${c.status}`),
          el("td", {}, c.deadline ? [el("span", {}, `${c.deadline.label}: ${c.deadline.dueAtText} `), countdown(c.deadline.dueAt, state.words)] : "—"),
        ),
      ),
    );
}

async function openCase(claimId, focus = false) {
  state.selected = claimId;
  const c = await api("GET", `/staff/api/cases/${encodeURIComponent(claimId)}?lang=${encodeURIComponent(session.lang ?? "")}`);
  state.supplierId = c.supplier.id;
  const w = state.words;
  const link = (href, text) => el("a", { href: `${href}?token=${encodeURIComponent(session.token)}`, download: text }, text);
  $("case-body").replaceChildren(
    el("h3", {}, `${c.claim.claimId} · ${c.claim.type} · ${c.claim.status}`),
    // DT-01 "Take case": who has the case (the Take case button is among the actions).
    el("p", { class: "note", id: "case-assignment" }, c.assignment.text),
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, w.order),
      el("dd", {}, `${c.claim.orderId} (v${c.orderVersion.number}${c.orderVersion.contentHash ? `, SHA-256 ${c.orderVersion.contentHash}` : ""})`),
      el("dt", {}, w.buyer),
      el("dd", {}, `${c.buyer.displayName} · ${c.buyer.id} · ${c.buyer.contact.email ?? ""}`),
      el("dt", {}, w.supplier),
      el("dd", {}, `${c.supplier.displayName} · ${c.supplier.id} · ${c.supplier.contact.email ?? ""}`),
      el("dt", {}, w.filed),
      el("dd", {}, `${c.claim.filedAt} — ${c.claim.description}`),
    ),
    el("h3", {}, w.actions),
    el(
      "div",
      { class: "actions", role: "group" },
      [
        ...c.actions,
        ...[c.buyer, c.supplier].map((p) => ({
          actionId: "staff.suspendParty",
          payload: { partyId: p.id },
          label: `${w.suspendParty}: ${p.displayName}`,
          style: "danger",
        })),
      ].map((a) =>
        el("button", { type: "button", class: a.style ? `button ${a.style}` : "button", "data-action": a.actionId, onclick: () => ctx().onAction(a) }, a.label),
      ),
    ),
    el("h3", {}, w.negotiation),
    c.negotiation.length > 0
      ? el(
          "ol",
          { class: "transcript" },
          c.negotiation.map((r) => el("li", {}, el("p", {}, el("strong", {}, r.title)), el("p", { dir: "auto" }, r.text))),
        )
      : el("p", {}, w.noRounds),
    el("h3", {}, w.qualityRequirements),
    c.qualityRequirements.length > 0
      ? el(
          "ul",
          {},
          c.qualityRequirements.map((q) => el("li", { dir: "auto" }, q)),
        )
      : el("p", {}, w.noQualityRequirements),
    el("h3", {}, w.deadlines),
    table(
      ["", "", ""],
      c.deadlines.map((d) => [d.label, d.actor, [el("span", {}, `${d.dueAtText} `), countdown(d.dueAt, w)]]),
    ),
    el("h3", {}, w.transcript),
    el(
      "ol",
      { class: "transcript" },
      c.transcript.map((m) =>
        el(
          "li",
          {},
          el("p", {}, el("strong", {}, `${m.sender} (${m.senderRole})`), ` · ${m.sentAt} · ${m.originalLanguageName}`),
          el("p", { lang: m.originalLanguage, dir: "auto" }, m.originalText),
          m.translations.map((t) =>
            el("p", { class: t.failed ? "note warning" : "note", lang: t.language, dir: "auto" }, `${t.label}${t.text ? `: ${t.text}` : ""}`),
          ),
        ),
      ),
    ),
    el("h3", {}, w.evidence),
    table(
      ["", "SHA-256", ""],
      c.evidence.map((f) => [
        `${f.fileName} (${f.mediaType}, ${f.sizeBytes} B) · ${f.uploadedBy} · ${f.uploadedAt}`,
        el("span", { class: "hash" }, f.sha256),
        link(f.href, w.download),
      ]),
    ),
    el("h3", {}, w.timeline),
    table(
      ["", "", ""],
      c.timeline.map((e) => [e.atText, e.type, e.actor]),
    ),
    el("h3", {}, w.ledger),
    ...(c.ledger
      ? [
          el(
            "dl",
            { class: "facts" },
            Object.entries(c.ledger.balances).map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]),
          ),
          table(
            ["", "", ""],
            c.ledger.entries.map((e) => [e.kind, e.amount, `${e.reason}${e.orderId ? ` · ${e.orderId}` : ""}${e.claimId ? ` · ${e.claimId}` : ""}`]),
          ),
        ]
      : ["—"]),
  );
  await loadQueue();
  if (focus) $("case").focus();
}

async function refresh() {
  await loadQueue();
  if (state.selected) await openCase(state.selected);
  await loadClock();
}

async function loadClock() {
  const info = await api("GET", "/dev/clock").catch(() => null);
  $("dev-clock").hidden = !info;
  if (!info) return;
  clock.sync(info.now);
  $("clock-now").textContent =
    `${new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "full", timeStyle: "short" }).format(new Date(info.now))}`;
}

async function moveClock(body) {
  const moved = await api("POST", "/dev/clock", body).catch((error) => ({ error }));
  if (moved.error) $("clock-now").textContent = moved.error.message;
  await refresh();
}

async function setLanguage(lang) {
  session.lang = lang;
  const page = await loadPageWords(lang);
  state.words = page.words;
  applyPageWords(page);
  $("language").value = closestLanguage(lang);
}

async function start() {
  $("language").replaceChildren(...LANGUAGES.map(([tag, name]) => el("option", { value: tag, lang: tag }, name)));
  $("language").addEventListener("change", async (event) => {
    await setLanguage(event.target.value);
    policy.relabel();
    await refresh();
  });
  if (!session.token) {
    location.href = "/";
    return;
  }
  let me;
  try {
    me = await api("GET", "/auth/me");
  } catch {
    location.href = "/";
    return;
  }
  await setLanguage(session.lang ?? me.party.locale);
  $("who").textContent = `${state.words.signedInAs}: ${me.party.displayName}`;
  if (me.party.role !== "staff") {
    $("not-staff").hidden = false;
    $("not-staff").textContent = state.words.staffOnly;
    return;
  }
  $("console").hidden = false;
  api("GET", "/chat/upload-limits").then((limits) => (state.uploadLimits = limits));
  $("advance-day").addEventListener("click", () => moveClock({ days: 1 }));
  // Business days count in the selected case's supplier calendar (POL-03), else the staff member's own.
  $("advance-business").addEventListener("click", () => moveClock({ businessDays: 15, ...(state.supplierId ? { calendarOf: state.supplierId } : {}) }));
  $("next-deadline").addEventListener("click", () => moveClock({ toNextDeadline: true }));
  const { parties } = await api("GET", "/staff/api/parties");
  $("link-party").replaceChildren(...parties.map((p) => el("option", { value: p.partyId }, `${p.displayName} (${p.role})`)));
  $("link-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const issued = await api("POST", "/staff/api/sign-in-links", { partyId: $("link-party").value }).catch((error) => ({ error }));
    $("link-result").replaceChildren(issued.error ? issued.error.message : el("a", { href: issued.link }, issued.link));
  });
  state.closeEvents = connectEvents({
    after: 0,
    onEntry: (entry) => {
      append(entry);
      void loadQueue();
    },
    onClock: (serverNow) => {
      clock.sync(serverNow);
      tickCountdowns(state.words);
    },
  });
  setInterval(() => tickCountdowns(state.words), 1000);
  await refresh();
  await policy.load();
  // A page's link to a case (DT-01) opens it: /staff/cases/<claimId>.
  const deepLink = /^\/staff\/cases\/([^/]+)$/.exec(location.pathname);
  if (deepLink) await openCase(decodeURIComponent(deepLink[1]), true);
}

void start();
