/* Search-box pickers (gonghui.orgs.pickers): a combobox whose options htmx fetches as the user
   types. This script only moves through them and picks one:

     <div data-picker>
       <input type="hidden" data-picker-value>            the picked id, submitted with the form
       <input role="combobox" data-picker-input …>        the search box (htmx attributes on it)
       <p data-picker-chosen>                            the picked option's path
       <div role="listbox">                              options: [role=option] with data-value,
                                                         data-label, data-path; pager [data-picker-nav]

   ↓/↑ move through the options and pager buttons, Enter picks (or turns the page), Escape
   closes; a click picks too. Typing after a pick clears it, so a stale id is never submitted.
   Delegated from the document: works for pickers htmx swaps in. */
(function () {
  "use strict";

  function parts(el) {
    var root = el.closest("[data-picker]");
    if (!root) return null;
    return {
      root: root,
      value: root.querySelector("[data-picker-value]"),
      input: root.querySelector("[data-picker-input]"),
      chosen: root.querySelector("[data-picker-chosen]"),
      list: root.querySelector("[role=listbox]")
    };
  }

  function items(p) {
    return Array.prototype.slice.call(p.list.querySelectorAll("[role=option], [data-picker-nav]"));
  }

  function open(p, show) {
    p.list.hidden = !show;
    p.input.setAttribute("aria-expanded", show ? "true" : "false");
    if (!show) p.input.removeAttribute("aria-activedescendant");
  }

  function activate(p, item) {
    items(p).forEach(function (other, index) {
      if (!other.id) other.id = p.list.id + "-" + index;
      other.classList.toggle("active", other === item);
      if (other.getAttribute("role") === "option") {
        other.setAttribute("aria-selected", other === item ? "true" : "false");
      }
    });
    if (item) {
      p.input.setAttribute("aria-activedescendant", item.id);
      item.scrollIntoView({ block: "nearest" });
    }
  }

  function choose(p, option) {
    p.value.value = option.getAttribute("data-value");
    p.input.value = option.getAttribute("data-label");
    p.input.setAttribute("data-chosen-label", p.input.value);
    p.chosen.textContent = option.getAttribute("data-path");
    var radio = option.querySelector("input[type=radio]");
    if (radio) radio.checked = true;
    open(p, false);
    p.list.innerHTML = "";
    p.input.dispatchEvent(new CustomEvent("picker:chosen", { bubbles: true }));
  }

  document.addEventListener("keydown", function (event) {
    if (!event.target.matches || !event.target.matches("[data-picker-input]")) return;
    var p = parts(event.target);
    var all = items(p);
    var current = p.list.querySelector(".active");
    var index = all.indexOf(current);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      open(p, true);
      var step = event.key === "ArrowDown" ? 1 : -1;
      activate(p, all[(index + step + all.length) % all.length]);
    } else if (event.key === "Enter" && current && !p.list.hidden) {
      event.preventDefault();
      if (current.getAttribute("role") === "option") {
        choose(p, current);
      } else {
        current.click();
      }
    } else if (event.key === "Escape" && !p.list.hidden) {
      event.preventDefault();
      open(p, false);
    }
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches("[data-picker-input]")) return;
    var p = parts(event.target);
    if (p.value.value && p.input.value !== p.input.getAttribute("data-chosen-label")) {
      p.value.value = "";
      p.chosen.textContent = "";
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest("[data-picker] [role=option]");
    if (!option) return;
    var p = parts(option);
    if (!p) return;
    // A radio (the no-script choices) keeps its own click; anything else is not a link to follow.
    if (!event.target.matches("input[type=radio]")) event.preventDefault();
    choose(p, option);
    p.input.focus();
  });

  // New options arrived: show them, the first one active, the focus kept in the box.
  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail && event.detail.target;
    if (!list || list.getAttribute("role") !== "listbox") return;
    var p = parts(list);
    if (!p) return;
    open(p, list.children.length > 0);
    var first = list.querySelector("[role=option]");
    activate(p, first);
    if (document.activeElement !== p.input && event.detail.requestConfig &&
        event.detail.requestConfig.elt && event.detail.requestConfig.elt.matches("[data-picker-nav]")) {
      p.input.focus();
    }
  });
})();
