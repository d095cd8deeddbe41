package org.ptdesc.cli;

import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;

/** Why a nested translation failed, in words: which stage, where, and for which guest physical address. */
final class NestedReasons {
    private NestedReasons() {}

    /**
     * Which stage's rule denied a checked translation, and its text; for stage 2 also the guest
     * physical address it was checking; with {@code detail}, the rule's index, level and entry.
     */
    static String denial(TreeInfo guest, TreeInfo host, NestedTranslation t, boolean detail) {
        Translation d = t.failing();
        TreeInfo info = t.stage() == NestedTranslation.Stage.GUEST ? guest : host;
        String rule = detail ? " (rule " + d.rule() + ", " + info.levels().get(d.level()).name() + " (level " + d.level()
                + "), entry " + HexConverter.hex(d.entry()) + ")" : "";
        if (t.stage() == NestedTranslation.Stage.GUEST) {
            return "guest: " + d.message() + rule;
        }
        return "stage 2: " + d.message() + rule + " translating guest physical " + HexConverter.hex(t.failedGpa())
                + (t.guestLevel() >= 0 ? ", a read of an entry of the guest's " + guest.levels().get(t.guestLevel()).name()
                        + " table (level " + t.guestLevel() + ")" : ", the guest's page");
    }

    static String reason(TreeInfo guest, TreeInfo host, NestedTranslation t) {
        return switch (t.stage()) {
            case NONE -> "mapped";
            case GUEST -> "guest: " + TranslateCommand.reason(guest, t.guest())
                    + (t.failedGpa() == -1L ? "" : ", guest physical " + HexConverter.hex(t.failedGpa()));
            case HOST -> "stage 2: " + TranslateCommand.reason(host, t.host()) + " translating guest physical "
                    + HexConverter.hex(t.failedGpa()) + (t.guestLevel() >= 0
                            ? ", an entry of the guest's " + guest.levels().get(t.guestLevel()).name() + " table (level "
                                    + t.guestLevel() + ")"
                            : ", the guest's page");
        };
    }
}
