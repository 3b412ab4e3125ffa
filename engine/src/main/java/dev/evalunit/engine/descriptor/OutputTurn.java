package dev.evalunit.engine.descriptor;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One test at a time prints its lines and reports its finish. Surefire (3.5, 3.6) collects all
 * standard output since the last finished test into the {@code <system-out>} of the next test that
 * finishes, whatever thread printed it; seeds finish concurrently, so a seed takes the turn before
 * it prints and keeps it until its finish has been reported (the {@link TreeExecutor} gives it back
 * when the seed's task has ended).
 *
 * <pre>{@code
 * turn.take();                       // in the seed's execute(), before its first line
 * System.out.println("[evalunit] seed 3 ...");
 * // ... the platform reports the seed's finish; then TreeExecutor calls turn.giveBack()
 * }</pre>
 */
public final class OutputTurn {

  private final ReentrantLock lock = new ReentrantLock();

  /** Waits for the turn; the current thread holds it until its test task has ended. */
  public void take() {
    lock.lock();
  }

  /** Gives back the turn if the current thread holds it (called once its task has ended). */
  void giveBack() {
    while (lock.isHeldByCurrentThread()) {
      lock.unlock();
    }
  }
}
