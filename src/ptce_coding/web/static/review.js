// The review queue: one suggestion at a time; A accepts, R rejects, S skips, U undoes the
// last decision. Decisions are recorded by the server through review_queue, as in the CLI.
"use strict";
(function () {
  const queue = document.getElementById("queue");
  const remaining = document.getElementById("remaining");
  const undoButton = document.getElementById("undo");
  let total = Number(remaining.dataset.total);
  let index = 0;
  const decided = []; // ids, most recent last
  let busy = false;

  function items() {
    return Array.from(queue.querySelectorAll(".suggestion"));
  }

  function show() {
    const all = items();
    if (all.length === 0) {
      queue.innerHTML = "";
      const done = document.createElement("p");
      done.className = "empty";
      done.id = "empty";
      done.textContent = "Plus aucune suggestion à revoir dans cette liste. Rechargez la page pour vérifier s'il en reste.";
      queue.after(done);
      for (const b of document.querySelectorAll(".review-actions button:not(#undo)")) b.disabled = true;
      return;
    }
    index = ((index % all.length) + all.length) % all.length;
    all.forEach((li, i) => {
      li.hidden = i !== index;
      li.classList.toggle("current", i === index);
    });
    remaining.textContent = total + " suggestion(s) à revoir · n° " + (index + 1) + " sur " + all.length + " affichées";
  }

  // The suggestion as the page showed it, before any change of its passage: the server
  // refuses a decision when the store holds something else under its id now.
  function seen(current) {
    const start = current.dataset.suggestedStart ?? current.dataset.start;
    const end = current.dataset.suggestedEnd ?? current.dataset.end;
    return {
      document: current.dataset.document, code: current.dataset.code,
      start: Number(start), end: Number(end),
    };
  }

  function edited(current) {
    // the reviewer's passage when it differs from the suggested one (data-start/-end
    // change with the passage buttons; data-suggested-* keep what was suggested)
    const start = Number(current.dataset.start), end = Number(current.dataset.end);
    const changed = current.dataset.suggestedStart !== undefined &&
      (String(start) !== current.dataset.suggestedStart || String(end) !== current.dataset.suggestedEnd);
    return changed ? { start, end } : {};
  }

  async function decide(decision, extra) {
    const current = items()[index];
    if (!current || busy) return;
    busy = true;
    try {
      const body = Object.assign({ decision, seen: seen(current) },
        decision === "reject" ? {} : edited(current), extra || {});
      await api("POST", "/api/review/" + current.dataset.id, body);
      decided.push(current.dataset.id);
      undoButton.disabled = false;
      current.remove();
      total -= 1;
      say(decision === "accept" ? "Suggestion acceptée." : decision === "move" ?
        "Suggestion déplacée vers " + body.code + "." : "Suggestion rejetée.");
      show();
    } catch (error) {
      say(error.message, true);
    } finally {
      busy = false;
    }
  }

  async function undo() {
    const id = decided.pop();
    if (id === undefined || busy) return;
    busy = true;
    try {
      await api("POST", "/api/review/" + id + "/undo");
      window.location.reload();
    } catch (error) {
      say(error.message, true);
      busy = false;
    }
  }

  async function reshape(step) {
    const current = items()[index];
    if (!current || busy) return;
    busy = true;
    try {
      const answer = await api("POST", "/api/review/" + current.dataset.id + "/passage", {
        start: Number(current.dataset.start), end: Number(current.dataset.end), step,
        seen: seen(current) });
      if (current.dataset.suggestedStart === undefined) {
        current.dataset.suggestedStart = current.dataset.start;
        current.dataset.suggestedEnd = current.dataset.end;
      }
      current.dataset.start = answer.start;
      current.dataset.end = answer.end;
      const quote = current.querySelector("blockquote.context");
      const mark = quote.querySelector("mark.passage");
      mark.textContent = answer.text;
      quote.replaceChildren(document.createTextNode(answer.before), mark, document.createTextNode(answer.after));
      say("Passage modifié : il sera enregistré à l'acceptation.");
    } catch (error) {
      say(error.message, true);
    } finally {
      busy = false;
    }
  }

  function move() {
    const input = document.getElementById("move-code");
    const code = input.value.trim();
    if (!code) {
      input.focus();
      return;
    }
    decide("move", { code }).then(() => {
      input.value = "";
      input.blur(); // the keys work on the queue again
    });
  }

  function skip() {
    index += 1;
    show();
  }

  document.getElementById("accept").addEventListener("click", () => decide("accept"));
  document.getElementById("reject").addEventListener("click", () => decide("reject"));
  document.getElementById("skip").addEventListener("click", skip);
  undoButton.addEventListener("click", undo);
  for (const button of document.querySelectorAll(".review-edit button[data-step]")) {
    button.addEventListener("click", () => reshape(button.dataset.step));
  }
  document.getElementById("move").addEventListener("click", move);
  document.getElementById("move-code").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      move();
    }
  });
  const steps = { "(": "widen-start", "[": "narrow-start", "]": "narrow-end", ")": "widen-end" };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea")) return;
    const key = event.key.toLowerCase();
    if (key === "a") decide("accept");
    else if (key === "r") decide("reject");
    else if (key === "s") skip();
    else if (key === "u") undo();
    else if (steps[event.key]) reshape(steps[event.key]);
    else if (key === "m") document.getElementById("move-code").focus();
    else return;
    event.preventDefault();
  });
  if (items().length) show();
})();
