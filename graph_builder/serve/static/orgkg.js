// orgkg pages: search suggestions and sortable tables. No outside requests.
(function () {
  "use strict";
  // Suggestions for every search box: names, acronyms and aliases, typo-tolerant.
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var pending = null, last = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q === last) { return; }
      last = q;
      if (pending) { clearTimeout(pending); }
      pending = setTimeout(function () {
        if (q.length < 2) { list.textContent = ""; return; }
        fetch("/api/search?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (hits) {
            list.textContent = "";
            hits.forEach(function (hit) {
              var option = document.createElement("option");
              option.value = hit.label;
              option.label = hit.kind + (hit.match !== hit.label ? " · " + hit.match : "");
              option.dataset.href = hit.href;
              list.appendChild(option);
            });
          });
      }, 120);
    });
    // Picking a suggestion goes straight to its page.
    input.addEventListener("change", function () {
      var match = Array.prototype.find.call(list.options, function (o) { return o.value === input.value; });
      if (match) { window.location.href = match.dataset.href; }
    });
  });
  // "Show all": reveal a table's further rows.
  document.querySelectorAll("button[data-more]").forEach(function (button) {
    button.addEventListener("click", function () {
      var table = document.getElementById(button.getAttribute("data-more"));
      table.querySelectorAll("tbody.more").forEach(function (b) { b.hidden = false; });
      button.hidden = true;
    });
  });
  // Click a column header to sort; numbers and dates sort as such.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, index) {
      th.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
          var nx = parseFloat(x), ny = parseFloat(y);
          var cmp = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) ? nx - ny : x.localeCompare(y);
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
