/* Small behaviours that templates ask for with data- attributes, in place of inline handlers
   (the Content-Security-Policy refuses onclick=, onsubmit= and javascript: URLs). Delegated
   from the document, so content that htmx swaps in works too.

     <form data-confirm="确认…？">            asks before submitting
     <button type="submit" data-confirm="…">  asks before this button submits
     <button type="button" data-print>        prints the page
     <select data-autosubmit>                 submits its form when changed
     <a href="…" data-history-back>           goes back a page (the href is the fallback) */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print], [data-history-back], button[data-confirm], input[data-confirm]");
    if (!target) return;
    if (target.hasAttribute("data-print")) {
      window.print();
    } else if (target.hasAttribute("data-history-back")) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    } else if (!window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // On a phone the workbench menu is one row that scrolls sideways: show the current page's entry.
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector(".sidenav");
    var active = nav && nav.querySelector("a.active");
    if (!active || nav.scrollWidth <= nav.clientWidth) return;
    var left = active.getBoundingClientRect().left - nav.getBoundingClientRect().left + nav.scrollLeft;
    nav.scrollLeft = left - (nav.clientWidth - active.offsetWidth) / 2;
  });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute("data-autosubmit") && field.form) field.form.submit();
  });
})();
