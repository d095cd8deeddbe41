package org.ptdesc.view;

/**
 * What one page shows: a walk, optionally a second walk of the same tree to compare with (other
 * roots or another image), the descriptor's rules for the details, and labels for people.
 *
 * @param walk the walk drawn
 * @param label what {@code walk} is, e.g. the image and roots
 * @param compared the second walk, or null
 * @param comparedLabel what {@code compared} is, or null
 */
public record Picture(String title, CapturedWalk walk, String label, CapturedWalk compared, String comparedLabel,
        RuleBook rules) {

    /** A picture of one walk. */
    public static Picture of(String title, CapturedWalk walk, String label, RuleBook rules) {
        return new Picture(title, walk, label, null, null, rules);
    }

    /** This picture, comparing its walk with {@code other}. */
    public Picture comparedWith(CapturedWalk other, String otherLabel) {
        return new Picture(title, walk, label, other, otherLabel, rules);
    }
}
