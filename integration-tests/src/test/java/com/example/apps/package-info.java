/**
 * Small unchanged JDBC applications that the integration tests fork, with and without the agent.
 * They know nothing of Sluice (hence a package outside {@code io.sluice}) and report what they
 * observed as {@code TAG key=value ...} lines on stdout; some wait for a line on stdin so the test
 * can look at MySQL while they hold connections or transactions open. The password comes from
 * {@code APP_PASSWORD}.
 */
package com.example.apps;
