import java.nio.file.*

def log = new File(basedir, 'build.log').text

// The unknown tree: located at the descriptor, naming the pair and the trees the file has.
assert log =~ /\[ERROR\] \S*intel_ept\.ptdesc: error: this descriptor has no tree 'ept', the stage 2 tree of <pairs> pair 1 \(x86_64\.ptdesc#x86_64 over intel_ept\.ptdesc#ept\); its trees: intel_ept\n/
// The file that is no descriptor of the build.
assert log =~ /\[ERROR\] ptdesc: error: <pairs> pair 2 \(x86_64\.ptdesc#x86_64 over amd_npt\.ptdesc#amd_npt\) names amd_npt\.ptdesc, which is not a descriptor selected in \S+ \(selected: intel_ept\.ptdesc, x86_64\.ptdesc\)/
assert log.contains('ptdesc: 2 errors in the configuration')
assert log.contains('BUILD FAILURE')

// The descriptors themselves compiled; no pair class and no listing were written.
def classes = basedir.toPath().resolve('target/classes')
assert Files.isRegularFile(classes.resolve('org/ptdesc/walkers/X86_64Walker.class'))
assert !Files.exists(classes.resolve('META-INF/ptdesc/nested-walkers'))
Files.walk(classes).withCloseable { files ->
    assert files.noneMatch { it.toString().endsWith('NestedWalker.class') }
}
return true
