// Suggests communes under every place field (input[data-places]) while the person types.
// Without this script the field is plain text, matched on the server.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-suggest");
  if (!url || !window.fetch) {
    return;
  }
  document.querySelectorAll("input[data-places]").forEach(function (input, n) {
    var list = document.createElement("datalist");
    var timer = null;
    list.id = "places-" + n;
    input.setAttribute("list", list.id);
    input.insertAdjacentElement("afterend", list);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) {
        return;
      }
      timer = setTimeout(function () {
        // Posted, never in the URL: where someone lives stays out of logs and history.
        var token = (input.form || document).querySelector("input[name=csrf_token]");
        fetch(url, {method: "POST", credentials: "same-origin",
                    headers: {"X-CSRFToken": token ? token.value : ""},
                    body: new URLSearchParams({q: text})})
          .then(function (answer) { return answer.ok ? answer.json() : []; })
          .then(function (names) {
            list.replaceChildren.apply(list, names.map(function (name) {
              var option = document.createElement("option");
              option.value = name;
              return option;
            }));
          })
          .catch(function () {});
      }, 200);
    });
  });
}());
