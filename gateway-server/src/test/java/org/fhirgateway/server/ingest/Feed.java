package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The senders of a crash test and what they know: the messages each sent, in order per patient, and the control
 * ids that got an AA. Sender {@code s} sends message {@code i} about patient {@code S<s>P<i mod 3>}, A01 and A08 in
 * turn, with control id {@code C<s>-<i>}.
 */
final class Feed {

    private final int senders;
    private final AtomicIntegerArray next;
    private final Map<String, List<String>> sentOrder = new ConcurrentHashMap<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();

    Feed(int senders) {
        this.senders = senders;
        this.next = new AtomicIntegerArray(senders);
    }

    Set<String> acked() {
        return acked;
    }

    /** The control ids sent about a patient's lane ({@code MRN|<patient>}), in the order sent. */
    List<String> sentOrder(String lane) {
        return sentOrder.getOrDefault(lane, List.of());
    }

    static String message(int sender, int i) {
        return Messages.adt(i % 2 == 0 ? "A01" : "A08", "C" + sender + "-" + i, "S" + sender + "P" + (i % 3));
    }

    private String record(int sender, int i) {
        String id = "C" + sender + "-" + i;
        List<String> lane = sentOrder.computeIfAbsent("MRN|S" + sender + "P" + (i % 3), k -> new CopyOnWriteArrayList<>());
        if (!lane.contains(id)) {
            lane.add(id);
        }
        return id;
    }

    /**
     * What a real sender does after reconnecting: sends again the message in flight at the kill (stored or not) and
     * the one before (acknowledged). Each must be answered AA; the exactly-once check covers them (a copy of a stored
     * message is a duplicate, never applied a second time).
     */
    void resendTheLastTwo(int port) throws IOException {
        try (MllpClient client = new MllpClient("localhost", port)) {
            for (int s = 0; s < senders; s++) {
                int last = next.get(s);   // the one in flight at the kill, if any
                for (int i = Math.max(0, last - 1); i <= last; i++) {
                    String id = record(s, i);
                    String ack = client.send(message(s, i));
                    assertEquals("MSA|AA|" + id, Messages.msa(ack), "sent again after the restart: " + ack);
                    acked.add(id);
                }
                next.set(s, last + 1);
            }
        }
    }

    /** Each sender streams until its connection breaks (the gateway was killed) or {@link Streaming#stop()}. */
    Streaming stream(int port) {
        return new Streaming(this, port, false);
    }

    /** Each sender streams, and sends a message again (reconnecting) until it gets an AA. */
    Streaming streamRetrying(int port) {
        return new Streaming(this, port, true);
    }

    /** One sender's loop. */
    void send(int sender, int port, boolean retry, Streaming streaming) {
        while (!streaming.stopped()) {
            try (MllpClient client = new MllpClient("localhost", port)) {
                while (!streaming.stopped()) {
                    int i = next.get(sender);
                    String id = record(sender, i);
                    String ack = client.send(message(sender, i));
                    if (ack == null) {
                        throw new IOException("connection closed");
                    }
                    if (("MSA|AA|" + id).equals(Messages.msa(ack))) {
                        acked.add(id);
                        next.set(sender, i + 1);
                    } else if (!retry) {
                        next.set(sender, i + 1);
                    } else {
                        pause();
                    }
                }
            } catch (IOException e) {
                if (!retry) {
                    return;   // the gateway died; the next round resends the last two
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sender threads of one round. */
    static final class Streaming {
        private final List<Thread> threads = new ArrayList<>();
        private final Feed feed;
        private volatile boolean stopped;

        Streaming(Feed feed, int port, boolean retry) {
            this.feed = feed;
            for (int s = 0; s < feed.senders; s++) {
                int sender = s;
                Thread t = new Thread(() -> feed.send(sender, port, retry, this), "sender-" + s);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        boolean stopped() {
            return stopped;
        }

        /** Waits until at least {@code count} messages in all got an AA; fails after {@code timeoutMillis}. */
        void awaitAcks(int count, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (feed.acked.size() < count) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("only " + feed.acked.size() + " of " + count + " acknowledged in "
                            + timeoutMillis + " ms");
                }
                Thread.sleep(20);
            }
        }

        /** Stops the senders after the message each has in hand. */
        void stop() throws InterruptedException {
            stopped = true;
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }
}
