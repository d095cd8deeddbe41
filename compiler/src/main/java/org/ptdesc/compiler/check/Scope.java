package org.ptdesc.compiler.check;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The names visible in an expression: global parameters, then a tree's parameters, fields and
 * registers, then a level's fields. A name may be declared once along the whole chain, so an
 * inner declaration can never silently hide an outer one.
 */
final class Scope {

    private final Scope parent;
    private final Map<String, Symbol> symbols = new LinkedHashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    /** The symbol named {@code name} here or in an enclosing scope. */
    Optional<Symbol> lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Symbol found = s.symbols.get(name);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** Declares {@code name}; returns the earlier symbol instead when the name is taken. */
    Optional<Symbol> declare(String name, Symbol symbol) {
        Optional<Symbol> earlier = lookup(name);
        if (earlier.isEmpty()) {
            symbols.put(name, symbol);
        }
        return earlier;
    }
}
