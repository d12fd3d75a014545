package io.reflow.gateway.instances;

import java.util.List;

/** The running servers of one transport. */
public interface InstanceSource {

    /** Every running server of this transport now. */
    List<InstanceView> list();

    /**
     * Stops or deletes the server of that id so that the next request starts a fresh one.
     *
     * @return false when no server of this transport has that id
     */
    boolean restart(String id);

    /** Calls {@code listener} (on any thread, possibly often) after any server came or went. */
    void onChange(Runnable listener);
}
