package dev.opencic.server.nlu;

import java.util.ArrayList;
import java.util.List;

/**
 * A template as a directed acyclic word graph: states numbered so that every edge goes from a lower
 * to a higher state, edges that read one folded word, read a slot, or read nothing (an optional
 * part or the end of an alternative). State 0 is the start, {@link #end()} the end.
 */
record Graph(int states, int end, Edge[][] outgoing) {

    /** An edge reads {@code token} (a folded word), or a slot if {@code slot} is set, or nothing. */
    record Edge(int from, int to, String token, String slot, String slotType) {
        boolean isWord() {
            return token != null;
        }

        boolean isSlot() {
            return slot != null;
        }
    }

    static final class Builder {
        final List<Edge> edges = new ArrayList<>();
        int states;
        int end;

        int newState() {
            return states++;
        }

        Graph build() {
            List<List<Edge>> out = new ArrayList<>();
            for (int i = 0; i < states; i++) {
                out.add(new ArrayList<>());
            }
            for (Edge e : edges) {
                if (e.to() <= e.from()) {
                    throw new IllegalStateException("edge goes backwards: " + e);
                }
                out.get(e.from()).add(e);
            }
            Edge[][] arr = new Edge[states][];
            for (int i = 0; i < states; i++) {
                arr[i] = out.get(i).toArray(Edge[]::new);
            }
            return new Graph(states, end, arr);
        }
    }
}
