package io.sluice.status;

/**
 * The status page itself: one HTML document with its style and a small script inline, so the
 * page needs nothing but the agent (no external resources, no framework). The script polls
 * {@code status.json} and renders it; every value reaches the page through {@code textContent}
 * or an attribute, never as markup, so no digest can inject any.
 *
 * <p>Cells carry {@code data-field} attributes named like the JSON fields (and the JMX
 * attributes), for scripts and tests that read the page.
 */
final class StatusPage {
  private StatusPage() {}

  static final String HTML =
      """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>Sluice status</title>
      <style>
        body { font: 14px system-ui, sans-serif; margin: 1.2em 2em; color: #222; }
        h1 { font-size: 1.4em; margin: 0 0 .2em; }
        h2 { font-size: 1.1em; margin: 1.4em 0 .4em; }
        table { border-collapse: collapse; max-width: 100%; }
        th, td { border-bottom: 1px solid #ddd; padding: .25em .7em; text-align: right; }
        th { background: #f4f4f4; font-weight: 600; }
        td.text, th.text { text-align: left; }
        td.code { text-align: left; font-family: ui-monospace, monospace; font-size: 12px;
          max-width: 30em; overflow-wrap: anywhere; }
        .muted { color: #777; }
        .legend span { margin-right: 1.5em; }
        .swatch { display: inline-block; width: 1em; height: .25em; vertical-align: middle;
          margin-right: .3em; }
      </style>
      </head>
      <body>
      <h1>Sluice status <span class="muted" id="mode" data-field="mode"></span></h1>
      <p class="muted">Read-only; refreshes every 2 seconds.
        <span id="updated" data-field="at">loading&hellip;</span></p>
      <p>Logical sessions open: <b data-field="openSessions" id="openSessions">-</b>,
        <span id="reservedLabel">holding a reserved connection</span>:
        <b data-field="reservedSessions" id="reservedSessions">-</b></p>

      <section id="tabletsSection">
      <h2>Tablets</h2>
      <table id="tablets">
        <thead><tr><th class="text">tablet</th><th>capacity</th><th>in use</th><th>available</th>
          <th>waited (ever)</th><th>settings stacks</th><th>settings idle</th>
          <th>transaction</th><th>reserved</th><th>physical</th></tr></thead>
        <tbody></tbody>
      </table>
      </section>

      <section id="advisorSection" hidden>
      <h2>Advisor: what multiplexing would need</h2>
      <p>Projected peak of physical connections with multiplexing:
        <b data-field="projectedPeak" id="projectedPeak">-</b>;
        sessions that would be pinned now: <b data-field="wouldReserveSessions"
        id="wouldReserveSessions">-</b>; statements classified:
        <span data-field="statements" id="statements">-</span></p>
      <table id="advised">
        <thead><tr><th class="text">tablet</th><th>sessions</th><th>peak sessions</th>
          <th>would pin</th><th>projected now</th><th>projected peak</th>
          <th>pooled (peak)</th><th>transaction (peak)</th></tr></thead>
        <tbody></tbody>
      </table>
      </section>

      <h2 id="reservedTitle">Reserved sessions</h2>
      <table id="reservations">
        <thead><tr><th class="text">reason</th><th class="text">digest</th>
          <th class="text">call site</th><th class="text">since</th><th>held (s)</th>
          <th class="text">tablet</th></tr></thead>
        <tbody></tbody>
      </table>
      <p id="noReservations" class="muted">None.</p>

      <h2>Connections, last minutes</h2>
      <div class="legend">
        <span><i class="swatch" style="background:#1f6fd1"></i>physical
          <b data-field="chartPhysical" id="chartPhysical">-</b></span>
        <span><i class="swatch" style="background:#999"></i>logical sessions
          <b data-field="chartLogical" id="chartLogical">-</b></span>
        <span id="projectedLegend" hidden><i class="swatch" style="background:#e07b00"></i>
          projected with multiplexing <b data-field="chartProjected" id="chartProjected">-</b></span>
      </div>
      <svg id="chart" width="720" height="180" viewBox="0 0 720 180" role="img"
        aria-label="physical connections and logical sessions over time"></svg>

      <script>
      "use strict";
      const SVG = "http://www.w3.org/2000/svg";
      function el(tag, text, cls) {
        const e = document.createElement(tag);
        if (text !== undefined && text !== null) { e.textContent = String(text); }
        if (cls) { e.className = cls; }
        return e;
      }
      function cell(row, field, value, cls) {
        const td = el("td", value, cls);
        td.setAttribute("data-field", field);
        row.appendChild(td);
      }
      function setText(id, value) { document.getElementById(id).textContent = String(value); }
      function fill(tableId, rows, render) {
        const body = document.querySelector("#" + tableId + " tbody");
        body.replaceChildren();
        rows.forEach(r => body.appendChild(render(r)));
      }
      function tabletRow(t) {
        const tr = document.createElement("tr");
        tr.setAttribute("data-tablet", t.name);
        cell(tr, "name", t.name, "text");
        ["capacity", "inUse", "available", "waitCount", "settingsStacks", "settingsIdle",
         "transactionConnections", "reservedConnections", "physicalConnections"]
          .forEach(f => cell(tr, f, t[f]));
        return tr;
      }
      function advisedRow(t) {
        const tr = document.createElement("tr");
        tr.setAttribute("data-tablet", t.name);
        cell(tr, "name", t.name, "text");
        ["openSessions", "peakSessions", "wouldReserve", "projectedNow", "projectedPeak",
         "peakPooled", "peakTransactions"].forEach(f => cell(tr, f, t[f]));
        return tr;
      }
      function reservationRow(r) {
        const tr = document.createElement("tr");
        tr.className = "reservation";
        cell(tr, "reason", r.reason, "text");
        cell(tr, "digest", r.digest, "code");
        cell(tr, "callSite", r.callSite, "code");
        cell(tr, "since", r.since, "text");
        cell(tr, "heldSeconds", r.heldSeconds);
        cell(tr, "tablet", r.tablet, "text");
        return tr;
      }
      function line(points, color, dashed) {
        const p = document.createElementNS(SVG, "polyline");
        p.setAttribute("points", points);
        p.setAttribute("fill", "none");
        p.setAttribute("stroke", color);
        p.setAttribute("stroke-width", "2");
        if (dashed) { p.setAttribute("stroke-dasharray", "5 3"); }
        return p;
      }
      function svgText(x, y, text, anchor) {
        const t = document.createElementNS(SVG, "text");
        t.setAttribute("x", x);
        t.setAttribute("y", y);
        t.setAttribute("font-size", "11");
        t.setAttribute("fill", "#666");
        if (anchor) { t.setAttribute("text-anchor", anchor); }
        t.textContent = text;
        return t;
      }
      function chart(h, advise) {
        const svg = document.getElementById("chart");
        svg.replaceChildren();
        const n = h.t.length;
        const left = 40, right = 710, top = 10, bottom = 160;
        let max = 1;
        for (let i = 0; i < n; i++) {
          max = Math.max(max, h.physical[i], h.logical[i], advise ? h.projected[i] : 0);
        }
        const axis = document.createElementNS(SVG, "path");
        axis.setAttribute("d", "M" + left + " " + top + " V" + bottom + " H" + right);
        axis.setAttribute("stroke", "#bbb");
        axis.setAttribute("fill", "none");
        svg.appendChild(axis);
        svg.appendChild(svgText(left - 6, top + 8, String(max), "end"));
        svg.appendChild(svgText(left - 6, bottom, "0", "end"));
        if (n === 0) { return; }
        const t0 = h.t[0], span = Math.max(1, h.t[n - 1] - t0);
        svg.appendChild(svgText(left, bottom + 16, "-" + span + " s"));
        svg.appendChild(svgText(right, bottom + 16, "now", "end"));
        const x = i => (left + (h.t[i] - t0) / span * (right - left)).toFixed(1);
        const y = v => (bottom - v / max * (bottom - top)).toFixed(1);
        const pts = series => series.map((v, i) => x(i) + "," + y(v)).join(" ");
        svg.appendChild(line(pts(h.logical), "#999", false));
        svg.appendChild(line(pts(h.physical), "#1f6fd1", false));
        if (advise) { svg.appendChild(line(pts(h.projected), "#e07b00", true)); }
        setText("chartPhysical", h.physical[n - 1]);
        setText("chartLogical", h.logical[n - 1]);
        if (advise) { setText("chartProjected", h.projected[n - 1]); }
      }
      function render(s) {
        const advise = s.advisor !== null;
        setText("mode", "(" + s.mode + ")");
        setText("updated", "updated " + s.at);
        setText("openSessions", s.openSessions);
        setText("reservedSessions", s.reservedSessions);
        setText("reservedLabel", advise ? "that would be pinned" : "holding a reserved connection");
        setText("reservedTitle", advise ? "Sessions that would be pinned" : "Reserved sessions");
        document.getElementById("tabletsSection").hidden = advise;
        fill("tablets", s.tablets, tabletRow);
        document.getElementById("advisorSection").hidden = !advise;
        document.getElementById("projectedLegend").hidden = !advise;
        if (advise) {
          setText("projectedPeak", s.advisor.projectedPeak);
          setText("wouldReserveSessions", s.advisor.wouldReserveSessions);
          setText("statements", s.advisor.statements);
          fill("advised", s.advisor.tablets, advisedRow);
        }
        fill("reservations", s.reservedSessionRows, reservationRow);
        document.getElementById("noReservations").hidden = s.reservedSessionRows.length > 0;
        chart(s.history, advise);
        document.body.setAttribute("data-loaded", "true");
      }
      function refresh() {
        fetch("status.json", {cache: "no-store"})
          .then(r => r.json())
          .then(render)
          .catch(e => setText("updated", "cannot reach Sluice: " + e));
      }
      refresh();
      setInterval(refresh, 2000);
      </script>
      </body>
      </html>
      """;
}
