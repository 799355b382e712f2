/*
 * A small rich-text editor for news bodies (no dependency, no build step).
 *
 * Every <textarea data-editor="rich"> gets a toolbar and an editable area above it; the textarea
 * is hidden and always holds the area's content as HTML, so the form posts as usual. Without
 * JavaScript the textarea stays and takes HTML directly.
 *
 * The toolbar comes from <template id="editor-toolbar"> in the page, so its labels are translated
 * by Django. The HTML is cleaned here with the same allow-list as the server (which cleans it
 * again on save): this keeps bold and italic (browsers write <b>/<i>, the server keeps
 * <strong>/<em>) and keeps pasted text from bringing foreign markup into the editor.
 */
(function () {
  "use strict";

  var ALLOWED = {
    P: 1, BR: 1, STRONG: 1, EM: 1, H2: 1, H3: 1, UL: 1, OL: 1, LI: 1, A: 1, BLOCKQUOTE: 1,
    TABLE: 1, CAPTION: 1, THEAD: 1, TBODY: 1, TR: 1, TH: 1, TD: 1
  };
  var RENAME = { B: "STRONG", I: "EM", DIV: "P", H1: "H2", H4: "H3", H5: "H3", H6: "H3" };
  var DROP = { SCRIPT: 1, STYLE: 1, TEMPLATE: 1, IFRAME: 1, OBJECT: 1, EMBED: 1, SVG: 1, MATH: 1, HEAD: 1, TITLE: 1 };
  var CELL_ATTRS = { TH: ["scope", "colspan", "rowspan"], TD: ["colspan", "rowspan"] };
  var SAFE_URL = /^(https?:\/\/|mailto:)/i;
  var BLOCKS = { h2: "H2", h3: "H3", quote: "BLOCKQUOTE", p: "P" };

  // Copy the children of `src` into `dst`, keeping only allowed elements and attributes. New nodes
  // are made in the page's document, so nothing from `src` (which may be an inert parsed document)
  // is ever inserted as it is.
  function copyClean(src, dst) {
    for (var i = 0; i < src.childNodes.length; i++) {
      var child = src.childNodes[i];
      if (child.nodeType === 3) {
        dst.appendChild(document.createTextNode(child.nodeValue));
        continue;
      }
      if (child.nodeType !== 1) continue;
      var tag = child.tagName.toUpperCase();
      tag = RENAME[tag] || tag;
      if (DROP[tag]) continue;
      if (!ALLOWED[tag]) {
        copyClean(child, dst); // unknown wrapper (span, font, section…): keep its text
        continue;
      }
      var el = document.createElement(tag.toLowerCase());
      if (tag === "A") {
        var href = (child.getAttribute("href") || "").trim();
        if (SAFE_URL.test(href)) el.setAttribute("href", href);
        el.setAttribute("rel", "noopener");
      }
      (CELL_ATTRS[tag] || []).forEach(function (name) {
        var value = child.getAttribute(name);
        if (value !== null) el.setAttribute(name, value);
      });
      copyClean(child, el);
      dst.appendChild(el);
    }
  }

  function cleanHtml(html) {
    // DOMParser documents are inert: no script runs, no image loads.
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    var out = document.createElement("div");
    copyClean(parsed.body, out);
    return out.innerHTML;
  }

  function serialise(area) {
    var out = document.createElement("div");
    copyClean(area, out);
    return out.innerHTML;
  }

  function currentBlock(area) {
    var selection = window.getSelection();
    if (!selection || !selection.rangeCount) return null;
    var node = selection.getRangeAt(0).startContainer;
    while (node && node !== area) {
      if (node.nodeType === 1 && /^(P|H2|H3|BLOCKQUOTE|LI)$/.test(node.tagName)) return node.tagName;
      node = node.parentNode;
    }
    return null;
  }

  function enhance(textarea, templ) {
    var wrapper = document.createElement("div");
    wrapper.className = "editor";
    var toolbar = templ.content.firstElementChild.cloneNode(true);
    var area = document.createElement("div");
    area.className = "editor-area form-control";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || textarea.id + "-label";
      area.setAttribute("aria-labelledby", label.id);
      // Clicking the label focuses the editable area rather than the hidden textarea.
      label.addEventListener("click", function (event) {
        if (!textarea.hidden) return;
        event.preventDefault();
        area.focus();
      });
    }
    if (textarea.getAttribute("aria-describedby")) {
      area.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
    if (textarea.classList.contains("is-invalid")) area.classList.add("is-invalid");
    area.innerHTML = cleanHtml(textarea.value);

    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    wrapper.appendChild(textarea);
    // A hidden required field would block the form silently; the server still checks it.
    textarea.required = false;
    textarea.hidden = true;

    function sync() {
      textarea.value = serialise(area);
    }

    function updateState() {
      var block = currentBlock(area);
      toolbar.querySelectorAll("[data-command]").forEach(function (button) {
        var command = button.getAttribute("data-command");
        var pressed = null;
        if (command === "bold" || command === "italic") pressed = document.queryCommandState(command);
        else if (command === "ul") pressed = document.queryCommandState("insertUnorderedList");
        else if (command === "ol") pressed = document.queryCommandState("insertOrderedList");
        else if (BLOCKS[command] && command !== "p") pressed = block === BLOCKS[command];
        if (pressed !== null) button.setAttribute("aria-pressed", pressed ? "true" : "false");
      });
    }

    function run(command, button) {
      if (command === "source") {
        var showSource = textarea.hidden;
        if (showSource) sync();
        else area.innerHTML = cleanHtml(textarea.value);
        textarea.hidden = !showSource;
        area.hidden = showSource;
        button.setAttribute("aria-pressed", showSource ? "true" : "false");
        toolbar.querySelectorAll("[data-command]").forEach(function (other) {
          if (other !== button) other.disabled = showSource;
        });
        (showSource ? textarea : area).focus();
        return;
      }
      area.focus();
      if (command === "bold" || command === "italic") {
        document.execCommand(command, false, null);
      } else if (command === "ul") {
        document.execCommand("insertUnorderedList", false, null);
      } else if (command === "ol") {
        document.execCommand("insertOrderedList", false, null);
      } else if (BLOCKS[command]) {
        var target = currentBlock(area) === BLOCKS[command] ? "P" : BLOCKS[command];
        document.execCommand("formatBlock", false, "<" + target.toLowerCase() + ">");
      } else if (command === "link") {
        var url = window.prompt(button.getAttribute("data-prompt") || "URL", "https://");
        if (url === null) return;
        url = url.trim();
        if (!url || url === "https://") {
          document.execCommand("unlink", false, null);
        } else if (SAFE_URL.test(url)) {
          document.execCommand("createLink", false, url);
        } else {
          window.alert(button.getAttribute("data-invalid") || "http, https, mailto");
        }
      }
      sync();
      updateState();
    }

    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-command]");
      if (button) run(button.getAttribute("data-command"), button);
    });
    area.addEventListener("input", sync);
    area.addEventListener("keyup", updateState);
    area.addEventListener("mouseup", updateState);
    area.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) return;
      event.preventDefault();
      var html = data.getData("text/html");
      if (html) document.execCommand("insertHTML", false, cleanHtml(html));
      else document.execCommand("insertText", false, data.getData("text/plain"));
      sync();
    });
    area.addEventListener("drop", function (event) {
      event.preventDefault(); // dropped files or markup would bypass the clean-up above
    });
    if (textarea.form) {
      textarea.form.addEventListener("submit", function () {
        if (textarea.hidden) sync();
      });
    }
  }

  function init() {
    var templ = document.getElementById("editor-toolbar");
    if (!templ || !window.DOMParser) return;
    try {
      document.execCommand("defaultParagraphSeparator", false, "p");
    } catch (e) {
      /* older browsers: paragraphs become <div>, renamed to <p> on sync */
    }
    document.querySelectorAll('textarea[data-editor="rich"]').forEach(function (textarea) {
      enhance(textarea, templ);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
