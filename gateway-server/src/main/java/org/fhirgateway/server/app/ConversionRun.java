package org.fhirgateway.server.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fhirgateway.mappers.BundleJson;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingIssue;
import org.fhirgateway.mappers.MappingResult;
import org.fhirgateway.mappers.MessageMapper;

/**
 * Converts messages on several threads and writes the results strictly in input order. At most a bounded
 * window of bundles is in flight, so the output side's memory stays flat; the inputs themselves are read whole
 * (files of tens of MB are fine; a streaming reader would be needed for multi-GB feeds).
 */
final class ConversionRun {

    record Options(boolean pretty, boolean verbose, int threads) {
    }

    record Summary(int converted, int failed, int unmappedItems) {
        String describe() {
            return "convert: " + converted + " converted, " + failed + " failed"
                    + (unmappedItems == 0 ? "" : ", " + unmappedItems + " items not mapped"
                    + " (--verbose lists them)");
        }
    }

    /** The outcome of one message: its JSON, or why it failed. */
    private record Outcome(String json, MappingResult result, String error) {
    }

    private static final int WINDOW_PER_THREAD = 64;

    private final MessageMapper mapper;
    private final PrintStream out;
    private final PrintStream err;
    private final Options options;
    private final Progress progress;

    ConversionRun(MessageMapper mapper, PrintStream out, PrintStream err, Options options) {
        this.mapper = mapper;
        this.out = out;
        this.err = err;
        this.options = options;
        this.progress = Progress.onTerminal(err);
    }

    Summary convert(List<InputMessages> inputs) {
        int total = inputs.stream().mapToInt(i -> i.messages().size()).sum();
        Tally tally = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads());
        try {
            Deque<Pending> window = new ArrayDeque<>();
            for (InputMessages input : inputs) {
                for (int i = 0; i < input.messages().size(); i++) {
                    String message = input.messages().get(i);
                    window.add(new Pending(input.name(), i + 1, pool.submit(() -> convertOne(message))));
                    if (window.size() >= WINDOW_PER_THREAD * options.threads()) {
                        tally.add(emit(window.poll()));
                        progress.update(tally.done(), total);
                    }
                }
            }
            while (!window.isEmpty()) {
                tally.add(emit(window.poll()));
                progress.update(tally.done(), total);
            }
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
        return tally.summary();
    }

    /** Counts outcomes as they are written. */
    private static final class Tally {
        private int converted;
        private int failed;
        private int unmapped;

        void add(Outcome outcome) {
            if (outcome.error() != null) {
                failed++;
            } else {
                converted++;
                unmapped += outcome.result().issues().size();
            }
        }

        int done() {
            return converted + failed;
        }

        Summary summary() {
            return new Summary(converted, failed, unmapped);
        }
    }

    private record Pending(String file, int index, Future<Outcome> future) {
    }

    private Outcome emit(Pending pending) {
        Outcome outcome = await(pending.future());
        String where = pending.file() + " message " + pending.index();
        if (outcome.error() != null) {
            err.println("convert: " + where + ": " + outcome.error());
            return outcome;
        }
        out.println(outcome.json());
        if (options.verbose()) {
            for (MappingIssue issue : outcome.result().issues()) {
                err.println("convert: " + where + ": not mapped: " + issue);
            }
        }
        return outcome;
    }

    private Outcome convertOne(String message) {
        try {
            MappingResult result = mapper.map(message);
            String json = options.pretty() ? BundleJson.toPrettyJson(result.bundle()) : BundleJson.toJson(result.bundle());
            return new Outcome(json, result, null);
        } catch (MappingException e) {
            return new Outcome(null, null, e.code() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // a defect in a mapper must not abort the whole run: report it against this message
            return new Outcome(null, null, "INTERNAL: " + e);
        }
    }

    private static Outcome await(Future<Outcome> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            return new Outcome(null, null, "INTERNAL: " + e.getCause());
        }
    }

    /** A one-line progress counter, drawn only when stderr is a terminal. */
    private static final class Progress {
        private final PrintStream err;
        private long lastDrawn;

        private Progress(PrintStream err) {
            this.err = err;
        }

        static Progress onTerminal(PrintStream err) {
            return new Progress(stderrIsTerminal() ? err : null);
        }

        void update(int done, int total) {
            long now = System.nanoTime();
            if (err != null && now - lastDrawn > 200_000_000L) {
                lastDrawn = now;
                err.print("\rconvert: " + done + "/" + total + " messages");
                err.flush();
            }
        }

        void finish() {
            if (err != null && lastDrawn != 0) {
                err.print("\r\033[K");
                err.flush();
            }
        }

        /** Java cannot ask isatty(2) directly; on Linux the descriptor's link names the terminal. */
        private static boolean stderrIsTerminal() {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (Exception e) {
                return false;
            }
        }
    }
}
