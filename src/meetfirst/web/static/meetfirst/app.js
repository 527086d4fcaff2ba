// Keyboard shortcuts and small helpers. Loaded from a file: the CSP allows no inline script.
(function () {
  "use strict";

  function typing(event) {
    const t = event.target;
    return t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
  }

  // Any element with data-key="x" is clicked when x is pressed outside a text field.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    const target = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
    if (target) {
      event.preventDefault();
      target.click();
    }
  });

  // Copy buttons: data-copy-from="#id" copies that field's text.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-copy-from]");
    if (!button) return;
    const source = document.querySelector(button.dataset.copyFrom);
    if (!source) return;
    const text = "value" in source ? source.value : source.textContent;
    const done = function () {
      button.dataset.copied = "true";
      const status = document.querySelector(button.dataset.copyStatus || "#copy-status");
      if (status) status.textContent = "Copied to the clipboard.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {
        source.select && source.select();
        document.execCommand("copy");
        done();
      });
    } else {
      source.select && source.select();
      document.execCommand("copy");
      done();
    }
  });
})();

// Upload progress for forms with data-progress="#id" (htmx sends them by XHR).
document.addEventListener("htmx:xhr:progress", function (event) {
  const form = event.target.closest && event.target.closest("form[data-progress]");
  if (!form || !event.detail.lengthComputable) return;
  const bar = document.querySelector(form.dataset.progress);
  if (!bar) return;
  bar.hidden = false;
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
});
