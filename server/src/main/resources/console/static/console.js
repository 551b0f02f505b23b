// The console's only script (served from the server; the CSP allows no inline script). Pages work
// without it; it adds small conveniences only.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // The device code field: upper case as the device shows it.
  const code = document.getElementById("code");
  if (code && code.tagName === "INPUT") {
    code.addEventListener("input", () => { code.value = code.value.toUpperCase(); });
  }
  // Deny and sign-out ask once: a mis-tap should not drop a device's request.
  for (const button of document.querySelectorAll("button[data-confirm]")) {
    button.addEventListener("click", (e) => { if (!confirm(button.dataset.confirm)) e.preventDefault(); });
  }
});
