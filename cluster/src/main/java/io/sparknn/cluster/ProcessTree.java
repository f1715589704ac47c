package io.sparknn.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A process and its descendants, seen and stopped by PID as {@code ps} and {@code kill} would. */
public final class ProcessTree {
    private ProcessTree() {}

    /** Kills a process and everything it started, by PID; waits until they are gone. */
    public static void killTree(ProcessHandle p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(0, p);
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // still alive after SIGKILL and 30 s: nothing more we can do from here
            }
        }
    }

    /** The command and its arguments, space-separated (empty parts where the OS does not say). */
    public static String commandLine(ProcessHandle p) {
        ProcessHandle.Info info = p.info();
        Optional<String[]> args = info.arguments();
        return info.command().orElse("") + " " + String.join(" ", args.orElse(new String[0]));
    }
}
