package io.reflow.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store as two replicas sharing a data directory see it. */
class FilePolicyStoreTest {

    @TempDir Path dir;

    private static Policy policy(String id, String effect) {
        return Policies.of(
                "{\"id\":\""
                        + id
                        + "\",\"effect\":\""
                        + effect
                        + "\",\"subjects\":[{\"subject_type\":\"everyone\"}]}");
    }

    @Test
    void aChangeOnOneReplicaIsSeenByTheOtherOnItsNextRead() {
        FilePolicyStore a = FilePolicyStore.open(dir);
        FilePolicyStore b = FilePolicyStore.open(dir);
        assertThat(b.list()).isEmpty();
        a.create(policy("p1", "allow"));
        assertThat(b.list()).extracting(Policy::id).containsExactly("p1");
        b.update(policy("p1", "deny"));
        assertThat(a.list()).extracting(Policy::effect).containsExactly(Effect.DENY);
        a.delete("p1");
        assertThat(b.list()).isEmpty();
    }

    @Test
    void listReturnsTheSameInstanceWhileNothingChanged() {
        FilePolicyStore a = FilePolicyStore.open(dir);
        a.create(policy("p1", "allow"));
        List<Policy> first = a.list();
        assertThat(a.list()).isSameAs(first);
    }

    @Test
    void concurrentWritesOfTwoReplicasLoseNothing() {
        FilePolicyStore a = FilePolicyStore.open(dir);
        FilePolicyStore b = FilePolicyStore.open(dir);
        CompletableFuture.allOf(
                        IntStream.range(0, 40)
                                .mapToObj(
                                        i ->
                                                CompletableFuture.runAsync(
                                                        () ->
                                                                (i % 2 == 0 ? a : b)
                                                                        .create(
                                                                                policy(
                                                                                        "p" + i,
                                                                                        "allow"))))
                                .toArray(CompletableFuture[]::new))
                .join();
        assertThat(FilePolicyStore.open(dir).list()).hasSize(40);
    }

    @Test
    void refusesDuplicatesAndUnknownIds() {
        FilePolicyStore a = FilePolicyStore.open(dir);
        a.create(policy("p1", "allow"));
        assertThatThrownBy(() -> a.create(policy("p1", "deny")))
                .isInstanceOfSatisfying(
                        PolicyRefusedException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> a.delete("nope"))
                .isInstanceOfSatisfying(
                        PolicyRefusedException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aBrokenHandEditKeepsThePoliciesReadBefore() throws Exception {
        FilePolicyStore a = FilePolicyStore.open(dir);
        a.create(policy("p1", "deny"));
        assertThat(a.list()).hasSize(1);
        Files.writeString(dir.resolve(FilePolicyStore.FILE_NAME), "{not json");
        assertThat(a.list()).extracting(Policy::id).containsExactly("p1");
    }
}
