package org.ptdesc.maven;

import java.util.Map;

/**
 * One entry of {@code <descriptorParameters>}: parameter overrides for one descriptor, which win
 * over the plugin-wide {@code <parameters>} and must be declared by that descriptor.
 * <pre>
 * &lt;descriptorParameter&gt;
 *   &lt;descriptor&gt;x86/x86_64.ptdesc&lt;/descriptor&gt;
 *   &lt;parameters&gt;&lt;MAXPHYADDR&gt;46&lt;/MAXPHYADDR&gt;&lt;/parameters&gt;
 * &lt;/descriptorParameter&gt;
 * </pre>
 * Maven fills the fields from the POM; the class name is what {@code <descriptorParameter>}
 * elements map to.
 */
public class DescriptorParameter {

    /** The descriptor, relative to the source directory, as in {@code includes}. */
    private String descriptor;

    /** Its overrides: decimal, {@code 0x} hex or {@code 0b} binary. */
    private Map<String, String> parameters;

    public String getDescriptor() {
        return descriptor;
    }

    public void setDescriptor(String descriptor) {
        this.descriptor = descriptor;
    }

    public Map<String, String> getParameters() {
        return parameters;
    }

    public void setParameters(Map<String, String> parameters) {
        this.parameters = parameters;
    }
}
