package org.fhirgateway.mappers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One MessageMapper shared by many threads gives what one thread gives. */
class ConcurrencyTest {

    @Test
    void sharedInstanceIsThreadSafe() throws Exception {
        List<String> messages = List.of(TestMessages.load("messages/ADT-A01-clean.hl7"),
                TestMessages.load("messages/ORU-R01-clean.hl7"), TestMessages.load("corpus/ADT-A01-01.hl7"));
        List<String> expected = new ArrayList<>();
        for (String message : messages) {
            expected.add(TestMessages.json(TestMessages.MAPPER.map(message).bundle()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String message = messages.get(i % messages.size());
                futures.add(pool.submit(() -> TestMessages.json(TestMessages.MAPPER.map(message).bundle())));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertEquals(expected.get(i % messages.size()), futures.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
