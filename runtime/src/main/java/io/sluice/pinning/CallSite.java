package io.sluice.pinning;

import java.util.List;

/**
 * The application's code that ran a statement: the first frame of the current thread's stack
 * that belongs to none of the packages in {@link #NOT_APPLICATION}. The stack is walked lazily,
 * only as far as that frame, and only when a session reserves.
 */
final class CallSite {
  /**
   * Class-name prefixes of code between the application and MySQL, passed over when looking for
   * the call site: the JDK (reflection, proxies), Connector/J, Sluice itself, connection pools
   * (HikariCP, DBCP, Tomcat JDBC, c3p0, Druid, UCP), ORMs and query builders (Hibernate,
   * EclipseLink, OpenJPA, MyBatis, jOOQ, Jdbi, Querydsl, Ebean), Spring's data access and
   * transaction layers, and JDBC wrappers (p6spy, datasource-proxy). An application of its own
   * under one of these names (a Spring fork...) would see the frame below it named instead.
   */
  static final List<String> NOT_APPLICATION =
      List.of(
          "java.",
          "javax.",
          "jdk.",
          "sun.",
          "com.sun.",
          "jakarta.persistence.",
          "com.mysql.",
          "io.sluice.",
          "com.zaxxer.",
          "org.apache.commons.dbcp",
          "org.apache.tomcat.jdbc.",
          "org.apache.tomcat.dbcp.",
          "com.mchange.",
          "com.alibaba.druid.",
          "oracle.ucp.",
          "org.hibernate.",
          "org.eclipse.persistence.",
          "org.apache.openjpa.",
          "org.apache.ibatis.",
          "org.mybatis.",
          "com.baomidou.mybatisplus.",
          "org.jooq.",
          "org.jdbi.",
          "com.querydsl.",
          "io.ebean.",
          "io.ebeaninternal.",
          "org.springframework.jdbc.",
          "org.springframework.orm.",
          "org.springframework.transaction.",
          "org.springframework.dao.",
          "org.springframework.data.",
          "org.springframework.aop.",
          "com.p6spy.",
          "net.ttddyy.dsproxy.");

  /** The call site when every frame is one of those above (Sluice's own statements...). */
  static final String UNKNOWN = "unknown";

  private static final StackWalker WALKER = StackWalker.getInstance();

  private CallSite() {}

  /** The current thread's call site, {@code class.method(File.java:line)}. */
  static String current() {
    return WALKER
        .walk(frames -> frames.filter(frame -> isApplication(frame.getClassName())).findFirst())
        .map(CallSite::render)
        .orElse(UNKNOWN);
  }

  static boolean isApplication(String className) {
    for (String prefix : NOT_APPLICATION) {
      if (className.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  // As StackTraceElement prints, without the class loader and module it would prefix.
  private static String render(StackWalker.StackFrame frame) {
    String file = frame.getFileName();
    int line = frame.getLineNumber();
    String where = file == null ? "Unknown Source" : line >= 0 ? file + ":" + line : file;
    return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
  }
}
