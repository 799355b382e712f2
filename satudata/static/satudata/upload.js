// Refuse a file above the limit before sending it: on a slow office connection a 300 MB upload
// would take minutes only to be refused by the server (which checks again).
(function () {
  var form = document.getElementById("upload-form");
  if (!form) return;
  var input = form.querySelector("input[type=file][data-max-bytes]");
  var warning = document.getElementById("too-big");
  if (!input || !warning) return;
  function check() {
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var tooBig = input.files.length > 0 && input.files[0].size > max;
    warning.classList.toggle("d-none", !tooBig);
    return !tooBig;
  }
  input.addEventListener("change", check);
  form.addEventListener("submit", function (event) { if (!check()) event.preventDefault(); });
})();
