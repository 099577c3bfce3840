// painlog's page script: it only improves forms that work without it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // A filter box hides the terms that do not match what is typed.
  for (const box of document.querySelectorAll(".filter-box")) {
    const list = document.getElementById(box.dataset.filters);
    if (!list) continue;
    box.addEventListener("input", () => {
      const wanted = box.value.trim().toLowerCase();
      for (const item of list.querySelectorAll("li[data-label]")) {
        item.hidden = wanted !== "" && !item.dataset.label.includes(wanted);
      }
    });
  }

  // A click on a region of the body map ticks (or unticks) its place's checkbox.
  for (const region of document.querySelectorAll(".map [data-where]")) {
    region.addEventListener("click", () => {
      const box = document.getElementById("where-" + region.dataset.where);
      if (box) {
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  // Typing a day or a time chooses "Another time".
  const earlier = document.getElementById("when-earlier");
  for (const id of ["date", "time"]) {
    const field = document.getElementById(id);
    if (field && earlier) {
      field.addEventListener("input", () => { earlier.checked = true; });
    }
  }
});
