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

  async function decide(decision) {
    const current = items()[index];
    if (!current || busy) return;
    busy = true;
    try {
      await api("POST", "/api/review/" + current.dataset.id, { decision });
      decided.push(current.dataset.id);
      undoButton.disabled = false;
      current.remove();
      total -= 1;
      say(decision === "accept" ? "Suggestion acceptée." : "Suggestion rejetée.");
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

  function skip() {
    index += 1;
    show();
  }

  document.getElementById("accept").addEventListener("click", () => decide("accept"));
  document.getElementById("reject").addEventListener("click", () => decide("reject"));
  document.getElementById("skip").addEventListener("click", skip);
  undoButton.addEventListener("click", undo);
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea")) return;
    const key = event.key.toLowerCase();
    if (key === "a") decide("accept");
    else if (key === "r") decide("reject");
    else if (key === "s") skip();
    else if (key === "u") undo();
    else return;
    event.preventDefault();
  });
  if (items().length) show();
})();
