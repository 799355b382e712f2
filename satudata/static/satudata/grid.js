/*
 * Spreadsheet-like data entry grid (Tabulator 6, vendored in vendor/tabulator/).
 *
 * Loaded with a plain <script src> after tabulator.min.js; no build step, no modules.
 * The page provides:
 *   <script id="grid-config" type="application/json">  (Django json_script)
 *   <div id="grid"></div>
 *   <form id="grid-form"> ... <input type="hidden" name="rows" id="grid-rows"> ... </form>
 * and should link satudata/grid.css (comment / missing-value styles).
 *
 * Config: {columns: [{name, title, type, required, readOnly, values, unit}], rows: [{name: value}],
 *          comments: [{row (1-based position in rows), column (name, or ""/null for the whole row),
 *          text, author}], readOnly, messages: {addRow, deleteRow, required, comment, ...}}.
 * On submit, #grid-rows receives JSON: one object per row, keyed by column name only, values as
 * typed (strings stay strings, booleans stay booleans, empty -> null). Parsing Indonesian numbers
 * ("1.234,5") and all other validation happen on the server, which is why numbers use a text input.
 *
 * Tabulator renders formatter strings and column titles as HTML, so everything coming from the
 * config or from the user is escaped or handed over as text nodes.
 */
(function () {
  "use strict";

  var DEFAULT_MESSAGES = {
    addRow: "Tambah baris",
    deleteRow: "Hapus baris",
    required: "wajib diisi",
    comment: "Catatan reviu",
    row: "Baris",
    column: "Kolom",
    rowNumber: "No",
    deletedRow: "baris sudah dihapus",
    empty: "Belum ada baris",
  };
  var NUMERIC = { integer: true, number: true, year: true };
  // Internal row identity, so comments follow their row when rows above it are added or deleted.
  var ID = "_gridId";
  var TRUE_WORDS = ["true", "1", "ya", "y", "benar", "yes", "\u2713"];
  var FALSE_WORDS = ["false", "0", "tidak", "t", "salah", "no", "n", "\u2717"];

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  function isEmpty(value) {
    return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function init() {
    var configEl = document.getElementById("grid-config");
    var gridEl = document.getElementById("grid");
    if (!configEl || !gridEl || typeof window.Tabulator !== "function") return;

    var config = JSON.parse(configEl.textContent);
    var messages = Object.assign({}, DEFAULT_MESSAGES, config.messages || {});
    var readOnly = !!config.readOnly;
    var columns = (config.columns || []).filter(function (c) { return c && c.name; });
    var colByName = {};
    columns.forEach(function (c) { colByName[c.name] = c; });
    var fields = columns.map(function (c) { return c.name; });

    function editable(col) {
      return !readOnly && !!col && !col.readOnly;
    }

    // Case-insensitive match against the allowed values, so "perempuan" is stored as "Perempuan",
    // and an unambiguous start ("p") is completed as the autocomplete list suggests. Anything else
    // is kept as typed and left to the server to reject with a proper message.
    function canonical(col, value) {
      if (!Array.isArray(col.values) || typeof value !== "string") return value;
      var wanted = value.trim().toLowerCase();
      if (!wanted) return value;
      var labels = col.values.map(function (v) { return String(v).toLowerCase(); });
      var exact = labels.indexOf(wanted);
      if (exact !== -1) return col.values[exact];
      var starts = labels.filter(function (l) { return l.indexOf(wanted) === 0; });
      return starts.length === 1 ? col.values[labels.indexOf(starts[0])] : value;
    }

    // Text pasted from Excel / LibreOffice is always a string.
    function fromClipboard(col, raw) {
      if (isEmpty(raw)) return null;
      if (col.type === "boolean") {
        var word = raw.trim().toLowerCase();
        if (TRUE_WORDS.indexOf(word) !== -1) return true;
        if (FALSE_WORDS.indexOf(word) !== -1) return false;
        return raw;
      }
      return canonical(col, raw);
    }

    // --- rows and comments -------------------------------------------------------------------
    var nextId = 1;
    var data = (config.rows || []).map(function (row) {
      var copy = Object.assign({}, row);
      copy[ID] = nextId++;
      return copy;
    });

    // A read-only column that holds one value in every row (typically the period) gets that value
    // in new rows too, since the officer cannot type it there.
    function blankRow() {
      var existing = table ? table.getData() : data;
      var row = {};
      fields.forEach(function (f) {
        row[f] = null;
        if (colByName[f].readOnly && existing.length) {
          var first = existing[0][f];
          var same = existing.every(function (r) { return r[f] === first; });
          if (same && !isEmpty(first)) row[f] = first;
        }
      });
      row[ID] = nextId++;
      return row;
    }

    var cellComments = {};
    var rowComments = {};
    var comments = (config.comments || []).map(function (c) {
      var hasRow = typeof c.row === "number" && c.row >= 1;
      var rowData = hasRow ? data[c.row - 1] : null;
      var comment = {
        rowId: rowData ? rowData[ID] : null,
        rowNumber: hasRow ? c.row : null,
        column: c.column || "",
        text: c.text || "",
        author: c.author || "",
      };
      if (comment.rowId !== null) {
        // An unknown column still flags the row, rather than silently dropping the remark.
        if (comment.column && colByName[comment.column]) {
          var key = comment.rowId + "\u0000" + comment.column;
          (cellComments[key] = cellComments[key] || []).push(comment);
        } else {
          (rowComments[comment.rowId] = rowComments[comment.rowId] || []).push(comment);
        }
      }
      return comment;
    });

    function tooltip(list) {
      return list.map(function (c) { return c.author ? c.author + ": " + c.text : c.text; }).join("\n");
    }

    function markComments(element, list) {
      element.classList.toggle("grid-comment", !!list);
      if (list) element.setAttribute("title", tooltip(list));
      else element.removeAttribute("title");
    }

    // --- formatters ----------------------------------------------------------------------------
    // The formatter reruns whenever a cell value changes (typing, paste, undo, clear), which makes it
    // the one place that keeps the missing/comment classes in step with the data.
    function formatCell(cell) {
      var col = colByName[cell.getField()];
      var value = cell.getValue();
      var element = cell.getElement();
      var missing = !!col.required && isEmpty(value);
      element.classList.toggle("grid-missing", missing);
      element.setAttribute("aria-invalid", missing ? "true" : "false");
      markComments(element, cellComments[cell.getRow().getIndex() + "\u0000" + col.name]);
      if (col.type === "boolean" && (value === true || value === false)) {
        return document.createTextNode(value ? "\u2713" : "\u2717");
      }
      return document.createTextNode(isEmpty(value) ? "" : String(value));
    }

    function formatRowNumber(cell) {
      var row = cell.getRow();
      var span = el("span");
      row.watchPosition(function (position) { span.textContent = position; });
      markComments(cell.getElement(), rowComments[row.getIndex()]);
      return span;
    }

    // --- columns -------------------------------------------------------------------------------
    var tabColumns = columns.map(function (col) {
      var title = escapeHtml(col.title || col.name);
      if (col.unit) title += " (" + escapeHtml(col.unit) + ")";
      if (col.required) title += ' <abbr class="grid-required" title="' + escapeHtml(messages.required) + '">*</abbr>';
      var def = {
        title: title,
        field: col.name,
        headerSort: false,
        formatter: formatCell,
        editor: false,
      };
      if (NUMERIC[col.type]) {
        def.hozAlign = "right";
        def.headerHozAlign = "right";
        def.cssClass = "grid-number";
      } else if (col.type === "boolean") {
        def.hozAlign = "center";
      }
      if (editable(col)) {
        if (Array.isArray(col.values)) {
          def.editor = "list";
          def.editorParams = {
            values: col.values.map(function (v) { return { label: escapeHtml(v), value: v }; }),
            autocomplete: true,
            // Without freetext the list editor throws away what was typed on Tab/blur unless an
            // item was picked; a near-miss is better handled by canonical() and the server.
            freetext: true,
            allowEmpty: true,
            listOnEmpty: true,
          };
          def.mutatorEdit = function (value) { return canonical(col, value); };
        } else if (col.type === "boolean") {
          def.editor = "tickCross";
        } else {
          // A number editor would turn "1.234" (Indonesian thousands) into 1.234; keep the text.
          def.editor = "input";
          if (NUMERIC[col.type]) def.editorParams = { elementAttributes: { inputmode: "decimal" } };
        }
      }
      return def;
    });

    // --- clipboard -----------------------------------------------------------------------------
    // Own parser/action instead of Tabulator's "range" ones: Excel ends the text with a newline
    // (which the built-in parser pastes as an extra blank row) and uses \r\n; read-only columns
    // must be skipped; cell.setValue() (unlike row.update) records undo history; and pasting more
    // rows than the table has appends rows, as it would in a spreadsheet.
    function pasteParser(text) {
      if (readOnly) return false;
      var lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
      if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
      var matrix = lines.map(function (line) { return line.split("\t"); });
      return matrix.length ? { matrix: matrix } : false;
    }

    function pasteAction(parsed) {
      var sel = selection();
      if (!sel) return [];
      var range = sel.range;
      var matrix = parsed.matrix;
      var dataWidth = Math.max.apply(null, matrix.map(function (line) { return line.length; }));
      var top = sel.rows[0].getPosition() - 1;
      var selRows = sel.rows.length;
      var left = fields.indexOf(sel.fields[0]);
      var selCols = sel.fields.length;
      // As in Excel, the copied block is repeated only to fill a selection that is an exact
      // multiple of it; otherwise it is pasted once from the top-left selected cell.
      var height = selRows > matrix.length && selRows % matrix.length === 0 ? selRows : matrix.length;
      var width = selCols > dataWidth && selCols % dataWidth === 0 ? selCols : dataWidth;
      width = Math.min(width, fields.length - left);
      var missing = top + height - table.getRows("active").length;
      var extra = [];
      for (var k = 0; k < missing; k++) extra.push(blankRow());

      return Promise.resolve(extra.length ? table.addData(extra, false) : null).then(function () {
        var rows = table.getRows("active");
        table.blockRedraw();
        try {
          for (var i = 0; i < height; i++) {
            var row = rows[top + i];
            var line = matrix[i % matrix.length];
            for (var j = 0; j < width; j++) {
              var col = colByName[fields[left + j]];
              if (!row || !editable(col)) continue;
              var raw = line[j % dataWidth];
              if (raw === undefined) continue; // ragged line: leave the cell alone
              var value = fromClipboard(col, raw);
              var cell = row.getCell(col.name);
              if (cell.getValue() !== value && !(isEmpty(cell.getValue()) && value === null)) {
                cell.setValue(value);
              }
            }
          }
        } finally {
          table.restoreRedraw();
        }
        var last = rows[Math.min(top + height, rows.length) - 1];
        if (last) range.setBounds(rows[top].getCell(fields[left]), last.getCell(fields[left + width - 1]));
        refreshComments();
      });
    }

    // --- table ---------------------------------------------------------------------------------
    gridEl.classList.add("satudata-grid"); // scopes grid.css (denser cells, grid lines)
    var table = new window.Tabulator(gridEl, {
      data: data,
      index: ID,
      layout: "fitDataStretch",
      maxHeight: "75vh",
      placeholder: messages.empty,
      columns: tabColumns,
      rowHeader: {
        title: escapeHtml(messages.rowNumber),
        formatter: formatRowNumber,
        headerSort: false,
        resizable: false,
        frozen: true,
        hozAlign: "center",
        headerHozAlign: "center",
        cssClass: "grid-rownum",
        editor: false,
        minWidth: 44,
      },
      // Click selects (and drag extends) like a spreadsheet; editing starts on double click,
      // Enter, F2 or simply typing (see onKeyDown).
      editTriggerEvent: "dblclick",
      selectableRange: 1,
      selectableRangeColumns: true,
      selectableRangeRows: true,
      clipboard: readOnly ? "copy" : true,
      clipboardCopyStyled: false,
      clipboardCopyConfig: { rowHeaders: false, columnHeaders: false },
      clipboardCopyRowRange: "range",
      clipboardPasteParser: pasteParser,
      clipboardPasteAction: pasteAction,
      history: !readOnly,
    });

    function activeRange() {
      return table.getRanges()[0] || null;
    }

    // The selected block as components. (RangeComponent.getBounds() in 6.5.3 returns internal
    // cells, not components, so it is not used.) The first cell stands in for the active cell.
    function selection() {
      var range = activeRange();
      if (!range) return null;
      var rows = range.getRows();
      var selFields = range.getColumns()
        .map(function (c) { return c.getField(); })
        .filter(function (f) { return !!colByName[f]; });
      if (!rows.length || !selFields.length) return null;
      return { range: range, rows: rows, fields: selFields, cell: rows[0].getCell(selFields[0]) };
    }

    function focusGrid() {
      var holder = gridEl.querySelector(".tabulator-tableholder");
      if (holder) holder.focus({ preventScroll: true });
    }

    function selectCell(row, field) {
      var range = activeRange();
      if (!row || !field) return;
      var cell = row.getCell(field);
      if (!cell) return;
      if (range) range.setBounds(cell);
      else table.addRange(cell);
      row.scrollTo("nearest", false).catch(function () {});
    }

    function moveActive(dRow, dCol) {
      var sel = selection();
      if (!sel) return;
      var rows = table.getRows("active");
      var r = sel.rows[0].getPosition() - 1 + dRow;
      var c = fields.indexOf(sel.fields[0]) + dCol;
      if (r < 0 || r >= rows.length || c < 0 || c >= fields.length) return;
      selectCell(rows[r], fields[c]);
    }

    // --- keyboard: finish editing like a spreadsheet, and start editing by typing ----------------
    var ARROWS = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    // Editing started by typing over a cell: arrow keys then commit and move, as in a spreadsheet
    // (after F2, Enter or a double click they move the text cursor instead).
    var typedOver = false;
    // Set while a key that ends an edit travels through the DOM, so the bubbling listener on the
    // table body can keep it from Tabulator's own Tab/arrow handling, which would open the editor
    // of the next cell (and, for list editors, leave it stuck open).
    var handledEvent = null;

    function editorInput(target) {
      return target !== gridEl && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
    }

    function finishEdit(e, dRow, dCol) {
      var target = e.target;
      e.preventDefault(); // no focus change and no implicit submit of a surrounding form
      handledEvent = e;
      typedOver = false;
      // The editor's own key handler runs after this capture listener and commits (the list editor
      // resolves its choice there); the input editor ignores Tab and arrows, so blur commits it.
      setTimeout(function () {
        if (document.activeElement === target) target.blur();
        focusGrid();
        moveActive(dRow, dCol);
      }, 0);
    }

    function onEditorKeyDown(e) {
      var cellEl = e.target.closest(".tabulator-cell");
      var col = cellEl ? colByName[cellEl.getAttribute("tabulator-field")] : null;
      if (e.key === "Enter" && !e.isComposing) {
        finishEdit(e, e.shiftKey ? -1 : 1, 0);
      } else if (e.key === "Tab") {
        finishEdit(e, 0, e.shiftKey ? -1 : 1);
      } else if (ARROWS[e.key] && typedOver && col && !Array.isArray(col.values) && !e.shiftKey) {
        finishEdit(e, ARROWS[e.key][0], ARROWS[e.key][1]);
      }
    }

    function onKeyDown(e) {
      if (editorInput(e.target)) {
        onEditorKeyDown(e);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      var sel = selection();
      if (!sel) return;
      var cell = sel.cell;
      var col = colByName[cell.getField()];

      if (e.key === "Enter") {
        // Handled here rather than by Tabulator, which throws on Enter in a cell without an editor.
        e.preventDefault();
        e.stopPropagation();
        if (editable(col)) startEdit(cell, false);
        else moveActive(e.shiftKey ? -1 : 1, 0);
        return;
      }
      if ((e.key === "Delete" || e.key === "Backspace") && !readOnly) {
        e.preventDefault();
        table.blockRedraw();
        sel.rows.forEach(function (row) {
          sel.fields.forEach(function (f) {
            var c = row.getCell(f);
            if (editable(colByName[f]) && !isEmpty(c.getValue())) c.setValue(null);
          });
        });
        table.restoreRedraw();
        return;
      }
      if (!editable(col)) return;
      if (e.key === "F2") {
        e.preventDefault();
        startEdit(cell, false);
      } else if (col.type === "boolean") {
        if (e.key === " ") {
          e.preventDefault();
          cell.setValue(cell.getValue() !== true);
        }
      } else if (e.key.length === 1 && e.key !== " ") {
        // The editor takes focus synchronously, so the browser types this key into it; clearing
        // it first gives the spreadsheet behaviour of replacing the old value.
        startEdit(cell, true);
        var input = cell.getElement().querySelector("input");
        if (input) input.value = "";
      }
    }

    function startEdit(cell, overwrite) {
      typedOver = overwrite;
      cell.edit();
    }

    // --- toolbar ---------------------------------------------------------------------------------
    if (!readOnly) {
      var toolbar = el("div", "grid-toolbar d-flex flex-wrap gap-2 mb-2");
      var addButton = el("button", "btn btn-sm btn-outline-secondary grid-add-row", messages.addRow);
      var deleteButton = el("button", "btn btn-sm btn-outline-secondary grid-delete-row", messages.deleteRow);
      addButton.type = "button";
      deleteButton.type = "button";
      toolbar.appendChild(addButton);
      toolbar.appendChild(deleteButton);
      gridEl.parentNode.insertBefore(toolbar, gridEl);

      addButton.addEventListener("click", function () {
        table.addRow(blankRow(), false).then(function (row) {
          var first = columns.filter(editable)[0];
          focusGrid();
          selectCell(row, (first || columns[0] || {}).name);
        });
      });

      deleteButton.addEventListener("click", function () {
        var seen = [];
        table.getRanges().forEach(function (range) {
          range.getRows().forEach(function (row) {
            if (seen.indexOf(row) === -1) seen.push(row);
          });
        });
        if (!seen.length) return;
        var position = seen[0].getPosition();
        seen.forEach(function (row) { row.delete(); });
        // Keep a sensible active cell and the keyboard (Ctrl+Z restores deleted rows) in the grid.
        var rows = table.getRows("active");
        focusGrid();
        if (rows.length) selectCell(rows[Math.min(position, rows.length) - 1], fields[0]);
      });
    }

    // --- comment list --------------------------------------------------------------------------
    var commentList = null;
    if (comments.length) {
      var box = el("div", "grid-comments-box mt-3");
      box.appendChild(el("h2", "h6", messages.comment));
      commentList = el("ul", "grid-comments");
      box.appendChild(commentList);
      gridEl.parentNode.insertBefore(box, gridEl.nextSibling);
    }

    // Row numbers in the list follow the current position, so they keep matching the grid.
    function refreshComments() {
      if (!commentList) return;
      commentList.textContent = "";
      // table.getRow() would log a warning for a deleted row, so look rows up here instead.
      var position = {};
      table.getRows().forEach(function (r) { position[r.getIndex()] = r.getPosition(); });
      comments.forEach(function (c) {
        var row = c.rowId !== null && position[c.rowId] ? position[c.rowId] : false;
        var item = el("li");
        var parts = [];
        if (row || c.rowNumber) parts.push(messages.row + " " + (row || c.rowNumber));
        if (c.column) {
          var col = colByName[c.column];
          parts.push(messages.column + " " + (col ? col.title || col.name : c.column));
        }
        // A remark on the table as a whole (no row, no column) is shown with no location.
        if (parts.length) item.appendChild(el("strong", null, parts.join(", ")));
        if (c.rowId !== null && !row) {
          item.classList.add("text-muted");
          item.appendChild(el("span", "grid-comment-deleted", " (" + messages.deletedRow + ")"));
        }
        item.appendChild(document.createTextNode((parts.length ? ": " : "") + c.text));
        if (c.author) item.appendChild(el("span", "text-muted", " \u2014 " + c.author));
        commentList.appendChild(item);
      });
    }

    // --- submit --------------------------------------------------------------------------------
    function collectRows() {
      return table.getRows().map(function (row) {
        var d = row.getData();
        var out = {};
        fields.forEach(function (f) {
          out[f] = isEmpty(d[f]) ? null : d[f];
        });
        return out;
      });
    }

    var form = document.getElementById("grid-form");
    var rowsInput = document.getElementById("grid-rows");
    if (form && rowsInput) {
      form.addEventListener("submit", function () {
        // Blurring the editor makes Tabulator commit the value synchronously.
        var active = document.activeElement;
        if (active && gridEl.contains(active) && editorInput(active)) active.blur();
        rowsInput.value = JSON.stringify(collectRows());
      });
    }

    gridEl.addEventListener("keydown", onKeyDown, true);
    table.on("tableBuilt", function () {
      gridEl.querySelector(".tabulator-tableholder").addEventListener("keydown", function (e) {
        if (e === handledEvent) e.stopPropagation();
      });
      refreshComments();
    });
    // A double click opens the editor in "edit" mode (arrows move the cursor).
    table.on("cellDblClick", function () { typedOver = false; });
    table.on("rowAdded", refreshComments);
    table.on("rowDeleted", refreshComments);
    // Undoing a row deletion (6.5.3) re-inserts the row without renumbering, so its row number
    // reads 0; refreshFilter() is the public way to have Tabulator recompute positions.
    function afterHistory(type) {
      if (type === "rowAdd" || type === "rowDelete") table.refreshFilter();
      refreshComments();
    }
    table.on("historyUndo", afterHistory);
    table.on("historyRedo", afterHistory);

    window.satudataGrid = { table: table, getRows: collectRows };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
