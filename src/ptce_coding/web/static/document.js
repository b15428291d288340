// The document page: a mouse selection becomes code-point offsets into the document's
// normalised text; a code chosen in the picker stores a manual coding at those offsets.
//
// Every .piece element carries data-start, the code-point offset of its first character.
// JavaScript strings count UTF-16 units, so an offset inside a text node is converted by
// counting code points (for...of iterates by code point): an emoji counts 1, as in Python.
//
// Every change says what the page showed (`seen`): the hash of the text the offsets were
// taken on, or the coding's document, code and passage; the server refuses it when the
// store holds something else now (the document imported again, the suggestions made again).
"use strict";
(function () {
  const transcript = document.getElementById("transcript");
  const picker = document.getElementById("picker");
  const search = document.getElementById("code-search");
  const list = document.getElementById("code-list");
  const documentName = document.body.dataset.document;
  const textHash = document.body.dataset.textHash;
  let pending = null; // {start, end} of a new coding, or {change: id, seen}

  // The coding of a chip of the panel as the page shows it.
  function seenOf(chip) {
    return {
      document: documentName, code: chip.dataset.code,
      start: Number(chip.dataset.start), end: Number(chip.dataset.end),
    };
  }

  function codePoints(text) {
    let n = 0;
    for (const _ of text) n++;
    return n;
  }

  function pieces() {
    return Array.from(transcript.querySelectorAll(".piece"));
  }

  // The first piece at or after the boundary point (node, offset), or null.
  function pieceAfter(node, offset) {
    const marker = document.createRange();
    marker.setStart(node, offset);
    for (const piece of pieces()) {
      if (marker.comparePoint(piece, 0) >= 0) return piece;
    }
    return null;
  }

  // Code-point offset of a selection boundary; `isEnd` chooses the side of a boundary that
  // falls between pieces (the end of the previous piece rather than the start of the next).
  function boundaryOffset(node, offset, isEnd) {
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement.closest(".piece");
      if (piece && transcript.contains(piece)) {
        return Number(piece.dataset.start) + codePoints(node.data.slice(0, offset));
      }
    }
    const next = pieceAfter(node, offset);
    const all = pieces();
    if (isEnd) {
      const index = next ? all.indexOf(next) - 1 : all.length - 1;
      return index >= 0 ? Number(all[index].dataset.end) : null;
    }
    return next ? Number(next.dataset.start) : null;
  }

  // The selection cut to the transcript: a triple click on the last paragraph, or a drag
  // past the end of the text, ends in the codings panel beside it.
  function selectedRange(selection) {
    const range = selection.getRangeAt(0).cloneRange();
    if (!range.intersectsNode(transcript)) return null;
    const whole = document.createRange();
    whole.selectNodeContents(transcript);
    if (range.compareBoundaryPoints(Range.START_TO_START, whole) < 0) {
      range.setStart(whole.startContainer, whole.startOffset);
    }
    if (range.compareBoundaryPoints(Range.END_TO_END, whole) > 0) {
      range.setEnd(whole.endContainer, whole.endOffset);
    }
    return range.collapsed ? null : range;
  }

  function selectionOffsets() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selectedRange(selection);
    if (!range) return null;
    const start = boundaryOffset(range.startContainer, range.startOffset, false);
    const end = boundaryOffset(range.endContainer, range.endOffset, true);
    if (start === null || end === null || end <= start) return null;
    return { start, end, text: range.toString(), rect: range.getBoundingClientRect() };
  }

  function visibleItems() {
    return Array.from(list.children).filter((li) => !li.hidden);
  }

  function highlight(li) {
    for (const item of list.querySelectorAll(".active")) item.classList.remove("active");
    if (li) {
      li.classList.add("active");
      li.scrollIntoView({ block: "nearest" });
    }
  }

  function openPicker(rect, title, quote) {
    document.getElementById("picker-title").textContent = title;
    document.getElementById("picker-quote").textContent =
      quote.length > 120 ? quote.slice(0, 117) + "…" : quote;
    picker.hidden = false;
    const top = window.scrollY + rect.bottom + 8;
    const left = Math.min(window.scrollX + rect.left, window.scrollX + window.innerWidth - picker.offsetWidth - 16);
    picker.style.top = top + "px";
    picker.style.left = Math.max(8, left) + "px";
    search.value = "";
    filter();
    search.focus({ preventScroll: true });
  }

  function closePicker() {
    picker.hidden = true;
    pending = null;
  }

  function filter() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const li of list.children) {
      li.hidden = !words.every((w) => li.dataset.search.includes(w));
    }
    highlight(visibleItems()[0]);
  }

  async function choose(code) {
    const action = pending;
    closePicker();
    if (!action) return;
    try {
      if (action.change !== undefined) {
        await api("POST", "/api/codings/" + action.change, { code, seen: action.seen });
      } else {
        await api("POST", "/api/codings", {
          document: documentName, start: action.start, end: action.end, code,
          seen: { text_hash: textHash },
        });
      }
      window.location.reload();
    } catch (error) {
      say(error.message, true);
    }
  }

  // A click on a coded passage (no selection) shows its codings in the panel.
  function showCodingsOf(piece) {
    for (const chip of document.querySelectorAll("#codings .chip.lit")) chip.classList.remove("lit");
    if (!piece || !piece.dataset.codings) return;
    const chips = piece.dataset.codings.split(" ")
      .map((id) => document.querySelector('#codings .chip[data-id="' + id + '"]'))
      .filter(Boolean);
    chips.forEach((chip) => chip.classList.add("lit"));
    if (chips.length) chips[0].scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  transcript.addEventListener("mouseup", (event) => {
    // let the browser finish the selection first
    setTimeout(() => {
      const found = selectionOffsets();
      if (!found) {
        showCodingsOf(event.target.closest(".piece"));
        return;
      }
      pending = { start: found.start, end: found.end };
      openPicker(found.rect, "Coder le passage", found.text);
    }, 0);
  });

  search.addEventListener("input", filter);
  search.addEventListener("keydown", (event) => {
    const items = visibleItems();
    const current = list.querySelector(".active");
    const index = items.indexOf(current);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight(items[Math.max(0, Math.min(items.length - 1, index + step))]);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (current && !current.hidden) choose(current.dataset.code);
    } else if (event.key === "Escape") {
      closePicker();
    }
  });
  list.addEventListener("click", (event) => {
    const li = event.target.closest("li[data-code]");
    if (li) choose(li.dataset.code);
  });
  document.addEventListener("mousedown", (event) => {
    if (!picker.hidden && !picker.contains(event.target)) closePicker();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !picker.hidden) closePicker();
  });

  // The codings panel: hovering a coding lights its passage; one's own codings can be
  // given another code or removed.
  const panel = document.getElementById("codings");
  panel.addEventListener("mouseover", (event) => {
    const chip = event.target.closest(".chip");
    for (const p of transcript.querySelectorAll(".lit")) p.classList.remove("lit");
    if (!chip) return;
    for (const p of transcript.querySelectorAll(".piece[data-codings]")) {
      if (p.dataset.codings.split(" ").includes(chip.dataset.id)) p.classList.add("lit");
    }
  });
  panel.addEventListener("click", async (event) => {
    const chip = event.target.closest(".chip");
    if (!chip) return;
    const id = chip.dataset.id;
    if (event.target.classList.contains("delete")) {
      if (!window.confirm("Supprimer ce codage ?")) return;
      try {
        await api("DELETE", "/api/codings/" + id, { seen: seenOf(chip) });
        window.location.reload();
      } catch (error) {
        say(error.message, true);
      }
    } else if (event.target.classList.contains("accept") || event.target.classList.contains("reject")) {
      const decision = event.target.classList.contains("accept") ? "accept" : "reject";
      try {
        await api("POST", "/api/review/" + id, { decision, seen: seenOf(chip) });
        window.location.reload();
      } catch (error) {
        say(error.message, true);
      }
    } else if (event.target.classList.contains("change")) {
      event.stopPropagation();
      pending = { change: Number(id), seen: seenOf(chip) };
      openPicker(event.target.getBoundingClientRect(), "Changer le code de", chip.querySelector("q").textContent);
    } else {
      const first = transcript.querySelector('.piece[data-codings~="' + id + '"]');
      if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  });
})();
