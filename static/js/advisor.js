// Progressive enhancement of the questionnaire: one step at a time with a progress bar, each
// step checked before moving on, conditional questions shown only when they apply, and the
// answers kept in this browser (localStorage) until the form is sent or started again. The
// form works fully without this file; answers live in the one form, so going back and forth
// never loses them, and the server checks everything again whatever this file did.
(function () {
  "use strict";
  // A fixed key: the page names no content version, and saved answers that no longer fit the
  // questionnaire are simply dropped when restored (see restoreAnswers).
  var STORAGE_KEY = "stackadvisor:advisor-answers:v1";
  var QUESTION_NAME = /^q\d+$/;
  var form = document.querySelector("[data-advisor]");
  if (!form) { return; }
  var steps = toArray(form.querySelectorAll("[data-step]"));
  var links = toArray(document.querySelectorAll("[data-step-link]"));
  var tools = document.querySelector("[data-advisor-tools]");
  var progressText = document.querySelector("[data-progress-text]");
  var progressBar = document.querySelector("[data-progress-bar]");
  var submit = form.querySelector(".advisor-submit");
  var requiredMessage = form.getAttribute("data-required-message") || "Please answer this question.";
  var storage = openStorage();
  var current = 0;

  function toArray(list) { return Array.prototype.slice.call(list); }

  function answerInputs(root) {
    return toArray(root.querySelectorAll("input[type=radio], input[type=checkbox]"));
  }

  // Saved answers --------------------------------------------------------------------------

  // Storage may be switched off or full; the questionnaire then works as without it.
  function openStorage() {
    try {
      window.localStorage.getItem(STORAGE_KEY);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function readSaved() {
    if (!storage) { return null; }
    try {
      var saved = JSON.parse(storage.getItem(STORAGE_KEY));
      return saved && typeof saved === "object" ? saved : null;
    } catch (error) {
      return null;
    }
  }

  function save() {
    if (!storage) { return; }
    var answers = {};
    answerInputs(form).forEach(function (input) {
      if (input.checked) { (answers[input.name] = answers[input.name] || []).push(input.value); }
    });
    try {
      storage.setItem(STORAGE_KEY, JSON.stringify({ step: current, answers: answers }));
    } catch (error) { /* full or refused: the answers stay in the form */ }
  }

  function forget() {
    if (!storage) { return; }
    try { storage.removeItem(STORAGE_KEY); } catch (error) { /* nothing to forget */ }
  }

  // A question whose saved answers all no longer exist keeps what the page shows.
  function restoreQuestion(name, values) {
    var inputs = answerInputs(form).filter(function (input) { return input.name === name; });
    var known = inputs.some(function (input) { return values.indexOf(input.value) !== -1; });
    if (!known) { return; }
    inputs.forEach(function (input) { input.checked = values.indexOf(input.value) !== -1; });
  }

  function restoreAnswers(saved) {
    var answers = saved.answers && typeof saved.answers === "object" ? saved.answers : {};
    Object.keys(answers).forEach(function (name) {
      if (QUESTION_NAME.test(name) && Array.isArray(answers[name])) {
        restoreQuestion(name, answers[name].map(String));
      }
    });
  }

  // Conditional questions ------------------------------------------------------------------

  function chosenOptionIds() {
    var ids = {};
    form.querySelectorAll("input:checked").forEach(function (input) { ids[input.value] = true; });
    return ids;
  }

  // Hidden conditional questions are disabled, so the browser does not send their answers.
  function applyConditions() {
    var chosen = chosenOptionIds();
    form.querySelectorAll("[data-condition-option]").forEach(function (block) {
      var applies = !!chosen[block.getAttribute("data-condition-option")];
      block.hidden = !applies;
      block.querySelectorAll("input").forEach(function (input) { input.disabled = !applies; });
      if (!applies) { clearError(block); }
    });
  }

  // Checking a step ------------------------------------------------------------------------

  function isAnswered(block) {
    return answerInputs(block).some(function (input) { return input.checked && input.value !== ""; });
  }

  function unanswered(step) {
    return toArray(step.querySelectorAll(".advisor-question[data-required]")).filter(
      function (block) { return !block.hidden && !isAnswered(block); }
    );
  }

  function errorIdOf(block) {
    var input = block.querySelector("input");
    return input ? "id_" + input.name + "_step_error" : null;
  }

  function describedBy(element, id, add) {
    var ids = (element.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (value) {
      return value && value !== id;
    });
    if (add) { ids.push(id); }
    if (ids.length) { element.setAttribute("aria-describedby", ids.join(" ")); }
    else { element.removeAttribute("aria-describedby"); }
  }

  // The same words and look as the server's error, next to the question's legend.
  function showError(block) {
    var id = errorIdOf(block);
    var fieldset = block.querySelector("fieldset");
    if (!id || !fieldset || document.getElementById(id)) { return; }
    var message = document.createElement("div");
    var text = document.createElement("strong");
    message.id = id;
    message.className = "invalid-feedback d-block advisor-step-error";
    text.textContent = requiredMessage;
    message.appendChild(text);
    var legend = fieldset.querySelector("legend");
    if (legend) { legend.insertAdjacentElement("afterend", message); } else { fieldset.prepend(message); }
    describedBy(fieldset, id, true);
    answerInputs(block).forEach(function (input) {
      input.classList.add("is-invalid");
      input.setAttribute("aria-invalid", "true");
    });
  }

  function clearError(block) {
    var id = errorIdOf(block);
    var message = id && document.getElementById(id);
    if (!message) { return; }
    message.remove();
    describedBy(block.querySelector("fieldset"), id, false);
    answerInputs(block).forEach(function (input) {
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
    });
  }

  // Moving between steps -------------------------------------------------------------------

  function updateProgress() {
    var text = "Step " + (current + 1) + " of " + steps.length;
    if (progressText) { progressText.textContent = text; }
    if (progressBar) {
      progressBar.max = steps.length;
      progressBar.value = current + 1;
      progressBar.textContent = text;
    }
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) { step.hidden = i !== current; });
    links.forEach(function (link, i) {
      if (i === current) { link.setAttribute("aria-current", "step"); } else { link.removeAttribute("aria-current"); }
    });
    if (submit) { submit.hidden = current !== steps.length - 1; }
    updateProgress();
    save();
    if (focus) {
      var heading = steps[current].querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  // "Next" moves on only when every required question of this step that applies is answered.
  function next() {
    var missing = unanswered(steps[current]);
    if (!missing.length) {
      show(current + 1, true);
      return;
    }
    missing.forEach(showError);
    var first = missing[0].querySelector("input:not([disabled])");
    if (first) { first.focus(); }
  }

  function startAgain() {
    form.reset();
    form.querySelectorAll(".advisor-question").forEach(clearError);
    applyConditions();
    show(0, true);
    forget();
  }

  function onChange(event) {
    applyConditions();
    var block = event.target.closest && event.target.closest(".advisor-question");
    if (block && isAnswered(block)) { clearError(block); }
    save();
  }

  function onClick(event) {
    if (event.target.matches("[data-step-next]")) { next(); }
    if (event.target.matches("[data-step-back]")) { show(current - 1, true); }
  }

  function startSteps(saved) {
    steps.forEach(function (step) {
      var nav = step.querySelector(".advisor-step-nav");
      if (nav) { nav.hidden = false; }
    });
    form.addEventListener("click", onClick);
    links.forEach(function (link, i) {
      link.addEventListener("click", function (event) { event.preventDefault(); show(i, true); });
    });
    show(saved && typeof saved.step === "number" ? saved.step : 0, false);
  }

  function startTools() {
    if (!tools) { return; }
    var meter = tools.querySelector(".advisor-meter");
    if (meter) { meter.hidden = steps.length < 2; }
    tools.querySelector("[data-start-again]").addEventListener("click", startAgain);
    tools.hidden = false;
  }

  // With errors from the server, every step stays on the page so nothing is hidden from the
  // visitor; the answers sent are kept in case they come back later.
  function startAfterErrors() {
    applyConditions();
    save();
    document.getElementById("form-errors").focus();
  }

  function start() {
    form.addEventListener("change", onChange);
    form.addEventListener("submit", forget);
    if (document.getElementById("form-errors")) {
      startAfterErrors();
      return;
    }
    var saved = readSaved();
    if (saved) { restoreAnswers(saved); }
    applyConditions();
    if (steps.length > 1) { startSteps(saved); } else { save(); }
    startTools();
  }

  start();
})();
