package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PlanCacheTest {

  @Test
  void aHitReturnsTheSamePlanWithoutClassifying() {
    PlanCache cache = new PlanCache();
    StatementPlan first = cache.plan("SELECT a FROM t WHERE id = ?");
    // An equal text in another String instance is the same key.
    StatementPlan second = cache.plan(new String("SELECT a FROM t WHERE id = ?"));
    assertSame(first, second);
    assertEquals(1, cache.misses());
    assertEquals(1, cache.hits());
    assertEquals(1, cache.size());
  }

  @Test
  void staysWithinItsCapacity() {
    PlanCache cache = new PlanCache(LexerMode.DEFAULT, 8);
    for (int i = 0; i < 100; i++) {
      cache.plan("SELECT " + i);
    }
    assertEquals(8, cache.size());
    assertEquals(100, cache.misses());
  }

  @Test
  void keepsPlansThatAreUsedAgainOverOneOffs() {
    PlanCache cache = new PlanCache(LexerMode.DEFAULT, 8);
    List<StatementPlan> hot = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      hot.add(cache.plan("SELECT hot" + i));
    }
    for (int i = 0; i < 1000; i++) {
      for (int h = 0; h < 4; h++) {
        cache.plan("SELECT hot" + h);
      }
      cache.plan("SELECT once" + i);
    }
    for (int h = 0; h < 4; h++) {
      assertSame(hot.get(h), cache.plan("SELECT hot" + h), "hot" + h);
    }
    assertEquals(4 + 1000, cache.misses());
  }

  @Test
  void doesNotCacheLongTexts() {
    PlanCache cache = new PlanCache();
    String longSql = "SELECT '" + "x".repeat(PlanCache.MAX_CACHED_LENGTH) + "'";
    StatementPlan first = cache.plan(longSql);
    StatementPlan second = cache.plan(longSql);
    assertNotSame(first, second);
    assertEquals(StatementKind.SELECT, second.kind());
    assertEquals(0, cache.size());
    String limit = "SELECT '" + "x".repeat(PlanCache.MAX_CACHED_LENGTH - 9) + "'";
    assertEquals(PlanCache.MAX_CACHED_LENGTH, limit.length());
    assertSame(cache.plan(limit), cache.plan(limit));
  }

  @Test
  void classifiesUnderItsMode() {
    PlanCache ansi = new PlanCache(LexerMode.of(80031, "ANSI_QUOTES"), 16);
    assertEquals(LexerMode.of(80031, "ANSI_QUOTES"), ansi.mode());
    assertEquals(StatementKind.SELECT, ansi.plan("SELECT \"@x\"").kind());
    assertEquals(0, ansi.plan("SELECT \"@x\"").flags());
    assertTrue(new PlanCache().plan("SELECT @x").has(StatementPlan.USER_VARIABLE_READ));
  }

  @Test
  void rejectsANonPositiveCapacity() {
    assertThrows(IllegalArgumentException.class, () -> new PlanCache(LexerMode.DEFAULT, 0));
  }

  @Test
  void concurrentCallersShareOnePlanPerText() throws Exception {
    PlanCache cache = new PlanCache(LexerMode.DEFAULT, 64);
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<StatementPlan>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<List<StatementPlan>> task =
            () -> {
              start.await();
              List<StatementPlan> plans = new ArrayList<>();
              for (int round = 0; round < 200; round++) {
                for (int i = 0; i < 32; i++) {
                  plans.add(cache.plan("SELECT c" + i + " FROM t"));
                }
              }
              return plans;
            };
        results.add(pool.submit(task));
      }
      Set<StatementPlan> distinct = new HashSet<>();
      for (Future<List<StatementPlan>> result : results) {
        List<StatementPlan> plans = result.get();
        // After the first round every thread holds the shared instances.
        distinct.addAll(plans.subList(plans.size() - 32, plans.size()));
      }
      assertEquals(32, distinct.size());
      assertEquals(32, cache.size());
      assertEquals(threads * 200 * 32, cache.hits() + cache.misses());
    } finally {
      pool.shutdownNow();
    }
  }
}
