package org.ptdesc.maven;

/**
 * One entry of {@code <pairs>}: a guest (stage 1) tree and the stage 2 tree its tables and
 * addresses go through, each named {@code FILE#TREE} (the descriptor relative to the source
 * directory, as in {@code includes}, and the tree's name).
 * <pre>
 * &lt;pair&gt;
 *   &lt;guest&gt;x86_64.ptdesc#x86_64&lt;/guest&gt;
 *   &lt;host&gt;intel_ept.ptdesc#intel_ept&lt;/host&gt;
 * &lt;/pair&gt;
 * </pre>
 * Maven fills the fields from the POM; the class name is what {@code <pair>} elements map to.
 */
public class Pair {

    /** The guest tree, {@code FILE#TREE}. */
    private String guest;

    /** The stage 2 tree, {@code FILE#TREE}. */
    private String host;

    public String getGuest() {
        return guest;
    }

    public void setGuest(String guest) {
        this.guest = guest;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }
}
