package org.ptdesc.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code ptdesc --version}: the jar's implementation version. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"ptdesc " + (v == null ? "(development build)" : v)};
    }
}
