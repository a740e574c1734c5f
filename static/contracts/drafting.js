// The drafting form (issue 13, point 5), without inline script (Content-Security-Policy):
// "add row" for the formsets, a running total of the price items against the installments,
// and the customer search as you type. Without script the page works as served: extra empty
// rows, the total checked on submission, the customer search as a GET of the page.
(function () {
  "use strict";

  // --- Add a row ------------------------------------------------------------------------------
  document.querySelectorAll("[data-formset]").forEach(function (box) {
    var prefix = box.dataset.formset;
    var total = box.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = box.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var template = box.querySelector("template[data-formset-empty]");
    var rows = box.querySelector("[data-formset-rows]");
    var button = box.querySelector("[data-formset-add]");
    if (!total || !template || !rows || !button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var count = parseInt(total.value, 10) || 0;
      if (max && count >= (parseInt(max.value, 10) || 1000)) { button.disabled = true; return; }
      var html = template.innerHTML.replace(/__prefix__/g, String(count));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(count + 1);
      var first = rows.lastElementChild && rows.lastElementChild.querySelector("input, select");
      if (first) { first.focus(); }
    });
  });

  // --- Running total --------------------------------------------------------------------------
  var totals = document.getElementById("running-total");
  var form = document.getElementById("contract-form");
  if (totals && form) {
    var prices = {};
    (totals.dataset.standardPrices || "").split(",").forEach(function (pair) {
      var parts = pair.split(":");
      if (parts.length === 2) { prices[parts[0]] = parseFloat(parts[1]) || 0; }
    });
    var number = function (value) { var n = parseFloat(value); return isNaN(n) ? 0 : n; };
    var cents = function (value) { return Math.round(value * 100); };
    var refresh = function () {
      var lines = 0;
      form.querySelectorAll('select[name^="lines-"][name$="-standard"]').forEach(function (select) {
        var quantity = form.querySelector('[name="' + select.name.replace(/standard$/, "quantity") + '"]');
        if (select.value && quantity) { lines += (prices[select.value] || 0) * number(quantity.value); }
      });
      var installments = 0;
      form.querySelectorAll('input[name^="installments-"][name$="-amount"]').forEach(function (input) {
        installments += number(input.value);
      });
      totals.querySelector('[data-total="lines"]').textContent = lines.toFixed(2);
      totals.querySelector('[data-total="installments"]').textContent = installments.toFixed(2);
      totals.querySelector("[data-total-mismatch]").hidden =
        !(installments > 0 && lines > 0 && cents(installments) !== cents(lines));
    };
    totals.hidden = false;
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    refresh();
  }

  // --- Customer search as you type ------------------------------------------------------------
  var finder = document.getElementById("customer-find");
  var input = document.getElementById("customer-find-input");
  var list = document.getElementById("customer-found");
  var target = document.querySelector("[data-customer-number]");
  if (!finder || !input || !list || !target || !window.fetch) { return; }
  var minLength = parseInt(finder.dataset.minLength, 10) || 2;
  var timer = null;
  var typeSelect = document.querySelector('[name="contract_type"]');
  var item = function (text, muted) {
    var li = document.createElement("li");
    li.className = "list-group-item small" + (muted ? " text-muted" : "");
    li.textContent = text;
    return li;
  };
  var show = function (data) {
    list.textContent = "";
    (data.results || []).forEach(function (customer) {
      var li = document.createElement("li");
      li.className = "list-group-item d-flex justify-content-between flex-wrap gap-2";
      var choose = document.createElement("button");
      choose.type = "button";
      choose.className = "btn btn-link p-0 text-start";
      choose.textContent = customer.number + " " + customer.name;
      choose.setAttribute("data-customer-choice", customer.number);
      choose.addEventListener("click", function () {
        target.value = customer.number;
        target.dispatchEvent(new Event("change", { bubbles: true }));
        list.textContent = "";
        list.appendChild(item(customer.number + " " + customer.name, false));
      });
      var detail = document.createElement("span");
      detail.className = "small text-muted";
      detail.textContent = customer.category + " " + customer.id_number;
      li.appendChild(choose);
      li.appendChild(detail);
      list.appendChild(li);
    });
    if (!(data.results || []).length) { list.appendChild(item("—", true)); }
    if (data.more) { list.appendChild(item("…", true)); }
  };
  var search = function () {
    var term = input.value.trim();
    if (term.length < minLength) { list.textContent = ""; return; }
    var url = finder.dataset.searchUrl + "?q=" + encodeURIComponent(term);
    if (typeSelect && typeSelect.value) { url += "&contract_type=" + encodeURIComponent(typeSelect.value); }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(show)
      .catch(function () { list.textContent = ""; });
  };
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
  finder.addEventListener("submit", function (event) { event.preventDefault(); search(); });
}());
