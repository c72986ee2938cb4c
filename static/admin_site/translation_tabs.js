// The languages of a translatable field as tabs: the rows of one field's language versions (title_en, title_fr, ...)
// are grouped under one tab bar; choosing a language in any bar shows that language in every bar of the page.
// Tabs of a language with nothing entered say so. Without JavaScript, every language's row stays visible.
"use strict";
(function () {
  const EMPTY = " ○";

  function inputOf(row) {
    return row.querySelector("[data-translation-of]");
  }

  function isEmpty(input) {
    const text = (input.value || "").replace(/<[^>]*>/g, "").trim();
    return text === "";
  }

  function select(language) {
    document.querySelectorAll(".translation-tabs").forEach((bar) => {
      const hasIt = bar.querySelector(`[data-language="${language}"]`);
      if (!hasIt) return;
      bar.querySelectorAll("[role=tab]").forEach((tab) => {
        const on = tab.dataset.language === language;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
      });
    });
  }

  function mark(tab, input) {
    tab.textContent = tab.dataset.name + (isEmpty(input) ? EMPTY : "");
    tab.title = isEmpty(input) ? tab.dataset.emptyTitle : "";
  }

  function group(root) {
    const rows = Array.from(root.querySelectorAll(".form-row")).filter(
      (row) => inputOf(row) && !row.closest(".translation-group") && !row.closest("tr") && !row.id.includes("__prefix__")
        && !row.closest(".empty-form"),
    );
    let index = 0;
    while (index < rows.length) {
      const first = inputOf(rows[index]);
      const members = [rows[index]];
      while (index + members.length < rows.length) {
        const next = rows[index + members.length];
        if (inputOf(next).dataset.translationOf !== first.dataset.translationOf
            || next.previousElementSibling !== members[members.length - 1]) break;
        members.push(next);
      }
      index += members.length;
      if (members.length < 2) continue;
      const wrapper = document.createElement("div");
      wrapper.className = "translation-group";
      const bar = document.createElement("div");
      bar.className = "translation-tabs";
      bar.setAttribute("role", "tablist");
      members[0].before(wrapper);
      wrapper.append(bar);
      members.forEach((row) => {
        const input = inputOf(row);
        const tab = document.createElement("button");
        tab.type = "button";
        tab.setAttribute("role", "tab");
        tab.dataset.language = input.dataset.language;
        tab.dataset.name = input.dataset.languageName;
        tab.dataset.emptyTitle = input.dataset.emptyTitle;
        row.id = row.id || `${input.id}-row`;
        row.setAttribute("role", "tabpanel");
        tab.setAttribute("aria-controls", row.id);
        tab.addEventListener("click", () => select(tab.dataset.language));
        input.addEventListener("change", () => mark(tab, input));
        input.addEventListener("input", () => mark(tab, input));
        mark(tab, input);
        bar.append(tab);
        wrapper.append(row);
        // A language with an error is shown first.
        if (row.classList.contains("errors") || row.querySelector(".errorlist")) wrapper.dataset.error = input.dataset.language;
      });
    }
  }

  function init() {
    group(document);
    const withError = document.querySelector(".translation-group[data-error]");
    const first = document.querySelector(".translation-tabs [role=tab]");
    if (withError) select(withError.dataset.error);
    else if (first) select(first.dataset.language);
  }

  document.addEventListener("DOMContentLoaded", init);
  // A row added to a stacked inline gets its tabs too, in the language chosen.
  document.addEventListener("formset:added", (event) => {
    group(event.target);
    const chosen = document.querySelector(".translation-tabs [aria-selected=true]");
    if (chosen) select(chosen.dataset.language);
  });
})();
