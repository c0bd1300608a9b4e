// Copy-link button for result pages. Without JavaScript the link stays in a read-only field.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.querySelector("[data-copy-status]");
    if (!input || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) { status.textContent = "Link copied."; }
      }, function () {
        input.select();
        if (status) { status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link."; }
      });
    });
  });
})();
