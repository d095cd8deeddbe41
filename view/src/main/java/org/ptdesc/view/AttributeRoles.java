package org.ptdesc.view;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeInfo.AttributeInfo;

/**
 * What the descriptor's boolean attributes mean for a reader, guessed from their names: which
 * say a mapping is writable, executable, user-accessible or global, directly ({@code writable},
 * {@code user}, {@code global}, {@code executable}) or inverted ({@code read_only}, {@code nx},
 * {@code xd}, {@code pxn}/{@code uxn}, {@code not_global}). An attribute whose name says none of
 * these has no role; a role no attribute plays is unknown, and the picture then neither colours
 * by it nor warns about it. Executable means executable at some privilege (any inverted
 * execute-never attribute clear, or any direct one set).
 */
public final class AttributeRoles {

    /** A role a boolean attribute can play. */
    public enum Role {
        WRITABLE, EXECUTABLE, USER, GLOBAL
    }

    /** An attribute that plays {@code role}, inverted or not. */
    public record Player(AttributeInfo attribute, Role role, boolean inverted) {}

    private static final Map<String, Player> NAMES = Map.ofEntries(
            direct("writable", Role.WRITABLE), direct("write", Role.WRITABLE), direct("rw", Role.WRITABLE),
            direct("w", Role.WRITABLE), inverted("read_only", Role.WRITABLE), inverted("readonly", Role.WRITABLE),
            inverted("ro", Role.WRITABLE),
            direct("executable", Role.EXECUTABLE), direct("exec", Role.EXECUTABLE), direct("x", Role.EXECUTABLE),
            direct("execute", Role.EXECUTABLE), inverted("nx", Role.EXECUTABLE), inverted("xd", Role.EXECUTABLE),
            inverted("xn", Role.EXECUTABLE), inverted("pxn", Role.EXECUTABLE), inverted("uxn", Role.EXECUTABLE),
            inverted("no_execute", Role.EXECUTABLE),
            direct("user", Role.USER), direct("us", Role.USER), direct("u", Role.USER),
            direct("el0_access", Role.USER), direct("el0", Role.USER), inverted("supervisor", Role.USER),
            direct("global", Role.GLOBAL), direct("g", Role.GLOBAL), inverted("not_global", Role.GLOBAL),
            inverted("ng", Role.GLOBAL));

    private final List<Player> players;

    private AttributeRoles(List<Player> players) {
        this.players = List.copyOf(players);
    }

    /** The roles of {@code info}'s boolean attributes. */
    public static AttributeRoles of(TreeInfo info) {
        return new AttributeRoles(info.attributes().stream().filter(AttributeInfo::bool)
                .filter(a -> NAMES.containsKey(a.name().toLowerCase(Locale.ROOT)))
                .map(a -> {
                    Player p = NAMES.get(a.name().toLowerCase(Locale.ROOT));
                    return new Player(a, p.role(), p.inverted());
                }).toList());
    }

    /** The attributes that play a role, in declaration order. */
    public List<Player> players() {
        return players;
    }

    /** Whether some attribute plays {@code role}. */
    public boolean known(Role role) {
        return players.stream().anyMatch(p -> p.role() == role);
    }

    /**
     * Whether a mapping with {@code packed} attributes has {@code role}: for several inverted
     * players (pxn, uxn), true when any of them is clear; false when the role is unknown.
     */
    public boolean has(Role role, long packed) {
        for (Player p : players) {
            if (p.role() != role) {
                continue;
            }
            boolean set = p.attribute().valueIn(packed) != 0;
            if (set != p.inverted()) {
                return true;
            }
        }
        return false;
    }

    private static Map.Entry<String, Player> direct(String name, Role role) {
        return Map.entry(name, new Player(null, role, false));
    }

    private static Map.Entry<String, Player> inverted(String name, Role role) {
        return Map.entry(name, new Player(null, role, true));
    }
}
