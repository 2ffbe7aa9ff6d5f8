// Seat time heartbeat (progressive enhancement; lesson views count without it).
// Every data-interval seconds, while the tab is visible and the learner scrolled, typed or
// pointed within the last data-idle seconds, POST the lesson to the server. The server
// keeps the clock: it credits at most the interval (plus slack) per heartbeat, and one clock
// per learner is shared by all tabs.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var data = script.dataset;
  var interval = (parseInt(data.interval, 10) || 30) * 1000;
  var idle = (parseInt(data.idle, 10) || 300) * 1000;
  var lastActivity = Date.now();
  function touch() { lastActivity = Date.now(); }
  ["scroll", "keydown", "pointerdown", "pointermove", "wheel", "touchstart"].forEach(function (name) {
    window.addEventListener(name, touch, { passive: true });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") touch();
  });
  function beat() {
    if (document.visibilityState !== "visible") return;
    if (Date.now() - lastActivity > idle) return;
    fetch(data.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf },
      body: JSON.stringify({ lesson: data.lesson, token: data.token }),
      keepalive: true
    }).catch(function () {});
  }
  window.setInterval(beat, interval);
})();
