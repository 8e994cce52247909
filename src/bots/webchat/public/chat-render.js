/* global document -- browser module */
// Renders display entries (already localized by the server) as accessible HTML: text, a person's
// message with "show original", facts, deadlines with a live countdown, attachments, buttons, forms.
import { clock, uploadFile, withToken } from "./api.js";

let idCounter = 0;
const nextId = (prefix) => `${prefix}-${++idCounter}`;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== undefined && child !== null) node.append(child);
  return node;
}

/** "in 3 days" / "2 hours ago", in the page language (Intl formats; the browser translates nothing). */
export function relativeTime(dueAtMs, lang) {
  const seconds = Math.round((dueAtMs - clock.now()) / 1000);
  const abs = Math.abs(seconds);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  if (abs < 60) return format.format(seconds, "second");
  if (abs < 3600) return format.format(Math.round(seconds / 60), "minute");
  if (abs < 86400 * 2) return format.format(Math.round(seconds / 3600), "hour");
  return format.format(Math.round(seconds / 86400), "day");
}

export function countdown(dueAt, words) {
  const node = el("time", { class: "countdown", datetime: dueAt, "data-due": dueAt });
  updateCountdown(node, words);
  return node;
}

export function updateCountdown(node, words) {
  const due = Date.parse(node.dataset.due);
  const lang = document.documentElement.lang || "en";
  const overdue = due <= clock.now();
  node.textContent = overdue ? `${words.overdue} (${relativeTime(due, lang)})` : relativeTime(due, lang);
  node.classList.toggle("overdue", overdue);
}

/** Refreshes every countdown on the page (called each second). */
export function tickCountdowns(words) {
  for (const node of document.querySelectorAll("time.countdown")) updateCountdown(node, words);
}

function personBlock(person, words) {
  const originalId = nextId("original");
  const original = el(
    "blockquote",
    { class: "original", id: originalId, lang: person.originalLanguage, hidden: true },
    el("p", { class: "original-heading" }, person.originalHeading),
    el("p", { dir: "auto" }, person.original),
  );
  const toggle = person.machineTranslated
    ? el(
        "button",
        {
          type: "button",
          class: "link-button show-original",
          "aria-expanded": "false",
          "aria-controls": originalId,
          onclick: (event) => {
            const open = original.hidden;
            original.hidden = !open;
            event.currentTarget.setAttribute("aria-expanded", String(open));
            event.currentTarget.textContent = open ? words.showTranslation : words.showOriginal;
          },
        },
        words.showOriginal,
      )
    : undefined;
  return el(
    "div",
    { class: "person" },
    el("p", { class: "sender" }, person.senderName),
    el("p", { class: "shown", lang: person.shownLanguage, dir: "auto" }, person.shown),
    person.note ? el("p", { class: person.translationFailed ? "note warning" : "note" }, person.note) : undefined,
    toggle,
    person.machineTranslated ? original : undefined,
  );
}

/** Values keep their own direction inside a right-to-left page (an address, an amount, a reference). */
function factsList(facts) {
  return el(
    "dl",
    { class: "facts" },
    facts.map((f) => [el("dt", {}, f.label), el("dd", { dir: "auto" }, el("bdi", {}, f.value))]),
  );
}

function deadlineBlock(deadline, words) {
  return el(
    "p",
    { class: "deadline" },
    el("span", { class: "deadline-label" }, `${deadline.label}: `),
    el("span", {}, deadline.dueAtText),
    " · ",
    countdown(deadline.dueAt, words),
  );
}

function attachmentsList(attachments, words) {
  return el(
    "ul",
    { class: "attachments" },
    attachments.map((a) =>
      el(
        "li",
        {},
        a.href ? el("a", { href: withToken(a.href), download: a.name }, `${words.download}: ${a.name}`) : a.name,
        el("span", { class: "hash" }, ` (${a.sizeBytes} B, SHA-256 ${a.sha256})`),
      ),
    ),
  );
}

function actionButtons(actions, ctx) {
  return el(
    "div",
    { class: "actions", role: "group" },
    actions.map((action) =>
      el(
        "button",
        { type: "button", class: action.style ? `button ${action.style}` : "button", "data-action": action.actionId, onclick: () => ctx.onAction(action) },
        action.label,
      ),
    ),
  );
}

function inputFor(field, id, describedBy, limits) {
  const common = {
    id,
    name: field.name,
    required: field.required,
    "aria-describedby": describedBy || undefined,
    "aria-invalid": field.error ? "true" : undefined,
  };
  switch (field.type) {
    case "textarea":
      return el("textarea", { ...common, rows: 3 }, field.value ?? "");
    case "integer":
      return el("input", { ...common, type: "number", step: 1, inputmode: "numeric", value: field.value });
    case "money":
      // Validated by the product (localized, with the field asked again), not by the browser's own English pattern message.
      return el("input", { ...common, type: "text", inputmode: "decimal", dir: "ltr", value: field.value });
    case "date":
      return el("input", { ...common, type: "date", value: field.value });
    case "email":
      return el("input", { ...common, type: "email", value: field.value });
    case "boolean":
      return el("input", { ...common, type: "checkbox", value: "true", checked: /^(true|yes|y|1|on)$/i.test(field.value ?? ""), required: false });
    case "select":
      return el(
        "select",
        { ...common, multiple: field.multiple },
        // No preselected answer: a required choice must be made, an optional one may stay empty.
        field.value || field.multiple ? undefined : el("option", { value: "", disabled: field.required, selected: true }, ""),
        (field.options ?? []).map((o) => el("option", { value: o.value, selected: o.value === field.value }, o.label)),
      );
    case "file":
      return el("input", { ...common, type: "file", multiple: true, accept: limits?.mediaTypes?.join(",") });
    default:
      return el("input", { ...common, type: "text", value: field.value });
  }
}

function formatBytes(bytes, lang) {
  return new Intl.NumberFormat(lang, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(bytes / 1_048_576);
}

/** CL-11: an upload refused by the server, in the page's language with the limits in human units (MB). */
function uploadErrorText(error, ctx, lang) {
  const { words, uploadLimits: limits } = ctx;
  const size = limits ? formatBytes(limits.maxBytes, lang) : "";
  const types = limits ? limits.mediaTypes.join(", ") : "";
  const byCode = {
    UPLOAD_TOO_LARGE: words.uploadTooLarge,
    BODY_TOO_LARGE: words.uploadTooLarge,
    UPLOAD_TYPE_NOT_ALLOWED: words.uploadTypeNotAllowed,
    UPLOAD_EMPTY: words.uploadEmpty,
  };
  const sentence = byCode[error.code] ?? words.uploadFailed;
  return sentence ? sentence.replace("{{size}}", size).replace("{{types}}", types) : error.message;
}

function formBlock(form, ctx) {
  const { words } = ctx;
  const lang = document.documentElement.lang || "en";
  const fields = form.fields.map((field) => {
    const id = nextId(`field-${field.name.replace(/[^A-Za-z0-9_-]/g, "_")}`);
    const hintId = field.hint || field.type === "file" ? `${id}-hint` : undefined;
    const errorId = field.error ? `${id}-error` : undefined;
    const describedBy = [hintId, errorId].filter(Boolean).join(" ");
    const limits = ctx.uploadLimits;
    const hint =
      field.type === "file" && limits
        ? `${field.hint ? field.hint + " " : ""}${words.uploadLimits.replace("{{size}}", formatBytes(limits.maxBytes, lang)).replace("{{types}}", limits.mediaTypes.join(", "))}`
        : field.hint;
    return el(
      "div",
      { class: `field field-${field.type}` },
      el(
        "label",
        { for: id },
        field.label,
        field.required ? el("span", { class: "required" }, ` (${words.required})`) : undefined,
        field.currency ? ` (${field.currency})` : undefined,
      ),
      inputFor(field, id, describedBy, limits),
      hint ? el("p", { class: "hint", id: hintId }, hint) : undefined,
      field.error ? el("p", { class: "error", id: errorId, role: "alert" }, field.error) : undefined,
    );
  });
  const status = el("p", { class: "form-status", role: "status" });
  const node = el(
    "form",
    { class: "bot-form", "data-form": form.formId, novalidate: true },
    el("fieldset", {}, el("legend", {}, form.title), fields),
    el(
      "div",
      { class: "actions" },
      el("button", { type: "submit", class: "button primary" }, form.submit.label),
      form.cancel ? el("button", { type: "button", class: "button", onclick: () => ctx.onAction(form.cancel) }, form.cancel.label) : undefined,
    ),
    status,
  );
  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    // No browser validation (novalidate): the engine checks every value and answers in the reader's language.
    const values = {};
    const files = [];
    try {
      for (const field of form.fields) {
        const input = node.elements.namedItem(field.name);
        if (!input) continue;
        if (field.type === "file") {
          if (input.files.length > 0) status.textContent = words.uploading;
          for (const file of input.files) files.push(await uploadFile(file));
        } else if (field.type === "boolean") {
          values[field.name] = input.checked ? "true" : "false";
        } else if (field.type === "select" && field.multiple) {
          values[field.name] = [...input.selectedOptions].map((o) => o.value);
        } else {
          values[field.name] = input.value;
        }
      }
    } catch (error) {
      status.textContent = uploadErrorText(error, ctx, lang);
      status.classList.add("error");
      return;
    }
    status.textContent = "";
    for (const control of node.elements) control.disabled = true;
    await ctx.onForm({ kind: "form", formId: form.formId, values, files }, form.title);
  });
  return node;
}

/**
 * The order or claim a message is about: a button that shows it (the view action of the engine). It
 * does not enter the case thread (CM-06); the view offers "Message the … about …" for that.
 */
function subjectChip(subject, ctx) {
  const actionId = subject.type === "claim" ? "claim.view" : "order.view";
  const payload = subject.type === "claim" ? { claimId: subject.id } : { orderId: subject.id };
  return el(
    "button",
    {
      type: "button",
      class: "subject-chip",
      "data-subject-id": subject.id,
      title: ctx.words.openThread,
      onclick: () => ctx.onAction({ actionId, payload, label: subject.id }),
    },
    el("bdi", {}, subject.id),
  );
}

/** One entry of the transcript as a list item. */
export function renderEntry(entry, ctx) {
  const { words } = ctx;
  if (entry.kind === "own") {
    return el("li", { class: "msg own", "data-seq": entry.seq }, el("p", { class: "who" }, words.you), el("p", { dir: "auto" }, entry.text));
  }
  const m = entry.message;
  return el(
    "li",
    {
      class: `msg bot ${m.tone ? `tone-${m.tone}` : ""}`,
      "data-seq": entry.seq,
      ...(m.subject ? { "data-subject": `${m.subject.type}:${m.subject.id}` } : {}),
    },
    el("p", { class: "who" }, m.person ? m.person.senderName : words.bot, m.subject ? subjectChip(m.subject, ctx) : undefined),
    m.text ? el("p", { class: "text" }, m.text) : undefined,
    m.person ? personBlock(m.person, words) : undefined,
    m.facts?.length ? factsList(m.facts) : undefined,
    m.deadline ? deadlineBlock(m.deadline, words) : undefined,
    m.attachments?.length ? attachmentsList(m.attachments, words) : undefined,
    m.form ? formBlock(m.form, ctx) : undefined,
    m.actions?.length ? actionButtons(m.actions, ctx) : undefined,
  );
}
