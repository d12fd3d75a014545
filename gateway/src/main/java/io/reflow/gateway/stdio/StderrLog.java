package io.reflow.gateway.stdio;

import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;

/**
 * A process's stderr in the gateway log, one record per line, marked with the target and a hash of
 * the subject. Every env value given to the process is masked, since servers print their config.
 */
final class StderrLog {

    private static final Logger LOG = Logger.getLogger(StderrLog.class.getName());
    private static final int MAX_LINE_CHARS = 2000;
    private static final int MIN_MASKED_LENGTH = 4;

    private final String prefix;
    private final List<String> secrets;

    StderrLog(String target, String subjectHash, Collection<String> envValues) {
        this.prefix = "stdio " + target + " " + subjectHash + ": ";
        // Longest first, so a value containing another is masked whole.
        this.secrets =
                envValues.stream()
                        .filter(v -> v.length() >= MIN_MASKED_LENGTH)
                        .distinct()
                        .sorted((a, b) -> b.length() - a.length())
                        .toList();
    }

    void line(String line) {
        LOG.info(prefix + masked(line));
    }

    String masked(String line) {
        String out = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line;
        for (String secret : secrets) {
            out = out.replace(secret, "****");
        }
        return out;
    }
}
