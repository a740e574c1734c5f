// The intake form: the 12345 referral's number and due date are shown only for that channel
// (the server validates them whatever the page shows); hidden, they are emptied.
(function () {
  "use strict";
  var channel = document.getElementById("id_channel");
  var block = document.getElementById("hotline-fields");
  if (!channel || !block) { return; }
  function sync() {
    var shown = channel.value === block.dataset.hotlineChannel;
    block.classList.toggle("d-none", !shown);
    if (!shown) {
      block.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    }
  }
  channel.addEventListener("change", sync);
  sync();
}());
