package dev.opencic.server.skill.memo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.skill.memo.MemoStore.Outcome;
import dev.opencic.server.store.StoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Memos ordered by the time of each edit, tombstones, and concurrent creation of one id. */
abstract class MemoStoreContract extends StoreContract {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    MemoStore memos;

    @BeforeEach
    void createStore() {
        memos = new JdbcMemoStore(db.jdbi());
    }

    @Test
    void anOlderEditLosesToANewerOneAndADeletionLeavesATombstone() {
        assertThat(memos.put("acc", "m1", "buy milk", T0)).isEqualTo(Outcome.APPLIED);
        assertThat(memos.put("acc", "m2", "call mum", T0.plusSeconds(5))).isEqualTo(Outcome.APPLIED);
        assertThat(memos.list("acc")).extracting(Memo::id).containsExactly("m2", "m1");
        assertThat(memos.list("other")).isEmpty();

        assertThat(memos.update("acc", "m1", "buy oat milk", T0.plusSeconds(10))).isEqualTo(Outcome.APPLIED);
        assertThat(memos.update("acc", "m1", "buy cow milk", T0.plusSeconds(9))).isEqualTo(Outcome.STALE);
        assertThat(memos.find("acc", "m1")).get().extracting(Memo::content).isEqualTo("buy oat milk");
        assertThat(memos.update("acc", "nope", "x", T0)).isEqualTo(Outcome.UNKNOWN);

        assertThat(memos.delete("acc", "m1", T0.plusSeconds(20))).isEqualTo(Outcome.APPLIED);
        assertThat(memos.find("acc", "m1")).isEmpty();
        assertThat(memos.put("acc", "m1", "late resurrection", T0.plusSeconds(15))).isEqualTo(Outcome.STALE);
        assertThat(memos.find("acc", "m1")).isEmpty();
        assertThat(memos.put("acc", "m1", "written again", T0.plusSeconds(30))).isEqualTo(Outcome.APPLIED);
        assertThat(memos.find("acc", "m1")).get().extracting(Memo::content).isEqualTo("written again");
        assertThat(memos.delete("acc", "nope", T0)).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void concurrentCreationsOfOneNewIdLeaveOneMemoAndNoError() throws Exception {
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Outcome>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Instant at = T0.plusSeconds(i);
                String content = "version " + i;
                results.add(pool.submit((Callable<Outcome>) () -> {
                    go.await();
                    return memos.put("acc", "same", content, at);
                }));
            }
            go.countDown();
            for (Future<Outcome> f : results) {
                assertThat(f.get()).isIn(Outcome.APPLIED, Outcome.STALE);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(memos.list("acc")).hasSize(1);
        // Whatever the order they ran in, the newest edit is the one kept.
        assertThat(memos.find("acc", "same")).get().extracting(Memo::content).isEqualTo("version " + (n - 1));
    }
}
