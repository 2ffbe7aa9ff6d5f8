// Live countdown for timed quiz attempts. The server enforces the deadline; this only
// shows it, announces it politely at milestones, and submits the saved page at zero.
(function () {
  "use strict";
  var timer = document.getElementById("quiz-timer");
  if (!timer) return;
  var clock = document.getElementById("quiz-timer-clock");
  var announce = document.getElementById("quiz-timer-announce");
  var endsAt = Date.now() + parseInt(timer.dataset.secondsLeft, 10) * 1000;
  var milestones = [600, 300, 120, 60, 30];

  function label(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    clock.textContent = label(left);
    if (milestones.length && left <= milestones[0]) {
      var mark = milestones.shift();
      while (milestones.length && left <= milestones[0]) mark = milestones.shift();
      announce.textContent = mark >= 60
        ? Math.round(left / 60) + " minutes left in this attempt."
        : left + " seconds left in this attempt.";
    }
    if (left === 0) {
      announce.textContent = "Time is up. Submitting your answers.";
      var submit = document.getElementById("submit-attempt");
      // Time is up: grade what there is without asking about unanswered questions.
      if (submit) { submit.value = "submit_anyway"; submit.click(); }
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
