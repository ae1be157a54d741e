package io.healthscore.e2e.process;

import java.io.IOException;
import java.time.Duration;

/**
 * The safety net for a parent that is killed outright (kill -9 skips shutdown hooks): a shell that waits for
 * end-of-file on its standard input, whose other end only this JVM holds, then sends SIGTERM to the child and
 * SIGKILL after the grace. It ignores SIGINT and SIGHUP so a Ctrl-C does not remove the net while the shutdown
 * hooks are still stopping the children.
 */
final class ParentWatchdog {

    private ParentWatchdog() {
    }

    static Process watch(long childPid, Duration grace) throws IOException {
        String script = "trap '' INT HUP; read _; kill -TERM " + childPid + " 2>/dev/null; "
                + "i=0; while [ $i -lt " + Math.max(1, grace.toSeconds()) + " ] && kill -0 " + childPid
                + " 2>/dev/null; do sleep 1; i=$((i+1)); done; kill -9 " + childPid + " 2>/dev/null";
        return new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
