// The account-opening page: choosing a delivery notice fills in its premises (第七条: the
// notice names them). The server does the same when no premises are chosen or entered.
(function () {
  "use strict";
  var notice = document.getElementById("id_notice");
  var premises = document.getElementById("id_premises");
  var map = document.getElementById("notice-premises");
  if (!notice || !premises || !map) { return; }
  var byNotice = {};
  (map.dataset.map || "").split(",").forEach(function (pair) {
    var parts = pair.split(":");
    if (parts.length === 2) { byNotice[parts[0]] = parts[1]; }
  });
  notice.addEventListener("change", function () {
    var chosen = byNotice[notice.value];
    if (chosen && premises.querySelector('option[value="' + chosen + '"]')) {
      premises.value = chosen;
    }
  });
}());
