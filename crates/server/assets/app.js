// chidao — the only script. Pages work without it; it adds:
// 1. the document view's click-to-fact: a click on highlighted words opens the innermost fact's
//    card in the panel (and lists the others covering the spot);
// 2. the "add a missed task" form's evidence: the selected words become its byte span.
"use strict";
(function () {
  const text = document.getElementById("doctext");
  if (!text) return;
  const enc = new TextEncoder();
  const utf8len = (s) => enc.encode(s).length;

  text.addEventListener("click", (ev) => {
    const seg = ev.target.closest(".seg");
    if (!seg || !seg.dataset.f) return;
    if (window.getSelection && String(window.getSelection()).length > 0) return;
    const ids = seg.dataset.f.split(" ").filter(Boolean);
    document.querySelectorAll("details.fact.open-flash").forEach((d) => d.classList.remove("open-flash"));
    ids.forEach((id, i) => {
      const card = document.getElementById("f" + id);
      if (!card) return;
      card.open = i === ids.length - 1;
      card.classList.add("open-flash");
    });
    const inner = document.getElementById("f" + ids[ids.length - 1]);
    // Smoothly, unless the reader asked the system for less motion.
    const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (inner) inner.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
  });

  // Byte offset of a point (node, offset) in the document's text: each text run sits in a span
  // with data-s, its start in bytes. A point between elements (a triple click, a drag past a
  // run's end, a whole run selected) is measured by the text from the start of the part shown
  // (the text box's data-s) up to it.
  function byteAt(node, offset) {
    if (!text.contains(node)) return null;
    const span = node.nodeType === Node.TEXT_NODE ? node.parentElement : null;
    if (span && span.dataset && span.dataset.s !== undefined) {
      return Number(span.dataset.s) + utf8len(node.data.slice(0, offset));
    }
    const r = document.createRange();
    r.setStart(text, 0);
    r.setEnd(node, offset);
    return Number(text.dataset.s || 0) + utf8len(r.toString());
  }

  const form = document.getElementById("addtask");
  if (!form) return;
  document.addEventListener("selectionchange", () => {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const r = sel.getRangeAt(0);
    if (!text.contains(r.startContainer) || !text.contains(r.endContainer)) return;
    const a = byteAt(r.startContainer, r.startOffset);
    const b = byteAt(r.endContainer, r.endOffset);
    if (a === null || b === null || b <= a) return;
    form.elements.start.value = a;
    form.elements.end.value = b;
    form.elements.quote.value = String(sel);
  });
  // Typing in the quote box means the user chose words by hand: let the server find them.
  form.elements.quote.addEventListener("input", () => {
    form.elements.start.value = "";
    form.elements.end.value = "";
  });
})();
