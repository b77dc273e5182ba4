// Progressive enhancement for the specification editor. Without JavaScript each
// section's form posts and redirects as normal; with htmx it saves as you type.
(function () {
  "use strict";

  // The plain-language check reads a field called "text" (and which section it is for),
  // while each form names its textarea after what it holds (a section's body, a tender's
  // summary, an engagement's brief). An empty section means the page has one check.
  document.addEventListener("htmx:configRequest", function (event) {
    var element = event.detail.elt;
    if (element && element.dataset && element.dataset.plainLanguageSection !== undefined) {
      event.detail.parameters.text = element.value;
      if (element.dataset.plainLanguageSection) {
        event.detail.parameters.section = element.dataset.plainLanguageSection;
      }
    }
  });

  // After a conflict, typing no longer saves (the person must not replace someone else's
  // text by accident); only the Save button does. This check lives here, not in an
  // hx-trigger filter, because htmx evaluates filters as code, which the Content Security
  // Policy forbids.
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    var trigger = event.detail.triggeringEvent;
    if (
      form && form.matches && form.matches("form[data-autosave]") &&
      trigger && trigger.type === "input" &&
      form.querySelector(".kindred-conflict")
    ) {
      event.preventDefault();
    }
  });

  // A save that never reached the server, or failed there, must say so: the text stays
  // in the box, but the person needs to know it is not saved.
  function showFailure(message) {
    return function (event) {
      var form = event.detail.elt;
      if (!form || !form.matches || !form.matches("form[data-autosave]")) {
        return;
      }
      var status = document.getElementById(form.dataset.autosave);
      var line = status && status.querySelector(".kindred-save-message");
      if (!line) {
        return;
      }
      line.innerHTML = "";
      var paragraph = document.createElement("p");
      paragraph.className = "govuk-error-message";
      var hidden = document.createElement("span");
      hidden.className = "govuk-visually-hidden";
      hidden.textContent = "Error: ";
      paragraph.appendChild(hidden);
      paragraph.appendChild(document.createTextNode(message));
      line.appendChild(paragraph);
    };
  }

  document.addEventListener(
    "htmx:sendError",
    showFailure(
      "Not saved. We could not reach Kindred. Your text is still here: check your connection, then select Save."
    )
  );
  document.addEventListener(
    "htmx:responseError",
    showFailure(
      "Not saved. Something went wrong on our side. Your text is still here: copy it somewhere safe, then try Save again."
    )
  );
})();
