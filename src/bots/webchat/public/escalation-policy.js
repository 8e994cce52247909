/* global document -- browser module */
// DT-01: the staff console's escalation policy editor. Reads GET /staff/api/escalation-policy (the
// version in force, every saved version, the staff members a level may name) and saves through
// PUT (a new version; the server validates with the domain's zod schema and names the bad fields,
// which are shown next to their inputs in the page language). Ordered levels with their targets
// (staff members, a PagerDuty service by routing-key name, a Slack channel), the delay before the next
// level and the repeats; the team's business hours in its calendar with the out-of-hours level; an
// optional higher tier for claims above an amount; the DT-02 re-page lead.
import { api, session } from "./api.js";
import { el } from "./chat-render.js";

const MAX_MINUTES = 7 * 24 * 60;
const fill = (text, params) => Object.entries(params).reduce((s, [k, v]) => s.split(`{{${k}}}`).join(String(v)), text ?? "");

/** A level as the form edits it (strings, as typed). */
const levelDraft = (level) => ({
  staffIds: [...(level?.targets?.staffIds ?? [])],
  pagerDuty: level?.targets?.pagerDutyRoutingKeyRef ?? "",
  slack: level?.targets?.slackChannel ?? "",
  escalateAfter: String(level?.escalateAfterMinutes ?? 30),
  repeats: String(level?.repeats ?? 1),
});

function fractionDigits(currency) {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

function draftOf(policy) {
  const above = policy.highValue?.above?.[0];
  const digits = above ? fractionDigits(above.currency) : 2;
  return {
    levels: policy.levels.map(levelDraft),
    hoursOn: Boolean(policy.hours),
    country: policy.hours?.calendar.country ?? "",
    timeZone: policy.hours?.calendar.timeZone ?? "",
    opensAt: policy.hours?.opensAt ?? "09:00",
    closesAt: policy.hours?.closesAt ?? "18:00",
    outOfHours: levelDraft(policy.outOfHours),
    highValueOn: Boolean(policy.highValue),
    amount: above ? (above.amountMinor / 10 ** digits).toFixed(digits) : "",
    currency: above?.currency ?? "USD",
    highValueLevels: (policy.highValue?.levels ?? [undefined]).map(levelDraft),
    repageBefore: String(policy.repageBeforeTargetMinutes ?? 1440),
  };
}

/** The error word for a field path (the server's zod path or ours), by what the field holds. */
function errorWordFor(path, w) {
  const last =
    path
      .split(".")
      .filter((p) => !/^\d+$/.test(p))
      .at(-1) ?? "";
  if (last === "escalateAfterMinutes" || last === "repageBeforeTargetMinutes") return w.polErrMinutes;
  if (last === "repeats") return w.polErrRepeats;
  if (last === "opensAt" || last === "closesAt") return w.polErrClock;
  if (last === "country") return w.polErrCountry;
  if (last === "timeZone") return w.polErrTimeZone;
  if (last === "pagerDutyRoutingKeyRef") return w.polErrRoutingKey;
  if (last === "slackChannel") return w.polErrSlackChannel;
  if (last === "above" || last === "amountMinor" || last === "currency") return w.polErrAmount;
  return w.polErrField;
}

export function createPolicyEditor(root, getWords, formatInstant) {
  let view = null;
  let draft = null;
  let status = null; // { tone, text }
  let errors = new Map(); // data-path → message

  const w = () => getWords();
  const id = (path) => `pol-${path.replace(/[^a-zA-Z0-9]+/g, "-")}`;

  /** Reads every input back into the draft (before a re-render or a save). */
  function sync() {
    if (!draft) return;
    for (const input of root.querySelectorAll("[data-bind]")) {
      const [list, index, key] = input.dataset.bind.split(":");
      const target = list === "draft" ? draft : list === "outOfHours" ? draft.outOfHours : draft[list][Number(index)];
      if (key === "staffId") {
        const ids = target.staffIds.filter((s) => s !== input.value);
        target.staffIds = input.checked ? [...ids, input.value] : ids;
      } else target[key] = input.type === "checkbox" ? input.checked : input.value;
    }
  }

  function field(path, label, input, hint) {
    const inputId = id(path);
    const error = errors.get(path);
    const errorId = `${inputId}-error`;
    input.id = inputId;
    input.dataset.path = path;
    if (error) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", errorId);
    }
    return el(
      "div",
      { class: "field" },
      el("label", { for: inputId }, label),
      hint ? el("p", { class: "note" }, hint) : null,
      input,
      error ? el("p", { class: "error", id: errorId }, error) : null,
    );
  }

  const text = (bind, value, attrs = {}) => el("input", { type: "text", "data-bind": bind, value, ...attrs });
  const number = (bind, value, attrs = {}) => el("input", { type: "number", inputmode: "numeric", step: "1", "data-bind": bind, value, ...attrs });

  function levelFieldset(list, index, level, legend, pathPrefix, controls) {
    const words = w();
    const bind = (key) => `${list}:${index}:${key}`;
    const staff = view.staff.filter((s) => !s.suspended);
    const staffPath = `${pathPrefix}.targets.staffIds`;
    return el(
      "fieldset",
      { class: "level" },
      el("legend", {}, legend),
      el(
        "fieldset",
        { class: "staff-targets", id: id(staffPath), "data-path": staffPath, tabindex: "-1" },
        el("legend", {}, words.polStaffMembers),
        staff.map((s) =>
          el(
            "label",
            { class: "check" },
            el("input", { type: "checkbox", "data-bind": bind("staffId"), value: s.partyId, checked: level.staffIds.includes(s.partyId) }),
            ` ${s.displayName}`,
          ),
        ),
        errors.get(staffPath) ? el("p", { class: "error" }, errors.get(staffPath)) : null,
      ),
      field(
        `${pathPrefix}.targets.pagerDutyRoutingKeyRef`,
        words.polPagerDuty,
        text(bind("pagerDuty"), level.pagerDuty, { autocomplete: "off", spellcheck: "false" }),
      ),
      field(`${pathPrefix}.targets.slackChannel`, words.polSlackChannel, text(bind("slack"), level.slack, { autocomplete: "off", spellcheck: "false" })),
      field(
        `${pathPrefix}.escalateAfterMinutes`,
        words.polEscalateAfter,
        number(bind("escalateAfter"), level.escalateAfter, { min: "1", max: String(MAX_MINUTES) }),
      ),
      field(`${pathPrefix}.repeats`, words.polRepeats, number(bind("repeats"), level.repeats, { min: "0", max: "20" })),
      controls ?? null,
    );
  }

  /** The buttons that reorder / remove a level of `list` ("levels" or "highValueLevels"). */
  function levelControls(list, index) {
    const words = w();
    const levels = draft[list];
    const n = index + 1;
    const move = (to) => () => {
      sync();
      const [moved] = levels.splice(index, 1);
      levels.splice(to, 0, moved);
      render(`${list}-${to}-legend`);
    };
    return el(
      "div",
      { class: "actions" },
      index > 0 ? el("button", { type: "button", class: "button", onclick: move(index - 1) }, fill(words.polMoveUp, { n })) : null,
      index < levels.length - 1 ? el("button", { type: "button", class: "button", onclick: move(index + 1) }, fill(words.polMoveDown, { n })) : null,
      levels.length > 1
        ? el(
            "button",
            {
              type: "button",
              class: "button danger",
              onclick: () => {
                sync();
                levels.splice(index, 1);
                render(`${list}-add`);
              },
            },
            fill(words.polRemoveLevel, { n }),
          )
        : null,
    );
  }

  function ladder(list, pathRoot) {
    const words = w();
    return [
      ...draft[list].map((level, i) => {
        const fieldset = levelFieldset(list, i, level, fill(words.polLevel, { n: i + 1 }), `${pathRoot}.${i}`, levelControls(list, i));
        fieldset.querySelector("legend").id = `${list}-${i}-legend`;
        fieldset.querySelector("legend").tabIndex = -1;
        return fieldset;
      }),
      el(
        "button",
        {
          type: "button",
          class: "button",
          id: `${list}-add`,
          onclick: () => {
            sync();
            // A new level starts with the timing and PagerDuty service of the one above it, and no people.
            const last = draft[list].at(-1);
            draft[list].push(last ? { ...last, staffIds: [], slack: "" } : levelDraft(undefined));
            render(`${list}-${draft[list].length - 1}-legend`);
          },
        },
        words.polAddLevel,
      ),
    ];
  }

  function header() {
    const words = w();
    const c = view.current;
    const name = (partyId) => view.staff.find((s) => s.partyId === partyId)?.displayName ?? partyId;
    return c.version === 0
      ? el("p", { id: "policy-in-force" }, words.polBuiltIn)
      : el("p", { id: "policy-in-force" }, fill(words.polInForce, { version: c.version, at: formatInstant(c.effectiveFrom), by: name(c.revisedBy) }));
  }

  function render(focusId) {
    const words = w();
    const check = (bind, checked, label, onchange) =>
      el("label", { class: "check" }, el("input", { type: "checkbox", "data-bind": bind, checked, onchange }), ` ${label}`);
    const rerender = (focus) => () => {
      sync();
      render(focus);
    };
    const versions = view.versions.map((v) =>
      el("li", {}, `v${v.version} · ${formatInstant(v.effectiveFrom)} · ${view.staff.find((s) => s.partyId === v.revisedBy)?.displayName ?? v.revisedBy}`),
    );
    // replaceChildren would print a null: only the parts that apply.
    root.replaceChildren(
      ...[
        header(),
        status
          ? el(
              "p",
              { class: status.tone === "error" ? "error" : "note", role: status.tone === "error" ? "alert" : "status", id: "policy-status", tabindex: "-1" },
              status.text,
            )
          : null,
        el(
          "form",
          { id: "policy-form", novalidate: true, onsubmit: save },
          el("h3", {}, words.polLevels),
          ladder("levels", "levels"),
          el("h3", {}, check("draft::hoursOn", draft.hoursOn, words.polHoursOn, rerender("pol-hoursOn"))),
          draft.hoursOn
            ? [
                field(
                  "hours.calendar.country",
                  words.polCountry,
                  text("draft::country", draft.country, { maxlength: "2", autocomplete: "country", size: "3" }),
                ),
                field("hours.calendar.timeZone", words.polTimeZone, text("draft::timeZone", draft.timeZone, { autocomplete: "off", spellcheck: "false" })),
                field("hours.opensAt", words.polOpensAt, el("input", { type: "time", "data-bind": "draft::opensAt", value: draft.opensAt })),
                field("hours.closesAt", words.polClosesAt, el("input", { type: "time", "data-bind": "draft::closesAt", value: draft.closesAt })),
                levelFieldset("outOfHours", 0, draft.outOfHours, words.polOutOfHours, "outOfHours"),
              ]
            : null,
          el("h3", {}, check("draft::highValueOn", draft.highValueOn, words.polHighValueOn, rerender("pol-highValueOn"))),
          draft.highValueOn
            ? [
                field(
                  "highValue.above",
                  words.polThreshold,
                  el("input", { type: "text", inputmode: "decimal", "data-bind": "draft::amount", value: draft.amount }),
                ),
                field(
                  "highValue.above.0.currency",
                  words.polCurrency,
                  text("draft::currency", draft.currency, { maxlength: "3", size: "4", autocomplete: "off" }),
                ),
                el("h4", {}, words.polHighValueLevels),
                ladder("highValueLevels", "highValue.levels"),
              ]
            : null,
          field("repageBeforeTargetMinutes", words.polRepageBefore, number("draft::repageBefore", draft.repageBefore, { min: "0", max: String(MAX_MINUTES) })),
          el("div", { class: "actions" }, el("button", { type: "submit", class: "button primary" }, words.polSave)),
        ),
        versions.length > 0 ? [el("h3", {}, words.polVersions), el("ol", { class: "versions", reversed: true }, versions)] : null,
      ]
        .flat()
        .filter((node) => node !== null),
    );
    // The two toggles keep their ids for focus after a re-render.
    const toggles = root.querySelectorAll("input[data-bind='draft::hoursOn'], input[data-bind='draft::highValueOn']");
    if (toggles[0]) toggles[0].id = "pol-hoursOn";
    if (toggles[1]) toggles[1].id = "pol-highValueOn";
    if (focusId) document.getElementById(focusId)?.focus();
  }

  const levelInput = (l) => ({
    targets: {
      staffIds: l.staffIds,
      ...(l.pagerDuty.trim() ? { pagerDutyRoutingKeyRef: l.pagerDuty.trim() } : {}),
      ...(l.slack.trim() ? { slackChannel: l.slack.trim() } : {}),
    },
    escalateAfterMinutes: Number(l.escalateAfter),
    repeats: Number(l.repeats),
  });

  /** The draft as the PUT body, and the problems the page can see itself (the server checks again). */
  function collect() {
    const problems = new Map();
    const words = w();
    const checkLevel = (l, path) => {
      const minutes = Number(l.escalateAfter);
      const repeats = Number(l.repeats);
      if (!/^\d+$/.test(l.escalateAfter) || minutes < 1 || minutes > MAX_MINUTES) problems.set(`${path}.escalateAfterMinutes`, words.polErrMinutes);
      if (!/^\d+$/.test(l.repeats) || repeats > 20 || (minutes >= 1 && minutes / (repeats + 1) < 1)) problems.set(`${path}.repeats`, words.polErrRepeats);
      if (l.pagerDuty.trim() && !/^[a-z0-9_]{1,40}$/i.test(l.pagerDuty.trim())) problems.set(`${path}.targets.pagerDutyRoutingKeyRef`, words.polErrRoutingKey);
      if (l.slack.trim() && !/^#?[\w.-]{1,80}$/.test(l.slack.trim())) problems.set(`${path}.targets.slackChannel`, words.polErrSlackChannel);
    };
    draft.levels.forEach((l, i) => checkLevel(l, `levels.${i}`));
    const body = { levels: draft.levels.map(levelInput), repageBeforeTargetMinutes: Number(draft.repageBefore) };
    if (!/^\d+$/.test(draft.repageBefore) || Number(draft.repageBefore) > MAX_MINUTES) problems.set("repageBeforeTargetMinutes", words.polErrMinutes);
    if (draft.hoursOn) {
      const country = draft.country.trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(country)) problems.set("hours.calendar.country", words.polErrCountry);
      if (!draft.timeZone.trim()) problems.set("hours.calendar.timeZone", words.polErrTimeZone);
      if (!/^\d\d:\d\d$/.test(draft.opensAt)) problems.set("hours.opensAt", words.polErrClock);
      if (!/^\d\d:\d\d$/.test(draft.closesAt) || draft.closesAt <= draft.opensAt) problems.set("hours.closesAt", words.polErrClock);
      checkLevel(draft.outOfHours, "outOfHours");
      body.hours = { calendar: { country, timeZone: draft.timeZone.trim() }, opensAt: draft.opensAt, closesAt: draft.closesAt };
      body.outOfHours = levelInput(draft.outOfHours);
    }
    if (draft.highValueOn) {
      const currency = draft.currency.trim().toUpperCase();
      const digits = fractionDigits(currency);
      const amount = draft.amount.trim().replace(",", ".");
      const pattern = new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
      if (!/^[A-Z]{3}$/.test(currency)) problems.set("highValue.above.0.currency", words.polErrAmount);
      if (!pattern.test(amount) || Number(amount) <= 0) problems.set("highValue.above", words.polErrAmount);
      draft.highValueLevels.forEach((l, i) => checkLevel(l, `highValue.levels.${i}`));
      body.highValue = { above: [{ amountMinor: Math.round(Number(amount) * 10 ** digits), currency }], levels: draft.highValueLevels.map(levelInput) };
    }
    return { body, problems };
  }

  /** Shows the problems next to their fields and moves the focus to the first. */
  function showProblems(problems) {
    errors = problems;
    status = { tone: "error", text: w().polInvalid };
    render();
    const first = [...root.querySelectorAll("[data-path]")].find((node) => errors.has(node.dataset.path));
    (first ?? document.getElementById("policy-status"))?.focus();
  }

  /** The server's field paths (zod's) on the nearest input the form has. */
  function serverProblems(fields) {
    const paths = [...root.querySelectorAll("[data-path]")].map((node) => node.dataset.path);
    const problems = new Map();
    for (const f of fields ?? []) {
      const target = paths.filter((p) => f === p || f.startsWith(`${p}.`) || p.startsWith(`${f}.`)).sort((a, b) => b.length - a.length)[0] ?? paths[0];
      if (target && !problems.has(target)) problems.set(target, errorWordFor(f, w()));
    }
    return problems;
  }

  async function save(event) {
    event.preventDefault();
    sync();
    const { body, problems } = collect();
    if (problems.size > 0) return showProblems(problems);
    try {
      // The refusal's sentence in the page language (400 COMMAND_INVALID names the fields in details).
      view = await api("PUT", `/staff/api/escalation-policy?lang=${encodeURIComponent(session.lang ?? "")}`, body);
      draft = draftOf(view.current);
      errors = new Map();
      status = { tone: "ok", text: fill(w().polSaved, { version: view.current.version }) };
      render();
      document.getElementById("policy-status")?.focus();
    } catch (error) {
      const fields = error?.details?.fields;
      if (fields) return showProblems(serverProblems(fields));
      status = { tone: "error", text: error.message };
      render();
      document.getElementById("policy-status")?.focus();
    }
  }

  return {
    async load() {
      view = await api("GET", "/staff/api/escalation-policy");
      draft = draftOf(view.current);
      errors = new Map();
      status = null;
      render();
    },
    /** Re-renders in the page language, keeping what was typed. */
    relabel() {
      if (!view) return;
      sync();
      render();
    },
  };
}
