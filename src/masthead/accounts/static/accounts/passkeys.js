// Once django-otp-webauthn's script has saved the new passkey, go back to the
// list that shows it (and the message saying so). A file, not an inline
// script, so that the admin's Content-Security-Policy needs no exception.
(() => {
  const doneUrl = document.currentScript.dataset.doneUrl;
  document.addEventListener("otp_webauthn.register_complete", () => {
    window.location.assign(doneUrl);
  });
})();
