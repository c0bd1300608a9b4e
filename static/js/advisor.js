// Progressive enhancement of the questionnaire: one step at a time, and conditional questions
// shown only when they apply. The form works fully without this file; answers live in the
// one form, so going back and forth never loses them.
(function () {
  "use strict";
  var form = document.querySelector("[data-advisor]");
  if (!form) { return; }
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var links = Array.prototype.slice.call(document.querySelectorAll("[data-step-link]"));
  var submit = form.querySelector(".advisor-submit");
  var current = 0;

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
    });
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) { step.hidden = i !== current; });
    links.forEach(function (link, i) {
      if (i === current) { link.setAttribute("aria-current", "step"); } else { link.removeAttribute("aria-current"); }
    });
    if (submit) { submit.hidden = current !== steps.length - 1; }
    if (focus) {
      var heading = steps[current].querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  // With errors on the page, show every step so nothing is hidden from the visitor.
  if (document.getElementById("form-errors")) {
    applyConditions();
    document.getElementById("form-errors").focus();
    form.addEventListener("change", applyConditions);
    return;
  }
  if (steps.length > 1) {
    steps.forEach(function (step) {
      var nav = step.querySelector(".advisor-step-nav");
      if (nav) { nav.hidden = false; }
    });
    form.addEventListener("click", function (event) {
      if (event.target.matches("[data-step-next]")) { show(current + 1, true); }
      if (event.target.matches("[data-step-back]")) { show(current - 1, true); }
    });
    links.forEach(function (link, i) {
      link.addEventListener("click", function (event) { event.preventDefault(); show(i, true); });
    });
    show(0, false);
  }
  applyConditions();
  form.addEventListener("change", applyConditions);
})();
