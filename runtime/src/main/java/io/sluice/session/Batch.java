package io.sluice.session;

import io.sluice.sql.SessionRules;
import io.sluice.sql.StatementPlan;
import java.util.List;
import java.util.Objects;

/**
 * A batch, which runs as one execution. Its statements share one physical connection, so the
 * batch is planned as its strictest statement: any reason to reserve reserves, and statements
 * that change the transaction, the schema or session variables inside a batch reserve too, since
 * Sluice follows such changes only statement by statement.
 */
final class Batch {
  /** The plan the batch runs under: its first statement's, or the first one's that reserves. */
  final StatementPlan plan;
  /** Whether a statement before the first that reserves changes the transaction or schema. */
  final boolean controlsSession;
  /**
   * Whether all its statements have the same text: the batch's insert id is its last
   * statement's, which the first's plan tells only then.
   */
  final boolean oneText;
  /** Whether a statement may create or alter tables, whose AUTO_INCREMENT columns change. */
  final boolean redefines;

  Batch(List<StatementPlan> plans) {
    StatementPlan first = plans.get(0);
    boolean sameText = true;
    boolean mayRedefine = false;
    for (StatementPlan each : plans) {
      sameText &= Objects.equals(each.sql(), first.sql());
      mayRedefine |= InsertIds.mayRedefineTables(each);
    }
    this.plan = SessionRules.batchPlan(plans);
    this.controlsSession = SessionRules.batchControlsSession(plans);
    this.oneText = sameText;
    this.redefines = mayRedefine;
  }

  /** A batch's counts as {@code executeBatch} returns them. */
  static int[] narrow(long[] counts) {
    int[] narrow = new int[counts.length];
    for (int i = 0; i < counts.length; i++) {
      narrow[i] = (int) counts[i];
    }
    return narrow;
  }
}
