package org.ptdesc.compiler.codegen;

/**
 * The internal names and descriptors of the nested part of the runtime contract
 * ({@link org.ptdesc.runtime.NestedWalker} and its results) as generated pair classes refer to
 * them, beside {@link RuntimeTypes} for single trees.
 */
final class NestedTypes {

    static final String NESTED_WALKER = "org/ptdesc/runtime/NestedWalker";
    static final String NESTED_WALKERS = "org/ptdesc/runtime/NestedWalkers";
    static final String NESTED_TRANSLATION = "org/ptdesc/runtime/NestedTranslation";
    static final String NESTED_VISITOR = "org/ptdesc/runtime/NestedVisitor";

    static final String NESTED_WALKER_D = "L" + NESTED_WALKER + ";";
    static final String NESTED_TRANSLATION_D = "L" + NESTED_TRANSLATION + ";";
    static final String NESTED_VISITOR_D = "L" + NESTED_VISITOR + ";";
    static final String TREE_WALKER_D = "L" + RuntimeTypes.TREE_WALKER + ";";

    static final String TRANSLATE_N = "(" + RuntimeTypes.MEMORY_D + "[J[JJ)J";
    static final String TRANSLATE_1 = "(" + RuntimeTypes.MEMORY_D + "JJJ)J";
    static final String DETAILED_N = "(" + RuntimeTypes.MEMORY_D + "[J[JJ)" + NESTED_TRANSLATION_D;
    static final String WALK_N = "(" + RuntimeTypes.MEMORY_D + "[J[JJJ" + NESTED_VISITOR_D + ")V";
    static final String INFO = "()" + RuntimeTypes.TREE_INFO_D;
    static final String TRANSLATE_N_ACCESS = "(" + RuntimeTypes.MEMORY_D + "[J[JJIJJ)J";
    static final String TRANSLATE_1_ACCESS = "(" + RuntimeTypes.MEMORY_D + "JJJIJJ)J";
    static final String DETAILED_N_ACCESS = "(" + RuntimeTypes.MEMORY_D + "[J[JJIJJ)" + NESTED_TRANSLATION_D;
    static final String ACCESS = "org/ptdesc/runtime/Access";

    static final String MAPPED = "(J" + RuntimeTypes.TRANSLATION_D + RuntimeTypes.TRANSLATION_D + ")" + NESTED_TRANSLATION_D;
    static final String GUEST_FAILED = "(J" + RuntimeTypes.TRANSLATION_D + "J)" + NESTED_TRANSLATION_D;
    static final String HOST_FAILED =
            "(JIJ" + RuntimeTypes.TRANSLATION_D + RuntimeTypes.TRANSLATION_D + ")" + NESTED_TRANSLATION_D;
    static final String TRANSLATION_FAILED =
            "(JIJ" + RuntimeTypes.FAILURE_D + "Ljava/lang/String;)" + RuntimeTypes.TRANSLATION_D;

    /** The root-count helpers of a pair class, one per tree. */
    static final String GUEST_ROOT_COUNT_ERROR = "guestRootCountError";
    static final String HOST_ROOT_COUNT_ERROR = "hostRootCountError";

    private NestedTypes() {}
}
