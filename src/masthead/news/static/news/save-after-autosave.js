/*
 * One story, however fast the writer presses "Save draft".
 *
 * Wagtail's autosave creates a new page on its first background save and only
 * then points the form at the new page's edit view. A "Save draft" or "Publish"
 * pressed while that first save is still on its way would post the form to the
 * create view a second time, and the newsroom would find two copies of the
 * story. Such a press is held until the background save has answered, then made
 * again: by then the form posts to the page the background save created.
 */
(() => {
  // A background save that never answers must not swallow the writer's press.
  const HOLD_AT_MOST_MS = 30000;
  let savingForm = null;
  let heldPress = null;
  let giveUpTimer = null;

  const pressAgain = ({ form, submitter }) => {
    if (submitter && submitter.isConnected && submitter.form === form) {
      form.requestSubmit(submitter);
      return;
    }
    // The action menu was redrawn meanwhile: carry the pressed button's name.
    if (submitter && submitter.name) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = submitter.name;
      input.value = submitter.value;
      form.append(input);
    }
    form.requestSubmit();
  };

  const saveAnswered = () => {
    savingForm = null;
    clearTimeout(giveUpTimer);
    const press = heldPress;
    heldPress = null;
    if (press) pressAgain(press);
  };

  document.addEventListener('w-autosave:save', (event) => {
    savingForm = event.target;
    clearTimeout(giveUpTimer);
    giveUpTimer = setTimeout(saveAnswered, HOLD_AT_MOST_MS);
    // Another listener may cancel this save, and then no answer will come.
    queueMicrotask(() => {
      if (event.defaultPrevented) saveAnswered();
    });
  });
  document.addEventListener('w-autosave:success', saveAnswered);
  document.addEventListener('w-autosave:error', saveAnswered);

  document.addEventListener(
    'submit',
    (event) => {
      if (event.target !== savingForm) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      heldPress = { form: event.target, submitter: event.submitter };
    },
    true,
  );
})();
