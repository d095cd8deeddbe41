package org.ptdesc.cli;

import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.TreeInfo;

/** Why a nested translation failed, in words: which stage, where, and for which guest physical address. */
final class NestedReasons {
    private NestedReasons() {}

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
