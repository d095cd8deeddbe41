package org.ptdesc.compiler.source;

/**
 * The catalog of every diagnostic the front end can report: a stable code (for tools and for
 * documentation), a severity and a {@link String#format} message template. One catalog, so that
 * the language reference can list every check and no stage invents messages of its own.
 */
public enum DiagnosticCode {
    // Files and includes (P1xx)
    IO_ERROR("P100", Severity.ERROR, "cannot read %s: %s"),
    INCLUDE_MISSING("P101", Severity.ERROR, "included file %s does not exist"),
    INCLUDE_CYCLE("P102", Severity.ERROR, "include cycle: %s"),
    TOO_MANY_ERRORS("P103", Severity.NOTE, "too many errors (%s); the rest are not shown"),
    NOT_A_REGULAR_FILE("P104", Severity.ERROR, "%s is %s: only regular files are read"),
    FILE_TOO_LARGE("P105", Severity.ERROR, "%s is larger than %s, the limit for a descriptor file"),
    INCLUDE_OUTSIDE_ROOTS("P106", Severity.ERROR, "include '%s' is outside the include roots: %s"),
    NOT_A_DESCRIPTOR("P107", Severity.ERROR, "included file %s is not a descriptor (%s); its content is not shown"),

    // Lexical and syntax errors (P11x)
    SYNTAX_ERROR("P110", Severity.ERROR, "%s"),
    UNEXPECTED_CHARACTER("P111", Severity.ERROR, "unexpected character %s"),
    UNTERMINATED_COMMENT("P112", Severity.ERROR, "unterminated comment: '/*' without '*/'"),
    UNTERMINATED_STRING("P113", Severity.ERROR, "unterminated string: a string must end with '\"' on its line"),
    NESTING_TOO_DEEP("P114", Severity.ERROR, "brackets nested more than %s deep"),
    EXPRESSION_TOO_LONG("P115", Severity.ERROR, "more than %s operators in one declaration"),
    INTEGER_TOO_LARGE("P116", Severity.ERROR, "integer literal %s does not fit in 64 bits"),

    // Names (P2xx)
    UNKNOWN_NAME("P200", Severity.ERROR, "unknown name '%s'"),
    UNKNOWN_FORMAT("P201", Severity.ERROR, "unknown format '%s'"),
    UNKNOWN_ATTRIBUTE("P202", Severity.ERROR, "unknown attribute '%s'%s"),
    UNKNOWN_PARAMETER_OVERRIDE("P203", Severity.ERROR, "parameter override '%s' names no parameter of this file"),
    DUPLICATE_NAME("P204", Severity.ERROR, "duplicate %s '%s' (already declared at %s)"),
    DUPLICATE_DECLARATION("P205", Severity.ERROR, "duplicate '%s' declaration in tree '%s' (the first is at line %s)"),
    DUPLICATE_ASSIGNMENT("P206", Severity.ERROR, "attribute '%s' is assigned twice in one 'with'"),
    REGISTER_OUTSIDE_ROOT("P207", Severity.ERROR, "root register '%s' can only be used in its own root's expression"),
    NOT_ALLOWED_HERE("P208", Severity.ERROR, "%s cannot be used in %s"),
    PARAMETER_WITHOUT_VALUE("P209", Severity.ERROR, "parameter '%s' has no value: give it one with '=' or override it"),
    PARAMETER_BEFORE_DECLARATION("P210", Severity.ERROR, "parameter '%s' is used before its declaration"),
    UNKNOWN_PARAMETER_OVERRIDE_IN_RUN("P211", Severity.ERROR, "parameter override '%s' names no parameter of any of the %s files"),
    WALKER_CLASS_CLASH("P212", Severity.ERROR,
            "tree '%s' (line %s) compiles to %s, which is the class file of tree '%s' of %s (%s) where case is ignored; rename one of the trees"),

    // Types and constants (P3xx)
    TYPE_MISMATCH("P300", Severity.ERROR, "%s must be %s, not %s"),
    NOT_CONSTANT("P301", Severity.ERROR, "%s must be constant (literals and parameters), but %s is not"),
    SLICE_OUT_OF_RANGE("P302", Severity.ERROR, "bit %s is outside %s"),
    SLICE_REVERSED("P303", Severity.ERROR, "reversed slice [%s:%s]: the high bit comes first"),
    SHIFT_AMOUNT("P304", Severity.ERROR, "shift amount %s is outside 0..63"),
    FLAG_NOT_ONE_BIT("P305", Severity.ERROR, "flag '%s' must be a single bit, like [7]; use 'field' for several bits"),
    ATTRIBUTE_TYPE("P306", Severity.ERROR, "attribute '%s' is %s but the value is %s"),
    FIELD_TOO_WIDE("P307", Severity.ERROR, "field '%s' is %s bits wide; a value has at most 64"),
    PARAMETER_OUT_OF_RANGE("P310", Severity.ERROR, "parameter '%s' is %s%s, outside its range %s .. %s"),
    PARAMETER_RANGE_REVERSED("P311", Severity.ERROR, "parameter '%s' has a reversed range %s .. %s: the low bound comes first"),
    OPERAND_TYPES("P308", Severity.ERROR, "%s must have the same type, not %s and %s"),

    // Tree layout (P4xx)
    MISSING_DECLARATION("P400", Severity.ERROR, "tree '%s' has no %s"),
    ADDRESS_WIDTH("P401", Severity.ERROR, "address width must be 1..64 bits, not %s"),
    ENTRY_WIDTH("P402", Severity.ERROR, "entry width must be 32 or 64 bits, not %s"),
    OFFSET_WIDTH("P403", Severity.ERROR, "page offset width must be 0..63 bits, not %s"),
    LEVEL_WIDTH("P404", Severity.ERROR, "level '%s' must index 1..24 bits, not %s"),
    LEVEL_BITS_MISMATCH("P405", Severity.ERROR, "level bits plus offset make %s, but the address has %s bits (%s)"),
    ATTRIBUTE_WIDTH("P406", Severity.ERROR, "attribute '%s' must be 1..64 bits wide, not %s"),
    ATTRIBUTE_WORD_FULL("P407", Severity.ERROR, "attribute '%s' does not fit in the 64-bit attribute word (it would end at bit %s)"),
    RANGE_REVERSED("P408", Severity.ERROR, "reversed range %s .. %s: the first address is above the last"),
    RANGE_OUTSIDE_ADDRESS_SPACE("P409", Severity.ERROR, "range %s .. %s is outside the %s"),
    ROOT_RANGE_MISSING("P410", Severity.ERROR, "root '%s' needs 'for FIRST .. LAST': the tree has %s roots"),
    ROOT_RANGES_OVERLAP("P411", Severity.ERROR, "root '%s' covers %s .. %s, which overlaps root '%s'"),
    RANGE_WITHOUT_ROOT("P412", Severity.WARNING, "no root translates addresses %s .. %s: they are always out of range"),
    TAG_HIGH_BIT("P413", Severity.ERROR, "a tag is the top of the address: its high bit must be 63, not %s"),
    TAG_LOW_BIT("P414", Severity.ERROR, "the tag's low bit must be %s, not %s"),
    NO_TREE("P415", Severity.WARNING, "the file declares no tree: there is nothing to walk (as a file to include it is fine)"),

    // Levels and rules (P5xx)
    LEVEL_UNPRODUCTIVE("P500", Severity.ERROR, "level '%s' has no 'leaf' or 'table' rule: no address can be translated through it"),
    LAST_LEVEL_TABLE("P501", Severity.ERROR, "'table' rule in the last level '%s': there is no level below it"),
    RULE_UNREACHABLE("P502", Severity.ERROR, "this rule can never match: %s"),
    LEAF_UNALIGNED("P503", Severity.ERROR, "leaf address may not be aligned to the level's %s span: its %s may be set"),
    TABLE_UNALIGNED("P504", Severity.WARNING, "table address may not be aligned to the %s-byte entry size: its %s may be set"),
    RULE_UNREACHABLE_WITH_PARAMETERS("P505", Severity.WARNING, "with these parameter values this rule can never match: %s"),

    // Access checks: modes and permission rules (P6xx)
    UNKNOWN_ACCESS_PROPERTY("P600", Severity.ERROR, "unknown access property '%s': expected access.read, access.write, access.execute or access.user"),
    MODE_WIDTH("P601", Severity.ERROR, "mode '%s' must be 1..64 bits wide, not %s"),
    MODE_WORD_FULL("P602", Severity.ERROR, "mode '%s' does not fit in the 64-bit mode word (it would end at bit %s)"),
    MODE_DEFAULT("P603", Severity.ERROR, "default %s of mode '%s' does not fit in its %s"),
    MODE_UNUSED("P604", Severity.WARNING, "mode '%s' never matters: no permission rule reads it"),
    PERMISSION_NEVER_DENIES("P605", Severity.ERROR, "this permission rule can never deny: its condition is false for every access (read, write, execute, by privileged or user code)"),
    PERMISSION_SHADOWED("P606", Severity.WARNING, "this permission rule is shadowed by the rule at line %s: whenever its condition holds, that rule's does too and denies first"),

    // Combined attributes of nested pairs (P8xx)
    UNKNOWN_GUEST_ATTRIBUTE("P800", Severity.ERROR, "unknown guest attribute '%s': declare it in this tree with 'guest attribute %s;'"),
    COMBINED_WIDTH("P801", Severity.ERROR, "%s '%s' must be 1..64 bits wide, not %s"),
    COMBINED_WORD_FULL("P802", Severity.ERROR, "%s '%s' does not fit in its 64-bit word (it would end at bit %s)"),
    GUEST_ATTRIBUTE_MISSING("P803", Severity.WARNING, "guest tree '%s' has no attribute '%s', which the combined attributes of stage 2 tree '%s' read (%s): this pair has no combined attributes"),
    GUEST_ATTRIBUTE_TYPE("P804", Severity.ERROR, "guest tree '%s' has attribute '%s' %s, but stage 2 tree '%s' declares it %s"),

    // Limits of the generated code (P9xx)
    TOO_MANY_RULES("P900", Severity.ERROR, "level '%s' has %s rules; at most %s fit the generated code"),
    CLASS_FILE_LIMIT("P901", Severity.ERROR, "tree '%s' does not fit in a JVM class file: %s"),

    // Encodings, for building trees (P7xx)
    SETS_NOT_A_FIELD("P700", Severity.ERROR, "'%s' is not an entry field: 'sets' names fields and flags"),
    SETS_DECIDED("P701", Severity.ERROR, "'sets %s' is ambiguous: entry bits 0x%x are already decided by %s"),
    SETS_TOO_WIDE("P702", Severity.ERROR, "'sets %s = 0x%x': the value does not fit the field"),
    ENCODING_NOT_ROUND_TRIP("P703", Severity.ERROR, "the entry this %s rule encodes does not decode back to itself: %s"),
    ENCODING_UNDERIVABLE("P704", Severity.WARNING, "cannot derive an encoding for this %s rule: %s; a mapper will not write it"),
    TREE_NOT_BUILDABLE("P705", Severity.WARNING, "tree '%s' cannot be built: %s");

    private final String code;
    private final Severity severity;
    private final String template;

    DiagnosticCode(String code, Severity severity, String template) {
        this.code = code;
        this.severity = severity;
        this.template = template;
    }

    /** The stable code, for example {@code P300}. */
    public String code() {
        return code;
    }

    /** The severity of every diagnostic of this kind. */
    public Severity severity() {
        return severity;
    }

    /** The message template ({@link String#format} syntax). */
    public String template() {
        return template;
    }

    /** The message for the given arguments. */
    public String format(Object... args) {
        return String.format(java.util.Locale.ROOT, template, args);
    }
}
