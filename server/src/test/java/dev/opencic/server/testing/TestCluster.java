package dev.opencic.server.testing;

import dev.opencic.server.CicServer;
import dev.opencic.server.CicServerBuilder;
import dev.opencic.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Several {@link CicServer} nodes in this JVM forming one cluster: one {@link TestPostgres}
 * database and one {@link TestRedis} shared, each node with its own node id ({@code node-1},
 * {@code node-2}, ...), data directory and random loopback ports. Each node is a
 * {@link CicServerExtension} (its own test client; the account is shared), so a device can get its
 * token through one node and connect to another: {@code new TestDevice(cluster.node(2).h2cUri(), id, token)}.
 * Start one per test class: a node costs about a second and a pool of database connections.
 */
public final class TestCluster implements AutoCloseable {

    private final List<CicServerExtension> nodes = new ArrayList<>();
    private final String dbUrl;

    private TestCluster(String dbUrl) {
        this.dbUrl = dbUrl;
    }

    /**
     * Starts {@code count} nodes on a fresh database named from {@code hint}.
     *
     * @param customizer applied to every node's settings (after the cluster's: database, Redis, node id)
     * @param assembly   applied to every node's builder (a shared clock, handlers)
     */
    public static TestCluster start(String hint, int count, Consumer<ServerConfig.Builder> customizer,
                                    Consumer<CicServerBuilder> assembly) throws Exception {
        TestPostgres pg = TestPostgres.get();
        TestRedis redis = TestRedis.get();
        String url = pg.jdbcUrl(pg.createDatabase(hint));
        TestCluster cluster = new TestCluster(url);
        try {
            for (int i = 1; i <= count; i++) {
                String nodeId = "node-" + i;
                CicServerExtension node = new CicServerExtension(b -> {
                    b.dbUrl(url).dbUser(pg.user()).dbPassword(pg.password()).dbPoolSize(4)
                     .redisUrl(redis.url()).nodeId(nodeId);
                    customizer.accept(b);
                }, assembly);
                cluster.nodes.add(node);
                node.start();
            }
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Node {@code n}, counted from 1 like its id. */
    public CicServerExtension node(int n) {
        return nodes.get(n - 1);
    }

    /**
     * The {@code --set} settings that make a {@code ./cic serve} process ({@link ServerProcess}) one
     * more node of this cluster, named {@code nodeId}.
     */
    public String[] processNodeSettings(String nodeId) {
        TestPostgres pg = TestPostgres.get();
        return new String[] {"db-url=" + dbUrl, "db-user=" + pg.user(), "db-password=" + pg.password(),
                "redis-url=" + TestRedis.get().url(), "node-id=" + nodeId};
    }

    /** The cluster's PostgreSQL database (JDBC URL; user and password from {@link TestPostgres#get()}). */
    public String dbUrl() {
        return dbUrl;
    }

    public int size() {
        return nodes.size();
    }

    @Override
    public void close() {
        for (CicServerExtension node : nodes) {
            try {
                node.afterAll(null);
            } catch (Exception e) {
                // the others still close
            }
        }
    }
}
