package io.sluice.status;

import io.sluice.pinning.Reservation;
import io.sluice.tablet.TabletStats;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes a {@link StatusSnapshot} as the JSON the status page polls. Written by hand: the agent
 * carries no JSON library, and the shape is small and fixed.
 *
 * <p>Every string is escaped for JSON and, beyond that, {@code <}, {@code >}, {@code &} and the
 * line separators are written as {@code \}{@code uXXXX}: a digest can hold any text the
 * application sent, and the output must stay inert wherever it is pasted.
 */
public final class StatusJson {
  private StatusJson() {}

  /** The snapshot as one JSON object. */
  public static String render(StatusSnapshot s) {
    StringBuilder json = new StringBuilder(1024);
    json.append('{');
    field(json, "mode").append(string(s.mode())).append(',');
    field(json, "at").append(string(s.at().truncatedTo(ChronoUnit.MILLIS).toString())).append(',');
    field(json, "openSessions").append(s.openSessions()).append(',');
    field(json, "reservedSessions").append(s.reservedSessions()).append(',');
    field(json, "tablets").append('[');
    for (int i = 0; i < s.tablets().size(); i++) {
      tablet(json.append(i == 0 ? "" : ","), s.tablets().get(i));
    }
    json.append("],");
    field(json, "advisor");
    if (s.advisor() == null) {
      json.append("null");
    } else {
      advice(json, s.advisor());
    }
    json.append(',');
    field(json, "reservedSessionRows").append('[');
    List<Reservation> reservations = s.reservations();
    for (int i = 0; i < reservations.size(); i++) {
      reservation(json.append(i == 0 ? "" : ","), reservations.get(i), s);
    }
    json.append("],");
    history(field(json, "history"), s.history());
    return json.append('}').toString();
  }

  private static void tablet(StringBuilder json, StatusSnapshot.TabletRow row) {
    TabletStats t = row.stats();
    json.append('{');
    field(json, "name").append(string(row.name())).append(',');
    field(json, "capacity").append(t.capacity()).append(',');
    field(json, "inUse").append(t.inUse()).append(',');
    field(json, "available").append(t.available()).append(',');
    field(json, "waitCount").append(t.waitCount()).append(',');
    field(json, "settingsIdle").append(t.settingsIdle()).append(',');
    field(json, "settingsStacks").append(t.settingsStacks()).append(',');
    field(json, "settingsPoolHits").append(t.settingsPoolHits()).append(',');
    field(json, "settingsPoolMisses").append(t.settingsPoolMisses()).append(',');
    field(json, "reservedConnections").append(t.reservedConnections()).append(',');
    field(json, "transactionConnections").append(t.transactionConnections()).append(',');
    field(json, "physicalConnections").append(t.physicalConnections());
    json.append('}');
  }

  private static void advice(StringBuilder json, StatusSnapshot.Advice a) {
    json.append('{');
    field(json, "projectedPeak").append(a.projectedPeak()).append(',');
    field(json, "wouldReserveSessions").append(a.wouldReserveSessions()).append(',');
    field(json, "statements").append(a.statements()).append(',');
    field(json, "tablets").append('[');
    for (int i = 0; i < a.tablets().size(); i++) {
      StatusSnapshot.AdvisedTabletRow t = a.tablets().get(i);
      json.append(i == 0 ? "{" : ",{");
      field(json, "name").append(string(t.name())).append(',');
      field(json, "openSessions").append(t.openSessions()).append(',');
      field(json, "peakSessions").append(t.peakSessions()).append(',');
      field(json, "wouldReserve").append(t.wouldReserve()).append(',');
      field(json, "projectedNow").append(t.projectedNow()).append(',');
      field(json, "projectedPeak").append(t.projectedPeak()).append(',');
      field(json, "peakPooled").append(t.peakPooled()).append(',');
      field(json, "peakTransactions").append(t.peakTransactions());
      json.append('}');
    }
    json.append("]}");
  }

  private static void reservation(StringBuilder json, Reservation r, StatusSnapshot s) {
    json.append('{');
    field(json, "tablet").append(string(r.tablet())).append(',');
    field(json, "reason").append(string(r.reason().description())).append(',');
    field(json, "since")
        .append(string(r.since().truncatedTo(ChronoUnit.MILLIS).toString()))
        .append(',');
    field(json, "heldSeconds")
        .append(Math.max(0, Duration.between(r.since(), s.at()).toSeconds()))
        .append(',');
    field(json, "digest").append(string(r.digest())).append(',');
    field(json, "callSite").append(string(r.callSite()));
    json.append('}');
  }

  // Columns, not rows of objects: a quarter of the bytes for five minutes of samples.
  private static void history(StringBuilder json, List<Sample> samples) {
    json.append("{\"t\":[");
    for (int i = 0; i < samples.size(); i++) {
      json.append(i == 0 ? "" : ",").append(samples.get(i).epochSecond());
    }
    json.append("],\"physical\":[");
    for (int i = 0; i < samples.size(); i++) {
      json.append(i == 0 ? "" : ",").append(samples.get(i).physical());
    }
    json.append("],\"logical\":[");
    for (int i = 0; i < samples.size(); i++) {
      json.append(i == 0 ? "" : ",").append(samples.get(i).logical());
    }
    json.append("],\"projected\":[");
    for (int i = 0; i < samples.size(); i++) {
      json.append(i == 0 ? "" : ",").append(samples.get(i).projected());
    }
    json.append("]}");
  }

  private static StringBuilder field(StringBuilder json, String name) {
    return json.append('"').append(name).append("\":");
  }

  /** {@code text} as a JSON string literal, quotes included; {@code null} as {@code null}. */
  static String string(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
