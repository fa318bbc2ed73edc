/* Filters for the findings. Without JavaScript the form stays hidden and every finding shows. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var cards = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".entity-group"));
  var severities = Array.prototype.slice.call(form.querySelectorAll("input[name=severity]"));
  var rule = form.querySelector("select[name=rule]");
  var search = form.querySelector("input[name=q]");
  var status = document.getElementById("filter-status");
  var texts = cards.map(function (card) { return card.textContent.toLowerCase(); });

  function apply() {
    var wanted = {};
    severities.forEach(function (box) { wanted[box.value] = box.checked; });
    var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card, i) {
      var visible = wanted[card.dataset.severity] === true &&
        (!rule.value || card.dataset.rule === rule.value) &&
        terms.every(function (term) { return texts[i].indexOf(term) !== -1; });
      card.hidden = !visible;
      if (visible) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector(".finding:not([hidden])");
    });
    status.textContent = "Showing " + shown + " of " + cards.length + " findings";
  }

  /* A link to a finding that the filters hide would land nowhere: show everything again. */
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.closest("[hidden]") && form.contains(target) === false) {
      form.reset();
      apply();
      target.scrollIntoView();
    }
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  window.addEventListener("hashchange", reveal);
  form.hidden = false;
  apply();
  reveal();
}());
