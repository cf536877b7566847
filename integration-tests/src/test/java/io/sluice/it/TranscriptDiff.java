package io.sluice.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares two transcripts ({@code scenario|step|observation} lines) scenario by scenario. */
final class TranscriptDiff {
  private TranscriptDiff() {}

  /** A scenario whose lines differ: the first differing pair, and how many lines differ. */
  record Difference(String scenario, String step, String direct, String agent, int lines) {
    @Override
    public String toString() {
      return scenario + " at " + step + " (" + lines + " lines differ)\n    direct: " + direct
          + "\n    agent:  " + agent;
    }
  }

  static List<Difference> compare(List<String> direct, List<String> agent) {
    Map<String, List<String>> left = scenarios(direct);
    Map<String, List<String>> right = scenarios(agent);
    List<Difference> differences = new ArrayList<>();
    for (String scenario : union(left, right)) {
      List<String> a = left.getOrDefault(scenario, List.of());
      List<String> b = right.getOrDefault(scenario, List.of());
      int first = -1;
      int count = 0;
      for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
        String x = i < a.size() ? a.get(i) : "(nothing)";
        String y = i < b.size() ? b.get(i) : "(nothing)";
        if (!x.equals(y)) {
          count++;
          if (first < 0) {
            first = i;
          }
        }
      }
      if (first >= 0) {
        String x = first < a.size() ? a.get(first) : "(nothing)";
        String y = first < b.size() ? b.get(first) : "(nothing)";
        String step = (first < a.size() ? x : y).split("\\|", 2)[0];
        differences.add(new Difference(scenario, step, x, y, count));
      }
    }
    return differences;
  }

  /** The lines of each scenario, the scenario name taken off. */
  static Map<String, List<String>> scenarios(List<String> transcript) {
    Map<String, List<String>> scenarios = new LinkedHashMap<>();
    for (String line : transcript) {
      String[] parts = line.split("\\|", 2);
      scenarios.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
    }
    return scenarios;
  }

  private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
    List<String> names = new ArrayList<>(a.keySet());
    b.keySet().stream().filter(name -> !a.containsKey(name)).forEach(names::add);
    return names;
  }
}
